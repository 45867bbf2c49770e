"""How long each step takes (``durations.json``): min / typical / max, feeding the optimistic,
typical and conservative lanes of the timeline.

Must not know: the other tables, the timeline itself, the answers, or the clock.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field, model_validator

from wizard.domain.tables.common import Confidence, SnakeId, Sources
from wizard.engine.provenance import NonEmpty, Strict


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
