"""The PDF summary a person takes home: their answers, their plan with its sources, a timeline.

Owns: the layout of the summary (with a "State licence" section when given), the fonts it
embeds (`wizard/outputs/fonts/`, see the README there), the rule that every character is either
printed with a bundled font or replaced by a visible "?" with a note (never dropped), and the
`answers.json` attachment that a later upload can resume from (`answers_from_pdf`).

Must not know: Streamlit, the clock (the date comes in as `on`), or how the chart is drawn
(the caller passes its PNG bytes).

fpdf2 traps handled here (see the reliability research, section 0 item 7): only TTF fonts,
never core fonts; every `multi_cell` returns the cursor to the left margin; no
`write_html` and no markdown, so user text prints literally; every free text is capped.
Text shaping (HarfBuzz) is switched on only for runs that need it (Arabic, Devanagari,
combining marks): while wrapping, fpdf2 re-shapes the line for every character it adds,
about 7 times the cost of plain text. Plain text is wrapped here (`_Summary.wrap`), one
measurement per word, because fpdf2's own wrapping is quadratic in the line length.

The output is not a tagged PDF (fpdf2 writes no structure tree for text): the in-app plan
is the accessible version, and the summary says so.
"""

from __future__ import annotations

import io
import re
import struct
import unicodedata
import zlib
from collections.abc import Iterable, Sequence
from copy import deepcopy
from datetime import UTC, date, datetime
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from fpdf import FPDF, XPos, YPos

from wizard.domain.countries import country_name
from wizard.domain.profile import Profile
from wizard.domain.questions import QUESTIONS, STEPS, Question
from wizard.domain.states import JURISDICTIONS
from wizard.engine.provenance import Source
from wizard.outputs.plan import CardState, Plan, PlanItem

if TYPE_CHECKING:
    from wizard.domain.state_pathways import Assessment, StatePathways
    from wizard.outputs.timeline import Timeline

FONT_DIR = Path(__file__).resolve().parent / "fonts"
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

# Caps on what is printed (characters). User text is already capped by the answers model;
# these also bound rule-book text and anything built around the model.
CAP_USER = 200
CAP_TITLE = 200
CAP_TEXT = 2000
CAP_LINE = 400
CAP_URL = 500
CAP_ITEMS = 60  # items per section
CAP_ROWS = 80  # timeline rows
#: answers_from_pdf reads at most this much PDF, and inflates at most this much JSON.
MAX_PDF_BYTES = 20 * 1024 * 1024
MAX_ANSWERS_BYTES = 256 * 1024

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
_NEEDS_SHAPING = re.compile("[\u0300-\u036f\u0590-\u0fff\ufb1d-\ufdff\ufe70-\ufeff]")
_KEEP_FORMAT = {"\u200c", "\u200d"}  # joiners used inside Devanagari and Persian words

# Colours (RGB)
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


@cache
def _sans_codepoints() -> tuple[int, ...]:
    """Every code point DejaVu Sans (regular or bold) maps, minus the Arabic-script blocks."""
    from fontTools.ttLib import TTFont

    points: set[int] = set()
    for name in SANS_FILES.values():
        with TTFont(FONT_DIR / name, lazy=True) as font:
            points |= set(font.getBestCmap())
    return tuple(sorted(p for p in points if not any(lo <= p <= hi for lo, hi in _NOT_IN_SANS)))


@cache
def _template() -> tuple[dict[str, Any], frozenset[int]]:
    """The bundled fonts parsed once per process, and every code point they can print.

    Parsing the fonts takes about 0.12 s of CPU per document; copying these takes 0.015 s.
    """
    pdf = FPDF()
    pdf.add_font(SANS, "", FONT_DIR / SANS_FILES[""], unicode_range=list(_sans_codepoints()))
    pdf.add_font(SANS, "B", FONT_DIR / SANS_FILES["B"], unicode_range=list(_sans_codepoints()))
    for family, filename in FALLBACKS.items():
        pdf.add_font(family, "", FONT_DIR / filename)
    printable = frozenset().union(*(font.cmap for font in pdf.fonts.values()))
    return dict(pdf.fonts), printable


