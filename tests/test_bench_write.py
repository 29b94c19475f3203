"""`./dev bench --write` replaces only its generated table in docs/BENCHMARKS.md: hand-written sections stay."""

from pathlib import Path

from benchmarks.__main__ import BEGIN, END, replace_generated

DOCS = Path(__file__).resolve().parent.parent / "docs" / "BENCHMARKS.md"


def test_write_keeps_every_hand_written_section():
    document = DOCS.read_text(encoding="utf-8")
    assert BEGIN in document and END in document
    updated = replace_generated(document, "NEW TABLE")
    assert "NEW TABLE" in updated
    assert "Run 2026-11-25" not in updated.split(END, 1)[0]
    # Everything outside the markers is unchanged, byte for byte.
    assert updated.split(BEGIN)[0] == document.split(BEGIN)[0]
    assert updated.split(END)[1] == document.split(END)[1]
    for heading in ("## Hub ingest", "## Window memory"):
        assert heading in updated
    # Writing twice gives the same document (no markers piling up).
    assert replace_generated(updated, "NEW TABLE") == updated


def test_a_document_without_markers_gets_them_after_its_title():
    updated = replace_generated("# Benchmarks\n\nNotes kept.\n", "T")
    assert updated == f"# Benchmarks\n\n{BEGIN}\nT\n{END}\n\nNotes kept.\n"
