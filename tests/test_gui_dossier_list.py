"""The dossier list model against a realistic store of 100,000 dossiers (benchmarks.generate), under pytest-qt.

The store is generated once per test session into a temporary folder (about 20 s here: the same raw-SQL
generator the benchmarks use; the FTS5 index is filled by the migration's triggers as the rows go in). Timing is
not asserted — that is benchmarks/counter.py's job — only that the model fetches lazily, filters, colours and
masks, and that the search goes through the index at this size.
"""

from __future__ import annotations

import re
import time
from datetime import datetime

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QTableView

from counter_app.domain.calendar import OFFICE_TZ
from counter_app.domain.text import fold_for_search
from counter_app.gui.dossier_list import COLUMN_KEYS, DossierListModel
from counter_app.services.dossier_list import DossierFilter, DueFilter

pytestmark = [pytest.mark.gui, pytest.mark.slow]  # the 100k store takes 20–35 s to generate

SIZE = 100_000
# The generator's history ends on Tuesday 24/11/2026: look at it that morning, with dossiers still open.
NOW = datetime(2026, 11, 24, 10, 0, tzinfo=OFFICE_TZ)
MASKED = re.compile(r"^•{8}\d{4}$")


@pytest.fixture(scope="session")
def big_store(tmp_path_factory):
    from benchmarks.generate import generate

    folder = tmp_path_factory.mktemp("store-100k")
    started = time.perf_counter()
    generate(folder, SIZE)
    print(f"generated {SIZE:,} dossiers in {time.perf_counter() - started:.1f} s")
    return folder


@pytest.fixture
def big(big_store):
    from counter_app.services.app import open_services

    app = open_services(big_store, check_integrity=False, load_demo=False, clock=lambda: NOW)
    yield app
    app.close()


def display(model: DossierListModel, row: int, key: str) -> str:
    return model.data(model.index(row, COLUMN_KEYS.index(key)))


def test_rows_arrive_a_page_at_a_time(qtbot, big):
    listing = big.dossier_list
    model = DossierListModel(listing.page, page_size=200)
    assert model.rowCount() == 0 and model.canFetchMore()
    model.fetchMore()
    assert model.rowCount() == 200
    model.fetchMore()
    assert model.rowCount() == 400
    codes = model.codes()
    assert len(set(codes)) == 400
    received = [model.summary(i).received_at for i in range(400)]
    assert received == sorted(received, reverse=True)  # newest first, continuous across the page boundary
    assert listing.count() == SIZE


def test_a_view_fetches_more_as_it_scrolls(qtbot, big):
    model = DossierListModel(big.dossier_list.page, page_size=200)
    view = QTableView()
    qtbot.addWidget(view)
    view.setModel(model)
    view.resize(900, 500)
    view.show()
    qtbot.waitExposed(view)
    qtbot.waitUntil(lambda: model.rowCount() >= 200)
    first = model.rowCount()
    for _ in range(5):
        view.scrollToBottom()
        qtbot.wait(20)
    qtbot.waitUntil(lambda: model.rowCount() > first)
    assert model.rowCount() < SIZE  # lazily: never the whole store


def test_the_model_stops_at_its_cap(qtbot, big):
    model = DossierListModel(big.dossier_list.page, page_size=250, max_rows=1000)
    while model.canFetchMore():
        model.fetchMore()
    assert model.rowCount() == 1000
    assert model.capped and not model.exhausted


def test_filter_changes_rows_and_counts(qtbot, big):
    listing = big.dossier_list
    model = DossierListModel(listing.page)
    open_only = DossierFilter(status="received")
    model.set_filter(open_only)
    assert model.rowCount() == 0
    model.fetchMore()
    assert model.rowCount() > 0
    assert {model.summary(i).status for i in range(model.rowCount())} == {"received"}
    total, open_count = listing.count(), listing.count(open_only)
    assert 0 < open_count < total
    postal = DossierFilter(channel="postal")
    model.set_filter(postal)
    model.fetchMore()
    assert {display(model, i, "status") for i in range(model.rowCount())} >= {"Đã trả kết quả"}
    assert 0 < listing.count(postal) < total
    overdue = DossierFilter(due=DueFilter.OVERDUE)
    model.set_filter(overdue)
    while model.canFetchMore():
        model.fetchMore()
    assert model.rowCount() == listing.count(overdue) > 0
    status = COLUMN_KEYS.index("status")
    for i in range(model.rowCount()):
        assert model.summary(i).urgency == "overdue"
        assert model.data(model.index(i, status), Qt.ItemDataRole.BackgroundRole) is not None
        assert display(model, i, "status").endswith("Quá hạn")


def test_personal_numbers_are_masked(qtbot, big):
    model = DossierListModel(big.dossier_list.page)
    model.fetchMore()
    for row in range(model.rowCount()):
        assert MASKED.match(display(model, row, "id_number"))
        for key in COLUMN_KEYS:
            assert not re.search(r"\d{12}", display(model, row, key) or "")


def test_search_at_100k_goes_through_the_index(big):
    search = big.search
    rows = search.search("nguyen thi huong")
    assert len(rows) == 50
    for row in rows:
        assert {"nguyen", "thi", "huong"} <= set(fold_for_search(row.applicant_name).split())
    assert all("đặng" in r.applicant_name.lower() for r in search.search("dang"))
    code = rows[0].code
    assert search.search(code)[0].code == code
    for plan in search.query_plans("nguyen thi huong"):
        assert any("dossier_search VIRTUAL TABLE" in step for step in plan)
        assert not any(step.startswith("SCAN d ") or step == "SCAN dossiers" for step in plan)


def test_the_filter_bar_is_tabbed_through_as_it_reads(qtbot):
    """Three rows (the procedure on its own): Tab goes row by row and "Bỏ lọc" comes last, whatever the grid."""
    from datetime import date

    from PySide6.QtWidgets import QApplication, QWidget

    from counter_app.gui.dossier_list import FilterBar

    host = QWidget()
    qtbot.addWidget(host)
    bar = FilterBar(host, today=date(2026, 11, 25))
    bar.received_on.setChecked(True)  # the dates take part in the chain only when the box is ticked
    host.show()
    qtbot.waitExposed(host)
    host.activateWindow()
    qtbot.waitUntil(host.isActiveWindow)
    bar.status.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is bar.status)
    seen = [bar.status]
    for _ in range(16):
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        seen.append(QApplication.focusWidget())
    expected = [bar.status, bar.field, bar.channel, bar.procedure, bar.received_on, bar.received_from]
    expected += [bar.received_to, bar.due, bar.clear_button]
    # the day count is enabled only for "due within N days"; Tab walks a date's day, month and year first
    owners = [next((w for w in expected if w is f or w.isAncestorOf(f)), f) for f in seen]
    walked = [w for i, w in enumerate(owners) if i == 0 or w is not owners[i - 1]]
    assert walked[: len(expected)] == expected