@cache
def _plain() -> frozenset[str]:
    """Characters the main font prints with nothing to check: the fast path of `clean`."""
    return frozenset(
        chr(p) for p in _template()[0][SANS].cmap if unicodedata.category(chr(p)) not in ("Cc", "Cf", "Zs")
    ) | {" ", "\n"}


def _fresh_font(key: str) -> Any:
    """A per-document copy of a parsed font (what `add_font` would have made).

    fpdf2's own `TTFFont.__deepcopy__` shares the read-only parts (cmap, metrics) and copies
    the per-document glyph subset. The fontTools font is reopened because `output()`
    subsets it in place. Relies on fpdf2 2.8 internals (the `FPDF.fonts` registry,
    `TTFFont.ttfont`); the determinism test (two documents in one process, same bytes)
    guards it.
    """
    from fontTools.ttLib import TTFont

    font = _template()[0][key]
    copy = deepcopy(font)
    copy.ttfont = TTFont(font.ttffile, recalcTimestamp=False, lazy=True)
    return copy


def _humanize(identifier: str) -> str:
    words = identifier.replace("_", " ").strip()
    return words[:1].upper() + words[1:]


def _number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:g}"


def answer_text(question: Question, value: Any) -> str:
    """An answer as a person reads it: option words, country and state names, dates in words."""
    path = question.path
    if path in ("degree.school_country", "status.citizenship") and isinstance(value, str):
        try:
            return country_name(value)
        except KeyError:
            return value
    if path == "target.state" and isinstance(value, str):
        return JURISDICTIONS.get(value, value)
    if path == "target.specialty" and isinstance(value, str):
        return _humanize(value)
    if isinstance(value, bool) or question.options:
        return question.option_label(value)
    if isinstance(value, date):
        return long_date(value)
    if isinstance(value, float | int):
        text = _number(value)
        return f"{text} {question.unit}" if question.unit else text
    return str(value)


def _get(profile: Profile, path: str) -> Any:
    node: Any = profile
    for part in path.split("."):
        node = getattr(node, part, None)
        if node is None:
            return None
    return node


def answer_rows(profile: Profile) -> list[tuple[str, str, str]]:
    """(step title, question label, answer) for every answered question except the name."""
    rows = []
    for q in QUESTIONS:
        if q.path == "about.name":
            continue
        value = _get(profile, q.path)
        if value is None:
            continue
        rows.append((STEPS.get(q.step, q.step), q.label, answer_text(q, value)))
    return rows


# -- The document ----------------------------------------------------------------------------


