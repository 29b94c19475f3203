"""Font registration for the printing layer.

Official documents are set in Times New Roman; we ship Liberation Serif (SIL OFL 1.1, metric-compatible
with Times New Roman, covers every Vietnamese letter) in ``resources/fonts/`` and register it with
reportlab once per process as a family, so ``<b>``/``<i>`` in Paragraph markup pick the right face.

Parsing a TTF costs tens of milliseconds, so registration happens once (guarded by a lock) and every
later call is a cheap flag check.

Embedding is the other cost: for every document and face used, reportlab builds a subset font program
from the characters the document uses (in the order it first uses them), deflates it, and writes its
ToUnicode map and widths, about 2 ms per face. ``prime_subsets`` gives every document the same subset
(ASCII plus the whole Vietnamese alphabet and our punctuation, in a fixed order) and the faces are
registered as CachingTTFont, which keeps those pieces serialised and reuses them in later documents. The
subsets are a little larger than strictly needed: about 4 kB more PDF per face.
"""

from __future__ import annotations

import re
import threading
import zlib
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from counter_app.printing.recent import LruDict, RecentCache
from counter_app.resources import resource_path


@dataclass(frozen=True)
class FontFamily:
    """Names under which one family's faces are registered with reportlab."""

    family: str
    regular: str
    bold: str
    italic: str
    bold_italic: str


SERIF = FontFamily(
    family="LiberationSerif",
    regular="LiberationSerif",
    bold="LiberationSerif-Bold",
    italic="LiberationSerif-Italic",
    bold_italic="LiberationSerif-BoldItalic",
)

_SERIF_FILES = {
    SERIF.regular: "LiberationSerif-Regular.ttf",
    SERIF.bold: "LiberationSerif-Bold.ttf",
    SERIF.italic: "LiberationSerif-Italic.ttf",
    SERIF.bold_italic: "LiberationSerif-BoldItalic.ttf",
}

LICENSE_FILE = "LICENSE-LiberationSerif.txt"

_VIETNAMESE_LOWER = "àáảãạăằắẳẵặâầấẩẫậèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵđ"
# Every non-ASCII character a slip is expected to print, in a fixed order (see prime_subsets). reportlab's
# first subset holds ASCII plus 159 more characters; this uses 145 of them.
REPERTOIRE = _VIETNAMESE_LOWER + _VIETNAMESE_LOWER.upper() + "…–—·“”‘’•°×"

_lock = threading.Lock()
_registered = False


def font_files() -> dict[str, Path]:
    """Registered face name -> bundled TTF path."""
    return {name: resource_path("fonts", filename) for name, filename in _SERIF_FILES.items()}


def register_fonts() -> FontFamily:
    """Register the serif family with reportlab (idempotent, safe to call from any thread).

    Returns the family so callers can write ``register_fonts().bold``.
    Raises FileNotFoundError naming the missing file if the bundle is incomplete.
    """
    global _registered
    if _registered:
        return SERIF
    with _lock:
        if _registered:
            return SERIF
        from reportlab.pdfbase import pdfmetrics

        already = set(pdfmetrics.getRegisteredFontNames())
        for name, path in font_files().items():
            if name in already:
                continue
            if not path.is_file():
                raise FileNotFoundError(f"bundled font missing: {path}")
            pdfmetrics.registerFont(_caching_font_class()(name, str(path)))
        # The family name is the regular face's name, so fontName="LiberationSerif" plus <b>/<i> works.
        pdfmetrics.registerFontFamily(
            SERIF.family,
            normal=SERIF.regular,
            bold=SERIF.bold,
            italic=SERIF.italic,
            boldItalic=SERIF.bold_italic,
        )
        _registered = True
    return SERIF


