"""What a cohort batch returns: one brief per good row, the bad rows with their errors, the whole.

Owns: the result records (`AttendeeResult`, `BadRow`, `RowError`, `CohortResult`), the visa-need
codes, the file-name part made from an attendee (`safe_name`), and `CohortFileError`.

Privacy: attendee ids/names and answers live only in these objects; nothing here logs them.

Must not know: how the CSV is read, how rows are evaluated, or how files are written.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date

from wizard.domain.profile import Profile, UsStatus

TOP_STEPS = 3
ROW_COLUMN = "(row)"  # errors that belong to the whole row rather than one cell


class CohortFileError(ValueError):
    """The file as a whole cannot be read as a cohort; `str()` is one plain message."""


@dataclass(frozen=True)
class RowError:
    row: int  # as a spreadsheet shows it: the header is row 1
    column: str  # the CSV column name, or "(row)"
    message: str

    def __str__(self) -> str:
        where = f"row {self.row}" if self.column == ROW_COLUMN else f"row {self.row}, column {self.column}"
        return f"{where}: {self.message}"


@dataclass(frozen=True)
class Step:
    id: str
    title: str


@dataclass(frozen=True)
class BadRow:
    row: int
    attendee: str
    errors: tuple[RowError, ...]


VISA_NEEDS: dict[str, str] = {
    "none": "No visa needed (US citizen or permanent resident)",
    "other_work_authorization": "Other work authorization (e.g. EAD)",
    "j1": "Needs a visa: prefers J-1",
    "h1b": "Needs a visa: prefers H-1B",
    "undecided": "Needs a visa: undecided between J-1 and H-1B",
    "visa_type_not_given": "Needs a visa: preference not answered",
    "unknown": "Status in the USA not answered",
}


def visa_need(profile: Profile) -> str:
    """A code from `VISA_NEEDS` for this person's answers."""
    status = profile.status.us_status
    if status is None:
        return "unknown"
    if status in (UsStatus.citizen, UsStatus.permanent_resident):
        return "none"
    if status is UsStatus.other_work_authorization:
        return "other_work_authorization"
    pref = profile.status.visa_preference
    return pref.value if pref is not None else "visa_type_not_given"


@dataclass(frozen=True)
class AttendeeResult:
    """One good row in brief. The full plan and timeline are rebuilt from `profile` when a PDF
    is made (`plan_and_timeline`), so a cohort of thousands holds only these small records."""

    row: int
    attendee: str
    profile: Profile
    cards: dict[str, str]  # milestone code -> met / missing / unknown
    missing: tuple[Step, ...]  # requirements the answers show are not met
    top_steps: tuple[Step, ...]  # the first next steps, in plan order
    earliest_match_year: int | None  # typical lane
    match_year_why: str  # the timeline's sentence on what decides it
    visa_need: str  # a key of VISA_NEEDS
    needs_answers: tuple[tuple[str, str], ...] = ()  # (column, question) that would unlock more
    fees_low: float | None = None  # US$ still to pay, known fees only (None: no fee table)
    fees_high: float | None = None
    fees_unknown: tuple[str, ...] = ()  # fees left out of the totals: not published

    @property
    def file_stem(self) -> str:
        return f"{self.row:04d}-{safe_name(self.attendee)}"


@dataclass(frozen=True)
class CohortResult:
    on: date
    rules_as_of: date
    rows: int  # attendee rows read (blank rows are skipped and not counted)
    good: tuple[AttendeeResult, ...]
    bad: tuple[BadRow, ...]
    blank_rows: int = 0
    columns: tuple[str, ...] = field(default=())  # the columns the file had, in file order
    rule_book_version: str | None = None  # from rules/CHANGELOG.md
    rule_book_date: date | None = None

    @property
    def errors(self) -> tuple[RowError, ...]:
        return tuple(e for b in self.bad for e in b.errors)


def safe_name(text: str, limit: int = 40) -> str:
    """A file-name part from an attendee id or name: ASCII letters, digits and hyphens."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    return slug[:limit].strip("-") or "attendee"
