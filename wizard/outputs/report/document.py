"""The page of the PDF summary: its header and footer, and how text is printed on it.

Owns: `Summary` (an fpdf2 document with paragraphs, headings and bullet lists), the rule that
every character is either printed with a bundled font or replaced by a visible "?" with a note
(never dropped), the caps on printed text, the colours, and dates in words.

Must not know: what the sections say (the section modules beside this one), Streamlit, the clock.

fpdf2 traps handled here (see the reliability research, section 0 item 7): only TTF fonts,
never core fonts; every `multi_cell` returns the cursor to the left margin; no
`write_html` and no markdown, so user text prints literally; every free text is capped.
Text shaping (HarfBuzz) is switched on only for runs that need it (Arabic, Devanagari,
combining marks): while wrapping, fpdf2 re-shapes the line for every character it adds,
about 7 times the cost of plain text. Plain text is wrapped here (`Summary.wrap`), one
measurement per word, because fpdf2's own wrapping is quadratic in the line length.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from datetime import date

from fpdf import FPDF, XPos, YPos
from fpdf.fonts import TTFFont

from wizard.outputs.plan import CardState
from wizard.outputs.report.fonts import (
    FALLBACKS,
    KEEP_FORMAT,
    NEEDS_SHAPING,
    REPLACEMENT,
    SANS,
    fresh_font,
    plain_characters,
    template,
)

APP_NAME = "IMG Pathway Wizard"

# Caps on what is printed (characters). User text is already capped by the answers model;
# these also bound rule-book text and anything built around the model.
CAP_USER = 200
CAP_TITLE = 200
CAP_TEXT = 2000
CAP_LINE = 400
CAP_URL = 500
CAP_ITEMS = 60  # items per section
CAP_ROWS = 80  # timeline rows

# Colours (RGB)
Colour = tuple[int, int, int]
INK = (25, 25, 25)
MUTED = (95, 95, 95)
RULE = (200, 200, 200)
ACCENT = (20, 70, 130)
LINK = (20, 80, 170)
STATE_COLOURS = {
    CardState.met: (25, 110, 50),
    CardState.missing: (170, 40, 30),
    CardState.unknown: (150, 95, 0),
}
STATE_WORDS = {
    CardState.met: "Done",
    CardState.missing: "Something is missing",
    CardState.unknown: "Needs more answers",
}
_MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip


# -- Text helpers ----------------------------------------------------------------------------


def long_date(d: date) -> str:
    """25 November 2026, independent of the process locale."""
    return f"{d.day} {_MONTHS[d.month - 1]} {d.year}"


def cap(text: str, limit: int) -> str:
    text = str(text)
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


class Summary(FPDF):
    """An A4 page with the app's header and footer; every string printed goes through `clean`."""

    def __init__(self) -> None:
        super().__init__(orientation="P", unit="mm", format="A4")
        self.set_margins(18, 18, 18)
        self.set_auto_page_break(True, margin=18)
        # Fallback fonts are registered only when the text needs them: fpdf2 embeds every
        # registered font, used or not, and subsetting one costs about 0.04 s.
        sans = fresh_font(SANS)
        self.fonts[SANS], self.fonts[SANS + "B"] = sans, fresh_font(SANS + "B")
        self._fallbacks: list[str] = []
        self.set_fallback_fonts([SANS], exact_match=False)
        self._printable = template()[1]
        self._sans_cmap = sans.cmap
        self._plain = plain_characters()
        self.replaced: dict[str, None] = {}  # code points shown as "?", first-seen order
        self.alias_nb_pages()

    # Every string printed goes through here.
    def clean(self, text: str, limit: int) -> str:
        text = unicodedata.normalize("NFC", cap(text, limit))
        if self._plain.issuperset(text):
            return text
        out = []
        for ch in text:
            if ch == "\n":
                out.append(ch)
            elif ch in "\t\r\v\f" or unicodedata.category(ch) == "Zs":
                out.append(" ")
            elif ord(ch) in self._printable and (unicodedata.category(ch) not in ("Cc", "Cf") or ch in KEEP_FORMAT):
                if ord(ch) not in self._sans_cmap:
                    self._register_fallback_for(ord(ch))
                out.append(ch)
            else:
                self.replaced.setdefault(f"U+{ord(ch):04X}", None)
                out.append(REPLACEMENT)
        return "".join(out)

    def _register_fallback_for(self, codepoint: int) -> None:
        fonts = template()[0]
        for family in FALLBACKS:
            if family not in self._fallbacks and codepoint in fonts[family].cmap:
                self.fonts[family] = fresh_font(family)
                self._fallbacks.append(family)
                # The sans family is a fallback too, so a glyph only the regular face has
                # still prints in bold.
                self.set_fallback_fonts([SANS, *self._fallbacks], exact_match=False)
                return

    def header(self) -> None:
        shaping, self.text_shaping = self.text_shaping, None
        self.set_font(SANS, "B", 8)
        self.set_text_color(*ACCENT)
        self.set_y(9)
        self.cell(0, 4, APP_NAME, new_x=XPos.LMARGIN, new_y=YPos.TOP)
        self.set_font(SANS, "", 8)
        self.set_text_color(*MUTED)
        self.cell(0, 4, "Plan summary", align="R", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.set_draw_color(*RULE)
        self.line(self.l_margin, 14, self.w - self.r_margin, 14)
        self.set_y(self.t_margin)
        self.set_text_color(*INK)
        self.text_shaping = shaping

    def footer(self) -> None:
        shaping, self.text_shaping = self.text_shaping, None
        self.set_y(-12)
        self.set_font(SANS, "", 8)
        self.set_text_color(*MUTED)
        self.cell(0, 4, "Guidance, not legal or immigration advice.", new_x=XPos.LMARGIN, new_y=YPos.TOP)
        self.cell(0, 4, f"Page {self.page_no()} of {{nb}}", align="R")
        self.set_text_color(*INK)
        self.text_shaping = shaping

    # -- building blocks --------------------------------------------------------------------

    def room(self, height: float) -> None:
        """Start a new page unless `height` mm fit below the cursor (keeps headings with text)."""
        if self.get_y() + height > self.page_break_trigger:
            self.add_page()

    def para(
        self,
        text: str,
        *,
        size: float = 10,
        style: str = "",
        colour: Colour = INK,
        indent: float = 0,
        limit: int = CAP_TEXT,
        height: float | None = None,
        link: str | None = None,
        after: float = 0,
    ) -> None:
        text = self.clean(text, limit)
        if not text.strip():
            return
        self.set_font(SANS, style, size)
        self.set_text_color(*colour)
        shape = bool(NEEDS_SHAPING.search(text))
        if shape:
            self.set_text_shaping(True)
        width = self.epw - indent
        line_height = height or size * 0.5
        lines = None if shape else self.wrap(text, width - 2 * self.c_margin)
        if lines is None:
            self.set_x(self.l_margin + indent)
            self.multi_cell(width, line_height, text, align="L", link=link, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        else:
            for line in lines:
                self.set_x(self.l_margin + indent)
                self.cell(width, line_height, line, link=link or "", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        if shape:
            self.set_text_shaping(False)
        self.set_text_color(*INK)
        if after:
            self.ln(after)

    def wrap(self, text: str, width: float) -> list[str] | None:
        """Lines of `text` that fit `width` mm in the current font, or None if it needs fallback fonts.

        fpdf2's own line breaking re-measures the line for every character it adds (quadratic,
        about 1 ms per line); this measures each word once.
        """
        font = self.current_font
        if not isinstance(font, TTFFont):  # never: only the bundled TTF fonts are registered
            return None
        cmap, cw = font.cmap, font.cw
        if any(ord(ch) not in cmap for ch in text if ch != "\n"):
            return None
        scale = self.font_size_pt * 0.001 / self.k

        def measure(s: str) -> float:
            return sum(cw[ord(c)] for c in s) * scale

        space = measure(" ")
        lines: list[str] = []
        for paragraph in text.split("\n"):
            line, line_w = "", 0.0
            for word in paragraph.split(" "):
                word_w = measure(word)
                if line and line_w + space + word_w <= width:
                    line, line_w = f"{line} {word}", line_w + space + word_w
                    continue
                if line:
                    lines.append(line)
                while word_w > width:  # a word longer than the line (a URL): cut it
                    cut, cut_w = 0, 0.0
                    while cut < len(word) and cut_w + cw[ord(word[cut])] * scale <= width:
                        cut_w += cw[ord(word[cut])] * scale
                        cut += 1
                    cut = max(cut, 1)
                    lines.append(word[:cut])
                    word = word[cut:]
                    word_w = measure(word)
                line, line_w = word, word_w
            lines.append(line)
        return lines

    def heading(self, text: str) -> None:
        self.room(28)
        self.ln(3)
        self.para(text, size=14, style="B", colour=ACCENT, height=7, limit=CAP_TITLE)
        y = self.get_y() + 0.5
        self.set_draw_color(*RULE)
        self.line(self.l_margin, y, self.w - self.r_margin, y)
        self.ln(2.5)

    def bullets(
        self, lines: Iterable[str], *, size: float = 10, colour: Colour = INK, indent: float = 0, limit: int = CAP_LINE
    ) -> None:
        """A list with hanging indents: wrapped lines start under the text, not under the dot."""
        for line in list(lines)[:CAP_ITEMS]:
            self.room(size * 0.5)
            page, y = self.page, self.get_y()
            self.para(line, size=size, colour=colour, indent=indent + 3.5, limit=limit)
            if self.page == page:  # the first line stayed on this page (always, after room())
                self.set_font(SANS, "", size)
                self.set_text_color(*colour)
                self.text(self.l_margin + indent + 0.6, y + size * 0.5 * 0.72, "•")
                self.set_text_color(*INK)
