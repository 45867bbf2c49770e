"""The Match-cycle calendar and the Pathways seasons, as dates the timeline can use.

Owns: reading a Match cycle's event (published, or projected by the tables), the labelled
estimates used when a calendar leaves a date out (rank-list deadline, ranking opens, programs
start reviewing), and projecting an unannounced Pathways season from the latest known one.

Must not know: the profile, exams, lanes, Streamlit or the clock.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from wizard.engine.provenance import Source

#: When a Match calendar gives no date for an event, an explicit estimate (labelled as one).
_ROL_BEFORE_MATCH_DAYS = 21  # 2024: 28 Feb for 15 Mar (16 days); 2018: 21 Feb for 16 Mar (23 days)


@dataclass(frozen=True)
class CalendarEvent:
    value: date | None
    estimated: bool
    projected: bool
    sources: tuple[Source, ...]
    text: str = ""

    @property
    def day(self) -> date:
        """The date of an event known to be dated: a Match cycle is only planned once its
        review day, rank-list deadline and Match Day are (see `lanes.try_year`)."""
        if self.value is None:
            raise ValueError(f"no date for this calendar event ({self.text or 'not published'})")
        return self.value


class MatchCalendar:
    """Match cycles and Pathways seasons from the tables, with labelled estimates for gaps."""

    def __init__(self, tables: Any):
        self.tables = tables
        self._cycles: dict[int, Any] = {}

    def cycle(self, year: int) -> Any:
        if year not in self._cycles:
            try:
                self._cycles[year] = self.tables.cycle_or_projection(year)
            except Exception:
                self._cycles[year] = None
        return self._cycles[year]

    def event(self, year: int, name: str) -> CalendarEvent:
        cycle = self.cycle(year)
        if cycle is None:
            return CalendarEvent(None, True, True, ())
        fact = cycle.event(name)
        sources = tuple(fact.sources) or tuple(cycle.sources)
        projected = bool(cycle.projected)
        if fact.value is not None:
            return CalendarEvent(fact.value, bool(fact.estimated or projected), projected, sources, fact.rule or "")
        # Not published: a stated estimate where the pattern allows one.
        if name == "rank_list_deadline":
            md = self.event(year, "match_day")
            if md.value is not None:
                return CalendarEvent(
                    md.value - timedelta(days=_ROL_BEFORE_MATCH_DAYS),
                    True,
                    md.projected,
                    tuple(cycle.sources),
                    "not published; estimated as three weeks before Match Day (it has fallen "
                    "between 16 and 23 days before)",
                )
        if name == "ranking_opens":
            return CalendarEvent(
                date(year, 2, 1),
                True,
                projected,
                tuple(cycle.sources),
                "not published; estimated as 1 February (recent calendars)",
            )
        if name == "eras_programs_review":
            sub = self.event(year, "eras_submissions_open")
            if sub.value is not None:
                return CalendarEvent(
                    sub.value + timedelta(days=21),
                    True,
                    sub.projected,
                    tuple(cycle.sources),
                    "estimated as three weeks after submissions open",
                )
        return CalendarEvent(None, True, projected, tuple(cycle.sources), fact.unknown_reason or "")

    # Pathways ------------------------------------------------------------------------------
    def season_date(self, year: int, name: str) -> CalendarEvent:
        """A Pathways season date; an unannounced season is projected from the latest known one."""
        seasons = getattr(getattr(self.tables, "pathways_seasons", None), "seasons", ()) or ()
        own = next((s for s in seasons if s.match_year == year), None)
        if own is not None and getattr(own, name).value is not None:
            f = getattr(own, name)
            return CalendarEvent(f.value, bool(f.estimated), False, tuple(f.sources) or tuple(own.sources))
        known = [s for s in seasons if getattr(s, name).value is not None and s.match_year < year]
        if known:
            base = max(known, key=lambda s: s.match_year)
            value = getattr(base, name).value
            shift = year - base.match_year
            try:
                projected = value.replace(year=value.year + shift)
            except ValueError:
                projected = value.replace(year=value.year + shift, day=28)
            return CalendarEvent(
                projected,
                True,
                True,
                tuple(base.sources),
                f"not announced for {year}; projected from the {base.match_year} season",
            )
        return CalendarEvent(None, True, True, ())