class _Summary(FPDF):
    def __init__(self) -> None:
        super().__init__(orientation="P", unit="mm", format="A4")
        self.set_margins(18, 18, 18)
        self.set_auto_page_break(True, margin=18)
        # Fallback fonts are registered only when the text needs them: fpdf2 embeds every
        # registered font, used or not, and subsetting one costs about 0.04 s.
        for key in (SANS, SANS + "B"):
            self.fonts[key] = _fresh_font(key)
        self._fallbacks: list[str] = []
        self.set_fallback_fonts([SANS], exact_match=False)
        self._printable = _template()[1]
        self._sans_cmap = self.fonts[SANS].cmap
        self._plain = _plain()
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
            elif ord(ch) in self._printable and (unicodedata.category(ch) not in ("Cc", "Cf") or ch in _KEEP_FORMAT):
                if ord(ch) not in self._sans_cmap:
                    self._register_fallback_for(ord(ch))
                out.append(ch)
            else:
                self.replaced.setdefault(f"U+{ord(ch):04X}", None)
                out.append(REPLACEMENT)
        return "".join(out)

    def _register_fallback_for(self, codepoint: int) -> None:
        fonts = _template()[0]
        for family in FALLBACKS:
            if family not in self._fallbacks and codepoint in fonts[family].cmap:
                self.fonts[family] = _fresh_font(family)
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
        colour: tuple[int, int, int] = INK,
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
        shape = bool(_NEEDS_SHAPING.search(text))
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
        self, lines: Iterable[str], *, size: float = 10, colour=INK, indent: float = 0, limit: int = CAP_LINE
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

    def source_lines(self, sources: Sequence[Source], on: date, indent: float, *, compact=False) -> None:
        for source in list(sources)[:CAP_ITEMS]:
            marks = [f"as of {long_date(source.as_of)}"]
            if not source.official:
                marks.append("secondary source")
            if source.is_stale(on):
                marks.append("possibly out of date")
            if compact:
                url = cap(str(source.url), CAP_URL)
                self.para(
                    f"{cap(source.title, CAP_TITLE)} ({'; '.join(marks)}) {url}",
                    size=7.5,
                    colour=MUTED,
                    indent=indent,
                    limit=CAP_TITLE + CAP_URL + 120,
                    link=url,
                )
                continue
            self.para(
                f"Source: {cap(source.title, CAP_TITLE)} ({'; '.join(marks)})",
                size=8.5,
                colour=MUTED,
                indent=indent,
                limit=CAP_TITLE + 120,
            )
            url = str(source.url)
            self.para(url, size=8.5, colour=LINK, indent=indent + 4, limit=CAP_URL, link=cap(url, CAP_URL))

    def item(self, item: PlanItem, on: date, *, number: int | None = None, why: bool = True) -> None:
        self.room(22)
        title = f"{number}. {item.title}" if number is not None else item.title
        self.para(title, size=11, style="B", height=5.6, limit=CAP_TITLE)
        indent = 5 if number is not None else 0
        self.ln(0.8)
        self.para(item.text, size=10, indent=indent)
        notes = []
        if item.volatile:
            notes.append("This changes often: check the source before you act on it.")
        if item.stale:
            notes.append("A source for this is more than a year old and possibly out of date.")
        for note in notes:
            self.para(note, size=9, style="B", colour=STATE_COLOURS[CardState.unknown], indent=indent)
        if why and item.why:
            self.ln(0.8)
            self.para("Why this shows", size=8.5, style="B", colour=MUTED, indent=indent)
            self.bullets((cap(w, CAP_LINE) for w in item.why), size=8.5, colour=MUTED, indent=indent)
        if item.sources:
            self.ln(0.8)
            self.source_lines(item.sources, on, indent)
        self.ln(3.5)

    def items(self, title: str, items: Sequence[PlanItem], on: date, intro: str = "", numbered=False) -> None:
        if not items:
            return
        self.heading(title)
        if intro:
            self.para(intro, size=9.5, colour=MUTED, after=2)
        for n, it in enumerate(items[:CAP_ITEMS], start=1):
            self.item(it, on, number=n if numbered else None)

    def table_rows(
        self,
        headings: Sequence[str],
        rows: Sequence[Sequence[str | tuple[str, str, tuple[int, int, int]]]],
        widths: Sequence[float],
    ) -> None:
        """A plain table: a shaded heading row, thin lines between rows, wrapped cells.

        A cell is text, or (text, style, colour). Drawn by hand with `wrap`: fpdf2's
        `table()` lays every cell out twice with its slow line breaker. Cells that need
        fallback fonts or shaping fall back to `multi_cell`.
        """
        scale = self.epw / sum(widths)
        widths = [w * scale for w in widths]
        size, line_h, pad = 9, 4.4, 1.3

        def draw(cells, *, head: bool) -> None:
            laid = []
            for value, width in zip(cells, widths, strict=False):
                text, style, colour = (value, "B" if head else "", ACCENT if head else INK)
                if isinstance(value, tuple):
                    text, style, colour = value
                text = self.clean(text, CAP_TEXT)
                self.set_font(SANS, style, size)
                lines = None if _NEEDS_SHAPING.search(text) else self.wrap(text, width - 2 * self.c_margin)
                laid.append((text, style, colour, lines))
            heights = []
            for (text, style, _colour, lines), width in zip(laid, widths, strict=False):
                if lines is None:
                    self.set_font(SANS, style, size)
                    shape = bool(_NEEDS_SHAPING.search(text))
                    if shape:
                        self.set_text_shaping(True)
                    lines_n = len(self.multi_cell(width, line_h, text, dry_run=True, output="LINES"))
                    if shape:
                        self.set_text_shaping(False)
                    heights.append(lines_n * line_h)
                else:
                    heights.append(len(lines) * line_h)
            row_h = max(heights, default=line_h) + 2 * pad
            # A heading row needs its first row below it; a row that moves to a new page
            # takes the heading row with it.
            need = row_h + (first_row_h if head else 0)
            if self.get_y() + need > self.page_break_trigger:
                self.add_page()
                if not head:
                    draw(list(headings), head=True)
            top = self.get_y()
            if head:
                self.set_fill_color(230, 236, 245)
                self.rect(self.l_margin, top, self.epw, row_h, style="F")
            x = self.l_margin
            for (text, style, colour, lines), width in zip(laid, widths, strict=False):
                self.set_font(SANS, style, size)
                self.set_text_color(*colour)
                self.set_xy(x, top + pad)
                if lines is None:
                    shape = bool(_NEEDS_SHAPING.search(text))
                    if shape:
                        self.set_text_shaping(True)
                    self.multi_cell(width, line_h, text, align="L", new_x=XPos.LEFT, new_y=YPos.NEXT)
                    if shape:
                        self.set_text_shaping(False)
                else:
                    for line in lines:
                        self.set_x(x)
                        self.cell(width, line_h, line, new_x=XPos.LEFT, new_y=YPos.NEXT)
                x += width
            self.set_text_color(*INK)
            self.set_draw_color(*RULE)
            self.line(self.l_margin, top + row_h, self.l_margin + self.epw, top + row_h)
            self.set_xy(self.l_margin, top + row_h)

        first_row_h = 6 * line_h if rows else 0
        draw(list(headings), head=True)
        for cells in rows:
            draw(list(cells), head=False)
        self.ln(2)


