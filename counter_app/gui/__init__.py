"""Qt widgets of the counter: windows, forms, table models, the background worker. Calls services only."""

from counter_app.gui import pyside_compat

pyside_compat.apply()
pyside_compat.keep_sources_out_of_linecache()
