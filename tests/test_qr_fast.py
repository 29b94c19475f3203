"""printing/qr.py: the QR symbol drawn once and masked eight ways by whole rows must be exactly reportlab's symbol
for each mask, the score must be the standard's four rules read cell by cell, and the chosen symbol must scan."""

from __future__ import annotations

import random
import shutil
import subprocess

import pytest
from reportlab.graphics.barcode import qrencoder

from counter_app.printing import qr

ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789|-_.:"


def _texts() -> list[str]:
    rng = random.Random(15)
    # versions 1 to 13 (a slip's code is version 8): below and above 7, where the version information appears
    lengths = [1, 5, 14, 20, 40, 60, 90, 110, 127, 150, 180, 230, 300]
    return ["".join(rng.choice(ALPHABET) for _ in range(n)) for n in lengths] + [
        "CA1|H61.22-261204-1001|20261218|Kq3xY0bA|" + "x" * 86,
        "Mã hồ sơ đ",  # not ASCII: reportlab's byte mode takes the UTF-8 bytes
        "0012030045671",  # digits only: numeric mode (10 bits for 3 digits)
        "H61.22-261204-1001 $%*+/:",  # alphanumeric mode (11 bits for 2 characters)
    ]


def _reportlab(text: str, mask: int) -> list[list[bool]]:
    code = qrencoder.QRCode(None, qrencoder.QRErrorCorrectLevel.M)
    code.addData(text)
    code.version = code.calculate_version()
    code.makeImpl(False, mask)
    return [[bool(cell) for cell in row] for row in code.modules]


def _rows(matrix) -> list[int]:
    return [int("".join("1" if cell else "0" for cell in row), 2) for row in matrix]


def _penalty_cell_by_cell(m: list[list[bool]]) -> int:
    """ISO/IEC 18004 §7.8.3 read literally, one module at a time (the quiet zone beyond the edge is light)."""
    n = len(m)
    lines = [list(row) for row in m] + [[m[r][c] for r in range(n)] for c in range(n)]
    score = 0
    for line in lines:
        run = 1
        for i in range(1, n + 1):
            if i < n and line[i] == line[i - 1]:
                run += 1
                continue
            if run >= 5:
                score += 3 + (run - 5)
            run = 1
        padded = [False] * 4 + line + [False] * 4
        finder = [True, False, True, True, True, False, True]
        for i in range(4, n + 4 - 6):
            if padded[i : i + 7] == finder:
                before = not any(padded[i - 4 : i])
                after = i + 11 <= len(padded) and not any(padded[i + 7 : i + 11])
                if before or after:
                    score += 40
    for r in range(n - 1):
        for c in range(n - 1):
            if m[r][c] == m[r][c + 1] == m[r + 1][c] == m[r + 1][c + 1]:
                score += 3
    dark = sum(sum(row) for row in m)
    score += 10 * (abs(dark * 100 // (n * n) - 50) // 5)
    return score


@pytest.mark.parametrize("text", _texts())
def test_every_mask_is_reportlabs_own_symbol_and_the_lowest_score_wins(text):
    scores = []
    for mask in range(8):
        reference = _reportlab(text, mask)
        ours = qr._masked(text, mask)
        assert ours == _rows(reference), f"mask {mask} differs from reportlab's symbol"
        n = len(reference)
        assert qr.penalty(ours, n) == _penalty_cell_by_cell(reference)
        scores.append(_penalty_cell_by_cell(reference))
    chosen = qr.qr_matrix(text)
    best = scores.index(min(scores))
    assert [list(row) for row in chosen] == _reportlab(text, best)


def test_an_empty_text_is_refused():
    with pytest.raises(ValueError):
        qr.qr_matrix("")


@pytest.mark.skipif(shutil.which("zbarimg") is None, reason="zbarimg not installed")
def test_the_chosen_symbol_scans(tmp_path):
    from PIL import Image

    text = "CA1|H61.22-261204-1001|20261218|Kq3xY0bA|" + "Zz9" * 28
    matrix = qr.qr_matrix(text)
    n, scale, quiet = len(matrix), 6, 4
    side = (n + 2 * quiet) * scale
    image = Image.new("L", (side, side), 255)
    for r, row in enumerate(matrix):
        for c, dark in enumerate(row):
            if dark:
                x, y = (c + quiet) * scale, (r + quiet) * scale
                image.paste(0, (x, y, x + scale, y + scale))
    path = tmp_path / "qr.png"
    image.save(path)
    out = subprocess.run(["zbarimg", "-q", "--raw", str(path)], capture_output=True, text=True, check=False)
    assert out.stdout.strip() == text