def prime_subsets(doc) -> None:
    """Assign the REPERTOIRE to the first subset of every serif face in ``doc`` (a reportlab
    PDFDocument, ``canvas._doc``), before anything is drawn, so that every document embeds the same
    subsets and the cached font programs are reused. Faces a document does not use are still not embedded.
    """
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    for name in _SERIF_FILES:
        font = pdfmetrics.getFont(name)
        template = _primed.get(name)
        if template is None or doc in font.state:
            fresh = doc not in font.state
            font.splitString(REPERTOIRE, doc)
            state = font.state[doc]
            if fresh:
                template = (dict(state.assignments), tuple(tuple(s) for s in state.subsets), state.nextCode)
                _primed[name] = template
            elif template is None or (state.assignments, state.nextCode) != (template[0], template[2]):
                # Text was encoded in this document before it was primed: its codes are its own, so nothing drawn
                # here is encoded as in other documents (CachingTTFont.splitString, layout._draw_or_replay).
                continue
        else:
            # What splitString(REPERTOIRE) assigns in a fresh document depends on the face alone: a copy of it
            # is the same state (0.3 ms a face saved on every slip).
            assignments, subsets, next_code = template
            state = TTFont.State(font._asciiReadable, font)
            state.assignments = dict(assignments)
            state.subsets = [list(subset) for subset in subsets]
            state.nextCode = next_code
            font.state[doc] = state
        state.primed_next_code = state.nextCode  # see CachingTTFont.splitString


# Face name -> (assignments, subsets, next code) of a freshly primed document's state.
_primed: dict[str, tuple[dict[int, int], tuple[tuple[int, ...], ...], int]] = {}


@cache
def _faces() -> tuple:
    """The registered serif faces (reportlab font objects), in a fixed order."""
    from reportlab.pdfbase import pdfmetrics

    register_fonts()
    return tuple(pdfmetrics.getFont(name) for name in _SERIF_FILES)


def only_primed(doc) -> bool:
    """Whether ``doc`` is primed (prime_subsets) and has so far encoded no character beyond the primed ones,
    in any serif face. While it holds, whatever text is drawn is encoded as it would be in any other primed
    document (layout.CachedParagraph keeps what it draws then, to replay it in later documents)."""
    for font in _faces():
        state = font.state.get(doc)
        if state is None or getattr(state, "primed_next_code", None) != state.nextCode:
            return False
    return True


def faces_named_in(doc, code: str) -> tuple[tuple[str, str], ...] | None:
    """The fonts ``code`` (content-stream operators drawn in ``doc``) selects, as (registered font name, internal
    name such as "/F2") in the order of their first use; None if it selects a font ``doc`` did not name."""
    fonts = {internal[1:]: name for name, internal in doc.fontMapping.items()}
    found: dict[str, int] = {}
    for match in _SELECTED_FONT.finditer(code):
        internal = match.group(1)
        if internal not in fonts:
            return None
        found.setdefault(internal, match.start())
    return tuple((fonts[internal], f"/{internal}") for internal in sorted(found, key=found.__getitem__))


def faces_named_alike(doc, faces: tuple[tuple[str, str], ...]) -> bool:
    """Whether each font of ``faces`` (from faces_named_in) has in ``doc`` the same internal name, given to it now,
    in that order, if it has none yet (as drawing the text would do); the serif faces must also be primed."""
    from reportlab.pdfbase import pdfmetrics

    for name, internal in faces:
        font = pdfmetrics.getFont(name)
        if font._dynamicFont:
            state = font.state.get(doc)
            if state is None or not hasattr(state, "primed_next_code"):
                return False
            if font.getSubsetInternalName(0, doc) != f"{internal}+0":
                return False
        elif doc.getInternalFontName(name) != internal:
            return False
    return True


_SELECTED_FONT = re.compile(r"/([A-Za-z0-9_.-]+?)(?:\+\d+)? \S+ Tf")


_MEMO_SIZE = 64  # formatted font dictionaries and descriptors kept per face (see _Memo)
_CACHE_SIZE = 8  # subsets kept per face (documents with characters outside REPERTOIRE differ)
_SPLIT_CACHE_SIZE = 2048  # encoded strings kept per face (only strings repeated across documents)


