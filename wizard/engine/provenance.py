"""Provenance shared by every rule and data record: where a fact comes from and when it was checked.

Owns: `Source`, `Unconfirmed` and the staleness test. Knows nothing about rules, answers or the UI.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Annotated

from pydantic import AnyHttpUrl, BaseModel, ConfigDict, Field, StringConstraints

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
        description="The date this source speaks for: its own stated or last-updated date, "
        "or, for an undated page, the day it was read."
    )
    checked: date | None = Field(default=None, description="The day this project last read the source for this fact.")
    official: bool = Field(
        default=True,
        description="False for secondary sources (news, law firms, aggregators); the UI says so.",
    )
    note: str | None = None

    def is_stale(self, on: date) -> bool:
        return on - self.as_of > STALE_AFTER


class Unconfirmed(Strict):
    """An honest "we do not know": the reason a value is null, never a guess."""

    reason: NonEmpty


def stale_sources(sources: tuple[Source, ...] | list[Source], on: date) -> list[Source]:
    return [s for s in sources if s.is_stale(on)]
