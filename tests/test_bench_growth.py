"""The growth chart of `./dev bench --chart` (benchmarks/growth.py): one PNG, each path a line over the sizes."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtGui import QColor, QImage

from benchmarks import growth
from benchmarks.counter import Row


def test_rows_of_every_size_become_one_chart(qapp, tmp_path: Path):
    rows = [
        Row("10,000", "look-up by code (median)", 0.2, 0.5, 0.01),
        Row("100,000", "look-up by code (median)", 0.25, 0.5, 0.01),
        Row("100,000", "intake commit + receipt PDF (p95)", 9.0, 10.0, 3.0),
        Row("10,000", "intake commit + receipt PDF (p95)", 8.0, 10.0, 3.0),
        Row("100,000", "  for comparison: one naive SQL pass", 170.0, 130.0, 2.0),  # not a path of the chart
    ]
    figures = growth.figures_from_rows(rows)
    assert figures == {
        "look-up by code (median)": {10_000: 0.2, 100_000: 0.25},
        "intake commit + receipt PDF (p95)": {10_000: 8.0, 100_000: 9.0},
    }
    target = growth.draw(figures, tmp_path / "growth.png", "test")
    image = QImage(str(target))
    assert (image.width(), image.height()) == (growth.WIDTH, growth.HEIGHT)
    colours = {image.pixelColor(x, y).name() for x in range(0, image.width(), 2) for y in range(0, image.height(), 2)}
    for index in range(len(figures)):  # each path drawn in its own colour
        assert QColor(growth.COLOURS[index]).name() in colours
