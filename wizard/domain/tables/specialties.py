"""Residency specialties (``specialties.json``): training length, how the specialty matches, and
the IMG share of its first-year positions as published.

Must not know: the other tables, the answers, or the clock.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field, model_validator

from wizard.domain.tables.common import Confidence, SnakeId, Sources
from wizard.engine.provenance import NonEmpty, Strict

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
