"""A whole cohort from one CSV: every attendee's plan in brief, what the room is missing, PDFs.

Owns: reading a cohort CSV (caps, encoding, header checks), turning each row into a `Profile`
with errors that name the spreadsheet row and column, the per-attendee summary (card states,
top next steps, earliest Match year, visa need), the cohort aggregates, and the output files
(summary.csv, errors.csv, aggregates.json, one PDF per good row, a ZIP of the PDFs) — on disk
for the CLI, or in memory for a page (`pdf_zip_bytes`).

Privacy: attendee ids/names and answers live only in the returned objects and the files the
caller asks for. Nothing here logs, prints or caches them; messages never repeat a cell.

Must not know: Streamlit or the clock (`on` is always an argument).
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
import threading
import unicodedata
import zipfile
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, as_completed, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from datetime import date
from multiprocessing import get_all_start_methods, get_context
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from wizard.domain.profile import Profile, UsStatus, field_errors, parse_profile
from wizard.engine.evaluation import evaluate
from wizard.engine.rulebook import RuleBook
from wizard.outputs.plan import MILESTONE_LABELS, Plan, build_plan
from wizard.outputs.timeline import Timeline, build_timeline
from wizard.workshop.cohort_template import (
    ATTENDEE,
    BY_NAME,
    COLUMNS,
    CellError,
    read_cell,
    suggest_column,
    template_csv,
    template_guide,
)

MAX_BYTES = 2 * 1024 * 1024
MAX_ROWS = 5_000
TOP_STEPS = 3
ROW_COLUMN = "(row)"  # errors that belong to the whole row rather than one cell

Progress = Callable[[int, int], None]  # (done, total)


class CohortFileError(ValueError):
    """The file as a whole cannot be read as a cohort; `str()` is one plain message."""


# ------------------------------------------------------------------ results


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

    @property
    def errors(self) -> tuple[RowError, ...]:
        return tuple(e for b in self.bad for e in b.errors)

    def aggregates(self) -> dict[str, Any]:
        return aggregate(self)


# ------------------------------------------------------------------ reading the CSV


@dataclass(frozen=True)
class CohortRow:
    row: int
    cells: dict[str, str]  # column -> stripped cell text (empty cells left out)
    extra_cells: int = 0  # cells beyond the header's last column that hold something


def _decode(data: bytes | str) -> str:
    if isinstance(data, str):
        if len(data.encode("utf-8", "surrogatepass")) > MAX_BYTES:
            raise CohortFileError(_too_large())
        return data.removeprefix("\ufeff")
    if len(data) > MAX_BYTES:
        raise CohortFileError(_too_large())
    if data.startswith(b"PK\x03\x04") or data.startswith(b"\xd0\xcf\x11\xe0"):
        raise CohortFileError(
            "This is a spreadsheet workbook, not a CSV file: in Excel choose File › Save As › "
            "'CSV UTF-8 (Comma delimited)'."
        )
    if b"\x00" in data[:4096]:
        raise CohortFileError("This is not a CSV file (it holds binary data). Save the sheet as CSV UTF-8.")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise CohortFileError(
            "This file is not UTF-8 text. Save it as 'CSV UTF-8 (Comma delimited)' and try again."
        ) from None


def _too_large() -> str:
    return (
        f"This file is larger than {MAX_BYTES // (1024 * 1024)} MB, the most one batch reads. "
        f"Split the cohort into smaller files (up to {MAX_ROWS:,} attendees each)."
    )


def _check_header(header: list[str], rows: list[list[str]]) -> list[str | None]:
    """The column name for each header position (None: an unnamed, empty column to ignore)."""
    if len(header) == 1 and (";" in header[0] or "\t" in header[0]):
        sep = "semicolons" if ";" in header[0] else "tabs"
        raise CohortFileError(
            f"This file separates columns with {sep}; the wizard reads comma-separated files only. "
            "Save it as 'CSV UTF-8 (Comma delimited)'."
        )
    names: list[str | None] = []
    problems: list[str] = []
    seen: set[str] = set()
    for i, raw in enumerate(header):
        name = raw.strip().lower()
        if not name:
            if any(i < len(r) and r[i].strip() for r in rows):
                problems.append(f"column {i + 1} has values but no name in the header row")
            names.append(None)
            continue
        if name in seen:
            problems.append(f"column '{name}' appears more than once")
        elif name not in BY_NAME:
            problems.append(f"unknown column '{name}'{suggest_column(name)}")
        seen.add(name)
        names.append(name)
    if problems:
        raise CohortFileError(
            "The header row (row 1) has a problem: " + "; ".join(problems) + ". "
            "See 'img-wizard template --guide' for every column."
        )
    if not seen:
        raise CohortFileError("The header row (row 1) is empty: it must name the columns (see 'img-wizard template').")
    return names


def read_cohort_csv(data: bytes | str) -> tuple[list[CohortRow], int, tuple[str, ...]]:
    """(attendee rows, blank rows skipped, column names) from CSV bytes or text.

    Raises CohortFileError with one plain message for a file that cannot be a cohort.
    """
    text = _decode(data)
    if not text.strip():
        raise CohortFileError(
            "The file is empty: it needs a header row and one row per attendee (see 'img-wizard template')."
        )
    try:
        records = list(csv.reader(io.StringIO(text, newline=""), strict=True))
    except csv.Error as exc:
        raise CohortFileError(
            f"This file cannot be read as CSV ({exc}). Save it as 'CSV UTF-8 (Comma delimited)'."
        ) from None
    header, body = records[0], records[1:]
    names = _check_header(header, body)
    rows: list[CohortRow] = []
    blank = 0
    for index, record in enumerate(body, start=2):
        if not any(cell.strip() for cell in record):
            blank += 1
            continue
        cells = {}
        for name, cell in zip(names, record, strict=False):
            if name is not None and cell.strip():
                cells[name] = cell.strip()
        extra = sum(1 for cell in record[len(names) :] if cell.strip())
        rows.append(CohortRow(index, cells, extra))
        if len(rows) > MAX_ROWS:
            raise CohortFileError(
                f"This file has more than {MAX_ROWS:,} attendee rows, the most one batch reads. Split it."
            )
    if not rows:
        raise CohortFileError("The file has a header row but no attendee rows.")
    return rows, blank, tuple(n for n in names if n)


def _as_rows(
    source: bytes | str | Iterable[CohortRow] | Iterable[Mapping[str, str]],
) -> tuple[list[CohortRow], int, tuple[str, ...]]:
    if isinstance(source, (bytes, bytearray, str)):
        return read_cohort_csv(bytes(source) if isinstance(source, bytearray) else source)
    rows: list[CohortRow] = []
    columns: dict[str, None] = {}
    for index, item in enumerate(source, start=2):
        if isinstance(item, CohortRow):
            rows.append(item)
            columns.update(dict.fromkeys(item.cells))
            continue
        unknown = [k for k in item if k.strip().lower() not in BY_NAME]
        if unknown:
            name = unknown[0].strip().lower()
            raise CohortFileError(
                f"The header row (row 1) has a problem: unknown column '{name}'{suggest_column(name)}."
            )
        cells = {k.strip().lower(): str(v).strip() for k, v in item.items() if v is not None and str(v).strip()}
        columns.update(dict.fromkeys(k.strip().lower() for k in item))
        rows.append(CohortRow(index, cells))
    if len(rows) > MAX_ROWS:
        raise CohortFileError(f"More than {MAX_ROWS:,} attendee rows, the most one batch reads. Split the cohort.")
    return rows, 0, tuple(columns)


# ------------------------------------------------------------------ one row


def _nest(flat: Mapping[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for path, value in flat.items():
        node = out
        *parents, leaf = path.split(".")
        for part in parents:
            node = node.setdefault(part, {})
        node[leaf] = value
    return out


_COLUMN_ORDER = {c.name: i for i, c in enumerate(COLUMNS)}


def parse_row(
    row: CohortRow, *, on: date, specialties: list[str] | None = None
) -> tuple[str, Profile | None, tuple[RowError, ...]]:
    """(attendee, profile or None, errors) for one CSV row."""
    errors: list[RowError] = []
    if row.extra_cells:
        errors.append(RowError(row.row, ROW_COLUMN, "This row has more cells than the header has columns."))
    attendee = ""
    values: dict[str, Any] = {}
    for name, text in row.cells.items():
        try:
            value = read_cell(BY_NAME[name], text, specialties=specialties)
        except CellError as exc:
            errors.append(RowError(row.row, name, str(exc)))
            continue
        if name == ATTENDEE:
            attendee = value
        else:
            values[name] = value
    profile = None
    try:
        profile = parse_profile(_nest(values), today=on)
    except ValidationError as exc:
        for path, message in field_errors(exc).items():
            column = path if path in BY_NAME else ROW_COLUMN
            errors.append(RowError(row.row, column, message))
    errors.sort(key=lambda e: _COLUMN_ORDER.get(e.column, -1))
    return attendee or f"row {row.row}", (None if errors else profile), tuple(errors)


def plan_and_timeline(profile: Profile, book: RuleBook, *, on: date) -> tuple[Plan, Timeline]:
    return build_plan(evaluate(book, profile, on=on), book), build_timeline(profile, book, on=on)


def summarize(row: int, attendee: str, profile: Profile, book: RuleBook, *, on: date) -> AttendeeResult:
    """One good row's brief: card states, top next steps, earliest Match year, visa need."""
    plan, timeline = plan_and_timeline(profile, book, on=on)
    return AttendeeResult(
        row=row,
        attendee=attendee,
        profile=profile,
        cards={c.milestone.value: c.state.value for c in plan.cards},
        missing=tuple(Step(i.id, i.title) for i in plan.missing),
        top_steps=tuple(Step(i.id, i.title) for i in plan.next_steps[:TOP_STEPS]),
        earliest_match_year=timeline.earliest_match_year,
        match_year_why=timeline.decided_by,
        visa_need=visa_need(profile),
        needs_answers=tuple((n.path, n.label) for n in plan.needs_answers),
    )


