"""Windows that fit the screen they open on (issue 10): 1024×768, 1280×720, 1366×768 and 1920×1080 at 150 %.

`fit_to_screen(window, width, height)` gives a window the size it would like, but never more than the screen's
available area (the taskbar excluded), and moves it inside that area: a dialog's buttons are never off-screen.
"""

from __future__ import annotations

from PySide6.QtCore import QRect
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFrame, QScrollArea, QVBoxLayout, QWidget

# Room kept for the window manager's frame (title bar, borders).
FRAME_W = 16
FRAME_H = 48


def available(widget: QWidget | None = None) -> QRect:
    screen = None
    if widget is not None:
        parent = widget.parentWidget()
        screen = (parent.window() if parent is not None else widget).screen()
    screen = screen or QGuiApplication.primaryScreen()
    return screen.availableGeometry()


def make_scrollable(dialog: QWidget) -> QScrollArea | None:
    """Put the dialog's content in a scroll area (its button box stays below, always in view): for a screen smaller
    than what the content needs at its smallest."""
    layout = dialog.layout()
    if layout is None or dialog.property("scrollWrapped"):
        return None
    buttons = None
    last = layout.itemAt(layout.count() - 1) if layout.count() else None
    if last is not None and isinstance(last.widget(), QDialogButtonBox):
        buttons = last.widget()
        layout.removeWidget(buttons)
    content = QWidget()
    content.setLayout(layout)  # the layout and every widget in it move to the content
    scroll = QScrollArea(dialog)
    scroll.setWidgetResizable(True)
    scroll.setFrameShape(QFrame.Shape.NoFrame)
    scroll.setWidget(content)
    outer = QVBoxLayout(dialog)
    outer.setContentsMargins(0, 0, 0, 0)
    outer.addWidget(scroll)
    if buttons is not None:
        outer.addWidget(buttons)
    dialog.setProperty("scrollWrapped", True)
    return scroll


def fit_to_screen(window: QWidget, width: int, height: int) -> None:
    area = available(window)
    hint = window.minimumSizeHint()
    if isinstance(window, QDialog) and (
        hint.width() > area.width() - FRAME_W or hint.height() > area.height() - FRAME_H
    ):
        make_scrollable(window)
    w = max(1, min(width, area.width() - FRAME_W))
    h = max(1, min(height, area.height() - FRAME_H))
    w = min(max(w, min(window.minimumWidth(), area.width() - FRAME_W)), area.width() - FRAME_W)
    window.resize(w, h)
    hint = window.minimumSizeHint()  # the layout will not go below it once shown
    w, h = max(window.width(), hint.width()), max(window.height(), hint.height())
    frame = window.frameGeometry()
    x = min(max(frame.x(), area.x()), area.right() - w - FRAME_W + 1)
    y = min(max(frame.y(), area.y()), area.bottom() - h - FRAME_H + 1)
    parent = window.parentWidget()
    if parent is not None and not window.isVisible():  # centred on its parent, but inside the screen
        centre = parent.window().frameGeometry().center()
        x = min(max(centre.x() - w // 2, area.x()), area.right() - w - FRAME_W + 1)
        y = min(max(centre.y() - h // 2, area.y()), area.bottom() - h - FRAME_H + 1)
    window.move(x, y)
