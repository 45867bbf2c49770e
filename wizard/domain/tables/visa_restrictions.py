"""Nationality-based entry and visa restrictions (``visa_restrictions.json``), a volatile file with
a review-by date; which restriction is in force for a country on a day.

Owns: `VisaRestriction`, `VisaRestrictionsFile` and the checks a schema cannot state
(`check_restrictions`: ISO country codes, no overlapping spans for one country).

Must not know: the other tables, the answers, or the clock (every lookup takes `on`).
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Literal

from pydantic import Field, StringConstraints, model_validator

from wizard.domain.countries import COUNTRIES
from wizard.domain.tables.common import Sources
from wizard.engine.provenance import NonEmpty, Strict

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


def check_restrictions(f: VisaRestrictionsFile, label: str) -> list[str]:
    """What the schema cannot state: ISO country codes, and no overlapping spans for one country."""
    errors: list[str] = []
    for i, r in enumerate(f.restrictions):
        where = f"{label} › restrictions[{i}] ({r.id})"
        if r.country not in COUNTRIES:
            errors.append(f"{where} › country: {r.country!r} is not an ISO 3166-1 code")
        for j, other in enumerate(f.restrictions[:i]):
            if other.country == r.country and other.applies_to == r.applies_to and _overlap(other, r):
                errors.append(f"{where} › effective_from: overlaps restrictions[{j}] ({other.id})")
    return errors


def _overlap(a: VisaRestriction, b: VisaRestriction) -> bool:
    far = date.max
    return a.effective_from <= (b.effective_until or far) and b.effective_from <= (a.effective_until or far)