def _one(row: CohortRow, book: RuleBook, on: date, specialties: list[str] | None) -> AttendeeResult | BadRow:
    attendee, profile, errors = parse_row(row, on=on, specialties=specialties)
    if profile is None:
        return BadRow(row.row, attendee, errors)
    return summarize(row.row, attendee, profile, book, on=on)


# A forked evaluation worker's rule book: set by the pool initializer, inherited (never pickled).
_WORKER: dict[str, Any] = {}


def _init_worker(book: RuleBook, on: date, specialties: list[str] | None) -> None:
    _WORKER.update(book=book, on=on, specialties=specialties)


def _evaluate_chunk(chunk: list[CohortRow]) -> list[AttendeeResult | BadRow]:
    return [_one(row, _WORKER["book"], _WORKER["on"], _WORKER["specialties"]) for row in chunk]


def _can_fork() -> bool:
    return "fork" in get_all_start_methods() and threading.active_count() == 1


MIN_ROWS_PER_PROCESS = 100  # below this, starting processes costs more than it saves


def _specialties(book: RuleBook) -> list[str] | None:
    data = getattr(book, "data", None)
    return list(data.specialty_ids()) if data is not None and hasattr(data, "specialty_ids") else None


def evaluate_cohort(
    rows: bytes | str | Iterable[CohortRow] | Iterable[Mapping[str, str]],
    book: RuleBook,
    *,
    on: date,
    jobs: int | None = None,
    progress: Progress | None = None,
) -> CohortResult:
    """Every row of a cohort, evaluated on `on`. Bad rows are reported, never stop the others.

    `rows` is the CSV file (bytes or text), rows already read, or dicts {column: cell}
    (the first dict is row 2, as under a header). Raises CohortFileError for a file that
    cannot be a cohort at all (empty, not CSV, too large, unknown columns).

    `jobs` processes share the work (None: every core) when the process can fork safely
    (no other threads running, as in the CLI); otherwise, e.g. inside a Streamlit server, the
    rows are evaluated here, one after another. The result is the same either way.
    """
    parsed, blank, columns = _as_rows(rows)
    specialties = _specialties(book)
    total = len(parsed)
    workers = max(1, min(jobs or os.cpu_count() or 1, total // MIN_ROWS_PER_PROCESS))
    outcomes: list[AttendeeResult | BadRow] = []
    if workers > 1 and _can_fork():
        size = max(25, -(-total // (workers * 8)))
        chunks = [parsed[i : i + size] for i in range(0, total, size)]
        done_rows = 0
        with ProcessPoolExecutor(
            max_workers=workers,
            mp_context=get_context("fork"),
            initializer=_init_worker,
            initargs=(book, on, specialties),
        ) as pool:
            futures = {pool.submit(_evaluate_chunk, chunk): i for i, chunk in enumerate(chunks)}
            by_chunk: dict[int, list[AttendeeResult | BadRow]] = {}
            for future in as_completed(futures):
                by_chunk[futures[future]] = future.result()
                done_rows += len(by_chunk[futures[future]])
                if progress is not None:
                    progress(done_rows, total)
        outcomes = [o for i in range(len(chunks)) for o in by_chunk[i]]
    else:
        for done, row in enumerate(parsed, start=1):
            outcomes.append(_one(row, book, on, specialties))
            if progress is not None and (done == total or done % 50 == 0):
                progress(done, total)
    return CohortResult(
        on=on,
        rules_as_of=book.newest_as_of,
        rows=total,
        good=tuple(o for o in outcomes if isinstance(o, AttendeeResult)),
        bad=tuple(o for o in outcomes if isinstance(o, BadRow)),
        blank_rows=blank,
        columns=columns,
    )


# ------------------------------------------------------------------ aggregates


def aggregate(result: CohortResult) -> dict[str, Any]:
    """Counts for the whole cohort. Holds no attendee names and no answers."""
    cards: dict[str, dict[str, int]] = {}
    for m in MILESTONE_LABELS:
        counts = Counter(a.cards[m.value] for a in result.good if m.value in a.cards)
        if counts:
            cards[m.value] = {
                "label": MILESTONE_LABELS[m],
                **{state: counts.get(state, 0) for state in ("met", "missing", "unknown")},
            }
    missing = Counter(s for a in result.good for s in a.missing)
    first = Counter(a.top_steps[0] for a in result.good if a.top_steps)
    needed: Counter[tuple[str, str]] = Counter(n for a in result.good for n in a.needs_answers)
    years = Counter(a.earliest_match_year for a in result.good)
    no_year = Counter(a.match_year_why for a in result.good if a.earliest_match_year is None)
    visas = Counter(a.visa_need for a in result.good)

    def ranked(counter: Counter) -> list:
        return sorted(counter.items(), key=lambda kv: (-kv[1], str(kv[0])))

    return {
        "on": result.on.isoformat(),
        "rules_as_of": result.rules_as_of.isoformat(),
        "rows": result.rows,
        "good_rows": len(result.good),
        "bad_rows": len(result.bad),
        "blank_rows_skipped": result.blank_rows,
        "cards": cards,
        "missing_requirements": [{"id": s.id, "title": s.title, "count": n} for s, n in ranked(missing)],
        "first_next_step": [{"id": s.id, "title": s.title, "count": n} for s, n in ranked(first)],
        "answers_that_would_unlock_more": [
            {"column": path, "question": label, "count": n} for (path, label), n in ranked(needed)
        ],
        "earliest_match_year": {
            **{str(y): years[y] for y in sorted(y for y in years if y is not None)},
            **({"none": years[None]} if years.get(None) else {}),
        },
        "no_match_year_because": [{"reason": r, "count": n} for r, n in ranked(no_year)],
        "visa_need": {code: {"label": label, "count": visas.get(code, 0)} for code, label in VISA_NEEDS.items()},
        "errors_by_column": dict(ranked(Counter(e.column for e in result.errors))),
    }


# ------------------------------------------------------------------ tables for files and pages

_FORMULA = re.compile(r"^[=+\-@\t\r]")


def _cell(text: str) -> str:
    """Keep a spreadsheet from running a cell as a formula (names are untrusted input)."""
    return "'" + text if _FORMULA.match(text) else text


def summary_rows(result: CohortResult) -> list[dict[str, Any]]:
    """One dict per attendee row, good and bad, in row order (the summary.csv lines, before the
    formula guard that `summary_csv` applies to attendee names)."""
    milestones = [m.value for m in MILESTONE_LABELS]
    out: list[tuple[int, dict[str, Any]]] = []
    for a in result.good:
        line: dict[str, Any] = {"row": a.row, "attendee": a.attendee, "result": "ok"}
        for m in milestones:
            line[m] = a.cards.get(m, "")
        line["missing"] = "; ".join(s.title for s in a.missing)
        for i in range(TOP_STEPS):
            line[f"next_step_{i + 1}"] = a.top_steps[i].title if i < len(a.top_steps) else ""
        line["next_step_ids"] = "; ".join(s.id for s in a.top_steps)
        line["earliest_match_year"] = a.earliest_match_year or ""
        line["match_year_why"] = a.match_year_why
        line["visa_need"] = a.visa_need
        line["errors"] = ""
        out.append((a.row, line))
    for b in result.bad:
        line = {"row": b.row, "attendee": b.attendee, "result": "error"}
        line["errors"] = " | ".join(
            e.message if e.column == ROW_COLUMN else f"{e.column}: {e.message}" for e in b.errors
        )
        out.append((b.row, line))
    return [line for _, line in sorted(out, key=lambda kv: kv[0])]


def summary_columns() -> list[str]:
    return [
        "row",
        "attendee",
        "result",
        *(m.value for m in MILESTONE_LABELS),
        "missing",
        *(f"next_step_{i + 1}" for i in range(TOP_STEPS)),
        "next_step_ids",
        "earliest_match_year",
        "match_year_why",
        "visa_need",
        "errors",
    ]


def _csv_text(columns: Sequence[str], rows: Iterable[Mapping[str, Any]]) -> str:
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=list(columns), restval="", lineterminator="\r\n")
    writer.writeheader()
    writer.writerows(rows)
    return buf.getvalue()


def summary_csv(result: CohortResult) -> str:
    return _csv_text(summary_columns(), ({**r, "attendee": _cell(r["attendee"])} for r in summary_rows(result)))


def errors_csv(result: CohortResult) -> str:
    names = {b.row: b.attendee for b in result.bad}
    return _csv_text(
        ("row", "attendee", "column", "message"),
        (
            {"row": e.row, "attendee": _cell(names[e.row]), "column": e.column, "message": e.message}
            for e in result.errors
        ),
    )


def aggregates_json(result: CohortResult) -> str:
    return json.dumps(aggregate(result), indent=2, ensure_ascii=False) + "\n"


# ------------------------------------------------------------------ PDFs


def safe_name(text: str, limit: int = 40) -> str:
    """A file-name part from an attendee id or name: ASCII letters, digits and hyphens."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    return slug[:limit].strip("-") or "attendee"


def _pdf_job(job: tuple[int, Profile, Plan, Timeline, date]) -> tuple[int, bytes]:
    from wizard.outputs.report import build_pdf

    index, profile, plan, timeline, on = job
    return index, build_pdf(profile, plan, timeline, on=on)


def _mp_context():
    """fork is quick and safe in a single-threaded process (the CLI); spawn where threads run
    (a Streamlit server), since forking a threaded process can deadlock the child."""
    return get_context("fork") if _can_fork() else get_context("spawn")


def iter_pdfs(
    result: CohortResult,
    book: RuleBook,
    *,
    jobs: int | None = None,
    progress: Progress | None = None,
) -> Iterator[tuple[AttendeeResult, bytes]]:
    """(attendee, PDF bytes) for every good row, in row order; built on `jobs` processes.

    `jobs=None` uses every core; 1 builds in this process. Plans and timelines are rebuilt
    here from each profile (milliseconds) and sent to the workers, which only draw PDFs (the
    slow part), so workers never need the rule book. Batch PDFs carry no chart image; the
    timeline table and its sources are printed.
    """
    people = list(result.good)
    total = len(people)
    if total == 0:
        return
    workers = max(1, min(jobs or os.cpu_count() or 1, total))
    context = _mp_context()
    if context.get_start_method() == "spawn" and total < 4 * workers:
        workers = 1  # a spawned worker takes seconds to import; not worth it for a few PDFs

    def job(i: int) -> tuple[int, Profile, Plan, Timeline, date]:
        plan, timeline = plan_and_timeline(people[i].profile, book, on=result.on)
        return i, people[i].profile, plan, timeline, result.on

    if workers == 1:
        for i in range(total):
            _, data = _pdf_job(job(i))
            if progress is not None:
                progress(i + 1, total)
            yield people[i], data
        return
    ready: dict[int, bytes] = {}
    next_out = done = submitted = 0
    window = workers * 4  # jobs in flight: bounds memory for big cohorts
    try:
        with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
            pending = set()
            try:
                while next_out < total:
                    while submitted < total and len(pending) < window:
                        pending.add(pool.submit(_pdf_job, job(submitted)))
                        submitted += 1
                    finished, pending = wait(pending, return_when=FIRST_COMPLETED)
                    for future in finished:
                        index, data = future.result()
                        ready[index] = data
                        done += 1
                        if progress is not None:
                            progress(done, total)
                    while next_out in ready:
                        yield people[next_out], ready.pop(next_out)
                        next_out += 1
            finally:
                for future in pending:
                    future.cancel()
    except BrokenProcessPool:
        # Workers could not start or died (e.g. a host that cannot spawn): finish here instead.
        for i in range(next_out, total):
            if i not in ready:
                _, ready[i] = _pdf_job(job(i))
                done += 1
                if progress is not None:
                    progress(done, total)
            yield people[i], ready.pop(i)


def _zip_info(name: str, on: date) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name, date_time=(on.year, on.month, on.day, 0, 0, 0))
    info.compress_type = zipfile.ZIP_DEFLATED
    info.external_attr = 0o644 << 16
    return info


def pdf_zip_bytes(
    result: CohortResult,
    book: RuleBook,
    *,
    jobs: int | None = None,
    progress: Progress | None = None,
) -> bytes:
    """A ZIP of one PDF per good row (`<row>-<attendee>.pdf`), built in memory, nothing on disk."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        for person, data in iter_pdfs(result, book, jobs=jobs, progress=progress):
            zf.writestr(_zip_info(f"{person.file_stem}.pdf", result.on), data)
    return buf.getvalue()


def zip_pdfs(paths: Iterable[Path], on: date) -> bytes:
    """A ZIP of PDF files already on disk, stamped with `on` (no machine timestamps)."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        for path in paths:
            zf.writestr(_zip_info(path.name, on), path.read_bytes())
    return buf.getvalue()


_OUR_PDF = re.compile(r"^\d{4,}-[a-z0-9-]+\.pdf$")


@dataclass(frozen=True)
class Outputs:
    summary: Path
    errors: Path
    aggregates: Path
    pdfs: tuple[Path, ...] = ()
    zip: Path | None = None


def write_outputs(
    result: CohortResult,
    out_dir: Path | str,
    book: RuleBook | None = None,
    *,
    pdfs: bool = True,
    jobs: int | None = None,
    progress: Progress | None = None,
) -> Outputs:
    """Write summary.csv, errors.csv, aggregates.json and (with `pdfs`) pdf/*.pdf and plans.zip.

    `book` must be the rule book the cohort was evaluated with (it is needed for PDFs).
    PDFs and a plans.zip left in `out_dir` by an earlier run are removed first, so the folder
    never mixes two cohorts.
    """
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    written = Outputs(
        summary=out / "summary.csv",
        errors=out / "errors.csv",
        aggregates=out / "aggregates.json",
    )
    written.summary.write_text(summary_csv(result), encoding="utf-8-sig", newline="")
    written.errors.write_text(errors_csv(result), encoding="utf-8-sig", newline="")
    written.aggregates.write_text(aggregates_json(result), encoding="utf-8")
    pdf_dir = out / "pdf"
    if pdf_dir.is_dir():
        for old in pdf_dir.iterdir():
            if old.is_file() and _OUR_PDF.match(old.name):
                old.unlink()
    (out / "plans.zip").unlink(missing_ok=True)
    if not pdfs or not result.good:
        return written
    if book is None:
        raise ValueError("write_outputs needs the rule book to draw PDFs (or pdfs=False)")
    pdf_dir.mkdir(exist_ok=True)
    paths: list[Path] = []
    zip_path = out / "plans.zip"
    with zipfile.ZipFile(zip_path, "w") as zf:
        for person, data in iter_pdfs(result, book, jobs=jobs, progress=progress):
            path = pdf_dir / f"{person.file_stem}.pdf"
            path.write_bytes(data)
            zf.writestr(_zip_info(path.name, result.on), data)
            paths.append(path)
    return Outputs(written.summary, written.errors, written.aggregates, tuple(paths), zip_path)


# ------------------------------------------------------------------ a plain-text progress bar


class TextProgress:
    """`progress(done, total)` drawn as `\rLABEL [#####-----] 512/1000` on a terminal; on a
    pipe or file only the final line is written. No attendee data is ever shown."""

    def __init__(self, label: str, stream: Any, width: int = 30):
        self.label = label
        self.stream = stream
        self.width = width
        try:
            self.tty = bool(stream.isatty())
        except (AttributeError, ValueError):
            self.tty = False

    def __call__(self, done: int, total: int) -> None:
        if self.tty:
            filled = self.width * done // max(total, 1)
            bar = "#" * filled + "-" * (self.width - filled)
            self.stream.write(f"\r{self.label} [{bar}] {done}/{total}")
            if done >= total:
                self.stream.write("\n")
            self.stream.flush()
        elif done >= total:
            self.stream.write(f"{self.label}: {done}/{total}\n")
            self.stream.flush()


__all__ = [
    "TextProgress",
    "AttendeeResult",
    "BadRow",
    "COLUMNS",
    "CohortFileError",
    "CohortResult",
    "CohortRow",
    "MAX_BYTES",
    "MAX_ROWS",
    "Outputs",
    "RowError",
    "Step",
    "VISA_NEEDS",
    "aggregate",
    "aggregates_json",
    "errors_csv",
    "evaluate_cohort",
    "iter_pdfs",
    "parse_row",
    "plan_and_timeline",
    "pdf_zip_bytes",
    "read_cohort_csv",
    "safe_name",
    "summary_csv",
    "summary_rows",
    "template_csv",
    "template_guide",
    "visa_need",
    "write_outputs",
    "zip_pdfs",
]
