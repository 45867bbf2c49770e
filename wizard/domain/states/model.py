"""Per-jurisdiction medical licensure data for IMGs: the shape of a record and the book of them.

Owns: the 54 jurisdiction codes (`JURISDICTIONS`), the shape of a `rules/states/XX.json` record
(`StateRecord` and its parts), `Fact` (a value with sources, confidence and an honest "unknown"),
walking a record's facts and sources, and the `StateBook` that holds a loaded set. Loading lives
in `loading.py`, flat and review views in `views.py`.

Must not know: the UI (no streamlit here), a user's profile or answers, rule evaluation or plans,
and anything about visas beyond what a state record itself says. Provenance (`Source`, `Strict`)
comes from `wizard.engine.provenance` and is not redefined here.

Honesty rules enforced by the models: a non-null value carries at least one source and a
confidence; a null value carries an `unknown_reason`. The loader adds the date rules: no
`as_of` or `checked` in the future, and no source speaking for a day after it was read.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from datetime import date
from enum import StrEnum
from functools import cached_property
from types import MappingProxyType
from typing import Annotated, Any, Generic, Literal, TypeVar

from pydantic import (
    AnyHttpUrl,
    BaseModel,
    Field,
    StrictBool,
    StrictInt,
    StrictStr,
    model_validator,
)
from pydantic import Strict as StrictMode

from wizard.engine.provenance import NonEmpty, Source, Strict

#: The single source of truth for jurisdiction codes: 50 states, DC, PR, GU, VI.
JURISDICTIONS: Mapping[str, str] = MappingProxyType(
    {
        "AL": "Alabama",
        "AK": "Alaska",
        "AZ": "Arizona",
        "AR": "Arkansas",
        "CA": "California",
        "CO": "Colorado",
        "CT": "Connecticut",
        "DE": "Delaware",
        "DC": "District of Columbia",
        "FL": "Florida",
        "GA": "Georgia",
        "HI": "Hawaii",
        "ID": "Idaho",
        "IL": "Illinois",
        "IN": "Indiana",
        "IA": "Iowa",
        "KS": "Kansas",
        "KY": "Kentucky",
        "LA": "Louisiana",
        "ME": "Maine",
        "MD": "Maryland",
        "MA": "Massachusetts",
        "MI": "Michigan",
        "MN": "Minnesota",
        "MS": "Mississippi",
        "MO": "Missouri",
        "MT": "Montana",
        "NE": "Nebraska",
        "NV": "Nevada",
        "NH": "New Hampshire",
        "NJ": "New Jersey",
        "NM": "New Mexico",
        "NY": "New York",
        "NC": "North Carolina",
        "ND": "North Dakota",
        "OH": "Ohio",
        "OK": "Oklahoma",
        "OR": "Oregon",
        "PA": "Pennsylvania",
        "RI": "Rhode Island",
        "SC": "South Carolina",
        "SD": "South Dakota",
        "TN": "Tennessee",
        "TX": "Texas",
        "UT": "Utah",
        "VT": "Vermont",
        "VA": "Virginia",
        "WA": "Washington",
        "WV": "West Virginia",
        "WI": "Wisconsin",
        "WY": "Wyoming",
        "PR": "Puerto Rico",
        "GU": "Guam",
        "VI": "U.S. Virgin Islands",
    }
)

T = TypeVar("T")

# Leaf types are strict: JSON "3" is not a number, "yes" is not a bool, 20250101 is not a date.
#: Years (may be fractional); an int is accepted, a string or a bool is not.
Years = Annotated[float, StrictMode()]
#: A calendar date, written as "YYYY-MM-DD" in JSON (or a `date` in Python).
Day = Annotated[date, StrictMode()]
#: A limit that is either a whole number or explicitly "none" (the rule says there is no limit).
#: "We do not know" is never "none": that is a null value with an `unknown_reason`.
Limit = StrictInt | Literal["none"]
UsmleStep = Literal["1", "2CK", "3"]


class Confidence(StrEnum):
    high = "high"
    med = "med"
    low = "low"


class ImplementationStatus(StrEnum):
    """How far an alternative pathway has got from statute book to licensed physicians."""

    law_only = "law_only"
    rules_pending = "rules_pending"
    accepting_applications = "accepting_applications"
    licences_issued = "licences_issued"
    unknown = "unknown"


class PathwayKind(StrEnum):
    """`full_pathway` leads to a full licence without US GME; `limited` does not by itself."""

    full_pathway = "full_pathway"
    limited = "limited"


class _Data(Strict):
    """Base for this module's models (unknown keys are errors, values frozen)."""


