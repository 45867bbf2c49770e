"""Match outcomes (``match_outcomes.json``): the PGY-1 match rate of US and non-US IMGs by Match year.

Must not know: the other tables, the answers, or the clock.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field, model_validator

from wizard.domain.tables.common import Confidence, Sources
from wizard.engine.provenance import NonEmpty, Strict

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
