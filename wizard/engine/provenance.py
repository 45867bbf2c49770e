"""Provenance shared by every rule and data record: where a fact comes from and when it was checked.

Owns: `Source`, `Unconfirmed`, the staleness test (12 months) and the review-by test. Knows nothing about rules, answers or the UI.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Annotated

from pydantic import AnyHttpUrl, BaseModel, ConfigDict, Field, StringConstraints, model_validator

#: A source older than this on the evaluation date is flagged "possibly stale".
STALE_AFTER = timedelta(days=365)

NonEmpty = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]


class Strict(BaseModel):
    """Base for every data-file model: unknown keys are errors and values are immutable."""

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)


class Source(Strict):
    """One place a fact was read, and the day someone last checked it there."""

    url: AnyHttpUrl
    title: NonEmpty
    as_of: date = Field(
        description="The date this source speaks for: its own stated or last-updated date; "
        "for an undated page (undated: true), the day it was read."
    )
    undated: bool = Field(
        default=False,
        description="The page gives no date of its own: as_of is only the day it was read, so the "
        "source needs a fresh reading 12 months after that day.",
    )
    review_by: date | None = Field(
        default=None,
        description="For volatile facts: the day by which this page must be read again. After it, "
        "the plan says the fact is overdue for review and `check-rules --strict` fails.",
    )
    checked: date | None = Field(default=None, description="The day this project last read the source for this fact.")
    official: bool = Field(
        default=True,
        description="False for secondary sources (news, law firms, aggregators); the UI says so.",
    )
    note: str | None = None

    @model_validator(mode="after")
    def _honest_dates(self) -> Source:
        if self.undated and self.checked is not None and self.as_of != self.checked:
            raise ValueError("an undated page's as_of is the day it was read: make it equal to 'checked'")
        if self.review_by is not None and self.review_by <= self.as_of:
            raise ValueError("review_by must be after as_of")
        return self

    def is_stale(self, on: date) -> bool:
        return on - self.as_of > STALE_AFTER

    def is_overdue(self, on: date) -> bool:
        return self.review_by is not None and on > self.review_by

    @property
    def dated_words(self) -> str:
        """'as of 2026-01-05', or for a page without a date of its own 'undated, read 2026-11-25'."""
        return f"undated, read {self.as_of.isoformat()}" if self.undated else f"as of {self.as_of.isoformat()}"


class Unconfirmed(Strict):
    """An honest "we do not know": the reason a value is null, never a guess."""

    reason: NonEmpty


def stale_sources(sources: tuple[Source, ...] | list[Source], on: date) -> list[Source]:
    return [s for s in sources if s.is_stale(on)]
