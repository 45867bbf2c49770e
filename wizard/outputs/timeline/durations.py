"""How long things take: each duration in days for the three lanes, with where the numbers came
from, and the plain date arithmetic every part of the timeline shares.

Owns: reading a duration from the tables (`resolve_span`), the stated planning assumptions used
when nothing is published (`PLANNING_ASSUMPTIONS`), and adding days or years to a date.

Must not know: exams, the Match calendar, the profile, Streamlit or the clock.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from wizard.engine.provenance import Source

_DAYS_PER_UNIT = {"days": 1.0, "business_days": 7 / 5, "weeks": 7.0, "months": 30.4375}

#: Durations with no published number: the plan still needs a date, so it uses a stated
#: planning assumption (optimistic, typical, conservative, unit) and says so.
PLANNING_ASSUMPTIONS: dict[str, tuple[float, float, float, str]] = {
    "study_step3": (1, 1.75, 3, "months"),
    "pathways_decision": (2, 6, 12, "weeks"),
    "study_step1": (3, 5.5, 12, "months"),
    "study_step2ck": (1.5, 3.5, 6, "months"),
    "score_release_step1": (3, 4, 8, "weeks"),
    "score_release_step2ck": (3, 4, 8, "weeks"),
    "score_release_step3": (3, 4, 8, "weeks"),
    "booking_step1_step2ck": (3, 7, 12, "weeks"),
    "booking_step3": (3, 5.5, 10, "weeks"),
    "oet_booking": (1, 3.5, 8, "weeks"),
    "oet_results": (10, 16, 17, "business_days"),
    "credential_verification": (7, 45, 90, "days"),
    "ecfmg_certificate_issue": (2, 2, 4, "weeks"),
    "state_licence_after_gme": (1.5, 3.5, 6, "months"),
    # The state pathways are new and few employers have hired through them: nothing is published.
    "pathway_job_search": (3, 9, 24, "months"),
    "pathway_licence_processing": (1.5, 3.5, 6, "months"),
}


@dataclass(frozen=True)
class Span:
    """A duration in days for each lane, with where the numbers came from."""

    id: str
    label: str
    days: tuple[float, float, float]
    estimated: bool
    sources: tuple[Source, ...]
    assumption: str | None = None  # set when a lane had to be filled without a source

    def __getitem__(self, lane: int) -> float:
        return self.days[lane]


def resolve_span(tables: Any, duration_id: str) -> Span:
    row = None
    if tables is not None:
        try:
            row = tables.duration(duration_id)
        except (KeyError, AttributeError):
            row = None
    fallback = PLANNING_ASSUMPTIONS.get(duration_id)
    if row is None:
        lo, typ, hi, unit = fallback or (1, 1, 1, "weeks")
        k = _DAYS_PER_UNIT[unit]
        return Span(
            duration_id,
            duration_id.replace("_", " "),
            (lo * k, typ * k, hi * k),
            True,
            (),
            f"No duration data for '{duration_id}'; the plan assumes {typ:g} {unit.replace('_', ' ')} "
            f"({lo:g} to {hi:g}), a planning assumption with no source.",
        )
    k = _DAYS_PER_UNIT[row.unit]
    unit = row.unit.replace("_", " ")
    typ = row.typical
    if typ is not None and row.typical_high is not None:
        typ = (row.typical + row.typical_high) / 2
    filled: list[str] = []
    if typ is None:
        if row.min is not None and row.max is not None:
            typ = (row.min + row.max) / 2
            filled.append("typical = middle of the range")
        elif fallback is not None:
            lo, ftyp, hi, funit = fallback
            fk = _DAYS_PER_UNIT[funit]
            note = row.unknown_reason or "no published figure"
            return Span(
                row.id,
                row.label,
                (lo * fk, ftyp * fk, hi * fk),
                True,
                tuple(row.sources),
                f"{row.label}: {note.rstrip('.')}. The plan assumes {ftyp:g} "
                f"{funit.replace('_', ' ')} ({lo:g} to {hi:g}), a planning assumption, not a "
                "published number.",
            )
        else:
            typ = row.min or row.max or 1.0
    opt = row.min
    if opt is None:
        opt = row.typical if row.typical is not None else typ
        filled.append(f"optimistic = {opt:g} {unit} (no lower bound published)")
    cons = row.max
    if cons is None:
        cons = row.typical_high or row.typical or typ
        filled.append(f"conservative = {cons:g} {unit} (no upper bound published)")
    return Span(
        row.id,
        row.label,
        (opt * k, typ * k, cons * k),
        bool(row.estimate or filled),
        tuple(row.sources),
        f"{row.label}: {'; '.join(filled)}." if filled else None,
    )


def plus(d: date, days: float) -> date:
    return d + timedelta(days=round(days))


def add_years(d: date, years: float) -> date:
    whole = int(years)
    try:
        out = d.replace(year=d.year + whole)
    except ValueError:  # 29 Feb
        out = d.replace(year=d.year + whole, day=28)
    return plus(out, (years - whole) * 365.25)
