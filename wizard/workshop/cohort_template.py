"""The cohort CSV format: one column per answer path, plus `attendee`; a template and a guide.

Owns: the list of columns (`COLUMNS`), what each accepts (derived from `wizard.domain.profile`, labelled
from `wizard.domain.questions`), turning one cell into an answer value with a plain message when it
cannot be one, the example row, and the text of the guide.

Decisions (also printed in the guide): comma-separated only (no semicolons or tabs), UTF-8 (a
byte-order mark is fine), one header row, an empty cell means "not answered", yes/no cells take
yes/no/true/false/1/0, dates are YYYY-MM-DD, option codes are the answers-file codes (case and
spaces are forgiven: "Not started" reads as not_started).

Must not know: Streamlit, rules, plans, or the clock.
"""

from __future__ import annotations

import csv
import difflib
import io
import re
import types
import typing
from dataclasses import dataclass
from datetime import date
from enum import Enum
from typing import Any

from pydantic import BaseModel

from wizard.domain.countries import is_country_code
from wizard.domain.profile import (
    EARLIEST_GRADUATION_YEAR,
    MAX_ATTEMPTS_PER_STEP,
    OET_SCALE,
    USMLE_SCORE_RANGE,
    Profile,
)
from wizard.domain.questions import BY_PATH, STEPS
from wizard.domain.states import JURISDICTIONS

ATTENDEE = "attendee"
MAX_CELL_CHARS = 200
MAX_ATTENDEE_CHARS = 100

_YES = {"yes", "true", "1"}
_NO = {"no", "false", "0"}
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")

# Paths whose plain two-letter pattern stands for a list the wizard knows.
_COUNTRY_PATHS = ("degree.school_country", "status.citizenship")
_STATE_PATHS = ("target.state",)
_SPECIALTY_PATHS = ("target.specialty",)


class Kind:
    text = "text"
    choice = "choice"
    yes_no = "yes/no"
    whole = "whole number"
    number = "number"
    date = "date"
    country = "country code"
    state = "state code"
    specialty = "specialty id"


@dataclass(frozen=True)
class Column:
    """One CSV column: its header name, the question's label, what it accepts, an example."""

    name: str
    label: str
    step: str
    kind: str
    allowed: str  # a short description of the accepted values
    example: str  # what the example row holds ("" = left empty there)
    choices: tuple[str, ...] = ()
    low: float | None = None
    high: float | None = None


# ------------------------------------------------------------------ columns from the Profile model


def _unwrap(annotation: Any) -> tuple[Any, list[Any]]:
    """The base type of `X | None` / `Annotated[X, ...]`, and any metadata met on the way."""
    meta: list[Any] = []
    while True:
        origin = typing.get_origin(annotation)
        if origin is typing.Annotated:
            args = typing.get_args(annotation)
            annotation, meta = args[0], [*meta, *args[1:]]
        elif origin in (typing.Union, types.UnionType):
            annotation = next(a for a in typing.get_args(annotation) if a is not type(None))
        else:
            return annotation, meta


def _bounds(meta: list[Any]) -> tuple[float | None, float | None]:
    low = high = None
    for m in meta:
        for attr in ("ge", "gt"):
            if getattr(m, attr, None) is not None:
                low = getattr(m, attr)
        for attr in ("le", "lt"):
            if getattr(m, attr, None) is not None:
                high = getattr(m, attr)
    return low, high


def _leaf_fields(model: type[BaseModel], prefix: str = "") -> list[tuple[str, Any, list[Any]]]:
    out = []
    for name, info in model.model_fields.items():
        if name in ("schema_version", "rule_book"):  # written by the wizard, never asked
            continue
        base, meta = _unwrap(info.annotation)
        path = f"{prefix}{name}"
        if isinstance(base, type) and issubclass(base, BaseModel):
            out += _leaf_fields(base, path + ".")
        else:
            out.append((path, base, [*meta, *info.metadata]))
    return out


# A realistic attendee, written by hand. No Match year: any year would fall into the past one day.
EXAMPLE: dict[str, str] = {
    ATTENDEE: "A-001",
    "about.name": "",
    "degree.school_country": "IN",
    "degree.wdoms_sponsor_note": "yes",
    "degree.enrolment": "graduate",
    "degree.graduation_year": "2021",
    "degree.credentials_verified": "verified",
    "degree.postgrad_training_years_abroad": "1",
    "degree.licensed_abroad": "yes",
    "degree.practice_years_abroad": "2",
    "degree.specialist_certified_abroad": "no",
    "exams.step1.status": "passed",
    "exams.step1.date": "2023-03-14",
    "exams.step1.score": "",
    "exams.step1.failed_attempts": "0",
    "exams.step2ck.status": "passed",
    "exams.step2ck.date": "2024-06-10",
    "exams.step2ck.score": "245",
    "exams.step2ck.failed_attempts": "0",
    "exams.step3.status": "not_started",
    "exams.step3.date": "",
    "exams.step3.score": "",
    "exams.step3.failed_attempts": "",
    "exams.oet.status": "passed",
    "exams.oet.date": "2024-09-07",
    "exams.oet.listening": "380",
    "exams.oet.reading": "370",
    "exams.oet.writing": "360",
    "exams.oet.speaking": "390",
    "exams.clinical_skills": "pathway_accepted",
    "exams.pathway_number": "6",
    "exams.ecfmg_certified": "no",
    "exams.ecfmg_certified_date": "",
    "target.state": "TX",
    "target.specialty": "internal_medicine",
    "target.match_year": "",
    "target.open_to_underserved": "yes",
    "target.job_offer_in_state": "no",
    "status.us_status": "needs_visa",
    "status.citizenship": "IN",
    "status.visa_preference": "j1",
    "experience.usce_hands_on_months": "3",
    "experience.observership_months": "2",
    "experience.us_research_months": "0",
    "experience.us_letters": "2",
}

