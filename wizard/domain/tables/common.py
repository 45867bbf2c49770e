"""The pieces every table file shares: confidence levels, record ids, the non-empty source list, and
`DatedFact` (a date that is published with sources, estimated from a stated rule, or unknown).

Must not know: any one table's records, the loader, the answers, or the clock.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Literal

from pydantic import Field, StringConstraints, model_validator

from wizard.engine.provenance import NonEmpty, Source, Strict

Confidence = Literal["high", "med", "low"]
SnakeId = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9]*(_[a-z0-9]+)*$")]
Sources = Annotated[tuple[Source, ...], Field(min_length=1)]


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