class Fact(_Data, Generic[T]):
    """One value with its provenance, or an honest null with the reason it is unknown."""

    value: T | None = Field(description="The fact; null when unknown (never a guess).")
    sources: tuple[Source, ...] = ()
    confidence: Confidence | None = None
    note: str | None = None
    unknown_reason: str | None = None

    @model_validator(mode="after")
    def _honest(self) -> Fact[T]:
        if self.value is None:
            if not (self.unknown_reason and self.unknown_reason.strip()):
                raise ValueError("a null value needs an unknown_reason")
        else:
            if not self.sources:
                raise ValueError("a non-null value needs at least one source")
            if self.confidence is None:
                raise ValueError("a non-null value needs a confidence")
            if self.unknown_reason:
                raise ValueError("unknown_reason is only for null values")
        return self

    @property
    def known(self) -> bool:
        return self.value is not None


class Status(_Data):
    """Implementation status of a pathway; `unknown` needs a reason, anything else a source."""

    value: ImplementationStatus
    sources: tuple[Source, ...] = ()
    confidence: Confidence | None = None
    note: str | None = None
    unknown_reason: str | None = None

    @model_validator(mode="after")
    def _honest(self) -> Status:
        if self.value is ImplementationStatus.unknown:
            if not (self.unknown_reason and self.unknown_reason.strip()):
                raise ValueError("status 'unknown' needs an unknown_reason")
        else:
            if not self.sources:
                raise ValueError("a known status needs at least one source")
            if self.confidence is None:
                raise ValueError("a known status needs a confidence")
        return self


class Board(_Data):
    name: NonEmpty
    url: AnyHttpUrl | None = Field(
        default=None, description="The board's own site; null where no official URL was confirmed."
    )


class Gme(_Data):
    """Years of accredited US/Canadian GME (ACGME, AOA, RCPSC, CFPC) for a full licence."""

    img_years: Fact[StrictInt]
    us_years: Fact[StrictInt]
    training_abroad_counts: Fact[StrictBool]
    board_certification_counts: Fact[StrictBool]


class Usmle(_Data):
    """Limits set by the board (not by USMLE itself)."""

    time_limit_years: Fact[Limit]
    time_limit_years_md_phd: Fact[Limit]
    attempt_limit_per_step: Fact[Limit]
    step3_attempt_limit: Fact[Limit]
    step3_timing: Fact[StrictStr]


class Requirements(_Data):
    min_years_practice_abroad: Fact[Years]
    training_abroad_required: Fact[StrictBool]
    ecfmg_certificate_required: Fact[StrictBool]
    usmle_steps: Fact[tuple[UsmleStep, ...]]
    job_offer_required: Fact[StrictBool]
    employer_type: Fact[StrictStr]
    english_required: Fact[StrictBool]
    work_authorization_required: Fact[StrictBool]


class ProvisionalStage(_Data):
    years: Fact[Years]
    supervision: Fact[StrictStr]
    renewals: Fact[StrictStr]
    location_limits: Fact[StrictStr]


class FullLicence(_Data):
    years_to_full: Fact[Years]
    step3_required: Fact[StrictBool]


class Pathway(_Data):
    """A licence route for physicians trained abroad with no US residency."""

    kind: PathwayKind
    name: NonEmpty
    law: Fact[StrictStr] = Field(description="Law name and citation.")
    enacted: Fact[Day]
    effective: Fact[Day]
    summary: Fact[StrictStr]
    requirements: Requirements | None = None
    provisional: ProvisionalStage | None = None
    full_licence: FullLicence | None = None
    status: Status

    @model_validator(mode="after")
    def _full_needs_detail(self) -> Pathway:
        if self.kind is PathwayKind.full_pathway:
            missing = [k for k in ("requirements", "provisional", "full_licence") if getattr(self, k) is None]
            if missing:
                raise ValueError(f"a full_pathway needs {', '.join(missing)}")
        return self


class Bill(_Data):
    """Legislation seen but not (known to be) law. Never advice by itself."""

    bill: NonEmpty
    summary: NonEmpty
    outcome: NonEmpty
    sources: tuple[Source, ...] = Field(min_length=1)
    confidence: Confidence


class Note(_Data):
    """Something that changes advice for this jurisdiction."""

    text: NonEmpty
    sources: tuple[Source, ...] = Field(min_length=1)
    confidence: Confidence


