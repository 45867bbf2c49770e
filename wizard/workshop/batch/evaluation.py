"""Evaluating a cohort: every row's plan and timeline in brief, on several processes when safe.

Owns: the per-attendee brief (card states, top next steps, earliest Match year, visa need) and
sharing rows among forked processes (never inside a threaded server, where forking can deadlock).

Must not know: Streamlit, the clock (`on` is always an argument), or the output files.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Iterable, Mapping
from concurrent.futures import ProcessPoolExecutor, as_completed
from datetime import date
from multiprocessing import get_all_start_methods, get_context
from typing import Any

from wizard.domain.profile import Profile
from wizard.engine.evaluation import evaluate
from wizard.engine.rulebook import RuleBook
from wizard.outputs.costs import costs_for
from wizard.outputs.plan import Plan, build_plan
from wizard.outputs.timeline import Timeline, build_timeline
from wizard.workshop.batch.progress import Progress
from wizard.workshop.batch.reading import CohortRow, as_rows, parse_row
from wizard.workshop.batch.results import TOP_STEPS, AttendeeResult, BadRow, CohortResult, Step, visa_need


def plan_and_timeline(profile: Profile, book: RuleBook, *, on: date) -> tuple[Plan, Timeline]:
    return build_plan(evaluate(book, profile, on=on), book), build_timeline(profile, book, on=on)


def summarize(row: int, attendee: str, profile: Profile, book: RuleBook, *, on: date) -> AttendeeResult:
    """One good row's brief: card states, top next steps, earliest Match year, visa need."""
    plan, timeline = plan_and_timeline(profile, book, on=on)
    costs = costs_for(profile, book, on=on, timeline=timeline)
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
        fees_low=None if costs is None else costs.low,
        fees_high=None if costs is None else costs.high,
        fees_unknown=() if costs is None else costs.unknown,
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


def can_fork() -> bool:
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
    parsed, blank, columns = as_rows(rows)
    specialties = _specialties(book)
    total = len(parsed)
    workers = max(1, min(jobs or os.cpu_count() or 1, total // MIN_ROWS_PER_PROCESS))
    outcomes: list[AttendeeResult | BadRow] = []
    if workers > 1 and can_fork():
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
        rule_book_version=book.version,
        rule_book_date=book.version_date,
        rows=total,
        good=tuple(o for o in outcomes if isinstance(o, AttendeeResult)),
        bad=tuple(o for o in outcomes if isinstance(o, BadRow)),
        blank_rows=blank,
        columns=columns,
    )