# -- Sections ---------------------------------------------------------------------------------


def _title_block(pdf: _Summary, profile: Profile, plan: Plan, on: date) -> None:
    pdf.para("Your plan to practise medicine in the USA", size=19, style="B", colour=ACCENT, height=9)
    pdf.ln(1)
    name = profile.about.name
    if name:
        before = len(pdf.replaced)
        pdf.para(f"Prepared for {name}", size=13, height=7, limit=CAP_USER + 20)
        if len(pdf.replaced) > before:
            pdf.para(
                f"Some characters of the name are not in this summary's fonts and are shown as "
                f'"{REPLACEMENT}". The app shows them correctly.',
                size=8.5,
                colour=MUTED,
            )
    pdf.para(
        f"Made on {long_date(on)} with the rule book as of {long_date(plan.rules_as_of)}.",
        size=10,
        colour=MUTED,
    )
    pdf.para(
        'This is guidance, not legal or immigration advice: see "About this summary" at the end.',
        size=9,
        colour=MUTED,
        after=2,
    )


def _answers(pdf: _Summary, profile: Profile) -> None:
    pdf.heading("Your answers")
    rows = answer_rows(profile)
    if not rows:
        pdf.para("No answers yet.", size=10, colour=MUTED)
        return
    shown = []
    last_step = None
    for step, label, answer in rows:
        shown.append((step if step != last_step else "", label, answer))
        last_step = step
    pdf.table_rows(("Topic", "Question", "Your answer"), shown, (24, 96, 50))


