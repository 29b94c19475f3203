"""Font registration for the printing layer.

Official documents are set in Times New Roman; we ship Liberation Serif (SIL OFL 1.1, metric-compatible
with Times New Roman, covers every Vietnamese letter) in ``resources/fonts/`` and register it with
reportlab once per process as a family, so ``<b>``/``<i>`` in Paragraph markup pick the right face.

Parsing a TTF costs tens of milliseconds, so registration happens once (guarded by a lock) and every
later call is a cheap flag check.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from pathlib import Path

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
        from reportlab.pdfbase.ttfonts import TTFont

        already = set(pdfmetrics.getRegisteredFontNames())
        for name, path in font_files().items():
            if name in already:
                continue
            if not path.is_file():
                raise FileNotFoundError(f"bundled font missing: {path}")
            pdfmetrics.registerFont(TTFont(name, str(path)))
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
