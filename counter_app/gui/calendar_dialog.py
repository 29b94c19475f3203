"""The office calendar screen (ui/calendar_dialog.ui): a year's days off and make-up days, the office hours.

A supervisor adds, edits and deletes days (each with the decision it comes from), imports a yearly file, marks a
year complete, or goes back to the calendar shipped with the software; office hours and the cut-off time are
settings saved from here. Every change goes through the operations (gui/operations.py: CalendarService and
SettingsService on the one worker, one transaction each) and is announced as `Changes.calendar`. A year without
the announced schedule shows the same warning the due dates carry.

    dialog = open_calendar_dialog(parent, ops)
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, time, timedelta
from pathlib import Path

from PySide6.QtCore import QDate, Qt, QTime, Signal
from PySide6.QtGui import QColor, QFont
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHeaderView,
    QMessageBox,
    QTableWidgetItem,
    QWidget,
)

from counter_app.domain.calendar import (
    DAY_KIND_LABELS,
    OFFICE_TZ,
    WEEKDAY_NAMES,
    CalendarEntry,
    DayKind,
    OfficeHours,
    statutory_holiday,
)
from counter_app.domain.calendar_data import CalendarDataError
from counter_app.gui.forms.ui_calendar_dialog import Ui_CalendarDialog
from counter_app.gui.forms.ui_calendar_entry_dialog import Ui_CalendarEntryDialog
from counter_app.gui.import_errors_dialog import ImportErrorsDialog
from counter_app.gui.operations import Operations
from counter_app.gui.screen import fit_to_screen
from counter_app.gui.style import set_state
from counter_app.services.calendar import ORIGIN_OFFICE, YearImport, YearView

FILE_FILTER = "Lịch làm việc (*.json)"
DAY_ROLE = Qt.ItemDataRole.UserRole + 1
WORKDAY_GREEN = QColor("#1e6b2e")
STATUTORY_GREY = QColor("#7a7f87")
STATUTORY_SOURCE = "Bộ luật Lao động 45/2019/QH14, Điều 112 (tự tính)"


def _qdate(day: date) -> QDate:
    return QDate(day.year, day.month, day.day)


def _pydate(value: QDate) -> date:
    return date(value.year(), value.month(), value.day())


def _qtime(value: time) -> QTime:
    return QTime(value.hour, value.minute)


def _hm(value: QTime) -> str:
    return f"{value.hour():02d}:{value.minute():02d}"


class CalendarEntryDialog(QDialog):
    """One day of the office calendar; `entry=None` adds a day (first shown on `default_day`)."""

    sig_save_requested = Signal(object)  # CalendarEntry

    def __init__(self, entry: CalendarEntry | None, default_day: date, parent: QWidget | None = None):
        super().__init__(parent)
        self.ui = Ui_CalendarEntryDialog()
        self.ui.setupUi(self)
        self.original = entry
        ui = self.ui
        for kind in DayKind:
            ui.kindCombo.addItem(DAY_KIND_LABELS[kind].capitalize(), kind)
        ui.buttonBox.button(QDialogButtonBox.StandardButton.Save).setText("Lưu")
        ui.buttonBox.button(QDialogButtonBox.StandardButton.Cancel).setText("Hủy")
        ui.buttonBox.accepted.connect(self._save_clicked)
        ui.dayEdit.dateChanged.connect(self._day_changed)
        if entry is None:
            self.setWindowTitle("Thêm ngày vào lịch làm việc")
            ui.dayEdit.setDate(_qdate(default_day))
            ui.kindCombo.setCurrentIndex(ui.kindCombo.findData(DayKind.DAY_OFF))
        else:
            self.setWindowTitle(f"Sửa ngày {entry.day:%d/%m/%Y}")
            ui.dayEdit.setDate(_qdate(entry.day))
            ui.kindCombo.setCurrentIndex(ui.kindCombo.findData(entry.kind))
            ui.nameEdit.setText(entry.name)
            ui.sourceEdit.setPlainText(entry.source)
            ui.provisionalCheck.setChecked(entry.provisional)
        self._day_changed()

    def _day_changed(self, *_args: object) -> None:
        day = _pydate(self.ui.dayEdit.date())
        self.ui.weekdayLabel.setText(WEEKDAY_NAMES[day.weekday()])

    def entry(self) -> CalendarEntry:
        ui = self.ui
        return CalendarEntry(
            _pydate(ui.dayEdit.date()),
            DayKind(ui.kindCombo.currentData()),
            ui.nameEdit.text(),
            ui.sourceEdit.toPlainText(),
            ui.provisionalCheck.isChecked(),
        )

    def show_error(self, message: str) -> None:
        self.ui.errorLabel.setText(message)
        set_state(self.ui.errorLabel, "state", "error" if message else None)

    def _save_clicked(self) -> None:
        self.show_error("")
        self.sig_save_requested.emit(self.entry())


class CalendarDialog(QDialog):
    def __init__(
        self,
        ops: Operations,
        parent: QWidget | None = None,
        *,
        year: int | None = None,
    ):
        super().__init__(parent)
        self.ui = Ui_CalendarDialog()
        self.ui.setupUi(self)
        self.ops = ops
        self.view: YearView | None = None
        self.entry_dialog: CalendarEntryDialog | None = None
        self.errors_dialog: ImportErrorsDialog | None = None
        self.confirm: Callable[[str, str], bool] = self._ask
        self.choose_open_path: Callable[[], str] = self._ask_open_path
        self.choose_save_path: Callable[[], str] = self._ask_save_path

        table = self.ui.entriesTable
        header = table.horizontalHeader()
        for column, width in enumerate((95, 75, 130, 330)):
            table.setColumnWidth(column, width)
        header.setSectionResizeMode(4, QHeaderView.ResizeMode.Stretch)
        table.verticalHeader().setDefaultSectionSize(table.fontMetrics().height() + 8)
        self._connect()
        self.ui.yearSpin.blockSignals(True)
        self.ui.yearSpin.setValue(year or datetime.now(OFFICE_TZ).year)
        self.ui.yearSpin.blockSignals(False)
        self.load_year(self.ui.yearSpin.value())

    def _connect(self) -> None:
        ui = self.ui
        ui.yearSpin.valueChanged.connect(self.load_year)
        ui.entriesTable.itemSelectionChanged.connect(self._update_buttons)
        ui.entriesTable.itemDoubleClicked.connect(lambda _item: self.edit_selected())
        ui.addButton.clicked.connect(self.add_entry)
        ui.editButton.clicked.connect(self.edit_selected)
        ui.deleteButton.clicked.connect(self.delete_selected)
        ui.completeCheck.clicked.connect(self._complete_clicked)
        ui.resetButton.clicked.connect(self.reset_year)
        ui.importButton.clicked.connect(self._import_clicked)
        ui.exportButton.clicked.connect(self._export_clicked)
        ui.saveHoursButton.clicked.connect(self.save_hours)

    # --- showing a year ------------------------------------------------------------------------------

    @property
    def year(self) -> int:
        return self.ui.yearSpin.value()

    def load_year(self, year: int) -> None:
        self.ops.calendar_year(year).success(self._show_year).failure(self._failed).run(self)

    def _show_year(self, view: YearView) -> None:
        if view.year != self.year:
            return  # an older answer arriving after the year was changed again
        self.view = view
        ui = self.ui
        ui.originLabel.setText(view.origin_text)
        warnings = [view.warning] if view.warning else []
        if view.provisional_days:
            days = ", ".join(d.strftime("%d/%m") for d in view.provisional_days)
            warnings.append(
                f"Có ngày nghỉ dự kiến, chưa có thông báo chính thức ({days}): kiểm tra lại khi có thông báo."
            )
        ui.warningLabel.setText("\n".join(f"⚠ {w}" for w in warnings))
        ui.warningLabel.setVisible(bool(warnings))
        table = ui.entriesTable
        table.setRowCount(0)
        # The office's entries, and (greyed, not editable) the statutory holidays computed for the other days.
        listed = {e.day for e in view.entries}
        rows: list[tuple[date, CalendarEntry | None, str, str, str]] = [
            (e.day, e, DAY_KIND_LABELS[e.kind] + (" (dự kiến)" if e.provisional else ""), e.name, e.source)
            for e in view.entries
        ]
        first = date(view.year, 1, 1)
        for offset in range(366):
            day = first + timedelta(days=offset)
            # A year with the office's own calendar is decided by it alone: no automatic holidays to show.
            if not view.loaded and day.year == view.year and day not in listed and (name := statutory_holiday(day)):
                rows.append((day, None, "ngày lễ theo luật", name, STATUTORY_SOURCE))
        for day, entry, kind, name, source in sorted(rows, key=lambda r: r[0]):
            row = table.rowCount()
            table.insertRow(row)
            cells = (day.strftime("%d/%m/%Y"), WEEKDAY_NAMES[day.weekday()], kind, name, source)
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setData(DAY_ROLE, entry)
                item.setToolTip(text if column >= 3 else "")
                if entry is None:
                    item.setForeground(STATUTORY_GREY)
                    item.setToolTip("Tự tính theo Bộ luật Lao động; thêm một ngày cùng ngày này để ghi đè.")
                elif entry.kind == DayKind.EXTRA_WORKDAY:
                    item.setForeground(WORKDAY_GREEN)
                if entry is not None and entry.provisional:
                    font = QFont()
                    font.setItalic(True)
                    item.setFont(font)
                table.setItem(row, column, item)
        ui.completeCheck.blockSignals(True)
        ui.completeCheck.setChecked(view.loaded)
        ui.completeCheck.blockSignals(False)
        ui.resetButton.setVisible(view.origin == ORIGIN_OFFICE)
        ui.resetButton.setText("Dùng lại lịch kèm phần mềm" if view.bundled_available else "Xóa lịch năm này")
        self._show_hours(view.hours)
        self._update_buttons()

    def _show_hours(self, hours: OfficeHours) -> None:
        ui = self.ui
        ui.morningStart.setTime(_qtime(hours.morning_start))
        ui.morningEnd.setTime(_qtime(hours.morning_end))
        ui.afternoonStart.setTime(_qtime(hours.afternoon_start))
        ui.afternoonEnd.setTime(_qtime(hours.afternoon_end))
        ui.cutoffCheck.setChecked(hours.cutoff is not None)
        if hours.cutoff is not None:
            ui.cutoffTime.setTime(_qtime(hours.cutoff))

    def selected_entry(self) -> CalendarEntry | None:
        items = self.ui.entriesTable.selectedItems()
        return items[0].data(DAY_ROLE) if items else None

    def select_day(self, day: date) -> bool:
        table = self.ui.entriesTable
        for row in range(table.rowCount()):
            entry = table.item(row, 0).data(DAY_ROLE)
            if entry is not None and entry.day == day:
                table.selectRow(row)
                return True
        return False

    def _update_buttons(self) -> None:
        selected = self.selected_entry() is not None
        self.ui.editButton.setEnabled(selected)
        self.ui.deleteButton.setEnabled(selected)

    def _status(self, message: str, state: str | None = None) -> None:
        self.ui.statusLabel.setText(message)
        set_state(self.ui.statusLabel, "state", state)

    def _failed(self, error: object) -> None:
        self._status(f"Lỗi: {error}", "error")

    def _changed(self, message: str, year: int | None = None) -> None:
        self._status(message, "ok")
        if year is not None and year != self.year:
            self.ui.yearSpin.setValue(year)  # loads that year
        else:
            self.load_year(self.year)

    # --- entries ---------------------------------------------------------------------------------------

    def add_entry(self) -> CalendarEntryDialog:
        today = datetime.now(OFFICE_TZ).date()
        default = today if today.year == self.year else date(self.year, 1, 1)
        return self._open_editor(None, default)

    def edit_selected(self) -> CalendarEntryDialog | None:
        entry = self.selected_entry()
        return None if entry is None else self._open_editor(entry, entry.day)

    def _open_editor(self, entry: CalendarEntry | None, default_day: date) -> CalendarEntryDialog:
        dialog = CalendarEntryDialog(entry, default_day, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.sig_save_requested.connect(lambda new: self._save_entry(dialog, new))
        self.entry_dialog = dialog
        dialog.open()
        return dialog

    def _save_entry(self, dialog: CalendarEntryDialog, entry: CalendarEntry) -> None:
        original = dialog.original

        def saved(stored: CalendarEntry) -> None:
            dialog.accept()
            verb = "Đã sửa" if original else "Đã thêm"
            self._changed(
                f"{verb} ngày {stored.day:%d/%m/%Y}: {DAY_KIND_LABELS[stored.kind]} — {stored.name}.", stored.day.year
            )

        op = (
            self.ops.add_calendar_entry(entry)
            if original is None
            else self.ops.update_calendar_entry(original.day, entry)
        )
        op.success(saved).failure(lambda e: dialog.show_error(str(e))).run(self)

    def delete_selected(self) -> None:
        entry = self.selected_entry()
        if entry is None:
            return
        if not self.confirm(
            "Xóa ngày khỏi lịch",
            f"Xóa {WEEKDAY_NAMES[entry.day.weekday()]} {entry.day:%d/%m/%Y} ({DAY_KIND_LABELS[entry.kind]} — "
            f"{entry.name}) khỏi lịch của cơ quan?",
        ):
            return
        (
            self.ops.delete_calendar_entry(entry.day)
            .success(lambda _r: self._changed(f"Đã xóa ngày {entry.day:%d/%m/%Y} khỏi lịch."))
            .failure(self._failed)
            .run(self)
        )

    def _complete_clicked(self, checked: bool) -> None:
        year = self.year
        (
            self.ops.set_calendar_complete(year, checked)
            .success(
                lambda _r: self._changed(f"Lịch năm {year} đã được đánh dấu {'đầy đủ' if checked else 'chưa đầy đủ'}.")
            )
            .failure(self._failed)
            .run(self)
        )

    def reset_year(self) -> None:
        year = self.year
        if not self.confirm(
            "Bỏ lịch do cơ quan sửa",
            f"Bỏ mọi ngày cơ quan đã nhập hoặc sửa cho năm {year}"
            + (" và dùng lại lịch kèm phần mềm?" if self.view and self.view.bundled_available else "?"),
        ):
            return
        (
            self.ops.reset_calendar_year(year)
            .success(lambda _r: self._changed(f"Đã bỏ lịch riêng năm {year}."))
            .failure(self._failed)
            .run(self)
        )

    # --- office hours ----------------------------------------------------------------------------------

    def save_hours(self) -> None:
        ui = self.ui
        values = {
            "office.morning": f"{_hm(ui.morningStart.time())}-{_hm(ui.morningEnd.time())}",
            "office.afternoon": f"{_hm(ui.afternoonStart.time())}-{_hm(ui.afternoonEnd.time())}",
            "office.cutoff": _hm(ui.cutoffTime.time()) if ui.cutoffCheck.isChecked() else "",
        }
        (
            self.ops.set_office_hours(values)
            .success(
                lambda _v: self._changed("Đã lưu giờ làm việc; hạn trả của hồ sơ nhận từ bây giờ tính theo giờ mới.")
            )
            .failure(self._failed)
            .run(self)
        )

    # --- files ---------------------------------------------------------------------------------------

    def _import_clicked(self) -> None:
        path = self.choose_open_path()
        if path:
            self.import_from(path)

    def _export_clicked(self) -> None:
        path = self.choose_save_path()
        if path:
            self.export_to(path)

    def import_from(self, path: str | Path) -> None:
        path = Path(path)

        def imported(result: YearImport) -> None:
            replaced = " (thay lịch năm này cơ quan đã có)" if result.replaced_office_year else ""
            self._changed(
                f"Đã nhập lịch năm {result.year} từ {path.name}: {result.entries} ngày{replaced}.", result.year
            )

        def failed(error: object) -> None:
            if not isinstance(error, CalendarDataError):
                self._failed(error)
                return
            dialog = ImportErrorsDialog(self)
            dialog.set_errors(
                path.name,
                [str(error)],
                title="Không nhập được lịch làm việc",
                hint="Mục tính từ 1 theo thứ tự trong danh sách \"entries\". Sửa tệp rồi nhập lại; lịch chưa bị thay đổi gì.",
            )
            self.errors_dialog = dialog
            self._status(f"Không nhập được tệp {path.name}; lịch chưa bị thay đổi.", "error")
            dialog.open()

        if (
            self.view is not None
            and self.view.origin == ORIGIN_OFFICE
            and not self.confirm(
                "Nhập lịch năm",
                f"Tệp {path.name} sẽ thay cả lịch năm của nó (kể cả các ngày cơ quan đã sửa). Tiếp tục?",
            )
        ):
            return
        self.ops.import_calendar(path).success(imported).failure(failed).run(self)

    def export_to(self, path: str | Path) -> None:
        path = Path(path)
        year = self.year
        (
            self.ops.export_calendar(year, path)
            .success(lambda count: self._status(f"Đã xuất lịch năm {year} ({count} ngày) ra {path}.", "ok"))
            .failure(self._failed)
            .run(self)
        )

    # --- questions -----------------------------------------------------------------------------------

    def _ask(self, title: str, text: str) -> bool:
        answer = QMessageBox.question(
            self,
            title,
            text,
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        return answer == QMessageBox.StandardButton.Yes

    def _ask_open_path(self) -> str:
        path, _filter = QFileDialog.getOpenFileName(self, "Nhập lịch làm việc một năm", "", FILE_FILTER)
        return path

    def _ask_save_path(self) -> str:
        path, _filter = QFileDialog.getSaveFileName(self, "Xuất lịch làm việc", f"{self.year}.json", FILE_FILTER)
        return path


def open_calendar_dialog(parent: QWidget | None, ops: Operations, year: int | None = None) -> CalendarDialog:
    """Open the office calendar screen (non-modal, deleted when closed)."""
    dialog = CalendarDialog(ops, parent, year=year)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    fit_to_screen(dialog, dialog.width(), dialog.height())
    dialog.show()
    return dialog


__all__ = ["CalendarDialog", "CalendarEntryDialog", "open_calendar_dialog"]