# What a column's example reads as in the guide when the example row leaves it empty.
_GUIDE_EXAMPLE = {
    "about.name": "Priya Sharma",
    "exams.step1.score": "230 (only if passed before 26 Jan 2022)",
    "exams.step3.date": "2025-02-11",
    "exams.step3.score": "221",
    "exams.step3.failed_attempts": "0",
    "exams.ecfmg_certified_date": "2025-01-20",
    "target.match_year": "2028",
}


# Ranges the profile checks in validators rather than field constraints, for the guide's words.
_CHECKED_RANGES: dict[str, tuple[float | None, float | None]] = {
    ".score": USMLE_SCORE_RANGE,
    ".failed_attempts": (0, MAX_ATTEMPTS_PER_STEP),
    **{f"oet.{part}": OET_SCALE for part in ("listening", "reading", "writing", "speaking")},
    "degree.graduation_year": (EARLIEST_GRADUATION_YEAR, None),
}


def _column(path: str, base: Any, meta: list[Any]) -> Column:
    q = BY_PATH.get(path)
    label = q.label if q else path
    step = q.step if q else path.split(".")[0]
    low, high = _bounds(meta)
    for suffix, (lo, hi) in _CHECKED_RANGES.items():
        if path.endswith(suffix):
            low, high = lo, hi
    example = EXAMPLE.get(path, "")
    if path in _COUNTRY_PATHS:
        return Column(path, label, step, Kind.country, "ISO 3166-1 two-letter country code, e.g. IN, NG, PK", example)
    if path in _STATE_PATHS:
        return Column(
            path, label, step, Kind.state, "two-letter code of a US state or territory, e.g. TX, NY, PR", example
        )
    if path in _SPECIALTY_PATHS:
        return Column(path, label, step, Kind.specialty, "a specialty id, e.g. internal_medicine", example)
    if isinstance(base, type) and issubclass(base, Enum):
        codes = tuple(str(m.value) for m in base)
        words = q.options if q else {}
        shown = "; ".join(f"{c} = {words[c]}" if words.get(c) and words[c] != c.replace("_", " ") else c for c in codes)
        return Column(path, label, step, Kind.choice, shown, example, choices=codes)
    if base is bool:
        return Column(path, label, step, Kind.yes_no, "yes or no (also true/false, 1/0)", example)
    if base is date:
        return Column(path, label, step, Kind.date, "a date as YYYY-MM-DD", example)
    if base is int or base is float:
        kind = Kind.whole if base is int else Kind.number
        word = "a whole number" if base is int else "a number (decimal point allowed, e.g. 1.5)"
        if low is not None and high is not None:
            word += f" from {_n(low)} to {_n(high)}"
        elif low is not None:
            word += f" of at least {_n(low)}"
        unit = q.unit if q else ""
        return Column(path, label, step, kind, word + (f" ({unit})" if unit else ""), example, low=low, high=high)
    limit = next((m.max_length for m in meta if getattr(m, "max_length", None)), MAX_CELL_CHARS)
    return Column(path, label, step, Kind.text, f"free text, at most {limit} characters", example)


def _n(x: float) -> str:
    return str(int(x)) if float(x).is_integer() else str(x)


def _build_columns() -> tuple[Column, ...]:
    attendee = Column(
        ATTENDEE,
        "Attendee: an id or name you choose (personal data; used in file names and the summary)",
        "attendee",
        Kind.text,
        f"free text, at most {MAX_ATTENDEE_CHARS} characters; empty means 'row N'",
        EXAMPLE[ATTENDEE],
    )
    order = {p: i for i, p in enumerate(BY_PATH)}
    leaves = sorted(_leaf_fields(Profile), key=lambda leaf: order.get(leaf[0], len(order)))
    return (attendee, *(_column(*leaf) for leaf in leaves))


COLUMNS: tuple[Column, ...] = _build_columns()
BY_NAME: dict[str, Column] = {c.name: c for c in COLUMNS}
ANSWER_COLUMNS: tuple[str, ...] = tuple(c.name for c in COLUMNS if c.name != ATTENDEE)


# ------------------------------------------------------------------ header names and cells


