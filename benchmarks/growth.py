"""How the station's paths grow with the store: one PNG (docs/growth.png), drawn with Qt's QPainter.

`python -m benchmarks --sizes 10000,100000,1000000,5000000 --chart` measures every size and draws each path's
figure against the store's size, both axes logarithmic: a flat line costs the same at every size, a line rising
with the dossiers is linear (one decade up per decade right). matplotlib is not a dependency; Qt is already here.
"""

from __future__ import annotations

import math
import os
from collections.abc import Mapping, Sequence
from pathlib import Path

# The paths drawn, by the measure names of benchmarks/counter.py.
PATHS = (
    "look-up by code (median)",
    "search top 50: all kinds (p95)",
    "list page of 100, no filter (median)",
    "list page of 100, overdue (median)",
    "list count, no filter (worker, median)",
    "today's counts, side panel (worker, median)",
    "quarterly report 2026-Q3 (median)",
    "intake commit + receipt PDF (p95)",
)
COLOURS = ("#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#8c564b", "#e377c2", "#ff7f0e", "#17becf")
WIDTH, HEIGHT = 1100, 640
LEFT, RIGHT, TOP, BOTTOM = 80, 360, 50, 60


def _log_ticks(low: float, high: float) -> list[float]:
    return [10.0**e for e in range(math.floor(math.log10(low)), math.ceil(math.log10(high)) + 1)]


def draw(figures: Mapping[str, Mapping[int, float]], target: Path, title: str) -> Path:
    """`figures`: path name → {store size: ms}. Writes the PNG at `target` and returns it."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QPointF, QRectF, Qt
    from PySide6.QtGui import QColor, QFont, QImage, QPainter, QPainterPath, QPen
    from PySide6.QtWidgets import QApplication

    # Fonts need a GUI application; a widgets one, so that widgets made later in the same process still work.
    _app = QApplication.instance() or QApplication([])
    sizes = sorted({size for by_size in figures.values() for size in by_size})
    values = [v for by_size in figures.values() for v in by_size.values() if v > 0]
    if not sizes or not values:
        raise ValueError("nothing to draw")
    x_ticks = _log_ticks(min(sizes), max(sizes))
    y_ticks = _log_ticks(min(values), max(values))
    x_lo, x_hi = math.log10(x_ticks[0]), math.log10(x_ticks[-1])
    y_lo, y_hi = math.log10(y_ticks[0]), math.log10(y_ticks[-1])
    x_hi = x_hi if x_hi > x_lo else x_lo + 1
    y_hi = y_hi if y_hi > y_lo else y_lo + 1
    plot = QRectF(LEFT, TOP, WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM)

    def point(size: float, ms: float) -> QPointF:
        x = plot.left() + (math.log10(size) - x_lo) / (x_hi - x_lo) * plot.width()
        y = plot.bottom() - (math.log10(ms) - y_lo) / (y_hi - y_lo) * plot.height()
        return QPointF(x, y)

    image = QImage(WIDTH, HEIGHT, QImage.Format.Format_RGB32)
    image.fill(QColor("white"))
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    font = QFont("DejaVu Sans", 9)
    painter.setFont(font)
    grid = QPen(QColor("#dddddd"))
    for tick in x_ticks:
        p = point(tick, y_ticks[0])
        painter.setPen(grid)
        painter.drawLine(QPointF(p.x(), plot.top()), QPointF(p.x(), plot.bottom()))
        painter.setPen(QColor("black"))
        label = f"{tick:,.0f}"
        painter.drawText(QRectF(p.x() - 50, plot.bottom() + 4, 100, 16), Qt.AlignmentFlag.AlignCenter, label)
    for tick in y_ticks:
        p = point(x_ticks[0], tick)
        painter.setPen(grid)
        painter.drawLine(QPointF(plot.left(), p.y()), QPointF(plot.right(), p.y()))
        painter.setPen(QColor("black"))
        label = f"{tick:g} ms"
        painter.drawText(QRectF(0, p.y() - 8, LEFT - 6, 16), Qt.AlignmentFlag.AlignRight, label)
    painter.setPen(QPen(QColor("black"), 1))
    painter.drawRect(plot)
    painter.drawText(
        QRectF(plot.left(), plot.bottom() + 24, plot.width(), 18),
        Qt.AlignmentFlag.AlignCenter,
        "dossiers in the store (log)",
    )
    title_font = QFont(font)
    title_font.setPointSize(11)
    title_font.setBold(True)
    painter.setFont(title_font)
    painter.drawText(QRectF(0, 8, WIDTH, 24), Qt.AlignmentFlag.AlignCenter, title)
    painter.setFont(font)

    legend_y = TOP
    for index, (name, by_size) in enumerate(figures.items()):
        colour = QColor(COLOURS[index % len(COLOURS)])
        points = [point(size, ms) for size, ms in sorted(by_size.items()) if ms > 0]
        pen = QPen(colour, 2)
        painter.setPen(pen)
        if len(points) > 1:
            path = QPainterPath(points[0])
            for p in points[1:]:
                path.lineTo(p)
            painter.drawPath(path)
        painter.setBrush(colour)
        for p in points:
            painter.drawEllipse(p, 3.5, 3.5)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawLine(QPointF(WIDTH - RIGHT + 16, legend_y + 8), QPointF(WIDTH - RIGHT + 40, legend_y + 8))
        painter.setPen(QColor("black"))
        painter.drawText(QRectF(WIDTH - RIGHT + 46, legend_y, RIGHT - 50, 16), Qt.AlignmentFlag.AlignLeft, name)
        legend_y += 22
    painter.end()
    target.parent.mkdir(parents=True, exist_ok=True)
    if not image.save(str(target), "PNG"):
        raise OSError(f"could not write {target}")
    return target


def figures_from_rows(rows: Sequence) -> dict[str, dict[int, float]]:
    """Row objects of benchmarks/counter.py (size label "1,000,000") → the chart's figures for PATHS."""
    out: dict[str, dict[int, float]] = {}
    for row in rows:
        name = row.measure.strip()
        if name in PATHS:
            out.setdefault(name, {})[int(row.size.replace(",", ""))] = row.value_ms
    return {name: out[name] for name in PATHS if name in out}
