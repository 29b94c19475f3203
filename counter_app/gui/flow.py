"""A row of buttons that wraps onto the next line when the window is narrower than the row (Qt's Flow Layout
example, in Python): the dossier window's steps, 8 to 12 buttons, never push the window wider than the screen
or off its right edge."""

from __future__ import annotations

from PySide6.QtCore import QMargins, QPoint, QRect, QSize, Qt
from PySide6.QtWidgets import QLayout, QLayoutItem, QWidget

SPACING = 6  # between buttons, across and down


def _takes_room(item: QLayoutItem) -> bool:
    """Shown, or about to be: a widget just added is hidden until the event loop shows it (QLayout does so), and
    only a widget hidden on purpose takes no room in the row."""
    widget = item.widget()
    return not item.isEmpty() or (
        widget is not None and not widget.testAttribute(Qt.WidgetAttribute.WA_WState_ExplicitShowHide)
    )


class FlowLayout(QLayout):
    """Items left to right at their preferred size, a new line when the next one does not fit."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setContentsMargins(QMargins(0, 0, 0, 0))
        self._items: list[QLayoutItem] = []

    def addItem(self, item: QLayoutItem) -> None:
        self._items.append(item)

    def count(self) -> int:
        return len(self._items)

    def itemAt(self, index: int) -> QLayoutItem | None:
        return self._items[index] if 0 <= index < len(self._items) else None

    def takeAt(self, index: int) -> QLayoutItem | None:
        return self._items.pop(index) if 0 <= index < len(self._items) else None

    def expandingDirections(self) -> Qt.Orientation:
        return Qt.Orientation(0)

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        return self._place(QRect(0, 0, width, 0), move=False)

    def setGeometry(self, rect: QRect) -> None:
        super().setGeometry(rect)
        self._place(rect, move=True)

    def sizeHint(self) -> QSize:
        """All on one line."""
        shown = [i for i in self._items if _takes_room(i)]
        width = sum(i.sizeHint().width() for i in shown) + SPACING * max(0, len(shown) - 1)
        height = max((i.sizeHint().height() for i in shown), default=0)
        margins = self.contentsMargins()
        return QSize(width + margins.left() + margins.right(), height + margins.top() + margins.bottom())

    def minimumSize(self) -> QSize:
        """The widest item: below that a button would be cut."""
        size = QSize()
        for item in self._items:
            if _takes_room(item):
                size = size.expandedTo(item.minimumSize())
        margins = self.contentsMargins()
        return size + QSize(margins.left() + margins.right(), margins.top() + margins.bottom())

    def _place(self, rect: QRect, move: bool) -> int:
        """Lay the items out in `rect` (or only measure): the height the lines take."""
        margins = self.contentsMargins()
        area = rect.adjusted(margins.left(), margins.top(), -margins.right(), -margins.bottom())
        x, y, line = area.x(), area.y(), 0
        for item in self._items:
            if not _takes_room(item):  # a button hidden on purpose takes no room
                continue
            size = item.sizeHint()
            if x > area.x() and x + size.width() > area.right() + 1:
                x, y, line = area.x(), y + line + SPACING, 0
            if move:
                item.setGeometry(QRect(QPoint(x, y), size))
            x += size.width() + SPACING
            line = max(line, size.height())
        return y + line - rect.y() + margins.bottom()
