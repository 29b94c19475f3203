"""Look of the counter window: a Vietnamese-capable font and a small style sheet keyed on dynamic properties."""

from __future__ import annotations

from PySide6.QtGui import QFont
from PySide6.QtWidgets import QWidget

# Families that carry every Vietnamese letter, in order of preference: Windows ships Segoe UI; Debian desktops
# Noto Sans or DejaVu Sans (fonts-dejavu-core is what CI installs). Qt falls back glyph by glyph along the list.
UI_FONT_FAMILIES = ["Segoe UI", "Noto Sans", "DejaVu Sans", "Liberation Sans", "Arial"]
UI_FONT_POINT_SIZE = 10

ERROR_RED = "#b3261e"
OK_GREEN = "#1e6b2e"
ACCENT = "#0b3d91"

STYLE_SHEET = f"""
QLabel[role="fieldError"] {{ color: {ERROR_RED}; }}
QLabel[role="hint"] {{ color: #5a5f66; }}
QLabel[role="infoValue"] {{ font-weight: 600; }}
QLabel[role="due"] {{ color: {ACCENT}; font-size: 13pt; font-weight: bold; }}
QLabel[state="error"] {{ color: {ERROR_RED}; font-weight: 600; }}
QLabel[state="ok"] {{ color: {OK_GREEN}; font-weight: 600; }}
QLabel[state="warning"] {{ color: #8a5a00; font-weight: 600; }}
QGroupBox::title {{ color: {ACCENT}; }}
QLineEdit[invalid="true"], QComboBox[invalid="true"], QSpinBox[invalid="true"], QTableWidget[invalid="true"] {{
    border: 1px solid {ERROR_RED};
    background: #fff4f3;
}}
QPushButton[role="primary"] {{ font-weight: bold; padding: 3px 14px; }}
QTableView {{ gridline-color: #d4d7dc; }}
"""


def ui_font() -> QFont:
    font = QFont()
    font.setFamilies(UI_FONT_FAMILIES)
    font.setPointSize(UI_FONT_POINT_SIZE)
    return font


def set_state(widget: QWidget, name: str, value: object) -> None:
    """Change a dynamic property the style sheet selects on, and re-apply the style."""
    if widget.property(name) == value:
        return
    widget.setProperty(name, value)
    widget.style().unpolish(widget)
    widget.style().polish(widget)
    widget.update()
