"""The ECFMG Pathways seasons (``pathways_seasons.json``), one per Match year served; a season not
yet announced gives no dates.

Must not know: the other tables, eligibility rules (they live in the rules), the answers, or the clock.
"""

from __future__ import annotations

from typing import Annotated

from pydantic import Field, model_validator

from wizard.domain.tables.common import DatedFact, Sources
from wizard.engine.provenance import Strict


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