def _cards(pdf: _Summary, plan: Plan) -> None:
    if not plan.cards:
        return
    pdf.heading("Where you stand")
    rows = []
    for card in plan.cards:
        details = []
        if card.missing:
            details.append("Missing: " + "; ".join(cap(i.title, CAP_TITLE) for i in card.missing[:CAP_ITEMS]))
        if card.unknown:
            details.append("Not known yet: " + "; ".join(cap(i.title, CAP_TITLE) for i in card.unknown[:CAP_ITEMS]))
        if card.met and not details:
            details.append("Met: " + "; ".join(cap(i.title, CAP_TITLE) for i in card.met[:CAP_ITEMS]))
        state = (STATE_WORDS[card.state], "B", STATE_COLOURS[card.state])
        rows.append((card.label, state, "\n".join(details)))
    pdf.table_rows(("Milestone", "Status", "Details"), rows, (44, 34, 92))


def _needs_answers(pdf: _Summary, plan: Plan) -> None:
    if not plan.needs_answers and not plan.not_yet_known:
        return
    pdf.heading("Answer these to see more")
    if plan.needs_answers:
        pdf.para("The wizard could say more about your plan with these answers:", size=9.5, colour=MUTED, after=1)
        for needed in plan.needs_answers[:CAP_ITEMS]:
            step = STEPS.get(needed.step, needed.step)
            unlocks = "; ".join(cap(t, CAP_TITLE) for t in needed.unlocks[:10])
            pdf.bullets([f"{needed.label} ({step})"], size=10)
            if unlocks:
                pdf.para(f"would decide: {unlocks}", size=8.5, colour=MUTED, indent=3.5, limit=CAP_TEXT)
    if plan.not_yet_known:
        pdf.ln(2)
        pdf.para("Not yet published, so nobody can answer these yet:", size=9.5, colour=MUTED, after=1)
        pdf.bullets(plan.not_yet_known)


def _timeline(pdf: _Summary, timeline: Timeline | None, chart_png: bytes | None, on: date) -> None:
    pdf.heading("Timeline")
    if timeline is None:
        pdf.para("Timeline not available.", size=10, colour=MUTED)
        return
    lanes = {lane.lane: lane for lane in timeline.lanes}
    typical = lanes.get("typical")
    if typical and typical.match_year:
        start = f" and start residency on {long_date(typical.residency_start)}" if typical.residency_start else ""
        projected = " (that calendar is projected, not yet published)" if typical.projected else ""
        pdf.para(
            f"Typical plan: the {typical.match_year} Match{projected}{start}.",
            size=10.5,
            style="B",
            height=5.6,
        )
    pdf.para(timeline.lane_summary(), size=9.5, colour=MUTED)
    if timeline.decided_by:
        pdf.para(timeline.decided_by, size=10, after=2)
    size = _png_size(chart_png) if chart_png else None
    if size:
        height = min(pdf.epw * size[1] / size[0], 150.0)
        width = height * size[0] / size[1]
        pdf.room(height + 4)
        pdf.image(io.BytesIO(chart_png), x=pdf.l_margin + (pdf.epw - width) / 2, w=width, h=height)
        pdf.set_y(pdf.get_y() + height + 3)
    elif chart_png:
        pdf.para("The chart could not be read.", size=9, colour=MUTED)
    rows = []
    for row in timeline.to_rows(as_text=True)[:CAP_ROWS]:
        low, high = row.get("optimistic", ""), row.get("conservative", "")
        spread = low if low == high else f"{low} to {high}"
        flags = row.get("estimate?") or ""
        note = row.get("note") or ""
        rows.append(
            (
                str(row.get("phase", "")),
                str(row.get("start", "")),
                str(row.get("typical end", "")),
                spread,
                (f"{flags.capitalize()}. {note}" if flags else note, "", INK),
            )
        )
    if rows:
        pdf.table_rows(("Phase", "Start", "Typical end", "Could end", "Notes"), rows, (30, 23, 23, 30, 64))
    if timeline.rule:
        pdf.room(20)
        pdf.para("How the dates are worked out", size=10, style="B", height=5.4)
        pdf.para(timeline.rule, size=9, after=1)
    if timeline.assumptions or timeline.notes:
        pdf.room(20)
        pdf.para("Assumptions and notes", size=10, style="B", height=5.4)
        pdf.bullets((*timeline.assumptions, *timeline.notes), size=9, limit=CAP_TEXT)
        pdf.ln(1)
    sources = _unique_sources((*timeline.rule_sources, *(s for p in timeline.phases for s in p.sources)))
    if sources:
        pdf.room(20)
        pdf.para("Timeline sources", size=10, style="B", height=5.4)
        pdf.source_lines(sources, on, 0, compact=True)


