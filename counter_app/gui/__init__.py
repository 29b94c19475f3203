"""Qt widgets of the counter: windows, forms, table models, the background worker. Calls services only."""

from counter_app.gui import pyside_compat

pyside_compat.apply()