class StateRecord(_Data):
    code: NonEmpty
    name: NonEmpty
    board: Fact[tuple[Board, ...]]
    gme: Gme
    usmle: Usmle
    alternative_pathway_law: Fact[StrictBool] = Field(
        description="Is a law creating a full-licensure pathway without US GME on the books?"
    )
    pathways: tuple[Pathway, ...] = ()
    bills: tuple[Bill, ...] = ()
    conrad30: Fact[StrictBool]
    notes: tuple[Note, ...] = ()

    @model_validator(mode="after")
    def _consistent(self) -> StateRecord:
        if self.code not in JURISDICTIONS:
            raise ValueError(f"code {self.code!r} is not one of the 54 jurisdictions")
        if self.name != JURISDICTIONS[self.code]:
            raise ValueError(f"name {self.name!r} should be {JURISDICTIONS[self.code]!r}")
        has_full = any(p.kind is PathwayKind.full_pathway for p in self.pathways)
        if has_full and self.alternative_pathway_law.value is False:
            raise ValueError("alternative_pathway_law is false but a full_pathway is listed")
        if self.alternative_pathway_law.value is True and not has_full:
            raise ValueError("alternative_pathway_law is true but no full_pathway is listed")
        return self

    # Cached: the record is frozen, and the rule engine reads these on every evaluation.
    @cached_property
    def full_pathways(self) -> tuple[Pathway, ...]:
        return tuple(p for p in self.pathways if p.kind is PathwayKind.full_pathway)

    @cached_property
    def limited_pathways(self) -> tuple[Pathway, ...]:
        return tuple(p for p in self.pathways if p.kind is PathwayKind.limited)


# --------------------------------------------------------------------------- walking a record


def iter_facts(obj: Any, path: str = "") -> Iterator[tuple[str, Fact[Any]]]:
    """Every `Fact` inside a record (or any part of one), with its JSON path."""
    if isinstance(obj, Fact):
        yield path, obj
        return
    if isinstance(obj, BaseModel):
        for name in type(obj).model_fields:
            yield from iter_facts(getattr(obj, name), f"{path}.{name}" if path else name)
    elif isinstance(obj, tuple):
        for i, item in enumerate(obj):
            yield from iter_facts(item, f"{path}[{i}]")


def iter_sources(obj: Any, path: str = "") -> Iterator[tuple[str, Source]]:
    """Every `Source` inside a record (or any part of one), with its JSON path."""
    if isinstance(obj, Source):
        yield path, obj
        return
    if isinstance(obj, BaseModel):
        for name in type(obj).model_fields:
            yield from iter_sources(getattr(obj, name), f"{path}.{name}" if path else name)
    elif isinstance(obj, tuple):
        for i, item in enumerate(obj):
            yield from iter_sources(item, f"{path}[{i}]")


def oldest_as_of(record: StateRecord) -> date | None:
    dates = [s.as_of for _, s in iter_sources(record)]
    return min(dates) if dates else None


# --------------------------------------------------------------------------- the book


class StateBook:
    """A complete, validated set of jurisdiction records, keyed by code."""

    def __init__(self, records: Mapping[str, StateRecord]):
        self._records = MappingProxyType(dict(sorted(records.items(), key=lambda kv: _order(kv[0]))))
        self._with_pathway = tuple(r for r in self._records.values() if r.full_pathways)
        self._with_limited = tuple(r for r in self._records.values() if r.limited_pathways)

    def get(self, code: str) -> StateRecord:
        """The record for `code` (case-insensitive); KeyError if not a jurisdiction."""
        key = code.strip().upper()
        if key not in self._records:
            raise KeyError(f"unknown jurisdiction code {code!r}")
        return self._records[key]

    def codes(self) -> tuple[str, ...]:
        return tuple(self._records)

    def records(self) -> tuple[StateRecord, ...]:
        return tuple(self._records.values())

    def with_alternative_pathway(self) -> tuple[StateRecord, ...]:
        """Jurisdictions with a full-licensure pathway law for physicians with no US GME."""
        return self._with_pathway

    def with_limited_licence(self) -> tuple[StateRecord, ...]:
        """Jurisdictions with a limited-licence program that does not by itself lead to full."""
        return self._with_limited

    def __len__(self) -> int:
        return len(self._records)

    def __iter__(self) -> Iterator[StateRecord]:
        return iter(self._records.values())

    def __contains__(self, code: object) -> bool:
        return isinstance(code, str) and code.strip().upper() in self._records


def _order(code: str) -> int:
    codes = list(JURISDICTIONS)
    return codes.index(code) if code in codes else len(codes)