_CHECK_WORDS = {
    "met": ("met", "B", STATE_COLOURS[CardState.met]),
    "missing": ("missing", "B", STATE_COLOURS[CardState.missing]),
    "not_met": ("not met", "B", STATE_COLOURS[CardState.missing]),
    "unknown": ("unknown", "B", STATE_COLOURS[CardState.unknown]),
    "not_required": ("not required", "", MUTED),
}
_VERDICT_COLOURS = {
    "qualifies": STATE_COLOURS[CardState.met],
    "could_qualify": STATE_COLOURS[CardState.unknown],
    "unknown": STATE_COLOURS[CardState.unknown],
    "does_not_qualify": STATE_COLOURS[CardState.missing],
}


def _pathway(pdf: _Summary, a: Assessment, on: date) -> None:
    """One pathway, as the plan page shows it: fit, requirement checks, law, status, stages, sources."""
    pdf.room(30)
    kind = "limited licence, not a full route" if a.limited else "licence without a US residency"
    pdf.para(f"{a.code} · {a.state_name}: {a.pathway} ({kind})", size=11, style="B", height=5.6, limit=CAP_TITLE + 60)
    if not a.limited:
        pdf.para(f"Your fit: {a.verdict_label}", size=10, style="B", colour=_VERDICT_COLOURS[a.verdict.value])
    pdf.para(a.headline, size=10, after=1)
    if a.checks:
        rows = [
            (c.label, _CHECK_WORDS[c.status.value], c.yours, c.state + (f" ({c.detail})" if c.detail else ""))
            for c in a.checks
        ]
        pdf.table_rows(("Requirement", "Check", "Yours", "State asks"), rows, (36, 22, 36, 76))
    pdf.para(f"Law: {a.law or 'unknown — not published/confirmed'}", size=10)
    status = f"Status: {a.status_label}" + (f" — {a.status_note}" if a.status_note else "")
    pdf.para(status, size=10, after=1)
    if a.stages:
        pdf.bullets((f"{st.label}: {st.text}" for st in a.stages), size=9.5, limit=CAP_TEXT)
    if a.can_apply_now is not True:
        pdf.para(a.lag_note, size=9, style="B", colour=STATE_COLOURS[CardState.unknown])
    if a.stale:
        pdf.para(
            "A source for this is more than a year old and possibly out of date.",
            size=9,
            style="B",
            colour=STATE_COLOURS[CardState.unknown],
        )
    if a.sources:
        pdf.ln(0.8)
        pdf.para("Sources", size=8.5, style="B", colour=MUTED)
        pdf.source_lines(a.sources, on, 0, compact=True)
    pdf.ln(3)


