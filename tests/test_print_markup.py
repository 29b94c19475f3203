"""printing/markup.py escapes as xml.sax.saxutils does, and the parsed font faces keep only what drawing needs
(issue 15 item 1: resident memory over a long day)."""

from __future__ import annotations

from xml.sax import saxutils

import pytest

from counter_app.printing import markup

TEXTS = [
    "",
    "Nguyễn Thị Hương",
    "a & b < c > d",
    "&amp; &lt;b&gt; &nbsp; &#160;",
    "<b>Hồ sơ</b>&nbsp;số&amp;&lt;&gt;",
    "&&<<>>;;",
    "&amp;lt;",
]


@pytest.mark.parametrize("text", TEXTS)
def test_escape_and_unescape_are_saxutils(text):
    assert markup.escape(text) == saxutils.escape(text)
    assert markup.unescape(text) == saxutils.unescape(text)
    entities = {"&nbsp;": "\u00a0", "&#160;": " "}
    assert markup.unescape(text, entities) == saxutils.unescape(text, entities)
    assert markup.unescape(markup.escape(text)) == text


def test_a_slim_face_keeps_neither_the_files_bytes_nor_the_glyph_map_and_subsets_as_before():
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFontFace

    from counter_app.printing.fonts import SERIF, font_files, register_fonts

    register_fonts()
    for name, path in font_files().items():
        face = pdfmetrics.getFont(name).face
        assert "_ttf_data" not in vars(face) and "glyphToChar" not in vars(face)
        plain = TTFontFace(str(path))
        assert face._ttf_data == plain._ttf_data  # read again from the file when something asks
        # Characters outside the primed repertoire (Greek, Cyrillic): a subset made as reportlab makes it.
        subset = [0, *map(ord, "Aă Ωж€")]
        assert face.makeSubset(subset) == plain.makeSubset(subset)
        assert "_ttf_data" not in vars(face)
        assert face.charWidths == plain.charWidths and face.charToGlyph == plain.charToGlyph
    assert pdfmetrics.getFont(SERIF.regular).stringWidth("Hồ sơ", 12) > 0
