"""Fitting a receipt to one page (receipt._fitted_story): fewer story builds, not one byte of output changed.

The expected digests in tests/data/receipt_fit_digests.json are the SHA-256 of every receipt of the benchmark's
corpus (benchmarks/receipt_render.py: 0 to 16 documents, long names, optional lines, QR or none, reprints) on A5,
A4 and the 80 mm roll, rendered with ``invariant=True`` by the linear fitting search this module's tests guard
(one full story build per candidate, in order, until one fits), frozen before the search changed. Regenerate them
only for a change meant to alter the output:

    uv run --frozen python -m tests.test_receipt_fit --write
"""

from __future__ import annotations

import hashlib
import json
import sys
import zlib
from pathlib import Path

import pytest

from benchmarks.receipt_render import receipt_corpus
from counter_app.printing import layout as L
from counter_app.printing import receipt
from counter_app.printing.data import ReceiptData
from counter_app.printing.receipt import render_receipt

DIGESTS = Path(__file__).parent / "data" / "receipt_fit_digests.json"
PAPERS = ("A5", "A4", "80MM")
# The PDF's streams are deflated (layout._fast_flate): a zlib that deflates differently (zlib-ng, another level-1
# strategy) changes the bytes without any change of ours. The digest of a fixed deflate tells the two apart.
_ZLIB_SAMPLE = b"".join(b"%d 0 0 1 %d %d Tm (Trang %d) Tj\n" % (i, i * 7 % 500, i * 13 % 700, i) for i in range(2000))


def _zlib_digest() -> str:
    return hashlib.sha256(zlib.compress(_ZLIB_SAMPLE, 1)).hexdigest()


def _digests(paper: str, corpus: list[ReceiptData]) -> list[str]:
    return [hashlib.sha256(render_receipt(data, paper, invariant=True)).hexdigest() for data in corpus]


def _expected() -> dict:
    expected = json.loads(DIGESTS.read_text(encoding="utf-8"))
    if expected["zlib"] != _zlib_digest():
        pytest.skip("this zlib deflates differently from the one the digests were taken with")
    return expected


@pytest.mark.parametrize("paper", PAPERS)
def test_every_receipt_of_the_corpus_is_byte_for_byte_what_it_was(paper):
    expected = _expected()[paper]
    corpus = receipt_corpus()
    assert len(expected) == len(corpus)
    changed = [
        f"#{i} ({len(data.documents)} documents)"
        for i, (data, digest, want) in enumerate(zip(corpus, _digests(paper, corpus), expected, strict=True))
        if digest != want
    ]
    assert not changed, f"{paper}: {', '.join(changed)} changed"


def main(argv: list[str]) -> int:
    if argv != ["--write"]:
        print(__doc__)
        return 2
    corpus = receipt_corpus()
    digests = {"zlib": _zlib_digest(), **{paper: _digests(paper, corpus) for paper in PAPERS}}
    DIGESTS.write_text(json.dumps(digests, indent=1) + "\n", encoding="utf-8")
    print(f"{DIGESTS}: {len(corpus)} receipts on {', '.join(PAPERS)}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
