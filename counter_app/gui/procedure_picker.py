"""Type-ahead over the procedure catalogue: words typed without diacritics find the procedure.

"chung chi buc xa" finds "Cấp chứng chỉ nhân viên bức xạ" (domain.catalogue.matches_query folds both
sides). The popup lists the matches; the first one is highlighted, so Enter picks it at once and Down /
Up move through the others. QCompleter's own prefix filtering cannot ignore diacritics or word order,
so the completer runs unfiltered over a model this class refills on every keystroke.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QModelIndex, QObject, Qt, Signal
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QCompleter, QLineEdit

from counter_app.domain.catalogue import Procedure, matches_query
from counter_app.gui.fields import empty

PROCEDURE_ROLE = Qt.ItemDataRole.UserRole + 1
NAME_ROLE = Qt.ItemDataRole.UserRole + 2
MAX_SHOWN = 50


class ProcedurePicker(QObject):
    sig_picked = Signal(object)  # Procedure

    def __init__(self, line_edit: QLineEdit, parent: QObject | None = None):
        super().__init__(parent)
        self._edit = line_edit
        self._procedures: list[Procedure] = []
        self._matches: list[Procedure] = []
        self.current: Procedure | None = None

        self._model = QStandardItemModel(self)
        self._completer = QCompleter(self._model, self)
        self._completer.setCompletionMode(QCompleter.CompletionMode.UnfilteredPopupCompletion)
        self._completer.setCompletionRole(NAME_ROLE)  # what goes into the line edit: the plain name
        self._completer.setMaxVisibleItems(12)
        self._completer.setWidget(line_edit)
        self._completer.activated[QModelIndex].connect(self._activated)

        line_edit.textEdited.connect(self._search)
        line_edit.returnPressed.connect(self._return_pressed)
        line_edit.installEventFilter(self)

    # --- data ----------------------------------------------------------------------------------------

    def set_procedures(self, procedures: list[Procedure]) -> None:
        self._procedures = list(procedures)

    @property
    def procedures(self) -> list[Procedure]:
        return list(self._procedures)

    def matches(self, query: str) -> list[Procedure]:
        return [p for p in self._procedures if matches_query(p, query)]

    @property
    def popup_visible(self) -> bool:
        return self._completer.popup().isVisible()

    # --- behaviour -----------------------------------------------------------------------------------

    def _search(self, text: str) -> None:
        self._matches = self.matches(text) if text.strip() else []
        self._model.clear()
        for procedure in self._matches[:MAX_SHOWN]:
            item = QStandardItem(
                f"{procedure.name}   —   {procedure.field_name or procedure.field_code} · "
                f"{procedure.processing_time.describe()}"
            )
            item.setData(procedure.name, NAME_ROLE)
            item.setData(procedure, PROCEDURE_ROLE)
            item.setToolTip(f"{procedure.code}\n{procedure.name}")
            item.setEditable(False)
            self._model.appendRow(item)
        if not self._matches:
            self._hide_popup()
            return
        self._completer.complete()
        popup = self._completer.popup()
        popup.setCurrentIndex(self._completer.completionModel().index(0, 0))
        # Wide enough for the long official names.
        popup.setMinimumWidth(self._edit.width())

    def _activated(self, index: QModelIndex) -> None:
        procedure = index.data(PROCEDURE_ROLE)
        if procedure is not None:
            self.pick(procedure)

    def _return_pressed(self) -> None:
        # QCompleter hands the Return on to the line edit after activating: ignore the echo of a pick.
        if self.current is not None and self._edit.text() == self.current.name:
            return
        matches = self.matches(self._edit.text()) if self._edit.text().strip() else []
        if matches:
            self.pick(matches[0])

    def pick(self, procedure: Procedure) -> None:
        self.current = procedure
        self._hide_popup()
        self._edit.setText(procedure.name)
        self._edit.setCursorPosition(0)
        self._edit.setToolTip(f"{procedure.code}\n{procedure.name}")
        self.sig_picked.emit(procedure)

    def _hide_popup(self) -> None:
        popup = self._completer.popup()
        if popup.isVisible():
            popup.hide()
        # Some platforms (Qt's offscreen one, a few X window managers) leave the closed popup as the active
        # window; then the window's shortcuts stop working until a click. Take the activation back.
        window = self._edit.window()
        if window.isVisible() and not window.isActiveWindow():
            window.activateWindow()

    def reset(self) -> None:
        self.current = None
        self._matches = []
        self._model.clear()
        self._hide_popup()
        empty(self._edit)
        self._edit.setToolTip("")

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        # Down in the search box with the popup closed: open it on the current text.
        if (
            watched is self._edit
            and event.type() == QEvent.Type.KeyPress
            and event.key() == Qt.Key.Key_Down
            and not self.popup_visible
            and self._edit.text().strip()
            and (self.current is None or self._edit.text() != self.current.name)
        ):
            self._search(self._edit.text())
            return True
        if watched is self._edit and event.type() == QEvent.Type.FocusOut and self.current is not None:
            # Left half-typed: show the procedure that is really chosen, not the stray query.
            if not self.popup_visible and self._edit.text() != self.current.name:
                self._edit.setText(self.current.name)
                self._edit.setCursorPosition(0)
        return False
