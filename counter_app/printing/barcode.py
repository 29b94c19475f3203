"""Code128 barcodes drawn as vector rectangles on a reportlab canvas.

python-barcode computes the module pattern (a string of '1' = bar, '0' = space); we draw each run of bars
as one filled rectangle in a single path. This is several times faster than its PNG writer and prints
sharp at any resolution. (Do not route python-barcode's SVG through QtSvg: it mis-scales mm units.)
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

from reportlab.lib.units import mm
from reportlab.platypus import Flowable

from counter_app.printing.fonts import register_fonts

DEFAULT_MODULE_WIDTH = 0.33 * mm
MIN_MODULE_WIDTH = 0.25 * mm  # below this a 300 dpi print gets too few dots per module
DEFAULT_BAR_HEIGHT = 13 * mm
QUIET_ZONE_MODULES = 10  # Code128 asks for at least 10 modules of white on each side
TEXT_GAP = 1.0 * mm


@lru_cache(maxsize=8)  # the codes of the document being rendered (asked again while it is fitted and drawn)
def code128_modules(code: str) -> str:
    """The Code128 module pattern of ``code`` ('1' bar, '0' space), without quiet zones.

    Raises ValueError for an empty code or characters Code128 cannot carry (non-ASCII).
    """
    if not code:
        raise ValueError("barcode: empty code")
    if not code.isascii() or not code.isprintable():
        raise ValueError(f"barcode: Code128 carries printable ASCII only, got {code!r}")
    import barcode  # python-barcode; imported lazily, it is only needed here

    pattern = barcode.get_barcode_class("code128")(code).build()[0]
    return pattern


def _bar_runs(pattern: str) -> list[tuple[int, int]]:
    """(start module, run length) of every bar."""
    runs: list[tuple[int, int]] = []
    start = -1
    for i, ch in enumerate(pattern):
        if ch == "1":
            if start < 0:
                start = i
        elif start >= 0:
            runs.append((start, i - start))
            start = -1
    if start >= 0:
        runs.append((start, len(pattern) - start))
    return runs


@lru_cache(maxsize=8)  # the codes of the document being rendered (asked again while it is fitted and drawn)
def _cached_runs(code: str) -> tuple[int, tuple[tuple[int, int], ...]]:
    pattern = code128_modules(code)
    return len(pattern), tuple(_bar_runs(pattern))


def _fill_cells(
    canvas, x: float, y: float, cell_w: float, cell_h: float, cells: Iterable[tuple[int, int, int]]
) -> None:
    """Fill in black the runs of cells (column, row from the bottom, length in cells) of a grid whose cells are
    `cell_w` × `cell_h` points, its lower-left corner at (x, y): one path in the grid's own units (a transform,
    then whole numbers), written in one go rather than number by number through reportlab's path object. A
    receipt's QR and bars are ~700 rectangles: this is a third of the page's content and of its compression."""
    ops = "\n".join(f"{c} {r} {n} 1 re" for c, r, n in cells)
    if not ops:
        return
    canvas.saveState()
    canvas.setFillColorRGB(0, 0, 0)
    canvas.transform(cell_w, 0, 0, cell_h, x, y)
    canvas.addLiteral(f"{ops}\nf")
    canvas.restoreState()


def code128_size(
    code: str,
    *,
    module_width: float = DEFAULT_MODULE_WIDTH,
    bar_height: float = DEFAULT_BAR_HEIGHT,
    quiet_zone_modules: int = QUIET_ZONE_MODULES,
    font_size: float | None = 8.0,
) -> tuple[float, float]:
    """(width, height) in points of what draw_code128 draws, quiet zones and text included."""
    n_modules, _ = _cached_runs(code)
    width = (n_modules + 2 * quiet_zone_modules) * module_width
    height = bar_height + (TEXT_GAP + font_size if font_size else 0.0)
    return width, height


def draw_code128(
    canvas,
    x: float,
    y: float,
    code: str,
    *,
    module_width: float = DEFAULT_MODULE_WIDTH,
    bar_height: float = DEFAULT_BAR_HEIGHT,
    quiet_zone_modules: int = QUIET_ZONE_MODULES,
    font_name: str | None = None,
    font_size: float | None = 8.0,
) -> tuple[float, float]:
    """Draw ``code`` with its lower-left corner (quiet zone and text included) at (x, y).

    The human-readable code is centred under the bars when ``font_size`` is set (None: bars only).
    Returns (width, height) drawn, as code128_size.
    """
    n_modules, runs = _cached_runs(code)
    width = (n_modules + 2 * quiet_zone_modules) * module_width
    text_h = (TEXT_GAP + font_size) if font_size else 0.0
    bars_x = x + quiet_zone_modules * module_width
    bars_y = y + text_h

    _fill_cells(canvas, bars_x, bars_y, module_width, bar_height, ((start, 0, length) for start, length in runs))
    if font_size:
        face = font_name or register_fonts().regular
        # Descenders are rare in codes; place the baseline a little above the bottom edge.
        canvas.saveState()
        canvas.setFillColorRGB(0, 0, 0)
        canvas.setFont(face, font_size)
        canvas.drawCentredString(x + width / 2, y + 0.2 * font_size, code)
        canvas.restoreState()
    return width, bar_height + text_h


class Code128Flowable(Flowable):
    """A Code128 barcode for platypus stories.

    If the available width is too narrow, the module width shrinks down to MIN_MODULE_WIDTH; below that
    the barcode is drawn at MIN_MODULE_WIDTH and may overrun (a code that long does not belong on a slip).
    """

    def __init__(
        self,
        code: str,
        *,
        module_width: float = DEFAULT_MODULE_WIDTH,
        bar_height: float = DEFAULT_BAR_HEIGHT,
        quiet_zone_modules: int = QUIET_ZONE_MODULES,
        font_name: str | None = None,
        font_size: float | None = 8.0,
        h_align: str = "CENTER",
    ) -> None:
        super().__init__()
        code128_modules(code)  # validate now, not in the middle of a build
        self.code = code
        self.module_width = module_width
        self.bar_height = bar_height
        self.quiet_zone_modules = quiet_zone_modules
        self.font_name = font_name
        self.font_size = font_size
        self.hAlign = h_align
        self._used_module = module_width

    def _size(self, module_width: float) -> tuple[float, float]:
        return code128_size(
            self.code,
            module_width=module_width,
            bar_height=self.bar_height,
            quiet_zone_modules=self.quiet_zone_modules,
            font_size=self.font_size,
        )

    def wrap(self, availWidth, availHeight):
        module = self.module_width
        width, height = self._size(module)
        if width > availWidth:
            n_total = width / module
            module = max(MIN_MODULE_WIDTH, availWidth / n_total)
            width, height = self._size(module)
        self._used_module = module
        self.width, self.height = width, height
        return width, height

    def draw(self) -> None:
        draw_code128(
            self.canv,
            0,
            0,
            self.code,
            module_width=self._used_module,
            bar_height=self.bar_height,
            quiet_zone_modules=self.quiet_zone_modules,
            font_name=self.font_name,
            font_size=self.font_size,
        )


# --- QR (the signed slip code, domain/slip_code.py) ---------------------------------------------------------

QR_QUIET_MODULES = 4  # the QR standard's quiet zone
_DARK_RUN = re.compile(rb"\x01+")
DEFAULT_QR_MODULE = 0.33 * mm


@lru_cache(maxsize=8)  # the texts of the document being rendered (asked again while it is fitted and drawn)
def qr_modules(text: str) -> tuple[tuple[bool, ...], ...]:
    """The QR matrix of `text` (error correction M, the smallest version that holds it, the mask the standard's
    penalty rules choose; printing/qr.py), row by row from the top. Raises ValueError for an empty text."""
    from counter_app.printing.qr import qr_matrix

    return qr_matrix(text)


def qr_size(text: str, module: float = DEFAULT_QR_MODULE) -> float:
    """The side, in points, of what draw_qr draws (quiet zone included)."""
    return (len(qr_modules(text)) + 2 * QR_QUIET_MODULES) * module


def draw_qr(canvas, x: float, y: float, text: str, module: float = DEFAULT_QR_MODULE) -> float:
    """Draw the QR of `text` as vector squares (one path, runs of dark modules merged) with its lower-left corner,
    quiet zone included, at (x, y). Returns the side drawn."""
    rows = qr_modules(text)
    n = len(rows)
    side = (n + 2 * QR_QUIET_MODULES) * module
    quiet = QR_QUIET_MODULES * module
    _fill_cells(
        canvas,
        x + quiet,
        y + quiet,
        module,
        module,
        (
            (run.start(), n - 1 - r, run.end() - run.start())
            for r, row in enumerate(rows)
            for run in _DARK_RUN.finditer(bytes(row))  # bools as bytes: 1 dark, 0 light
        ),
    )
    return side


class QrFlowable(Flowable):
    """A QR code for platypus stories, `module` points per module (quiet zone included in its size)."""

    def __init__(self, text: str, *, module: float = DEFAULT_QR_MODULE, h_align: str = "CENTER") -> None:
        super().__init__()
        qr_modules(text)  # validate now, not in the middle of a build
        self.text = text
        self.module = module
        self.hAlign = h_align

    def wrap(self, availWidth, availHeight):
        side = qr_size(self.text, self.module)
        self.width = self.height = side
        return side, side

    def draw(self) -> None:
        draw_qr(self.canv, 0, 0, self.text, self.module)
