"""The timeline as the rest of the app reads it: phases, lanes, and their rows and text.

Owns: the public model (`Phase`, `LanePlan`, `Timeline`), the lane and track names, the date
format every output shares (`fmt`), and turning a timeline into table rows.

Must not know: how the dates were worked out (durations, calendars, the cycle-alignment rule),
Streamlit, or the clock.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from wizard.engine.provenance import Source

LANES: tuple[str, ...] = ("optimistic", "typical", "conservative")
TYPICAL = 1
RESIDENCY_TRACK = "residency"
ALTERNATIVE_TRACK = "alternative_licence"  # the state-pathway track (licence without a US residency)
#: Every phase on the alternative track starts with this, so tables, the PDF and the chart tell
#: the two tracks apart in words, not by colour alone.
ALTERNATIVE_PREFIX = "No residency: "


@dataclass(frozen=True)
class Phase:
    """One step of the plan. `start` is the typical lane's start; each lane has its own end.

    An end of None means it cannot be known (the note says why). A milestone (Match Day) has
    start == end.
    """

    id: str
    label: str
    track: str
    start: date
    end_optimistic: date | None
    end_typical: date | None
    end_conservative: date | None
    estimated: bool
    projected: bool
    sources: tuple[Source, ...]
    note: str
    milestone: bool = False
    start_optimistic: date | None = None
    start_conservative: date | None = None
    given: bool = False  # its date is the person's own (a booked test), not planned

    def end(self, lane: str = "typical") -> date | None:
        return {"optimistic": self.end_optimistic, "typical": self.end_typical, "conservative": self.end_conservative}[
            lane
        ]


@dataclass(frozen=True)
class LanePlan:
    """Where one lane lands: its Match year and the sentence that explains the deadline."""

    lane: str
    match_year: int | None
    projected: bool  # the calendar of that Match year is projected, not published
    decided_by: str
    ready_on: date | None  # the day the last exam result is expected (None: nothing left)
    competitive_deadline: date | None  # ERAS opens to programs (late September of Y-1)
    rank_list_deadline: date | None
    rank_list_deadline_estimated: bool
    match_day: date | None
    residency_start: date | None


@dataclass(frozen=True)
class Timeline:
    on: date
    phases: tuple[Phase, ...]
    lanes: tuple[LanePlan, ...]
    earliest_match_year: int | None  # the typical lane's Match year
    decided_by: str
    rule: str
    rule_sources: tuple[Source, ...]
    assumptions: tuple[str, ...]
    notes: tuple[str, ...]
    residency_track: bool
    specialty_years: int | None = None
    target_state: str | None = None

    def lane(self, name: str) -> LanePlan:
        return next(lp for lp in self.lanes if lp.lane == name)

    def phase(self, phase_id: str) -> Phase:
        for p in self.phases:
            if p.id == phase_id:
                return p
        raise KeyError(phase_id)

    def phase_ids(self) -> list[str]:
        return [p.id for p in self.phases]

    @property
    def match_day(self) -> date | None:
        return self.lane("typical").match_day

    @property
    def residency_start(self) -> date | None:
        return self.lane("typical").residency_start

    def lane_summary(self) -> str:
        parts = []
        for lp in self.lanes:
            year = f"the {lp.match_year} Match" if lp.match_year else "no Match year in reach"
            parts.append(f"{lp.lane}: {year}{' (projected calendar)' if lp.projected else ''}")
        text = "; ".join(parts)
        return text[:1].upper() + text[1:] + "."

    def to_rows(self, *, as_text: bool = False) -> list[dict[str, Any]]:
        """One dict per phase for a table: phase, start, typical end, optimistic, conservative,
        estimate?, source. With `as_text`, dates are "3 Mar 2028" and an unknown end "unknown"."""

        def show(d: date | None) -> Any:
            if not as_text:
                return d
            return fmt(d) if d else "unknown"

        rows = []
        for p in self.phases:
            flags = []
            if p.projected:
                flags.append("projected")
            if p.estimated:
                flags.append("estimate")
            rows.append(
                {
                    "phase": p.label,
                    "track": p.track,
                    "start": show(p.start),
                    "typical end": show(p.end_typical),
                    "optimistic": show(p.end_optimistic),
                    "conservative": show(p.end_conservative),
                    "estimate?": ", ".join(flags) if as_text else bool(flags),
                    "source": "; ".join(dict.fromkeys(str(s.url) for s in p.sources)),
                    "note": p.note,
                }
            )
        return rows


def fmt(d: date) -> str:
    return f"{d.day} {d.strftime('%b')} {d.year}"


def dedupe(sources: Iterable[Source]) -> tuple[Source, ...]:
    """Sources in first-seen order, each (url, title) once."""
    seen: dict[str, Source] = {}
    for s in sources:
        seen.setdefault(f"{s.url}|{s.title}", s)
    return tuple(seen.values())
