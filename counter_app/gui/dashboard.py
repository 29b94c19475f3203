"""The supervisor's dashboard: how the office is doing, at a glance, for a period and a field.

Four panels: dossiers received per week by channel (stacked bars), the share resolved early or on time per field
(100 % bars), the dossiers being handled now by working days left, and the overdue list. Every chart has the
numbers behind it one click away ("Bảng số liệu", or Ctrl+T for all of them). A line above the panels gives the
period's report totals; the period's report (Biểu 06) can be saved as Excel or PDF from here.

Reads through the operations (gui/operations.py: ReportService on the one worker; ARCHITECTURE: the GUI calls
services, never the store).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from math import ceil
from pathlib import Path

from PySide6.QtCharts import (
    QBarCategoryAxis,
    QBarSet,
    QCategoryAxis,
    QChart,
    QChartView,
    QHorizontalPercentBarSeries,
    QStackedBarSeries,
    QValueAxis,
)
from PySide6.QtCore import QDate, QMargins, Qt, Signal
from PySide6.QtGui import QColor, QFontMetrics, QGuiApplication, QKeySequence, QPainter, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDateEdit,
    QDialog,
    QFileDialog,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QSizePolicy,
    QStackedWidget,
    QTableWidget,
    QTableWidgetItem,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from counter_app.domain.reports import (
    PeriodError,
    ReportPeriod,
    custom_period,
    period_containing,
    previous_period,
)
from counter_app.gui.operations import Operations, Printable
from counter_app.gui.screen import fit_to_screen

CHANNEL_COLORS = {"direct": "#3465a4", "postal": "#c17d11", "online": "#4e9a06"}
TIMELINESS_COLORS = {"early": "#4e9a06", "on_time": "#3465a4", "late": "#cc0000"}
BUCKET_COLORS = ["#cc0000", "#f57900", "#edd400", "#8ae234", "#73d216", "#4e9a06", "#888a85"]
BUCKET_SHORT = {
    "Quá hạn": "Quá hạn",
    "Đến hạn hôm nay": "Hôm nay",
    "Còn 1–2 ngày": "1–2",
    "Còn 3–5 ngày": "3–5",
    "Còn 6–10 ngày": "6–10",
    "Còn trên 10 ngày": "> 10",
    "Đang chờ bổ sung": "Tạm dừng",
}

# (label, how to get the period from today) in the period box.
PRESETS: tuple[tuple[str, Callable[[date], ReportPeriod] | None], ...] = (
    ("Quý này", lambda d: period_containing(d, "quarter")),
    ("Quý trước", lambda d: previous_period(period_containing(d, "quarter"))),
    ("Tháng này", lambda d: period_containing(d, "month")),
    ("Tháng trước", lambda d: previous_period(period_containing(d, "month"))),
    ("6 tháng", lambda d: period_containing(d, "half")),
    ("Năm nay", lambda d: period_containing(d, "year")),
    ("Năm trước", lambda d: previous_period(period_containing(d, "year"))),
    ("Từ ngày … đến ngày …", None),
)


def _n(value: int) -> str:
    return f"{value:,}".replace(",", ".")


def _short(text: str, limit: int = 34) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


class ChartPanel(QFrame):
    """A titled panel holding a chart, with its numbers one click away (a table in place of the chart)."""

    def __init__(self, title: str, parent: QWidget | None = None, *, chart: bool = True):
        super().__init__(parent)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 4, 6, 6)
        layout.setSpacing(2)
        head = QHBoxLayout()
        self.title = QLabel(title, self)
        self.title.setStyleSheet("font-weight: 600;")
        head.addWidget(self.title)
        head.addStretch(1)
        self.toggle = QToolButton(self)
        self.toggle.setText("Bảng số liệu")
        self.toggle.setCheckable(True)
        self.toggle.setToolTip("Xem các con số của biểu đồ (Ctrl+T: mọi biểu đồ)")
        self.toggle.setVisible(chart)
        head.addWidget(self.toggle)
        layout.addLayout(head)
        self.stack = QStackedWidget(self)
        self.chart_view = QChartView(self)
        self.chart_view.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.chart_view.setMinimumSize(360, 230)
        self.table = QTableWidget(self)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().setVisible(False)
        self.table.setAlternatingRowColors(True)
        if chart:
            self.stack.addWidget(self.chart_view)
        else:
            self.chart_view.hide()
        self.stack.addWidget(self.table)
        layout.addWidget(self.stack, 1)
        self.toggle.toggled.connect(self.show_table)

    def show_table(self, on: bool) -> None:
        self.toggle.setChecked(on)
        self.toggle.setText("Biểu đồ" if on else "Bảng số liệu")
        self.stack.setCurrentWidget(self.table if on else self.chart_view)

    def showing_table(self) -> bool:
        return self.stack.currentWidget() is self.table

    def set_chart(self, chart: QChart) -> None:
        old = self.chart_view.chart()
        self.chart_view.setChart(chart)
        if old is not None and old is not chart:
            old.deleteLater()

    def set_table(self, headers: Sequence[str], rows: Sequence[Sequence[object]], *, numeric_from: int = 1) -> None:
        table = self.table
        table.clear()
        table.setColumnCount(len(headers))
        table.setRowCount(len(rows))
        table.setHorizontalHeaderLabels(list(headers))
        for r, row in enumerate(rows):
            for c, value in enumerate(row):
                text = _n(value) if isinstance(value, int) else str(value)
                item = QTableWidgetItem(text)
                if (
                    c >= numeric_from
                    and isinstance(value, (int, float))
                    or (isinstance(value, str) and value.endswith("%"))
                ):
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                table.setItem(r, c, item)
        header = table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        if len(headers) > 1:
            header.setSectionResizeMode(numeric_from - 1 if numeric_from > 0 else 0, QHeaderView.ResizeMode.Stretch)

    def table_values(self) -> list[list[str]]:
        return [
            [self.table.item(r, c).text() for c in range(self.table.columnCount())]
            for r in range(self.table.rowCount())
        ]


def _chart(title: str = "") -> QChart:
    chart = QChart()
    chart.setAnimationOptions(QChart.AnimationOption.NoAnimation)
    chart.setMargins(QMargins(2, 2, 2, 2))
    chart.setBackgroundRoundness(0)
    if title:
        chart.setTitle(title)
    chart.legend().setAlignment(Qt.AlignmentFlag.AlignBottom)
    return chart


def _value_axis(maximum: float, *, percent: bool = False) -> QValueAxis:
    axis = QValueAxis()
    if percent:
        axis.setRange(0, 100)
        axis.setLabelFormat("%d%%")
        axis.setTickCount(6)
    else:
        top = max(1, int(maximum))
        step = max(1, -(-top // 5))
        axis.setRange(0, step * 5 if top > 5 else max(top, 1) + 1)
        axis.setTickCount(6 if top > 5 else int(axis.max()) + 1)
        axis.setLabelFormat("%d")
    return axis


def _bar_set(label: str, values: Sequence[float], color: str) -> QBarSet:
    bar = QBarSet(label)
    bar.append([float(v) for v in values])
    bar.setColor(QColor(color))
    bar.setBorderColor(QColor(color).darker(120))
    return bar


class DashboardDialog(QDialog):
    """Non-modal window of the dashboard (open it with open_dashboard)."""

    sig_loaded = Signal(object)  # DashboardData, once drawn
    sig_failed = Signal(str)
    sig_exported = Signal(str)  # path of a saved report

    def __init__(
        self,
        ops: Operations,
        parent: QWidget | None = None,
        *,
        today: date | None = None,
        save_path: Callable[[str, str], str] | None = None,
    ):
        super().__init__(parent)
        self._ops = ops
        self._today = today
        self._save_path = save_path or self._ask_save_path
        self.data = None
        self.setWindowTitle("Theo dõi, báo cáo tình hình giải quyết hồ sơ")
        self.setWindowFlag(Qt.WindowType.WindowMaximizeButtonHint, True)
        self._fit_to_screen(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)

        bar = QHBoxLayout()
        bar.addWidget(QLabel("&Kỳ:", self))
        self.period_box = QComboBox(self)
        for label, _ in PRESETS:
            self.period_box.addItem(label)
        bar.itemAt(0).widget().setBuddy(self.period_box)
        bar.addWidget(self.period_box)
        self.from_edit = QDateEdit(self)
        self.to_edit = QDateEdit(self)
        for edit in (self.from_edit, self.to_edit):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("dd/MM/yyyy")
        bar.addWidget(QLabel("từ", self))
        bar.addWidget(self.from_edit)
        bar.addWidget(QLabel("đến", self))
        bar.addWidget(self.to_edit)
        field_label = QLabel("&Lĩnh vực:", self)
        bar.addSpacing(12)
        bar.addWidget(field_label)
        self.field_box = QComboBox(self)
        # As wide as about 22 characters (not as the longest field name: the bar must fit a 1366 px screen); the
        # list that drops down is as wide as the names.
        self.field_box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.field_box.setMinimumContentsLength(22)
        self.field_box.addItem("Tất cả lĩnh vực", None)
        field_label.setBuddy(self.field_box)
        bar.addWidget(self.field_box)
        self.refresh_button = QPushButton("Làm mới (F5)", self)
        bar.addWidget(self.refresh_button)
        bar.addStretch(1)
        self.table_button = QPushButton("Bảng số liệu (Ctrl+T)", self)
        self.table_button.setCheckable(True)
        bar.addWidget(self.table_button)
        self.xlsx_button = QPushButton("Xuất Excel…", self)
        self.pdf_button = QPushButton("Xuất PDF…", self)
        self.xlsx_button.setToolTip("Lưu báo cáo Biểu 06 của kỳ này ra tệp Excel (Ctrl+E)")
        self.pdf_button.setToolTip("Lưu báo cáo Biểu 06 của kỳ này ra tệp PDF (Ctrl+Shift+E)")
        self.print_button = QPushButton("In…", self)
        self.print_button.setToolTip("In báo cáo Biểu 06 của kỳ này ra máy in báo cáo đã chọn trong Cài đặt (Ctrl+P)")
        bar.addWidget(self.xlsx_button)
        bar.addWidget(self.pdf_button)
        bar.addWidget(self.print_button)
        layout.addLayout(bar)

        self.summary = QLabel("Đang tải số liệu…", self)
        self.summary.setWordWrap(True)
        self.summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.summary.setStyleSheet("padding: 4px 2px;")
        layout.addWidget(self.summary)

        grid = QGridLayout()
        grid.setSpacing(8)
        self.received_panel = ChartPanel("Hồ sơ tiếp nhận theo tuần, theo hình thức nộp", self)
        self.on_time_panel = ChartPanel("Tỷ lệ giải quyết đúng hạn theo lĩnh vực (hồ sơ đã giải quyết trong kỳ)", self)
        self.pending_panel = ChartPanel("Hồ sơ đang giải quyết theo số ngày làm việc còn lại (hiện tại)", self)
        self.overdue_panel = ChartPanel("Hồ sơ quá hạn (hiện tại)", self, chart=False)
        grid.addWidget(self.received_panel, 0, 0)
        grid.addWidget(self.on_time_panel, 0, 1)
        grid.addWidget(self.pending_panel, 1, 0)
        grid.addWidget(self.overdue_panel, 1, 1)
        grid.setColumnStretch(0, 1)
        grid.setColumnStretch(1, 1)
        layout.addLayout(grid, 1)
        self.status = QLabel("", self)
        self.status.setProperty("role", "hint")
        layout.addWidget(self.status)

        self.period_box.currentIndexChanged.connect(self._preset_changed)
        self.from_edit.dateChanged.connect(self._custom_changed)
        self.to_edit.dateChanged.connect(self._custom_changed)
        self.field_box.currentIndexChanged.connect(lambda _i: self.load())
        self.refresh_button.clicked.connect(self.load)
        self.table_button.toggled.connect(self.show_tables)
        self.xlsx_button.clicked.connect(lambda: self.export("xlsx"))
        self.pdf_button.clicked.connect(lambda: self.export("pdf"))
        QShortcut(QKeySequence("F5"), self, self.load)
        QShortcut(QKeySequence("Ctrl+T"), self, lambda: self.table_button.toggle())
        QShortcut(QKeySequence("Ctrl+E"), self, lambda: self.export("xlsx"))
        QShortcut(QKeySequence("Ctrl+Shift+E"), self, lambda: self.export("pdf"))
        self.print_button.clicked.connect(self.print_report)
        QShortcut(QKeySequence("Ctrl+P"), self, self.print_report)
        self._loading = False
        self._suspend = True
        self._preset_changed(0)
        self._suspend = False
        self._load_fields()

    # --- filters ---------------------------------------------------------------------------------------------

    def today(self) -> date:
        """Today by the services' clock (the office clock; a test's fake one)."""
        if self._today is not None:
            return self._today
        return self._ops.now().date()

    def period(self) -> ReportPeriod:
        _, make = PRESETS[self.period_box.currentIndex()]
        if make is not None:
            return make(self.today())
        first, last = self.from_edit.date().toPython(), self.to_edit.date().toPython()
        return custom_period(first, last)

    def field_code(self) -> str | None:
        return self.field_box.currentData()

    def set_period(self, period: ReportPeriod) -> None:
        """Show `period` as a custom range (tests, and a report opened from elsewhere)."""
        self._suspend = True
        self.period_box.setCurrentIndex(len(PRESETS) - 1)
        self.from_edit.setDate(QDate(period.start.year, period.start.month, period.start.day))
        self.to_edit.setDate(QDate(period.end.year, period.end.month, period.end.day))
        self._suspend = False
        self._set_custom_enabled(True)
        self.load()

    def _set_custom_enabled(self, on: bool) -> None:
        for edit in (self.from_edit, self.to_edit):
            edit.setEnabled(on)

    def _preset_changed(self, index: int) -> None:
        _, make = PRESETS[index]
        custom = make is None
        self._set_custom_enabled(custom)
        if not custom:
            period = make(self.today())
            self._suspend, was = True, self._suspend
            self.from_edit.setDate(QDate(period.start.year, period.start.month, period.start.day))
            self.to_edit.setDate(QDate(period.end.year, period.end.month, period.end.day))
            self._suspend = was
        if not self._suspend:
            self.load()

    def _custom_changed(self, _value: QDate) -> None:
        if not self._suspend and PRESETS[self.period_box.currentIndex()][1] is None:
            self.load()

    def _load_fields(self) -> None:
        self._ops.report_fields().success(self._fields_loaded).failure(self._failed).run(self)

    def _fields_loaded(self, fields: list[tuple[str, str]]) -> None:
        self.field_box.blockSignals(True)
        for code, name in fields:
            self.field_box.addItem(name, code)
            self.field_box.setItemData(self.field_box.count() - 1, name, Qt.ItemDataRole.ToolTipRole)
        self.field_box.blockSignals(False)
        view = self.field_box.view()
        view.setMinimumWidth(view.sizeHintForColumn(0) + 2 * view.frameWidth() + 24)
        self.load()

    # --- size -------------------------------------------------------------------------------------------------

    MAX_SIZE = (1280, 820)
    SCREEN_MARGINS = (24, 56)  # room left for the window frame and title bar (not part of the dialog's size)

    def _fit_to_screen(self, parent: QWidget | None) -> None:
        """At most MAX_SIZE, and never larger than the screen's available area (a 1366×768 counter screen with
        its taskbar leaves about 1366×728)."""
        screen = (parent.screen() if parent is not None else None) or QGuiApplication.primaryScreen()
        width, height = self.MAX_SIZE
        if screen is not None:
            avail = screen.availableGeometry()
            width = min(width, avail.width() - self.SCREEN_MARGINS[0])
            height = min(height, avail.height() - self.SCREEN_MARGINS[1])
        fit_to_screen(self, max(width, 640), max(height, 480))

    def _fit_week_labels(self) -> None:
        """The week labels ("12/10") under every bar when they fit side by side, else under every second, third…
        bar, whole: never cut to "12/…". Runs whenever the chart's plot area changes (drawing, resizing)."""
        chart = self.received_panel.chart_view.chart()
        axes = chart.axes(Qt.Orientation.Horizontal) if chart is not None else []
        axis = next((a for a in axes if isinstance(a, QCategoryAxis)), None)
        labels = getattr(self, "_week_labels", [])
        if axis is None or not labels:
            return
        plot = chart.plotArea().width()
        if plot <= 0:  # not laid out yet: the view less the value axis
            plot = max(100.0, self.received_panel.chart_view.width() - 80.0)
        metrics = QFontMetrics(axis.labelsFont())
        room = max(metrics.horizontalAdvance(label) for label in labels) + 12  # Qt cuts a label with < ~2×4 px spare
        step = max(1, ceil(room / (plot / len(labels))))
        if step == self._week_step:
            return
        self._week_step = step
        for old in axis.categoriesLabels():
            axis.remove(old)
        seen: set[str] = set()
        for i in range(0, len(labels), step):
            if labels[i] not in seen:  # labels are the axis's keys (a period longer than a year repeats dates)
                seen.add(labels[i])
                axis.append(labels[i], i)

    # --- loading -----------------------------------------------------------------------------------------------

    def load(self) -> None:
        try:
            period = self.period()
        except PeriodError as exc:
            self._failed(exc)
            return
        self.status.setText(f"Đang tính số liệu {period.label}…")
        self._ops.dashboard(period, self.field_code()).success(self._loaded).failure(self._failed).run(self)

    def _failed(self, error: object) -> None:
        self.status.setText(f"Không lấy được số liệu: {error}")
        self.summary.setText(f"Không lấy được số liệu: {error}")
        self.sig_failed.emit(str(error))

    def _loaded(self, data) -> None:
        self.data = data
        report = data.report
        t = report.total
        field = self.field_box.currentText() if self.field_code() else "tất cả lĩnh vực"
        as_of = f", tính đến {report.as_of:%H:%M} ngày {report.as_of:%d/%m/%Y}" if report.as_of else ""
        share = (
            f"{100 * (t.resolved_early + t.resolved_on_time) / t.resolved_total:.1f}%".replace(".", ",")
            if t.resolved_total
            else "–"
        )
        self.summary.setText(
            f"<b>{report.period.label}</b> ({report.period.range_text()}{as_of}) — {field}: "
            f"nhận giải quyết <b>{_n(t.received_total)}</b> hồ sơ ({_n(t.received_online)} trực tuyến, "
            f"{_n(t.received_direct)} trực tiếp/bưu chính, {_n(t.carried_over)} từ kỳ trước); đã giải quyết "
            f"<b>{_n(t.resolved_total)}</b> ({_n(t.resolved_early)} trước hạn, {_n(t.resolved_on_time)} đúng hạn, "
            f"<span style='color:#cc0000'>{_n(t.resolved_late)} quá hạn</span>; đúng hạn và trước hạn {share}); "
            f"đang giải quyết <b>{_n(t.pending_total)}</b> ({_n(t.pending_within)} trong hạn, "
            f"<span style='color:#cc0000'>{_n(t.pending_overdue)} quá hạn</span>); "
            f"hướng dẫn <b>{_n(data.guidance)}</b> lượt người nộp thiếu giấy tờ (phiếu mẫu 02, không tiếp nhận)."
        )
        self._draw_received(data)
        self._draw_on_time(data)
        self._draw_pending(data)
        self._draw_overdue(data)
        self.status.setText(
            f"Số liệu lúc {data.now:%H:%M:%S %d/%m/%Y} ({data.seconds * 1000:.0f} ms). Bấm «Bảng số liệu» để xem các "
            "con số của từng biểu đồ."
        )
        self.sig_loaded.emit(data)

    # --- the panels ----------------------------------------------------------------------------------------------

    def _draw_received(self, data) -> None:
        weeks = data.weeks
        chart = _chart()
        series = QStackedBarSeries()
        for key, label in (("direct", "Trực tiếp"), ("postal", "Bưu chính công ích"), ("online", "Trực tuyến")):
            series.append(_bar_set(label, [getattr(w, key) for w in weeks], CHANNEL_COLORS[key]))
        series.setBarWidth(0.7)
        chart.addSeries(series)
        # Bar i stands at x = i; a category axis whose labels sit on the values puts "12/10" (day/month of the
        # week's first day) under its bar, for as many bars as there is room for (see _fit_week_labels).
        self._week_labels = [f"{w.first.day}/{w.first.month}" for w in weeks] or ["–"]
        self._week_step = 0
        categories = QCategoryAxis()
        categories.setLabelsPosition(QCategoryAxis.AxisLabelsPosition.AxisLabelsPositionOnValue)
        categories.setRange(-0.5, len(self._week_labels) - 0.5)
        categories.setStartValue(-0.5)
        categories.setGridLineVisible(False)
        axis = _value_axis(max((w.total for w in weeks), default=0))
        chart.addAxis(categories, Qt.AlignmentFlag.AlignBottom)
        chart.addAxis(axis, Qt.AlignmentFlag.AlignLeft)
        series.attachAxis(categories)
        series.attachAxis(axis)
        total = sum(w.total for w in weeks)
        chart.setTitle(f"{_n(total)} hồ sơ mới tiếp nhận trong kỳ (tuần bắt đầu từ ngày ghi dưới cột)")
        chart.plotAreaChanged.connect(lambda _area: self._fit_week_labels())  # once laid out, and on every resize
        self.received_panel.set_chart(chart)
        self._fit_week_labels()
        rows = [[w.label, w.direct, w.postal, w.online, w.total] for w in weeks]
        rows.append(
            ["Cộng", sum(w.direct for w in weeks), sum(w.postal for w in weeks), sum(w.online for w in weeks), total]
        )
        self.received_panel.set_table(["Tuần", "Trực tiếp", "Bưu chính", "Trực tuyến", "Tổng"], rows)

    def _draw_on_time(self, data) -> None:
        rows = [r for r in data.fields if r.resolved_total]
        chart = _chart()
        if rows:
            series = QHorizontalPercentBarSeries()
            for key, label in (("early", "Trước hạn"), ("on_time", "Đúng hạn"), ("late", "Quá hạn")):
                series.append(
                    _bar_set(label, [getattr(r, f"resolved_{key}") for r in reversed(rows)], TIMELINESS_COLORS[key])
                )
            series.setBarWidth(0.6)
            chart.addSeries(series)
            categories = QBarCategoryAxis()
            categories.append(
                [
                    f"{100 * (r.resolved_early + r.resolved_on_time) / r.resolved_total:.0f}% · {_short(r.label, 30)}"
                    for r in reversed(rows)
                ]
            )
            axis = _value_axis(100, percent=True)
            chart.addAxis(categories, Qt.AlignmentFlag.AlignLeft)
            chart.addAxis(axis, Qt.AlignmentFlag.AlignBottom)
            series.attachAxis(categories)
            series.attachAxis(axis)
            chart.setTitle("Trước mỗi lĩnh vực: tỷ lệ giải quyết trước hạn và đúng hạn")
        else:
            chart.setTitle("Chưa có hồ sơ nào được giải quyết trong kỳ")
        self.on_time_panel.set_chart(chart)
        table = []
        for r in data.fields:
            share = (
                f"{100 * (r.resolved_early + r.resolved_on_time) / r.resolved_total:.1f}%".replace(".", ",")
                if r.resolved_total
                else "–"
            )
            table.append([r.label, r.resolved_total, r.resolved_early, r.resolved_on_time, r.resolved_late, share])
        self.on_time_panel.set_table(
            ["Lĩnh vực", "Đã giải quyết", "Trước hạn", "Đúng hạn", "Quá hạn", "Tỷ lệ đúng hạn"], table
        )

    def _draw_pending(self, data) -> None:
        buckets = list(data.buckets)
        chart = _chart()
        series = QStackedBarSeries()
        for i, (label, count) in enumerate(buckets):
            values = [0.0] * len(buckets)
            values[i] = float(count)
            bar = _bar_set(label, values, BUCKET_COLORS[i % len(BUCKET_COLORS)])
            bar.setBorderColor(QColor(Qt.GlobalColor.transparent))  # the empty bars of the other buckets stay unseen
            bar.setLabelColor(QColor("#000000"))
            series.append(bar)
        series.setBarWidth(0.75)
        series.setLabelsVisible(True)
        series.setLabelsFormat("@value")
        chart.addSeries(series)
        categories = QBarCategoryAxis()
        categories.append([BUCKET_SHORT.get(label, label) for label, _ in buckets])
        small = categories.labelsFont()
        small.setPointSizeF(max(7.0, small.pointSizeF() - 1))
        categories.setLabelsFont(small)
        categories.setTitleText("Số ngày làm việc còn lại đến hạn trả")
        axis = _value_axis(max((c for _, c in buckets), default=0) * 1.15)
        chart.addAxis(categories, Qt.AlignmentFlag.AlignBottom)
        chart.addAxis(axis, Qt.AlignmentFlag.AlignLeft)
        series.attachAxis(categories)
        series.attachAxis(axis)
        chart.legend().setVisible(False)
        chart.setTitle(f"{_n(data.pending_now)} hồ sơ đang giải quyết lúc {data.now:%H:%M %d/%m/%Y}")
        self.pending_panel.set_chart(chart)
        self.pending_panel.set_table(["Số ngày làm việc còn lại", "Số hồ sơ"], [*buckets, ("Cộng", data.pending_now)])

    def _draw_overdue(self, data) -> None:
        items = data.overdue
        shown = f" (liệt kê {_n(len(items))} hồ sơ quá hạn lâu nhất)" if len(items) < data.overdue_now else ""
        self.overdue_panel.title.setText(
            f"Hồ sơ quá hạn hiện tại: {_n(data.overdue_now)}" + (" (chưa có hồ sơ nào quá hạn)" if not items else shown)
        )
        rows = [
            [
                p.code,
                f"{p.due_at:%d/%m/%Y %H:%M}",
                p.days_overdue,
                p.applicant_name,
                p.procedure_name,
                p.location + (" — chờ bổ sung" if p.paused else ""),
                p.field_name,
            ]
            for p in items[:500]
        ]
        self.overdue_panel.set_table(
            ["Mã hồ sơ", "Hẹn trả", "Quá (ngày)", "Người nộp", "Thủ tục", "Đang ở", "Lĩnh vực"], rows, numeric_from=2
        )
        table = self.overdue_panel.table
        table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        table.resizeColumnsToContents()
        for column, width in ((4, 260), (5, 200), (6, 200)):
            table.setColumnWidth(column, min(width, table.columnWidth(column)))
        for r in range(table.rowCount()):
            item = table.item(r, 4)
            item.setToolTip(item.text())

    def show_tables(self, on: bool) -> None:
        """Every chart's numbers in place of the chart (Ctrl+T), or the charts back."""
        self.table_button.setChecked(on)
        for panel in (self.received_panel, self.on_time_panel, self.pending_panel):
            panel.show_table(on)

    # --- export ------------------------------------------------------------------------------------------------

    def _ask_save_path(self, suggested: str, fmt: str) -> str:
        filters = {"xlsx": "Bảng tính Excel (*.xlsx)", "pdf": "Tệp PDF (*.pdf)"}
        path, _ = QFileDialog.getSaveFileName(self, "Lưu báo cáo Biểu 06", suggested, filters[fmt])
        return path

    def export(self, fmt: str) -> None:
        try:
            period = self.period()
        except PeriodError as exc:
            self._failed(exc)
            return
        path = self._save_path(f"Bieu06_{period.code.replace('..', '_')}.{fmt}", fmt)
        if not path:
            return
        if not path.lower().endswith(f".{fmt}"):
            path += f".{fmt}"
        self.status.setText(f"Đang lập báo cáo {period.label}…")

        def done(result) -> None:
            _report, data = result
            try:
                target = Path(path)
                tmp = target.with_name(target.name + ".part")
                tmp.write_bytes(data)
                tmp.replace(target)
            except OSError as exc:
                QMessageBox.warning(self, "Không lưu được báo cáo", f"Không ghi được tệp {path}:\n{exc}")
                return
            self.status.setText(f"Đã lưu báo cáo {period.label} vào {path}.")
            self.sig_exported.emit(path)

        self._ops.export_report(period, fmt).success(done).failure(self._export_failed).run(self)

    def print_report(self) -> None:
        """Biểu 06 of the period on the report printer (printing.report_printer), one-off: no preview."""
        try:
            period = self.period()
        except PeriodError as exc:
            self._failed(exc)
            return
        self.status.setText(f"Đang lập báo cáo {period.label} để in…")

        def done(job: Printable) -> None:
            from counter_app.gui import printing

            folder = job.folder if job.folder is not None else printing.receipts_folder().parent
            try:
                printer = printing.printer_for(
                    job.printer,
                    f"Bieu06_{period.code.replace('..', '_')}",
                    kind="report",
                    folder=folder / printing.PDF_SUBFOLDERS["report"],
                )
                printer.setDocName(f"Biểu 06 {period.label}")
                printing.print_pdf(job.pdf, printer)
            except printing.PrintError as exc:
                self._export_failed(exc)
                return
            self.status.setText(f"Đã gửi báo cáo {period.label} tới {printing.describe_target(printer)}.")

        self._ops.report_for_printing(period).success(done).failure(self._export_failed).run(self)

    def _export_failed(self, error: object) -> None:
        self.status.setText(f"Không lập được báo cáo: {error}")
        QMessageBox.warning(self, "Không lập được báo cáo", str(error))


def open_dashboard(parent: QWidget | None, ops: Operations) -> DashboardDialog:
    """Open the supervisor's dashboard (non-modal, deleted when closed)."""
    dialog = DashboardDialog(ops, parent)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog._fit_to_screen(parent)  # again, now that the panels are laid out (a small screen: they scroll)
    dialog.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
    dialog.show()
    return dialog


__all__ = ["ChartPanel", "DashboardDialog", "PRESETS", "open_dashboard"]
