"""Tabular fact data: Match calendars, Pathways seasons, specialties, durations, Match outcomes
and nationality-based visa restrictions, each read from a JSON file under ``rules/tables/``.

Owns: the strict models for those six files, the loader that checks them all at once and
refuses a broken set, and small lookups over them (``Tables.cycle``, ``Tables.season``,
``Tables.specialty``, ``Tables.duration``, ``Tables.restriction_for`` ...). It also projects a
Match cycle that has not been published from the stable yearly pattern, labelled as projected.

Must not know: eligibility rules (OET minimums, attempt limits and the like live in the rules),
the user's answers, the UI, or today's date. Every function that depends on time takes the
date as an argument; nothing here reads the clock.

Honesty conventions every file follows:

* every record carries at least one ``Source``; secondary sources say ``"official": false``;
* a value nobody has published is ``null`` with an ``unknown_reason``, never a guess;
* a value derived from a stated pattern carries ``"estimated": true`` and the ``rule`` used.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Annotated, Any, Literal, get_args

from pydantic import Field, StringConstraints, ValidationError, model_validator

from wizard.domain.countries import COUNTRIES
from wizard.engine.provenance import NonEmpty, Source, Strict

Confidence = Literal["high", "med", "low"]
SnakeId = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9]*(_[a-z0-9]+)*$")]
Sources = Annotated[tuple[Source, ...], Field(min_length=1)]

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

FILES: dict[str, str] = {
    "match_cycles": "match_cycles.json",
    "pathways_seasons": "pathways_seasons.json",
    "specialties": "specialties.json",
    "durations": "durations.json",
    "match_outcomes": "match_outcomes.json",
    "visa_restrictions": "visa_restrictions.json",
}


# --------------------------------------------------------------------------- shared pieces


class DatedFact(Strict):
    """One date that is either published (with sources), estimated from a stated rule, or unknown.

    * ``value`` set, ``estimated`` false: published; needs its own ``sources``.
    * ``value`` set, ``estimated`` true: derived; needs the ``rule`` it came from. The UI shows it
      as an estimate.
    * ``value`` null: nobody has published it; needs ``unknown_reason``.
    """

    value: date | None = None
    estimated: bool = False
    rule: NonEmpty | None = None
    unknown_reason: NonEmpty | None = None
    confidence: Confidence | None = None
    sources: tuple[Source, ...] = ()
    note: str | None = None

    @model_validator(mode="after")
    def _honest(self) -> DatedFact:
        if self.value is None:
            if self.unknown_reason is None:
                raise ValueError("a null date needs an unknown_reason")
            if self.estimated:
                raise ValueError("a null date cannot be estimated")
        else:
            if self.unknown_reason is not None:
                raise ValueError("unknown_reason is only for a null date")
            if self.estimated and self.rule is None:
                raise ValueError("an estimated date needs the rule it was derived from")
            if not self.estimated and not self.sources:
                raise ValueError("a published (non-estimated) date needs at least one source")
        return self

    @property
    def known(self) -> bool:
        """True when a date is given, published or estimated."""
        return self.value is not None


# --------------------------------------------------------------------------- match_cycles.json


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


# --------------------------------------------------------------------------- pathways_seasons.json


class PathwaysSeason(Strict):
    """One ECFMG Pathways season, named by the Match it serves.

    ``announced`` means this project found an official ECFMG announcement of the season.
    """

    match_year: Annotated[int, Field(ge=2021, le=2100)]
    announced: bool
    application_opens: DatedFact
    application_closes: DatedFact
    oet_taken_on_or_after: DatedFact
    pathway1_licence_valid_on_or_after: DatedFact
    pathways_3_5_graduated_on_or_after: DatedFact
    sources: Sources
    note: str | None = None

    @model_validator(mode="after")
    def _unannounced_is_unknown(self) -> PathwaysSeason:
        if not self.announced:
            for name in (
                "application_opens",
                "application_closes",
                "oet_taken_on_or_after",
                "pathway1_licence_valid_on_or_after",
                "pathways_3_5_graduated_on_or_after",
            ):
                if getattr(self, name).value is not None:
                    raise ValueError(f"an unannounced season cannot give a date for {name}")
        return self


class PathwaysSeasonsFile(Strict):
    description: str | None = None
    seasons: tuple[PathwaysSeason, ...]


# --------------------------------------------------------------------------- specialties.json

MatchRoute = Literal[
    "eras_nrmp",  # apply through ERAS, match through the NRMP Main Residency Match
    "other_service_nrmp",  # another application service, NRMP match (e.g. OB-GYN, ResidencyCAS)
    "sf_match",  # San Francisco Match
    "aua_match",  # American Urological Association match
    "mixed",  # varies by program; see the note
    "not_applicable",
]


class ImgShare(Strict):
    """IMG share of first-year (PGY-1) positions in one Match year, as published.

    ``denominator`` says what the percentages are of. ``unclear`` is used where the source does
    not say and a cross-check suggests it may be positions offered rather than filled.
    """

    match_year: Annotated[int, Field(ge=2000, le=2100)]
    positions_offered: Annotated[int, Field(ge=0)] | None = None
    fill_rate_pct: Annotated[float, Field(ge=0, le=100)] | None = None
    us_img_pct: Annotated[float, Field(ge=0, le=100)] | None = None
    non_us_img_pct: Annotated[float, Field(ge=0, le=100)] | None = None
    img_total_pct: Annotated[float, Field(ge=0, le=100)] | None = None
    denominator: Literal["positions_filled", "positions_offered", "unclear"]
    confidence: Confidence
    sources: Sources
    note: str | None = None


class Specialty(Strict):
    """A residency specialty (or a one-year PGY-1 position type) the user may aim for.

    ``length_years`` is the total ACGME training length counting PGY-1 (the shortest standard
    format when programs differ); ``length_years_max`` is set when some programs are longer.
    """

    id: SnakeId
    name: NonEmpty
    length_years: Annotated[int, Field(ge=1, le=8)] | None
    length_years_max: Annotated[int, Field(ge=1, le=8)] | None = None
    length_unknown_reason: NonEmpty | None = None
    length_confidence: Confidence | None = None
    separate_pgy1_needed: bool | None = Field(
        default=None,
        description="True when many programs start at PGY-2 and need a separate preliminary "
        "or transitional year; None when not applicable or unknown.",
    )
    length_note: str | None = None
    match_route: MatchRoute
    match_note: str | None = None
    img_share: tuple[ImgShare, ...] = ()
    sources: Sources
    note: str | None = None

    @model_validator(mode="after")
    def _length_is_honest(self) -> Specialty:
        if self.length_years is None:
            if self.length_unknown_reason is None:
                raise ValueError("a null length_years needs a length_unknown_reason")
            if self.length_years_max is not None:
                raise ValueError("length_years_max without length_years")
        else:
            if self.length_unknown_reason is not None:
                raise ValueError("length_unknown_reason is only for a null length_years")
            if self.length_confidence is None:
                raise ValueError("a length needs a length_confidence")
            if self.length_years_max is not None and self.length_years_max <= self.length_years:
                raise ValueError("length_years_max must exceed length_years")
        years = [s.match_year for s in self.img_share]
        if len(years) != len(set(years)):
            raise ValueError("img_share has two rows for one match_year")
        return self

    def latest_img_share(self) -> ImgShare | None:
        """The most recent published row, whatever its denominator."""
        return max(self.img_share, key=lambda s: s.match_year, default=None)

    def latest_filled_share(self) -> ImgShare | None:
        """The most recent row whose percentages are of positions filled, or None."""
        rows = [s for s in self.img_share if s.denominator == "positions_filled"]
        return max(rows, key=lambda s: s.match_year, default=None)

    @property
    def img_share_pct(self) -> float | None:
        """IMG share (US-citizen plus non-US IMGs) of PGY-1 positions filled, latest year.

        Only rows whose denominator is positions filled count; None when there is none.
        """
        row = self.latest_filled_share()
        if row is None:
            return None
        if row.img_total_pct is not None:
            return row.img_total_pct
        if row.us_img_pct is not None and row.non_us_img_pct is not None:
            return round(row.us_img_pct + row.non_us_img_pct, 1)
        return None


class SpecialtiesFile(Strict):
    description: str | None = None
    specialties: tuple[Specialty, ...]


# --------------------------------------------------------------------------- durations.json


class Duration(Strict):
    """A time range for one step, feeding the optimistic / typical / conservative lanes.

    ``typical`` may be a range, ``typical`` to ``typical_high``, when the source gives one.
    ``estimate`` is true when no source states the numbers directly (they were derived).
    """

    id: SnakeId
    label: NonEmpty
    unit: Literal["days", "business_days", "weeks", "months"]
    min: Annotated[float, Field(gt=0)] | None
    typical: Annotated[float, Field(gt=0)] | None
    typical_high: Annotated[float, Field(gt=0)] | None = None
    max: Annotated[float, Field(gt=0)] | None
    estimate: bool
    confidence: Confidence
    unknown_reason: NonEmpty | None = None
    sources: Sources
    note: str | None = None

    @model_validator(mode="after")
    def _ordered_and_honest(self) -> Duration:
        values = [self.min, self.typical, self.max]
        if any(v is None for v in values) and self.unknown_reason is None:
            raise ValueError("a null min, typical or max needs an unknown_reason")
        if all(v is not None for v in values) and self.unknown_reason is not None:
            raise ValueError("unknown_reason is only for a row with a null value")
        if self.typical_high is not None and self.typical is None:
            raise ValueError("typical_high without typical")
        chain = [v for v in (self.min, self.typical, self.typical_high, self.max) if v is not None]
        if chain != sorted(chain):
            raise ValueError("values must run min <= typical <= typical_high <= max")
        return self


class DurationsFile(Strict):
    description: str | None = None
    durations: tuple[Duration, ...]


# --------------------------------------------------------------------------- match_outcomes.json

ApplicantType = Literal["us_img", "non_us_img"]


class MatchOutcome(Strict):
    """PGY-1 match rate of one IMG applicant type in one Main Residency Match year."""

    match_year: Annotated[int, Field(ge=2000, le=2100)]
    applicant_type: ApplicantType
    match_rate_pct: Annotated[float, Field(ge=0, le=100)] | None
    matched: Annotated[int, Field(ge=0)] | None = None
    applicants: Annotated[int, Field(ge=0)] | None = None
    denominator: NonEmpty
    unknown_reason: NonEmpty | None = None
    confidence: Confidence
    sources: Sources
    note: str | None = None

    @model_validator(mode="after")
    def _honest(self) -> MatchOutcome:
        if self.match_rate_pct is None and self.unknown_reason is None:
            raise ValueError("a null match_rate_pct needs an unknown_reason")
        if self.match_rate_pct is not None and self.unknown_reason is not None:
            raise ValueError("unknown_reason is only for a null match_rate_pct")
        if self.matched is not None and self.applicants is not None:
            if self.matched > self.applicants:
                raise ValueError("matched cannot exceed applicants")
        return self

    @property
    def key(self) -> str:
        return f"{self.match_year} {self.applicant_type}"


class MatchOutcomesFile(Strict):
    description: str | None = None
    outcomes: tuple[MatchOutcome, ...]


# --------------------------------------------------------------------------- visa_restrictions.json

VisaClass = Literal["immigrant", "nonimmigrant_all", "B", "F", "M", "J", "H"]


class VisaRestriction(Strict):
    """One country's restriction under one presidential proclamation, for a span of dates.

    ``effective_until`` is the last day it applied when a later proclamation replaced it; null
    means it is in force as far as this file knows. ``applies_to`` is ``document_holders`` for
    restrictions tied to travel documents rather than nationality.
    """

    id: NonEmpty
    country: Annotated[str, StringConstraints(pattern=r"^[A-Z]{2}$")]
    kind: Literal["full", "partial", "immigrant_only"]
    visa_classes: Annotated[tuple[VisaClass, ...], Field(min_length=1)]
    applies_to: Literal["nationals", "document_holders"] = "nationals"
    effective_from: date
    effective_until: date | None = None
    proclamation: NonEmpty
    sources: Sources
    note: str | None = None

    @model_validator(mode="after")
    def _consistent(self) -> VisaRestriction:
        if self.effective_until is not None and self.effective_until < self.effective_from:
            raise ValueError("effective_until is before effective_from")
        if self.kind == "full" and "nonimmigrant_all" not in self.visa_classes:
            raise ValueError("a full restriction covers nonimmigrant_all")
        if self.kind == "immigrant_only" and self.visa_classes != ("immigrant",):
            raise ValueError("an immigrant_only restriction covers only immigrant visas")
        return self

    def in_force(self, on: date) -> bool:
        return self.effective_from <= on and (self.effective_until is None or on <= self.effective_until)

    def affects(self, visa: str) -> bool:
        """Whether this restriction covers visa class `visa` ("J", "H", "immigrant", ...)."""
        if visa in self.visa_classes:
            return True
        return visa != "immigrant" and "nonimmigrant_all" in self.visa_classes

    @property
    def affects_j(self) -> bool:
        return self.affects("J")

    @property
    def affects_h(self) -> bool:
        return self.affects("H")


class VisaRestrictionsFile(Strict):
    """Nationality-based entry and visa restrictions. Volatile: re-check by ``review_by``."""

    description: str | None = None
    volatile: Literal[True]
    as_of: date = Field(description="The latest date the sources in this file speak for.")
    review_by: date
    exceptions_note: NonEmpty
    note: str | None = None
    restrictions: tuple[VisaRestriction, ...]

    @model_validator(mode="after")
    def _review_after_as_of(self) -> VisaRestrictionsFile:
        if self.review_by <= self.as_of:
            raise ValueError("review_by must be after as_of")
        return self


# --------------------------------------------------------------------------- helpers


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


# --------------------------------------------------------------------------- the Tables object


@dataclass(frozen=True)
class Tables:
    """All six tables, checked together, with lookups. Build it with `load_tables`."""

    match_cycles: MatchCyclesFile
    pathways_seasons: PathwaysSeasonsFile
    specialties: SpecialtiesFile
    durations: DurationsFile
    match_outcomes: MatchOutcomesFile
    visa_restrictions: VisaRestrictionsFile

    # Match cycles -------------------------------------------------------------------------
    def cycle(self, match_year: int) -> MatchCycle | None:
        """The published record for `match_year`, or None when there is none."""
        return next((c for c in self.match_cycles.match_cycles if c.match_year == match_year), None)

    def cycle_or_projection(self, match_year: int) -> MatchCycle:
        """The published record, else a projection from the pattern (``projected=True``)."""
        return self.cycle(match_year) or project_cycle(match_year, self.match_cycles.pattern)

    def published_match_years(self) -> list[int]:
        return sorted(c.match_year for c in self.match_cycles.match_cycles)

    def next_match_year(self, on: date) -> int:
        """The Match year of the next Match Day strictly after `on` (published, else projected).

        This is the next Match that has not happened yet, not the earliest one a new applicant
        could still enter: ERAS submissions for it may already have opened.
        """
        year = on.year
        while True:
            match_day = self.cycle_or_projection(year).match_day.value
            if match_day is None or match_day > on:
                return year
            year += 1

    # Pathways -----------------------------------------------------------------------------
    def season(self, match_year: int) -> PathwaysSeason | None:
        return next((s for s in self.pathways_seasons.seasons if s.match_year == match_year), None)

    # Specialties --------------------------------------------------------------------------
    def specialty(self, specialty_id: str) -> Specialty | None:
        """The specialty with this id, or None for an id the table does not list."""
        return next((s for s in self.specialties.specialties if s.id == specialty_id), None)

    def specialty_ids(self) -> list[str]:
        return [s.id for s in self.specialties.specialties]

    # Durations ----------------------------------------------------------------------------
    def duration(self, duration_id: str) -> Duration | None:
        """The duration row with this id, or None for an id the table does not list."""
        return next((d for d in self.durations.durations if d.id == duration_id), None)

    def duration_ids(self) -> list[str]:
        return [d.id for d in self.durations.durations]

    # Match outcomes -----------------------------------------------------------------------
    def match_outcome(self, match_year: int, applicant_type: str) -> MatchOutcome | None:
        return next(
            (
                o
                for o in self.match_outcomes.outcomes
                if o.match_year == match_year and o.applicant_type == applicant_type
            ),
            None,
        )

    # Visa restrictions --------------------------------------------------------------------
    def restriction_for(self, country_code: str, on: date) -> VisaRestriction | None:
        """The restriction in force for nationals of `country_code` on `on`, or None.

        Only nationality-based records are considered (not travel-document restrictions).
        """
        code = country_code.upper()
        hits = [
            r
            for r in self.visa_restrictions.restrictions
            if r.country == code and r.applies_to == "nationals" and r.in_force(on)
        ]
        return max(hits, key=lambda r: r.effective_from, default=None)

    def visa_review_overdue(self, on: date) -> bool:
        """True when the volatile visa-restriction file is past its review-by date."""
        return on > self.visa_restrictions.review_by


# --------------------------------------------------------------------------- loading


class TablesError(ValueError):
    """Raised by `load_tables` with every problem found; ``errors`` holds one line per problem.

    ``problems`` is the same list, under the name the rule-book loader collects.
    """

    def __init__(self, errors: Sequence[str]):
        self.errors = list(errors)
        self.problems = self.errors
        super().__init__(f"{len(self.errors)} problem(s) in the table data:\n" + "\n".join(self.errors))


_MODELS: dict[str, type[Strict]] = {
    "match_cycles": MatchCyclesFile,
    "pathways_seasons": PathwaysSeasonsFile,
    "specialties": SpecialtiesFile,
    "durations": DurationsFile,
    "match_outcomes": MatchOutcomesFile,
    "visa_restrictions": VisaRestrictionsFile,
}

#: Keys that name a record in error messages, tried in order.
_LABEL_KEYS = ("id", "match_year", "event")


def _display(path: Path) -> str:
    try:
        return path.resolve().relative_to(Path.cwd().resolve()).as_posix()
    except ValueError:
        return path.as_posix()


def _record_label(record: Any) -> str | None:
    if not isinstance(record, dict):
        return None
    parts = [str(record[k]) for k in _LABEL_KEYS if k in record and record[k] is not None]
    if "applicant_type" in record:
        parts.append(str(record["applicant_type"]))
    return " ".join(parts[:2]) or None


def _format_loc(raw: Any, loc: Iterable[int | str]) -> str:
    """Turn a pydantic error location into ``list[3] (label) › field › ...``."""
    out: list[str] = []
    node = raw
    for part in loc:
        if isinstance(part, int):
            label = None
            if isinstance(node, list) and 0 <= part < len(node):
                node = node[part]
                label = _record_label(node)
            else:
                node = None
            suffix = f"[{part}]" + (f" ({label})" if label else "")
            if out:
                out[-1] += suffix
            else:
                out.append(suffix)
        else:
            out.append(str(part))
            node = node.get(part) if isinstance(node, dict) else None
    return " › ".join(out) if out else "(top level)"


def _validation_lines(file_label: str, raw: Any, err: ValidationError) -> list[str]:
    lines = []
    for e in err.errors(include_url=False):
        where = _format_loc(raw, e["loc"])
        msg = e["msg"]
        if e["type"] == "value_error" and msg.startswith("Value error, "):
            msg = msg[len("Value error, ") :]
        lines.append(f"{file_label} › {where}: {msg}")
    return lines


def _duplicates(values: Iterable[Any]) -> list[Any]:
    seen: set[Any] = set()
    dup: list[Any] = []
    for v in values:
        if v in seen and v not in dup:
            dup.append(v)
        seen.add(v)
    return dup


# Each file's records must be unique by this key: (file, list field, key, how the key is named).
_UNIQUE_KEYS: tuple[tuple[str, str, Callable[[Any], Any], str], ...] = (
    ("match_cycles", "match_cycles", lambda c: c.match_year, "match_year {}"),
    ("pathways_seasons", "seasons", lambda s: s.match_year, "match_year {}"),
    ("specialties", "specialties", lambda s: s.id, "id {!r}"),
    ("durations", "durations", lambda d: d.id, "id {!r}"),
    ("match_outcomes", "outcomes", lambda o: o.key, "{}"),
    ("visa_restrictions", "restrictions", lambda r: r.id, "id {!r}"),
)


def _cross_checks(parsed: dict[str, Any], labels: dict[str, str]) -> list[str]:
    errors: list[str] = []
    for name, field_name, key, shown in _UNIQUE_KEYS:
        if name in parsed:
            for dup in _duplicates(key(r) for r in getattr(parsed[name], field_name)):
                errors.append(f"{labels[name]} › {field_name}: {shown.format(dup)} appears more than once")
    if "match_cycles" in parsed:
        f: MatchCyclesFile = parsed["match_cycles"]
        lbl = labels["match_cycles"]
        for i, c in enumerate(f.match_cycles):
            where = f"{lbl} › match_cycles[{i}] ({c.match_year})"
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
    if "visa_restrictions" in parsed:
        f6: VisaRestrictionsFile = parsed["visa_restrictions"]
        lbl = labels["visa_restrictions"]
        for i, r in enumerate(f6.restrictions):
            where = f"{lbl} › restrictions[{i}] ({r.id})"
            if r.country not in COUNTRIES:
                errors.append(f"{where} › country: {r.country!r} is not an ISO 3166-1 code")
            for j, other in enumerate(f6.restrictions[:i]):
                if other.country == r.country and other.applies_to == r.applies_to and _overlap(other, r):
                    errors.append(f"{where} › effective_from: overlaps restrictions[{j}] ({other.id})")
    return errors


def _overlap(a: VisaRestriction, b: VisaRestriction) -> bool:
    far = date.max
    return a.effective_from <= (b.effective_until or far) and b.effective_from <= (a.effective_until or far)


def load_tables(directory: Path) -> Tables:
    """Read and check all six table files in `directory`.

    Raises `TablesError` listing every problem at once (missing files, bad JSON, schema errors,
    duplicates, cross-file inconsistencies), each line naming file › record › JSON path.
    """
    directory = Path(directory)
    errors: list[str] = []
    parsed: dict[str, Any] = {}
    labels: dict[str, str] = {}
    for key, filename in FILES.items():
        path = directory / filename
        label = _display(path)
        labels[key] = label
        try:
            raw = json.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            errors.append(f"{label}: file is missing")
            continue
        except json.JSONDecodeError as exc:
            errors.append(f"{label} › line {exc.lineno} column {exc.colno}: invalid JSON: {exc.msg}")
            continue
        try:
            parsed[key] = _MODELS[key].model_validate(raw)
        except ValidationError as exc:
            errors.extend(_validation_lines(label, raw, exc))
    errors.extend(_cross_checks(parsed, labels))
    if errors:
        raise TablesError(errors)
    return Tables(**parsed)


def all_sources(tables: Tables) -> list[tuple[str, Source]]:
    """Every Source in the tables with a short label of where it sits (for audits and tests)."""
    found: list[tuple[str, Source]] = []

    def walk(label: str, node: Any) -> None:
        if isinstance(node, Source):
            found.append((label, node))
        elif isinstance(node, Strict):
            for name in type(node).model_fields:
                walk(f"{label}.{name}", getattr(node, name))
        elif isinstance(node, tuple | list):
            for i, item in enumerate(node):
                walk(f"{label}[{i}]", item)

    for key in FILES:
        walk(key, getattr(tables, key))
    return found


__all__ = [
    "CHRONOLOGICAL_EVENTS",
    "CYCLE_EVENTS",
    "FILES",
    "CyclePattern",
    "DatedFact",
    "Duration",
    "ImgShare",
    "MatchCycle",
    "MatchOutcome",
    "PathwaysSeason",
    "PatternRule",
    "Specialty",
    "Tables",
    "TablesError",
    "VisaRestriction",
    "all_sources",
    "load_tables",
    "nth_weekday",
    "project_cycle",
]