def _state_licence(pdf: _Summary, sp: StatePathways | None, on: date) -> None:
    """The target state's GME years, its licence without a US residency or the states that fit."""
    if sp is None:
        return
    pdf.heading("State licence")
    name = sp.target_name or sp.target
    gme = sp.gme
    if sp.target is None:
        pdf.para("No target state chosen yet: choose one to see its licence rules.", size=10, colour=MUTED, after=1)
    elif gme is not None:
        pdf.para("Through a US residency", size=10.5, style="B", height=5.4)
        if gme.known:
            pdf.para(gme.text() + ".", size=10)
        else:
            pdf.para(
                f"{name}: the years of US residency (GME) it requires of international graduates are "
                f"unknown — {gme.unknown_reason or 'not published/confirmed'}.",
                size=10,
            )
        if gme.note:
            pdf.para(gme.note, size=9, colour=MUTED)
        pdf.source_lines(gme.sources, on, 0, compact=True)
        pdf.ln(2)
    full = [a for a in sp.for_target if not a.limited]
    limited = [a for a in sp.for_target if a.limited]
    if full:
        pdf.para(f"Without a US residency in {name}", size=10.5, style="B", height=5.4, after=1)
        for a in full:
            _pathway(pdf, a, on)
    else:
        if sp.target is not None:
            has = (
                "has no licence without a US residency"
                if sp.target_has_pathway is False
                else "has no licence without a US residency that we could confirm"
            )
            pdf.para(f"{name} {has}.", size=10, after=1)
        if sp.elsewhere:
            pdf.para("States where you appear to qualify, or could with a job offer only:", size=10, style="B", after=1)
            for a in sp.elsewhere[:CAP_ITEMS]:
                pdf.bullets(
                    [
                        f"{a.code} · {a.state_name}: {a.pathway} — {a.verdict_label}; status: "
                        f"{a.status_label}; law: {a.law or 'unknown — not published/confirmed'}"
                    ],
                    size=9.5,
                    limit=CAP_TEXT,
                )
                pdf.source_lines(a.sources[:6], on, 3.5, compact=True)
        else:
            pdf.para("No state's licence without a US residency fits your answers yet.", size=10, colour=MUTED)
    for a in limited:
        _pathway(pdf, a, on)
    pdf.para(sp.visa_note, size=9.5, style="B", after=1)
    pdf.para("The app's “Compare states” page shows every state side by side.", size=9, colour=MUTED, after=2)


def _png_size(data: bytes) -> tuple[int, int] | None:
    """(width, height) in pixels from a PNG's header, or None if it is not a PNG."""
    if len(data) < 24 or not data.startswith(b"\x89PNG\r\n\x1a\n") or data[12:16] != b"IHDR":
        return None
    width, height = struct.unpack(">II", data[16:24])
    return (width, height) if width and height else None


def _unique_sources(sources: Iterable[Source]) -> list[Source]:
    seen: dict[str, Source] = {}
    for source in sources:
        seen.setdefault(str(source.url), source)
    return list(seen.values())


def _about(pdf: _Summary) -> None:
    pdf.heading("About this summary")
    for text in (
        "This summary is guidance, not legal or immigration advice. Rules and dates change: "
        "every item names its sources and the date each source speaks for. Before you act, check "
        "with ECFMG, the medical board of the state where you want to practise and, for anything "
        "about visas, an immigration attorney.",
        "The plan in the app is the accessible version of this summary: this PDF is not tagged for screen readers.",
        f"Your answers are attached to this PDF as the file {ATTACHMENT_NAME}, so you can pick up "
        "where you left off. The PDF holds personal information: share it only with people you trust.",
    ):
        pdf.para(text, size=9.5, after=2)
    if pdf.replaced:
        shown = ", ".join(list(pdf.replaced)[:20])
        pdf.para(
            f'Some characters are not in this summary\'s fonts and are printed as "{REPLACEMENT}": '
            f"{shown}. The app shows them correctly.",
            size=9.5,
            colour=STATE_COLOURS[CardState.unknown],
        )


# -- Public API -------------------------------------------------------------------------------


