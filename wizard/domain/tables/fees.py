"""The fee table (``fees.json``): what each step of the road costs, with the page that states it.

Owns: `Fee` (one fee: amount or an honest null with its reason, the season it applies to, who
pays, how often, `volatile` where it changes often, `contested` where its legal footing is in
doubt), `FeeTier` (ERAS's price per program by how many programs), `ProgramsHint` (how many
programs IMGs apply to, the hint beside the question), `FeesFile`, and the checks a schema
cannot state (`check_fees`).

Must not know: who has paid what (the estimate in `wizard.outputs.costs` reads the answers), the
other tables, or the clock.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Literal

from pydantic import Field, StringConstraints, model_validator

from wizard.domain.tables.common import Confidence, SnakeId, Sources
from wizard.engine.provenance import NonEmpty, Strict

Phase = Literal["exams", "certification", "application", "visa", "licence"]
Unit = Literal["once", "per_attempt", "per_season", "per_program", "per_year"]
Amount = Annotated[float, Field(ge=0)]


class FeeTier(Strict):
    """The price of each program from `from_program` to `to_program` (open-ended when null)."""

    from_program: Annotated[int, Field(ge=1)]
    to_program: Annotated[int, Field(ge=1)] | None = None
    amount: Amount


class Fee(Strict):
    """One fee as published. ``amount`` null needs ``unknown_reason``; a per-program fee has tiers."""

    id: SnakeId
    label: NonEmpty
    phase: Phase
    unit: Unit
    payer: Literal["applicant", "employer"] = "applicant"
    amount: Amount | None = None
    currency: Literal["USD", "AUD"] = "USD"
    tiers: tuple[FeeTier, ...] = ()
    unknown_reason: NonEmpty | None = None
    state: Annotated[str, StringConstraints(pattern=r"^[A-Z]{2}$")] | None = None
    season: NonEmpty = Field(description="The fee year, ERAS season or Match the amount belongs to, in words.")
    as_of: date
    volatile: bool
    contested: NonEmpty | None = Field(default=None, description="Why the fee may not be collected; shown beside it.")
    confidence: Confidence
    sources: Sources
    note: str | None = None

    @model_validator(mode="after")
    def _honest(self) -> Fee:
        if self.unit == "per_program":
            if not self.tiers:
                raise ValueError("a per-program fee needs its tiers")
            if self.amount is not None:
                raise ValueError("a per-program fee gives its amounts in tiers, not in amount")
            return self
        if self.tiers:
            raise ValueError("tiers are only for a per-program fee")
        if self.amount is None and self.unknown_reason is None:
            raise ValueError("a null amount needs an unknown_reason")
        if self.amount is not None and self.unknown_reason is not None:
            raise ValueError("unknown_reason is only for a null amount")
        return self

    @property
    def known(self) -> bool:
        return self.amount is not None or bool(self.tiers)

    def for_programs(self, count: int) -> float:
        """What applying to `count` programs in one specialty costs under the tiers."""
        total = 0.0
        for tier in self.tiers:
            last = count if tier.to_program is None else min(count, tier.to_program)
            if last >= tier.from_program:
                total += (last - tier.from_program + 1) * tier.amount
        return total


class ProgramsHint(Strict):
    """How many programs IMGs apply to, as published: the hint beside the question."""

    value: Annotated[int, Field(ge=1)] | None
    label: NonEmpty
    unknown_reason: NonEmpty | None = None
    sources: Sources

    @model_validator(mode="after")
    def _honest(self) -> ProgramsHint:
        if self.value is None and self.unknown_reason is None:
            raise ValueError("a null value needs an unknown_reason")
        return self


class FeesFile(Strict):
    description: str | None = None
    as_of: date
    review_by: date
    programs_hint: ProgramsHint
    fees: tuple[Fee, ...]

    def fee(self, fee_id: str) -> Fee | None:
        return next((f for f in self.fees if f.id == fee_id), None)

    def licence_fee(self, state: str) -> Fee | None:
        """The licence application fee the table records for `state`, or None."""
        return next((f for f in self.fees if f.state == state and f.phase == "licence"), None)


def check_fees(f: FeesFile, label: str) -> list[str]:
    """What the schema cannot state: tiers that start at 1 and follow on, one licence fee per state."""
    errors: list[str] = []
    if f.review_by <= f.as_of:
        errors.append(f"{label} › review_by: must be after as_of")
    seen_states: set[str] = set()
    for i, fee in enumerate(f.fees):
        where = f"{label} › fees[{i}] ({fee.id})"
        expected = 1
        for j, tier in enumerate(fee.tiers):
            if tier.from_program != expected:
                errors.append(f"{where} › tiers[{j}] › from_program: expected {expected}")
            if tier.to_program is None:
                if j != len(fee.tiers) - 1:
                    errors.append(f"{where} › tiers[{j}] › to_program: only the last tier is open-ended")
                break
            if tier.to_program < tier.from_program:
                errors.append(f"{where} › tiers[{j}] › to_program: before from_program")
            expected = tier.to_program + 1
        if fee.tiers and fee.tiers[-1].to_program is not None:
            errors.append(f"{where} › tiers: the last tier must be open-ended")
        if fee.state is not None:
            if fee.state in seen_states:
                errors.append(f"{where} › state: {fee.state} has a licence fee already")
            seen_states.add(fee.state)
        if fee.as_of > f.as_of:
            errors.append(f"{where} › as_of: after the file's as_of ({f.as_of})")
    return errors