def suggest_column(name: str) -> str:
    """' (did you mean 'x'?)' for a header that is not a column, or ''."""
    names = list(BY_NAME)
    close = difflib.get_close_matches(name, names, n=1, cutoff=0.6)
    if not close:
        tail = [c for c in names if c.endswith("." + name) or c.split(".")[-1] == name]
        close = tail[:1] if len(tail) == 1 else []
    if not close and name in ("id", "attendee_id", "participant", "person"):
        close = [ATTENDEE]
    return f" (did you mean '{close[0]}'?)" if close else ""


def _code(text: str) -> str:
    return re.sub(r"[\s\-]+", "_", text.strip().lower())


def _did_you_mean(text: str, known: list[str]) -> str:
    close = difflib.get_close_matches(text, known, n=1, cutoff=0.6)
    return f" (did you mean '{close[0]}'?)" if close else ""


class CellError(ValueError):
    """A cell that cannot be an answer; the message never repeats what was typed."""


def read_cell(column: Column, text: str, *, specialties: list[str] | None = None) -> Any:
    """The answer value for one non-empty, stripped cell, ready for `parse_profile`.

    Numbers are passed on as text for the profile model to check (its messages are the plain
    ones); yes/no, dates and codes are checked here, where the CSV spelling is known.
    """
    limit = MAX_ATTENDEE_CHARS if column.name == ATTENDEE else MAX_CELL_CHARS
    if len(text) > limit:
        raise CellError(f"This cell is too long: keep it to {limit} characters or fewer.")
    kind = column.kind
    if kind == Kind.yes_no:
        word = text.lower()
        if word in _YES:
            return True
        if word in _NO:
            return False
        raise CellError("Answer yes or no (yes/no, true/false or 1/0).")
    if kind == Kind.date:
        try:
            if not _ISO_DATE.match(text):
                raise ValueError
            return date.fromisoformat(text).isoformat()
        except ValueError:
            raise CellError(
                "Enter a date as YYYY-MM-DD (spreadsheets may reformat dates: format the column as text)."
            ) from None
    if kind == Kind.choice:
        code = _code(text)
        if code in column.choices:
            return code
        raise CellError(f"Choose one of: {', '.join(column.choices)}{_did_you_mean(code, list(column.choices))}.")
    if kind == Kind.country:
        code = text.upper()
        if is_country_code(code):
            return code
        raise CellError("Enter a two-letter ISO country code, e.g. IN for India or NG for Nigeria.")
    if kind == Kind.state:
        code = text.upper()
        if code in JURISDICTIONS:
            return code
        raise CellError(
            "Enter the two-letter code of a US state or territory, e.g. TX for Texas or PR for Puerto Rico."
        )
    if kind == Kind.specialty:
        code = _code(text)
        if specialties is None or code in specialties:
            return code
        raise CellError(f"This is not a specialty the wizard knows{_did_you_mean(code, specialties)}.")
    return text


# ------------------------------------------------------------------ template and guide


def template_csv() -> str:
    """The header row (every column) and one realistic example row, comma-separated."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\r\n")
    writer.writerow([c.name for c in COLUMNS])
    writer.writerow([EXAMPLE.get(c.name, "") for c in COLUMNS])
    return buf.getvalue()


def template_guide(specialties: list[str] | None = None) -> str:
    """Every column with its question, the values it accepts and an example, as plain text."""
    lines = [
        "IMG Pathway Wizard: cohort CSV guide",
        "",
        "One row per attendee; the first row holds the column names below. Every column is",
        "optional and may be left out; an empty cell means 'not answered'. Columns the wizard",
        "does not know are refused (with a 'did you mean'), so a typo never loses answers.",
        "",
        "- Comma-separated only (not semicolons or tabs); UTF-8 text ('CSV UTF-8' in Excel).",
        '- Quote a cell that holds a comma: "Sharma, Priya".',
        "- yes/no cells take yes, no, true, false, 1 or 0.",
        "- Dates are YYYY-MM-DD. Format date columns as text so the spreadsheet keeps them.",
        "- Choices take the code shown (case and spaces are forgiven: 'Not started' works).",
        "- Row numbers in messages are the spreadsheet's: the header is row 1.",
        "- The attendee column and about.name are personal data: the file, the summary and the",
        "  PDFs hold them. Nothing is kept by the wizard after the run.",
        "",
    ]
    step = None
    for c in COLUMNS:
        if c.step != step:
            step = c.step
            title = STEPS.get(step, "Attendee")
            lines += [title, "-" * len(title)]
        allowed = c.allowed
        if c.kind == Kind.specialty and specialties:
            allowed = "one of: " + ", ".join(specialties)
        example = c.example or _GUIDE_EXAMPLE.get(c.name, "")
        lines.append(c.name)
        lines.append(f"    question: {c.label}")
        lines.append(f"    values:   {allowed}")
        if example:
            lines.append(f"    example:  {example}")
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"


__all__ = [
    "ANSWER_COLUMNS",
    "ATTENDEE",
    "BY_NAME",
    "COLUMNS",
    "CellError",
    "Column",
    "EXAMPLE",
    "Kind",
    "read_cell",
    "suggest_column",
    "template_csv",
    "template_guide",
]
