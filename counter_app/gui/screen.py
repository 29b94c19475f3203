"""Windows that fit the screen they open on (issue 10): 1024×768, 1280×720, 1366×768 and 1920×1080 at 150 %.

`fit_to_screen(window, width, height)` gives a window the size it would like, but never more than the screen's
available area (the taskbar excluded), and moves it inside that area: a dialog's buttons are never off-screen.
`PageScroll` holds a page of the counter window: on a screen smaller than the page at its smallest (1366×768 at
125 % or 150 %) the window still fits the screen and the page scrolls, the field with the keyboard kept in view.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QEvent, QRect, QSize, Qt, QTimer
from PySide6.QtGui import QGuiApplication, QKeyEvent, QResizeEvent
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QFrame,
    QListView,
    QScrollArea,
    QVBoxLayout,
    QWidget,
    QWizard,
)

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


class SmallestAtWidth(QWidget):
    """A widget whose wrapped lines count in its smallest height, never as its preferred one.

    A wrapped label makes its whole layout "height-for-width", and a layout (or a scroll area) never gives such a
    widget less than its preferred height at the width shown: on a short screen the window grows past the screen's
    edge, or its scroll area scrolls through the preferred heights of every list and table, long before anything is
    at its smallest. This widget says it is not height-for-width; what its wrapped lines need at its width is its
    minimum height instead (the layout's minimumHeightForWidth), told to the layouts above it again whenever its
    width or its content changes."""

    _smallest_height = -1  # what minimumSizeHint last told the layouts (a class default: Qt may ask before __init__)

    def hasHeightForWidth(self) -> bool:
        return False

    def _smallest_at(self, width: int) -> int | None:
        """What the wrapped lines need at `width`, or Qt's smallest height if more; None without wrapped lines."""
        layout = self.layout()
        if layout is None or not layout.hasHeightForWidth():
            return None
        return max(super().minimumSizeHint().height(), layout.minimumHeightForWidth(width))

    def minimumSizeHint(self) -> QSize:
        """The smallest size at this width: every wrapped line whole. Qt's own hint counts one line a label; below
        this height the layout would cut the lines and draw widgets over each other, and a scroll area holding
        this widget would not scroll to them."""
        hint = super().minimumSizeHint()
        smallest = self._smallest_at(max(self.width(), hint.width())) if self.width() > 0 else None
        if smallest is not None:
            hint.setHeight(smallest)
        return hint

    def heightForWidth(self, width: int) -> int:
        """A scroll area asks the layout, not the widget, whether it is height-for-width, then the widget for its
        height at the viewport's width: the smallest one, so that it scrolls no further than the content needs."""
        smallest = self._smallest_at(width)
        return super().heightForWidth(width) if smallest is None else smallest

    def _tell_layouts(self) -> None:
        height = self.minimumSizeHint().height()
        if height != self._smallest_height:
            self._smallest_height = height
            self.updateGeometry()

    def wrapped_lines_changed(self) -> None:
        """A message shown or hidden, another text in a wrapped label: once the labels have laid out their lines."""
        QTimer.singleShot(0, self, self._tell_layouts)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if event.size().width() != event.oldSize().width():
            self._tell_layouts()  # the smallest height depends on the width (wrapped lines)

    def event(self, event: QEvent) -> bool:
        handled = super().event(event)
        if event.type() == QEvent.Type.LayoutRequest:  # a label's text changed, a widget shown or hidden
            self._tell_layouts()
        return handled


class _Holder(QWidget):
    """Holds a page without a layout of its own, so that the scroll area sizes it by its minimum size alone. (Given
    the page itself, a scroll area asks a page with a wrapped label for its preferred height at the width shown,
    and scrolls long before the page is at its smallest.)"""

    def __init__(self, page: QWidget, scroll: QScrollArea):
        super().__init__()
        self.page = page
        self._scroll = scroll
        page.setParent(self)

    def minimumSizeHint(self) -> QSize:
        hint = self.page.minimumSizeHint().expandedTo(self.page.minimumSize())
        if self.page.hasHeightForWidth():  # its layout gives height-for-width items that height: never squeeze them
            width = max(hint.width(), self._scroll.viewport().width())
            hint.setHeight(max(hint.height(), self.page.heightForWidth(width)))
        return hint

    def sizeHint(self) -> QSize:
        return self.page.sizeHint()

    def resizeEvent(self, event: QResizeEvent) -> None:
        self.page.setGeometry(self.rect())

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.LayoutRequest:  # the page's smallest size changed (a message under a field)
            QApplication.postEvent(self._scroll, QEvent(QEvent.Type.LayoutRequest))
        return super().event(event)


class PageScroll(QScrollArea):
    """A page of the counter window that scrolls only when the screen is smaller than the page at its smallest.

    Where the page fits (1024×768, 1280×720 and up at 100 %; 1920×1080 at 150 %), no scroll bar shows and nothing
    changes. On a smaller one the window still fits the screen (it is never wider than the screen, its buttons never
    off it) and the field that takes the keyboard is scrolled into view, whatever moved it there (Tab, a shortcut,
    a label's Alt key; not a click, which must not move the page under the pointer). The page keeps its own keys:
    arrows and Page Up/Down typed in a field are never taken for scrolling. Focus given to the scroll area goes to
    the page."""

    def __init__(self, page: QWidget, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName(f"{page.objectName() or type(page).__name__}Scroll")
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # not a Tab stop of its own
        self.page = page
        self.setWidget(_Holder(page, self))
        self.setFocusProxy(page)
        app = QApplication.instance()
        if isinstance(app, QApplication):
            app.focusChanged.connect(self._follow_focus)

    def scrolls(self) -> bool:
        return self.horizontalScrollBar().maximum() > 0 or self.verticalScrollBar().maximum() > 0

    def _follow_focus(self, _old: QWidget | None, new: QWidget | None) -> None:
        if QApplication.mouseButtons() != Qt.MouseButton.NoButton:
            return  # a click: the page must not move under the pointer (what was clicked is in view already)
        if new is not None and self.page.isAncestorOf(new) and self.scrolls():
            self.ensureWidgetVisible(new, 12, 12)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        QWidget.keyPressEvent(self, event)  # not QAbstractScrollArea's: an arrow a field left alone is not a scroll


def wrap_items(view: QListView) -> None:
    """A list whose items (a paper's name, a file's) wrap onto as many lines as they need, anywhere if a name has
    no spaces: never cut at the right edge behind a sideways scroll bar."""
    view.setWordWrap(True)
    view.setResizeMode(QListView.ResizeMode.Adjust)
    view.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)


def make_scrollable(dialog: QWidget, below: Sequence[QWidget] = ()) -> QScrollArea | None:
    """Put the dialog's content in a scroll area (its button box stays below, always in view): for a screen smaller
    than what the content needs at its smallest. `below`: widgets of the content kept out of the scroll area,
    between it and the buttons, always in view too (the dossier window's steps)."""
    layout = dialog.layout()
    if layout is None or dialog.property("scrollWrapped") or isinstance(dialog, QWizard):
        return None  # a wizard lays out its pages itself: they hold their own scroll areas
    buttons = None
    last = layout.itemAt(layout.count() - 1) if layout.count() else None
    if last is not None and isinstance(last.widget(), QDialogButtonBox):
        buttons = last.widget()
        layout.removeWidget(buttons)
    for widget in below:
        layout.removeWidget(widget)
    inner = layout.contentsMargins()
    content = SmallestAtWidth()  # scrolls only as far as the content at its smallest, not at its preferred height
    content.setLayout(layout)  # the layout and every widget in it move to the content
    scroll = QScrollArea(dialog)
    scroll.setWidgetResizable(True)
    scroll.setFrameShape(QFrame.Shape.NoFrame)
    scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # not a Tab stop of its own (Tab scrolls to the field it reaches)
    scroll.setWidget(content)
    outer = QVBoxLayout(dialog)
    outer.setContentsMargins(0, 0, 0, 0)
    outer.addWidget(scroll, 1)
    if below:
        footer = SmallestAtWidth(dialog)  # its wrapped rows (a row of buttons that wraps) whole at its width
        rows = QVBoxLayout(footer)
        rows.setContentsMargins(inner.left(), 0, inner.right(), 0)
        for widget in below:
            rows.addWidget(widget)
        outer.addWidget(footer)
    if buttons is not None:  # the buttons keep the dialog's own margins: never against its edge
        buttons.setContentsMargins(inner.left(), 0, inner.right(), inner.bottom())
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