@cache
def _caching_font_class():
    """CachingTTFont, built on first use so that importing this module does not import reportlab."""
    from reportlab.pdfbase import pdfdoc
    from reportlab.pdfbase.ttfonts import FF_NONSYMBOLIC, FF_SYMBOLIC, SUBSETN, TTFont, TTFontFace, makeToUnicodeCMap

    flate = pdfdoc.PDFArray([pdfdoc.PDFName("FlateDecode")])

    class _SlimFace(TTFontFace):
        """A parsed face without the two things reportlab keeps that drawing does not need (1.4 MB for the
        four faces, docs/BENCHMARKS.md "Window memory over a long day", 2026-12-05): the whole file's bytes,
        read again from the file whenever a subset is made (new subsets only: see CachingTTFont), and the
        glyph -> characters map, used only while the file is parsed."""

        def __getattr__(self, name: str):
            if name == "_ttf_data":  # anything else of reportlab's that reads the file's bytes
                return Path(self.filename).read_bytes()
            raise AttributeError(name)

        def makeSubset(self, subset):
            self._ttf_data = Path(self.filename).read_bytes()
            try:
                return super().makeSubset(subset)
            finally:
                del self._ttf_data

        @classmethod
        def slim(cls, face: TTFontFace) -> None:
            face.__class__ = cls
            del face._ttf_data
            del face.glyphToChar

    class _Formatted(pdfdoc.PDFObject):
        """A direct PDF object already serialised (here: a subset's /Widths array)."""

        def __init__(self, data: bytes) -> None:
            self.data = data

        def format(self, document) -> bytes:
            return self.data

    class _Memo(pdfdoc.PDFObject):
        """An indirect object (a subset's font dictionary or descriptor) formatted once per set of object
        numbers it refers to: what it holds is the subset's, the same in every document, but the numbers of the
        objects it points at follow the document's order. A fresh wrapper per document (reportlab marks the
        objects it registers), the bytes shared through ``memo``."""

        __RefOnly__ = 1  # like the font dictionaries it stands for: formatted at top level only

        def __init__(self, content, refs: tuple[str, ...], key: tuple, memo: LruDict) -> None:
            self.content = content
            self.refs = refs
            self.key = key
            self.memo = memo

        def format(self, document) -> bytes:
            key = (self.key, tuple(document.idToObjectNumberAndVersion[name] for name in self.refs))
            data = self.memo.get(key)
            if data is None:
                data = self.memo[key] = self.content.format(document)
            return data

    @dataclass(frozen=True)
    class _SubsetParts:
        widths: bytes  # the /Widths array, serialised
        cmap: bytes  # the ToUnicode CMap, deflated
        program: bytes  # the subset font program, deflated
        program_length: int  # its length before deflating (/Length1)

    class CachingTTFont(TTFont):
        """A TTFont that reuses, across documents, everything it embeds for a subset it has embedded
        before.

        reportlab's TTFont.addObjects builds each subset's font program, ToUnicode CMap and /Widths
        array again for every document, deflates the streams and formats a few hundred numbers: about
        2 ms per face. All of it depends only on the subset (its characters, in order: see
        prime_subsets), so we keep the serialised pieces by subset and give each document fresh PDF
        objects around them. The objects written are those of reportlab 4's TTFont.addObjects and
        TTFontFace.addSubsetObjects. Encrypted or uncompressed documents take reportlab's own path.
        """

        def __init__(self, name: str, filename: str) -> None:
            super().__init__(name, filename)
            _SlimFace.slim(self.face)
            self._parts = LruDict(_CACHE_SIZE)  # (subset number, subset) -> _SubsetParts
            self._formatted = LruDict(_MEMO_SIZE)  # see _Memo
            # Only strings drawn in an earlier document (recent.RecentCache): a dossier's own text is not kept.
            self._splits = RecentCache(_SPLIT_CACHE_SIZE)

        def splitString(self, text, doc, encoding="utf-8"):
            """Text encoded as (subset, bytes) runs, for the canvas. In a primed document (see
            prime_subsets) a string made only of primed characters encodes the same in every document,
            so such results are kept and reused; anything else takes reportlab's path."""
            state = self.state.get(doc)
            primed = state is not None and hasattr(state, "primed_next_code") and isinstance(text, str)
            if primed:
                hit = self._splits.get(text)
                if hit is not None:
                    return hit
            result = super().splitString(text, doc, encoding)
            # Only while the document has assigned nothing beyond the primed characters is the result
            # independent of the document.
            if primed and state.nextCode == state.primed_next_code:
                result = tuple(result)
                self._splits.put(text, result)
            return result

        def _subset_parts(self, n: int, subset: list[int], base_name: str, doc) -> _SubsetParts:
            key = (n, tuple(subset))
            parts = self._parts.get(key)
            if parts is not None:
                return parts
            widths = pdfdoc.PDFArray([self.face.getCharWidth(code) for code in subset]).format(doc)
            cmap = zlib.compress(makeToUnicodeCMap(base_name, subset).encode("utf-8"))
            program = self.face.makeSubset(subset)
            parts = _SubsetParts(widths, cmap, zlib.compress(program), len(program))
            self._parts[key] = parts
            return parts

        def addObjects(self, doc) -> None:
            if not doc.compression or not isinstance(getattr(doc, "encrypt", None), pdfdoc.NoEncryption):
                return super().addObjects(doc)
            state = self.state.get(doc)
            if state is None:
                state = self.state[doc] = TTFont.State(self._asciiReadable)
            state.frozen = 1
            face = self.face
            font_dict = doc.idToObject["BasicFonts"].dict
            for n, subset in enumerate(state.subsets):
                internal_name = self.getSubsetInternalName(n, doc)[1:]
                base_name = b"".join((SUBSETN(n), b"+", face.name, face.subfontNameX)).decode("pdfdoc")
                parts = self._subset_parts(n, subset, base_name, doc)

                cmap = pdfdoc.PDFStream(pdfdoc.PDFDictionary({"Filter": flate}), parts.cmap)
                program = pdfdoc.PDFStream(
                    pdfdoc.PDFDictionary({"Length1": parts.program_length, "Filter": flate}), parts.program
                )
                program_name = f"fontFile:{face.filename}({base_name})"
                descriptor = pdfdoc.PDFDictionary(
                    {
                        "Type": "/FontDescriptor",
                        "Ascent": face.ascent,
                        "CapHeight": face.capHeight,
                        "Descent": face.descent,
                        "Flags": (face.flags & ~FF_NONSYMBOLIC) | FF_SYMBOLIC,
                        "FontBBox": pdfdoc.PDFArray(face.bbox),
                        "FontName": pdfdoc.PDFName(base_name),
                        "ItalicAngle": face.italicAngle,
                        "StemV": face.stemV,
                        "FontFile2": doc.Reference(program, program_name),
                        "MissingWidth": face.defaultWidth,
                    }
                )
                font = pdfdoc.PDFTrueTypeFont()
                font.__Comment__ = f"Font {self.fontName} subset {n}"
                font.Name = internal_name
                font.BaseFont = base_name
                font.FirstChar = 0
                font.LastChar = len(subset) - 1
                font.Widths = _Formatted(parts.widths)
                cmap_name, descriptor_name = "toUnicodeCMap:" + base_name, "fontDescriptor:" + base_name
                font.ToUnicode = doc.Reference(cmap, cmap_name)
                subset_key = (n, tuple(subset), base_name)
                descriptor_memo = _Memo(descriptor, (program_name,), ("descriptor", subset_key), self._formatted)
                font.FontDescriptor = doc.Reference(descriptor_memo, descriptor_name)
                font_memo = _Memo(
                    font, (cmap_name, descriptor_name), ("font", subset_key, internal_name), self._formatted
                )
                font_memo.__Comment__ = font.__Comment__
                doc.Reference(font_memo, internal_name)
                font_dict[internal_name] = font_memo
            del self.state[doc]

    return CachingTTFont
