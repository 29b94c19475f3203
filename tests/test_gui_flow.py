"""gui/flow.FlowLayout: the dossier window's steps wrap onto the next line rather than widen the window past the
screen, each button whole, none over another."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QPushButton, QWidget

from counter_app.gui.flow import FlowLayout

pytestmark = pytest.mark.gui

LABELS = ["Chuyển giải quyết…", "Yêu cầu bổ sung…", "Từ chối…", "Lập văn bản xin lỗi, hẹn lại…", "Có kết quả…"]


def _rows(buttons: list[QPushButton]) -> list[list[str]]:
    rows: dict[int, list[str]] = {}
    for button in sorted(buttons, key=lambda b: (b.y(), b.x())):
        rows.setdefault(button.y(), []).append(button.text())
    return list(rows.values())


def test_buttons_wrap_at_a_narrow_width_and_stay_on_one_line_at_a_wide_one(qtbot):
    holder = QWidget()
    qtbot.addWidget(holder)
    flow = FlowLayout(holder)
    buttons = [QPushButton(text) for text in LABELS]
    for button in buttons:
        flow.addWidget(button)
    one_line = flow.sizeHint().width()
    assert one_line >= sum(b.sizeHint().width() for b in buttons)  # the wish: all on one line
    assert flow.minimumSize().width() == max(b.minimumSizeHint().width() for b in buttons)  # a button never cut
    holder.resize(one_line, flow.heightForWidth(one_line))
    holder.show()
    qtbot.waitUntil(lambda: all(b.isVisible() for b in buttons))
    assert _rows(buttons) == [LABELS]
    narrow = one_line // 2
    assert flow.heightForWidth(narrow) > flow.heightForWidth(one_line)  # more lines, taller
    holder.resize(narrow, flow.heightForWidth(narrow))
    qtbot.waitUntil(lambda: len(_rows(buttons)) > 1)
    assert [t for row in _rows(buttons) for t in row] == LABELS  # the same order, line after line
    for button in buttons:  # each whole, inside the holder, none over another
        assert button.width() >= button.sizeHint().width() and holder.rect().contains(button.geometry())
        assert not any(button.geometry().intersects(o.geometry()) for o in buttons if o is not button)
    buttons[1].hide()  # a step not offered: no gap where it was
    holder.resize(one_line, flow.heightForWidth(one_line))
    qtbot.waitUntil(lambda: len(_rows([b for b in buttons if b.isVisible()])) == 1)
    assert buttons[2].x() == buttons[0].geometry().right() + 1 + 6  # where the hidden one was, one spacing on
