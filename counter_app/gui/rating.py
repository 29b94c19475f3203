"""The citizen's satisfaction rating: five buttons, one key each (1-5), an optional comment, never required.

`RatingPanel` is the one widget for it, used as the last step of the return dialog (gui/return_dialog.py) and on
the citizen-facing kiosk (`KioskWindow`, Xem → "Màn hình đánh giá cho người dân…"): the second screen of the
counter, turned towards the citizen, showing the dossier just received or returned at this counter. A key 1-5
(or a click) records the `rated` event through the operations; Esc skips. Levels: domain/satisfaction.py.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QFont, QFontMetrics, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from counter_app.domain.satisfaction import LEVELS, MAX_COMMENT
from counter_app.gui.operations import Changes, Operations
from counter_app.gui.screen import fit_to_screen
from counter_app.gui.style import set_state

LEVEL_COLORS = {1: "#2e7d32", 2: "#66bb6a", 3: "#9e9e9e", 4: "#ef6c00", 5: "#c62828"}
SKIP_HINT = "Bấm phím 1 đến 5 để đánh giá (không bắt buộc) · Esc: bỏ qua"
# The labels on two lines at most, so five buttons fit side by side on a counter's screen.
BUTTON_LINES = {1: "Rất\nhài lòng", 2: "Hài lòng", 3: "Bình\nthường", 4: "Không\nhài lòng", 5: "Rất không\nhài lòng"}


class RatingPanel(QWidget):
    """Five level buttons (keys 1-5, Alt+1…5 from the comment box) and an optional comment."""

    sig_chosen = Signal(int, str)  # level, comment (stripped; "" when none)
    sig_skipped = Signal()

    def __init__(self, parent: QWidget | None = None, *, large: bool = False):
        super().__init__(parent)
        self.setObjectName("ratingPanel")
        self.enabled_keys = True
        layout = QVBoxLayout(self)
        self.question = QLabel("Ông/Bà có hài lòng với việc giải quyết hồ sơ tại Bộ phận Một cửa không?", self)
        self.question.setWordWrap(True)
        self.question.setAlignment(Qt.AlignmentFlag.AlignCenter)
        font = QFont(self.question.font())
        font.setBold(True)
        if large:
            font.setPointSizeF(font.pointSizeF() * 1.8)
        self.question.setFont(font)
        layout.addWidget(self.question)
        row = QHBoxLayout()
        self.buttons: dict[int, QPushButton] = {}
        for level in LEVELS:
            lines = BUTTON_LINES[level.number]
            button = QPushButton(f"&{level.number}\n{lines}", self)
            button.setObjectName(f"rating{level.number}")
            button.setToolTip(level.label)
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # keys 1-5 do it; Tab goes to the comment
            button_font = QFont(button.font())
            button_font.setBold(True)
            button_font.setPointSizeF(button_font.pointSizeF() * (1.6 if large else 1.1))
            button.setFont(button_font)
            metrics = QFontMetrics(button_font)
            widest = max(metrics.horizontalAdvance(line) for line in lines.splitlines())
            button.setMinimumWidth(widest + 28)  # the whole label, never clipped
            button.setMinimumHeight(metrics.lineSpacing() * 3 + (40 if large else 20))
            button.setStyleSheet(
                f"QPushButton {{ border: 3px solid {LEVEL_COLORS[level.number]}; border-radius: 8px; padding: 6px; }}"
                f"QPushButton:pressed {{ background: {LEVEL_COLORS[level.number]}; color: white; }}"
            )
            button.clicked.connect(lambda _c=False, n=level.number: self.choose(n))
            row.addWidget(button)
            self.buttons[level.number] = button
            # A plain digit anywhere in the panel except while typing the comment (the box takes its own keys).
            QShortcut(QKeySequence(str(level.number)), self, lambda n=level.number: self.choose(n)).setContext(
                Qt.ShortcutContext.WidgetWithChildrenShortcut
            )
        layout.addLayout(row)
        comment_label = QLabel("Ý &kiến khác (không bắt buộc; gõ xong bấm Alt+1…5 hoặc một nút):", self)
        self.comment = QPlainTextEdit(self)
        self.comment.setTabChangesFocus(True)
        self.comment.setFixedHeight(self.fontMetrics().height() * (4 if large else 3) + 12)
        comment_label.setBuddy(self.comment)
        layout.addWidget(comment_label)
        layout.addWidget(self.comment)
        self.hint = QLabel(SKIP_HINT, self)
        self.hint.setProperty("role", "hint")
        self.hint.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout.addWidget(self.hint)
        self.message = QLabel(self)
        self.message.setWordWrap(True)
        self.message.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.message.setVisible(False)
        layout.addWidget(self.message)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)

    def choose(self, level: int) -> None:
        if not self.enabled_keys:
            return
        comment = self.comment.toPlainText().strip()
        if len(comment) > MAX_COMMENT:
            self.show_message(f"Ý kiến dài quá {MAX_COMMENT} ký tự (hiện có {len(comment)}).", "error")
            return
        self.sig_chosen.emit(level, comment)

    def set_busy(self, busy: bool) -> None:
        self.enabled_keys = not busy
        for button in self.buttons.values():
            button.setEnabled(not busy)

    def show_message(self, text: str, state: str) -> None:
        self.message.setText(text)
        set_state(self.message, "state", state)
        self.message.setVisible(bool(text))

    def reset(self) -> None:
        self.comment.clear()
        self.show_message("", "")
        self.set_busy(False)

    def keyPressEvent(self, event) -> None:  # noqa: N802 (Qt's name)
        if event.key() == Qt.Key.Key_Escape:
            self.sig_skipped.emit()
            return
        if Qt.Key.Key_1 <= event.key() <= Qt.Key.Key_5 and not event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier:
            self.choose(event.key() - Qt.Key.Key_0)  # the window is not active (a shortcut would not fire)
            return
        super().keyPressEvent(event)


class KioskWindow(QWidget):
    """The citizen-facing window: the dossier just received or returned at this counter, and the five buttons.

    It follows the counter by itself (every change of a dossier re-reads which one was last served here), thanks
    the citizen after a rating and waits for the next one. Esc skips the dossier shown.
    """

    sig_rated = Signal(object)  # RecordResult
    THANKS_MS = 4000

    def __init__(self, ops: Operations, parent: QWidget | None = None):
        super().__init__(parent, Qt.WindowType.Window)
        self._ops = ops
        self.dossier = None  # KioskDossier shown, or None
        self._skipped: tuple[str, str] | None = None  # (code, moment) skipped: wait for the next one
        self.setObjectName("kioskWindow")
        self.setWindowTitle("Đánh giá mức độ hài lòng — Bộ phận Một cửa")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 24, 24, 24)
        self.title = QLabel("ĐÁNH GIÁ MỨC ĐỘ HÀI LÒNG", self)
        self.title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        font = QFont(self.title.font())
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 2.2)
        self.title.setFont(font)
        layout.addWidget(self.title)
        self.info = QLabel(self)
        self.info.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.info.setWordWrap(True)
        info_font = QFont(self.info.font())
        info_font.setPointSizeF(info_font.pointSizeF() * 1.5)
        self.info.setFont(info_font)
        layout.addWidget(self.info)
        self.panel = RatingPanel(self, large=True)
        self.panel.sig_chosen.connect(self._chosen)
        self.panel.sig_skipped.connect(self.skip)
        layout.addWidget(self.panel, 1)
        self.thanks = QLabel(self)
        self.thanks.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.thanks.setFont(font)
        self.thanks.setVisible(False)
        layout.addWidget(self.thanks)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self._after_thanks)
        ops.sig_changed.connect(self._changed)
        fit_to_screen(self, 1100, 640)
        self.refresh()

    # --- what is shown -----------------------------------------------------------------------------------------

    def refresh(self) -> None:
        self._ops.kiosk_dossier().success(self._loaded).failure(self._failed).run(self)

    def _changed(self, changes: Changes) -> None:
        if (changes.dossiers or changes.synced) and not self._timer.isActive():
            self.refresh()

    def _loaded(self, dossier) -> None:
        if dossier is not None and self._skipped == (dossier.code, dossier.at.isoformat()):
            dossier = None
        same = (
            dossier is not None
            and self.dossier is not None
            and (dossier.code, dossier.at)
            == (
                self.dossier.code,
                self.dossier.at,
            )
        )
        self.dossier = dossier
        self.thanks.setVisible(False)
        if dossier is None:
            self.info.setText("Kính chào Ông/Bà. Màn hình sẽ hiện hồ sơ khi cán bộ tiếp nhận hoặc trả kết quả.")
            self.panel.setVisible(False)
            return
        self.info.setText(
            f"{dossier.stage_label}: hồ sơ <b>{dossier.code}</b><br>{dossier.procedure_name}<br>"
            f"Cán bộ: {dossier.officer} · lúc {dossier.at:%H:%M ngày %d/%m/%Y}"
        )
        self.panel.setVisible(True)
        if not same:  # a change elsewhere in the office keeps what the citizen is typing
            self.panel.reset()
        self.panel.setFocus()

    def _failed(self, error: object) -> None:
        self.info.setText(f"Không đọc được hồ sơ vừa xử lý: {error}")

    # --- rating ----------------------------------------------------------------------------------------------

    def _chosen(self, level: int, comment: str) -> None:
        if self.dossier is None:
            return
        self.panel.set_busy(True)
        self._ops.rate(self.dossier.code, level, comment or None).success(self._rated).failure(self._rate_failed).run(
            self
        )

    def _rated(self, result) -> None:
        self.sig_rated.emit(result)
        self.panel.setVisible(False)
        self.thanks.setText("Cảm ơn Ông/Bà đã đánh giá!")
        self.thanks.setVisible(True)
        self._skipped = (result.code, self.dossier.at.isoformat()) if self.dossier else None
        self._timer.start(self.THANKS_MS)

    def _rate_failed(self, error: object) -> None:
        self.panel.set_busy(False)
        self.panel.show_message(f"Chưa ghi nhận được đánh giá: {error}", "error")

    def _after_thanks(self) -> None:
        self.refresh()

    def skip(self) -> None:
        """Esc: this dossier is not rated; wait for the next one."""
        if self.dossier is not None:
            self._skipped = (self.dossier.code, self.dossier.at.isoformat())
        self._loaded(None)

    def keyPressEvent(self, event) -> None:  # noqa: N802 (Qt's name)
        if event.key() == Qt.Key.Key_Escape:
            self.skip()
            return
        super().keyPressEvent(event)


def open_kiosk(parent: QWidget | None, ops: Operations) -> KioskWindow:
    """The kiosk as its own window (move it to the screen facing the citizen; F11 there makes it full screen)."""
    window = KioskWindow(ops, parent)
    window.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    QShortcut(
        QKeySequence("F11"), window, lambda: window.showNormal() if window.isFullScreen() else window.showFullScreen()
    )
    window.show()
    window.raise_()
    return window


__all__ = ["KioskWindow", "RatingPanel", "open_kiosk"]
