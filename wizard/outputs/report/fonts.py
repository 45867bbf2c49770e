"""The bundled fonts of the PDF summary: which font prints which character, parsed once per process.

Owns: the font files' names (`wizard/outputs/fonts/`, see the README there), the split of
Arabic-script blocks away from DejaVu Sans, which runs need HarfBuzz shaping, and the cached
parsed fonts that every document copies.

Must not know: what the summary says or how it is laid out.
"""

from __future__ import annotations

import re
import unicodedata
from copy import deepcopy
from functools import cache
from pathlib import Path

from fpdf import FPDF
from fpdf.fonts import TTFFont

FONT_DIR = Path(__file__).resolve().parent.parent / "fonts"
SANS = "sans"
SANS_FILES = {"": "DejaVuSans.ttf", "B": "DejaVuSans-Bold.ttf"}
#: Fonts tried, in order, for a character the main font lacks.
FALLBACKS: dict[str, str] = {
    "arabic": "NotoSansArabic-Regular.ttf",
    "devanagari": "NotoSansDevanagari-Regular.ttf",
}
ATTACHMENT_NAME = "answers.json"
APP_NAME = "IMG Pathway Wizard"

#: Shown in place of a character no bundled font has.
REPLACEMENT = "?"

# Arabic-script blocks go to Noto Sans Arabic as a whole: DejaVu Sans has only part of them
# (no Urdu ہ or ے), and a word drawn from two fonts loses its joining. The zero-width
# (non-)joiners belong with the script around them, so the main font does not claim them.
_NOT_IN_SANS = (
    (0x0600, 0x06FF),
    (0x0750, 0x077F),
    (0x0870, 0x08FF),
    (0xFB50, 0xFDFF),
    (0xFE70, 0xFEFF),
    (0x200C, 0x200D),
)
# Runs containing any of these are shaped with HarfBuzz: right-to-left and Indic scripts,
# and combining marks left over after NFC normalisation.
NEEDS_SHAPING = re.compile("[\u0300-\u036f\u0590-\u0fff\ufb1d-\ufdff\ufe70-\ufeff]")
KEEP_FORMAT = {"\u200c", "\u200d"}  # joiners used inside Devanagari and Persian words


@cache
def sans_codepoints() -> tuple[int, ...]:
    """Every code point DejaVu Sans (regular or bold) maps, minus the Arabic-script blocks."""
    from fontTools.ttLib import TTFont

    points: set[int] = set()
    for name in SANS_FILES.values():
        with TTFont(FONT_DIR / name, lazy=True) as font:
            points |= set(font.getBestCmap())
    return tuple(sorted(p for p in points if not any(lo <= p <= hi for lo, hi in _NOT_IN_SANS)))


@cache
def template() -> tuple[dict[str, TTFFont], frozenset[int]]:
    """The bundled fonts parsed once per process, and every code point they can print.

    Parsing the fonts takes about 0.12 s of CPU per document; copying these takes 0.015 s.
    """
    pdf = FPDF()
    pdf.add_font(SANS, "", FONT_DIR / SANS_FILES[""], unicode_range=list(sans_codepoints()))
    pdf.add_font(SANS, "B", FONT_DIR / SANS_FILES["B"], unicode_range=list(sans_codepoints()))
    for family, filename in FALLBACKS.items():
        pdf.add_font(family, "", FONT_DIR / filename)
    fonts = {key: font for key, font in pdf.fonts.items() if isinstance(font, TTFFont)}  # all of them: no core fonts
    printable = frozenset[int]().union(*(font.cmap for font in fonts.values()))
    return fonts, printable


@cache
def plain_characters() -> frozenset[str]:
    """Characters the main font prints with nothing to check: the fast path of `clean`."""
    return frozenset(
        chr(p) for p in template()[0][SANS].cmap if unicodedata.category(chr(p)) not in ("Cc", "Cf", "Zs")
    ) | {" ", "\n"}


def fresh_font(key: str) -> TTFFont:
    """A per-document copy of a parsed font (what `add_font` would have made).

    fpdf2's own `TTFFont.__deepcopy__` shares the read-only parts (cmap, metrics) and copies
    the per-document glyph subset. The fontTools font is reopened because `output()`
    subsets it in place. Relies on fpdf2 2.8 internals (the `FPDF.fonts` registry,
    `TTFFont.ttfont`); the determinism test (two documents in one process, same bytes)
    guards it.
    """
    from fontTools.ttLib import TTFont

    font = template()[0][key]
    copy = deepcopy(font)
    copy.ttfont = TTFont(font.ttffile, recalcTimestamp=False, lazy=True)
    return copy
