"""The NRMP Main Residency Match calendars (``match_cycles.json``): one record per published Match
year, the yearly pattern, and the projection of an unpublished year from that pattern (every date
labelled estimated, or unknown where no rule computes).

Owns: `MatchCycle`, `CyclePattern`, `PatternRule`, the event names in calendar and in
chronological order, `nth_weekday`, `project_cycle`, and the checks of the file that a schema
cannot state (`check_match_cycles`).

Must not know: the other tables, the answers, or the clock (`project_cycle` takes a year).
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Annotated, Literal, get_args

from pydantic import Field, model_validator

from wizard.domain.tables.common import Confidence, DatedFact, Sources
from wizard.engine.provenance import NonEmpty, Strict

CycleEvent = Literal[
    "eras_season_opens",
    "eras_submissions_open",
    "eras_programs_review",
    "nrmp_registration_opens",
    "ranking_opens",
    "rank_list_deadline",
    "match_day",
    "soap_start",
    "residency_start",
]
#: The dated events of one Main Residency Match cycle, in calendar order.
CYCLE_EVENTS: tuple[str, ...] = get_args(CycleEvent)

#: The same events in the order they normally happen (SOAP starts on the Monday of Match Week,
#: before Match Day; NRMP registration opens between ERAS submissions and program review).
CHRONOLOGICAL_EVENTS: tuple[str, ...] = (
    "eras_season_opens",
    "eras_submissions_open",
    "nrmp_registration_opens",
    "eras_programs_review",
    "ranking_opens",
    "rank_list_deadline",
    "soap_start",
    "match_day",
    "residency_start",
)


class PatternRule(Strict):
    """How one event of the Match cycle usually falls, so later cycles can be projected.

    ``year_offset`` is relative to the Match year (ERAS and NRMP registration happen the year
    before). Kinds:

    * ``fixed_day``: ``month``/``day`` every year;
    * ``nth_weekday``: the ``nth`` ``weekday`` (0 = Monday) of ``month``;
    * ``offset_days``: ``offset_days`` after the event ``relative_to``;
    * ``approximate``: no computable rule; projection leaves the date unknown and shows ``text``.
    """

    event: CycleEvent
    kind: Literal["fixed_day", "nth_weekday", "offset_days", "approximate"]
    year_offset: Literal[-1, 0] = 0
    month: Annotated[int, Field(ge=1, le=12)] | None = None
    day: Annotated[int, Field(ge=1, le=31)] | None = None
    weekday: Annotated[int, Field(ge=0, le=6)] | None = None
    nth: Annotated[int, Field(ge=1, le=5)] | None = None
    offset_days: int | None = None
    relative_to: CycleEvent | None = None
    text: NonEmpty
    confidence: Confidence

    @model_validator(mode="after")
    def _complete(self) -> PatternRule:
        needs: dict[str, tuple[str, ...]] = {
            "fixed_day": ("month", "day"),
            "nth_weekday": ("month", "weekday", "nth"),
            "offset_days": ("offset_days", "relative_to"),
            "approximate": (),
        }
        missing = [name for name in needs[self.kind] if getattr(self, name) is None]
        if missing:
            raise ValueError(f"a {self.kind} rule needs {', '.join(missing)}")
        if self.kind == "offset_days" and self.relative_to == self.event:
            raise ValueError("an offset rule cannot be relative to itself")
        return self

    def project(self, match_year: int, known: dict[str, date | None]) -> date | None:
        """The date this rule gives for `match_year`, or None when it cannot say."""
        year = match_year + self.year_offset
        if self.kind == "fixed_day":
            assert self.month is not None and self.day is not None
            return date(year, self.month, self.day)
        if self.kind == "nth_weekday":
            assert self.month is not None and self.weekday is not None and self.nth is not None
            return nth_weekday(year, self.month, self.weekday, self.nth)
        if self.kind == "offset_days":
            assert self.relative_to is not None and self.offset_days is not None
            anchor = known.get(self.relative_to)
            return None if anchor is None else anchor + timedelta(days=self.offset_days)
        return None


class CyclePattern(Strict):
    """The stable yearly shape of a Match cycle, used only to project unpublished cycles."""

    description: NonEmpty
    rules: tuple[PatternRule, ...]
    sources: Sources

    @model_validator(mode="after")
    def _one_rule_per_event(self) -> CyclePattern:
        events = [r.event for r in self.rules]
        missing = [e for e in CYCLE_EVENTS if e not in events]
        doubled = sorted({e for e in events if events.count(e) > 1})
        if missing:
            raise ValueError(f"pattern has no rule for {', '.join(missing)}")
        if doubled:
            raise ValueError(f"pattern has more than one rule for {', '.join(doubled)}")
        return self

    def rule(self, event: str) -> PatternRule:
        return next(r for r in self.rules if r.event == event)


class MatchCycle(Strict):
    """One NRMP Main Residency Match year: residency starts 1 July of ``match_year``."""

    match_year: Annotated[int, Field(ge=2020, le=2100)]
    projected: bool = Field(
        default=False,
        description="True only for cycles built from the pattern by `project_cycle`; never true in the data file.",
    )
    eras_season_opens: DatedFact
    eras_submissions_open: DatedFact
    eras_programs_review: DatedFact
    nrmp_registration_opens: DatedFact
    ranking_opens: DatedFact
    rank_list_deadline: DatedFact
    match_day: DatedFact
    soap_start: DatedFact
    residency_start: DatedFact
    sources: Sources
    note: str | None = None

    def event(self, name: str) -> DatedFact:
        if name not in CYCLE_EVENTS:
            raise KeyError(name)
        fact: DatedFact = getattr(self, name)
        return fact

    def events(self) -> list[tuple[str, DatedFact]]:
        return [(name, self.event(name)) for name in CYCLE_EVENTS]


class MatchCyclesFile(Strict):
    description: str | None = None
    match_cycles: tuple[MatchCycle, ...]
    pattern: CyclePattern


def nth_weekday(year: int, month: int, weekday: int, nth: int) -> date | None:
    """The `nth` `weekday` (0 = Monday) of `month` in `year`, or None if the month has fewer."""
    first = date(year, month, 1)
    day = first + timedelta(days=(weekday - first.weekday()) % 7 + 7 * (nth - 1))
    return day if day.month == month else None


def project_cycle(match_year: int, pattern: CyclePattern) -> MatchCycle:
    """A cycle built only from `pattern`: every date estimated, or unknown where no rule computes.

    The result has ``projected=True``; the UI must label it as a projection.
    """
    known: dict[str, date | None] = {}
    facts: dict[str, DatedFact] = {}
    pending = list(CYCLE_EVENTS)
    # offset rules may refer to events later in the list; resolve until nothing changes
    for _ in range(len(CYCLE_EVENTS)):
        for event in list(pending):
            rule = pattern.rule(event)
            if rule.kind == "offset_days" and rule.relative_to in pending:
                continue
            value = rule.project(match_year, known)
            known[event] = value
            pending.remove(event)
            if value is None:
                facts[event] = DatedFact(
                    unknown_reason=f"Not published for {match_year}; usual timing: {rule.text}",
                    confidence=rule.confidence,
                )
            else:
                facts[event] = DatedFact(value=value, estimated=True, rule=rule.text, confidence=rule.confidence)
    for event in pending:  # unreachable for a valid pattern, kept for safety
        facts[event] = DatedFact(unknown_reason="The pattern could not place this event.")
    return MatchCycle(
        match_year=match_year,
        projected=True,
        sources=pattern.sources,
        note=f"Projected from the yearly pattern; the {match_year} calendar was not published "
        "in the sources this project holds.",
        **facts,
    )


def check_match_cycles(f: MatchCyclesFile, label: str) -> list[str]:
    """What the schema cannot state: only published cycles, and dates in their usual order."""
    errors: list[str] = []
    for i, c in enumerate(f.match_cycles):
        where = f"{label} › match_cycles[{i}] ({c.match_year})"
        if c.projected:
            errors.append(f"{where} › projected: the data file holds only published cycles")
        start = c.residency_start.value
        if start is not None and start != date(c.match_year, 7, 1):
            errors.append(f"{where} › residency_start: expected 1 July {c.match_year}")
        md = c.match_day.value
        if md is not None and (md.year != c.match_year or md.month != 3):
            errors.append(f"{where} › match_day: expected a date in March {c.match_year}")
        dated = [(n, c.event(n).value) for n in CHRONOLOGICAL_EVENTS if c.event(n).value is not None]
        for (n1, d1), (n2, d2) in zip(dated, dated[1:], strict=False):
            if d1 is not None and d2 is not None and d1 > d2:
                errors.append(f"{where} › {n2}: {d2} is before {n1} ({d1})")
    return errors