def build_pdf(
    profile: Profile,
    plan: Plan,
    timeline: Timeline | None = None,
    *,
    on: date,
    chart_png: bytes | None = None,
    state_licence: StatePathways | None = None,
) -> bytes:
    """The take-home summary as PDF bytes; the same inputs always give the same bytes.

    `state_licence` (from `wizard.domain.state_pathways.state_pathways_for`) adds the "State licence"
    section; without it the section is left out.
    """
    stamp = datetime(on.year, on.month, on.day, tzinfo=UTC)
    pdf = _Summary()
    pdf.set_creation_date(stamp)
    pdf.set_title(f"{APP_NAME}: plan summary")
    pdf.set_creator(APP_NAME)
    pdf.set_lang("en")
    pdf.embed_file(
        bytes=profile.model_dump_json().encode("utf-8"),
        basename=ATTACHMENT_NAME,
        desc="Your answers, for resuming in the IMG Pathway Wizard",
        mime_type="application/json",
        creation_date=stamp,
        modification_date=stamp,
        compress=True,
    )
    pdf.add_page()
    _title_block(pdf, profile, plan, on)
    _answers(pdf, profile)
    _cards(pdf, plan)
    pdf.items(
        "Warnings",
        plan.warnings,
        on,
    )
    pdf.items(
        "Your next steps",
        plan.next_steps,
        on,
        intro="In the order they depend on each other. Each says why it shows and where it comes from.",
        numbered=True,
    )
    pdf.items("Still missing", plan.missing, on, intro="Requirements your answers show are not met yet.")
    pdf.items("Fast tracks", plan.fast_tracks, on, intro="Routes that may shorten your path.")
    _state_licence(pdf, state_licence, on)
    pdf.items("Good to know", plan.info, on)
    if plan.met:
        pdf.heading("Already done")
        pdf.bullets(cap(i.title, CAP_TITLE) for i in plan.met)
    _needs_answers(pdf, plan)
    _timeline(pdf, timeline, chart_png, on)
    _about(pdf)
    return bytes(pdf.output())


# -- Reading the answers back -----------------------------------------------------------------

_STREAM = re.compile(rb">>\s*stream\r?\n")
_LENGTH = re.compile(rb"/Length\s+(\d+)\b(?!\s+\d+\s+R)")  # a direct length, not "6 0 R"


def answers_from_pdf(data: bytes) -> str | None:
    """The `answers.json` text attached by `build_pdf`, or None if there is none.

    No PDF library is needed: this scans for embedded-file streams (`/Type /EmbeddedFile`,
    which a PDF may never put inside an object stream, so re-saving by most viewers keeps
    them findable), inflates Flate-compressed ones with a size cap, and returns the first
    that is a JSON object with a `schema_version`. Encrypted PDFs and other filters give None.
    The caller must still validate the text (`parse_profile`): it is untrusted input.
    """
    if not data.startswith(b"%PDF") or len(data) > MAX_PDF_BYTES:
        return None
    import json

    for match in _STREAM.finditer(data):
        head = data.rfind(b" obj", 0, match.start())
        if head < 0:
            continue
        stream_dict = data[head : match.start() + 2]
        if b"/EmbeddedFile" not in stream_dict:
            continue
        start = match.end()
        length = _LENGTH.search(stream_dict)
        end = start + int(length.group(1)) if length else data.find(b"endstream", start)
        if end < start or end > len(data):
            continue
        raw = data[start:end]
        if b"/FlateDecode" in stream_dict:
            inflater = zlib.decompressobj()
            try:
                raw = inflater.decompress(raw, MAX_ANSWERS_BYTES + 1)
            except zlib.error:
                continue
            if len(raw) > MAX_ANSWERS_BYTES:
                continue
        elif b"/Filter" in stream_dict or len(raw) > MAX_ANSWERS_BYTES:
            continue
        try:
            text = raw.decode("utf-8").strip()
            parsed = json.loads(text)
        except (UnicodeDecodeError, ValueError, RecursionError):
            continue
        if isinstance(parsed, dict) and "schema_version" in parsed:
            return text
    return None
