"""Code128 drawn as vector rectangles: pattern, geometry, and a real decode with zbarimg."""

from __future__ import annotations

import io
import shutil
import subprocess

import pytest
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from counter_app.printing.barcode import (
    DEFAULT_MODULE_WIDTH,
    MIN_MODULE_WIDTH,
    QUIET_ZONE_MODULES,
    Code128Flowable,
    code128_modules,
    code128_size,
    draw_code128,
)

STOP = "1100011101011"  # Code128 stop pattern with its final bar


def test_pattern_is_modules_with_start_and_stop():
    pattern = code128_modules("H61.22-261125-1001")
    assert set(pattern) == {"0", "1"}
    assert pattern.startswith("11010")  # every Code128 start symbol begins 11010
    assert pattern.endswith(STOP)


@pytest.mark.parametrize("bad", ["", "Hồ sơ", "tab\there"])
def test_bad_codes_are_refused(bad):
    with pytest.raises(ValueError):
        code128_modules(bad)


def test_size_counts_quiet_zones_and_text():
    code = "H61.22-261125-1001"
    n = len(code128_modules(code))
    width, height = code128_size(code, bar_height=12 * mm, font_size=None)
    assert width == pytest.approx((n + 2 * QUIET_ZONE_MODULES) * DEFAULT_MODULE_WIDTH)
    assert height == pytest.approx(12 * mm)
    _, with_text = code128_size(code, bar_height=12 * mm, font_size=8)
    assert with_text > height


def test_flowable_shrinks_to_fit_but_not_below_minimum():
    flow = Code128Flowable("000.00.15.H61-210615-0001")
    natural, _ = flow.wrap(1000, 1000)
    narrow, _ = flow.wrap(natural * 0.9, 1000)
    assert narrow == pytest.approx(natural * 0.9)
    tiny, _ = flow.wrap(10, 1000)
    n_total = natural / DEFAULT_MODULE_WIDTH
    assert tiny == pytest.approx(n_total * MIN_MODULE_WIDTH)


@pytest.mark.parametrize("code", ["H61.22-261125-1001", "000.00.15.H61-210615-0001", "A-1"])
def test_drawn_barcode_decodes(code, tmp_path):
    pdftoppm, zbarimg = shutil.which("pdftoppm"), shutil.which("zbarimg")
    if not pdftoppm or not zbarimg:
        pytest.skip("pdftoppm (poppler-utils) and zbarimg (zbar-tools) are needed")
    buf = io.BytesIO()
    canvas = Canvas(buf, pagesize=(120 * mm, 40 * mm))
    width, height = draw_code128(canvas, 5 * mm, 5 * mm, code, bar_height=13 * mm)
    assert width < 110 * mm and height > 13 * mm
    canvas.showPage()
    canvas.save()
    pdf = tmp_path / "bc.pdf"
    pdf.write_bytes(buf.getvalue())
    subprocess.run([pdftoppm, "-r", "300", "-png", "-singlefile", str(pdf), str(tmp_path / "bc")], check=True)
    out = subprocess.run([zbarimg, "-q", "--raw", str(tmp_path / "bc.png")], capture_output=True)
    assert out.stdout.decode().split() == [code]
