"""Fitting a receipt to one page (receipt._fitted_story): fewer story builds, not one byte of output changed.

The expected digests in tests/data/receipt_fit_digests.json are the SHA-256 (streams inflated, so that another
zlib does not change them: _deflate_free) of every receipt of the benchmark's corpus (benchmarks/receipt_render.py: 0 to 16 documents, long names, optional lines, QR or none, reprints) on A5,
A4 and the 80 mm roll, rendered with ``invariant=True`` by the linear fitting search this module's tests guard
(one full story build per candidate, in order, until one fits), frozen before the search changed, and regenerated
once since, for a change meant to alter the bytes but not the page (no-break spaces as characters instead of
"&nbsp;" entities: the corpus rasterised before and after was pixel-identical). Regenerate them only for a change
meant to alter the output, after such a check:

    uv run --frozen python -m tests.test_receipt_fit --write
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import re
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
_STREAM = re.compile(rb"stream\r?\n(.*?)endstream", re.S)


def _inflated(match: re.Match) -> bytes:
    inflate = zlib.decompressobj()
    try:
        body = inflate.decompress(match.group(1))  # what follows the deflated data (an end of line) is left aside
    except zlib.error:
        body = match.group(1)
    return b"stream\n" + body + b"endstream"


def _deflate_free(pdf: bytes) -> bytes:
    """The PDF with its streams inflated, their compressed lengths and the cross-reference offsets left out: what a
    zlib that deflates differently (zlib-ng, another level-1 strategy; the streams are deflated by
    layout._fast_flate) would not change, and everything we write."""
    text = re.sub(rb"/Length \d+", b"/Length ?", _STREAM.sub(_inflated, pdf))
    return text[: text.rindex(b"\nxref\n")]


def _digests(paper: str, corpus: list[ReceiptData]) -> list[str]:
    return [hashlib.sha256(_deflate_free(render_receipt(data, paper, invariant=True))).hexdigest() for data in corpus]


def _expected() -> dict:
    return json.loads(DIGESTS.read_text(encoding="utf-8"))


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


def test_the_digests_do_not_depend_on_how_zlib_deflates(monkeypatch):
    """Deflated at reportlab's own level (6) instead of ours (1): other bytes, the same digest; a changed receipt
    changes it."""
    data = receipt_corpus()[9]
    ours = render_receipt(data, "A5", invariant=True)
    monkeypatch.setattr(L, "_fast_flate", L.pdfdoc.PDFStreamFilterZCompress)
    other = render_receipt(data, "A5", invariant=True)
    assert other != ours and _deflate_free(other) == _deflate_free(ours)
    changed = render_receipt(dataclasses.replace(data, applicant_name="Người Khác"), "A5", invariant=True)
    assert _deflate_free(changed) != _deflate_free(ours)


def _linear_fit(data: ReceiptData, spec: L.PaperSpec) -> tuple[L.PaperSpec, list]:
    """The reference: the search as it was, one story per candidate, in order, until one fits."""
    first = None
    for candidate in receipt._fit_specs(spec):
        story = receipt._receipt_story(data, L.form_styles(candidate))
        first = story if first is None else first
        if receipt._fits(story, candidate):
            return candidate, story
    assert first is not None
    return spec, first


def _heights(data: ReceiptData, spec: L.PaperSpec) -> list[float]:
    return [
        L.stack_height(receipt._receipt_story(data, L.form_styles(candidate)), candidate.text_width)
        for candidate in receipt._fit_specs(spec)
    ]


@pytest.mark.parametrize("paper", ["A5", "A4"])
def test_a_tighter_candidate_is_never_taller(paper):
    """What the bisection in _fitted_story rests on."""
    spec = L.paper_spec(paper)
    for i, data in enumerate(receipt_corpus()):
        heights = _heights(data, spec)
        assert heights == sorted(heights, reverse=True), f"#{i} ({len(data.documents)} documents): {heights}"


@pytest.mark.parametrize("paper", ["A5", "A4"])
def test_the_search_picks_what_the_linear_search_picks_and_renders_the_same_bytes(paper, monkeypatch):
    """Independent of the frozen digests (and of zlib): the same receipt, rendered through the reference search."""
    spec = L.paper_spec(paper)
    corpus = receipt_corpus()
    ours = [render_receipt(data, paper, invariant=True) for data in corpus]
    picked = [receipt._fitted_story(data, spec)[0] for data in corpus]
    monkeypatch.setattr(receipt, "_fitted_story", _linear_fit)
    assert [_linear_fit(data, spec)[0] for data in corpus] == picked
    assert [render_receipt(data, paper, invariant=True) for data in corpus] == ours


def _builds(data: ReceiptData, paper: str, monkeypatch) -> int:
    built = []
    original = receipt._receipt_story

    def counting(*args, **kwargs):
        built.append(args)
        return original(*args, **kwargs)

    monkeypatch.setattr(receipt, "_receipt_story", counting)
    render_receipt(data, paper)
    monkeypatch.setattr(receipt, "_receipt_story", original)
    return len(built)


def test_a_receipt_that_needs_tightening_builds_three_stories_whatever_the_step(monkeypatch):
    """Work without a clock: a receipt that fits the paper's own sizes builds its story once; any other builds it
    three times (the paper's sizes, then two by bisection over the three steps), where the linear search built
    two to four, the most for the long lists that set the p95; one that fits no step (it flows on) four. The next
    receipt of the same shape starts where this one ended: two stories (that step, and the one before it)."""
    spec = L.paper_spec("A5")
    candidates = receipt._fit_specs(spec)
    first: dict[int, int] = {}  # the reference's pick (len(candidates): none fits) -> stories built
    again: dict[int, int] = {}
    for data in receipt_corpus():
        chosen, _story = _linear_fit(data, spec)
        pick = candidates.index(chosen) if receipt._fits(_story, chosen) else len(candidates)
        receipt._fit_hints.clear()
        first.setdefault(pick, _builds(data, "A5", monkeypatch))
        again.setdefault(pick, _builds(data, "A5", monkeypatch))
    # a receipt that fits no step tries the one step bisection passed over before flowing on
    assert first == {0: 1, 1: 3, 2: 3, 3: 3, 4: 4}
    assert again == {0: 1, 1: 2, 2: 2, 3: 2, 4: 4}


@pytest.mark.parametrize("paper", ["A5", "A4"])
def test_whatever_the_shape_needed_last_time_the_pick_is_the_linear_search_s(paper):
    """A hint left by a receipt of the same shape changes the order of the tries, never the answer: every receipt of
    the corpus under every hint (each step, and none)."""
    spec = L.paper_spec(paper)
    candidates = receipt._fit_specs(spec)
    for i, data in enumerate(receipt_corpus()):
        want = _linear_fit(data, spec)[0]
        for hint in (None, *range(len(candidates))):
            receipt._fit_hints.clear()
            if hint is not None:
                receipt._fit_hints[receipt._fit_key(data, spec)] = hint
            got, story = receipt._fitted_story(data, spec)
            assert got == want, f"#{i} under hint {hint}"
            assert story and L.stack_height(story, got.text_width) == L.stack_height(
                receipt._receipt_story(data, L.form_styles(got)), got.text_width
            )


def test_the_hints_are_bounded_and_hold_no_dossier_s_data():
    receipt._fit_hints.clear()
    base = receipt_corpus()[12]
    for n in range(receipt._FIT_HINTS_SIZE + 40):
        data = dataclasses.replace(base, procedure_name=f"Thủ tục {n}", applicant_name=f"Nguyễn Văn {n}")
        receipt._fitted_story(data, L.paper_spec("A5"))
    assert len(receipt._fit_hints) == receipt._FIT_HINTS_SIZE
    assert not any("Nguyễn Văn" in repr(key) for key in receipt._fit_hints)


def test_a_roll_receipt_builds_its_story_once(monkeypatch):
    """The 80 mm roll is measured to set the page's length, and the story measured is the one laid out (the
    digests above show the output is the same as when it was built again for the page)."""
    corpus = receipt_corpus()
    assert {_builds(data, "80MM", monkeypatch) for data in corpus[::7]} == {1}


def main(argv: list[str]) -> int:
    if argv != ["--write"]:
        print(__doc__)
        return 2
    corpus = receipt_corpus()
    digests = {paper: _digests(paper, corpus) for paper in PAPERS}
    DIGESTS.write_text(json.dumps(digests, indent=1) + "\n", encoding="utf-8")
    print(f"{DIGESTS}: {len(corpus)} receipts on {', '.join(PAPERS)}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
