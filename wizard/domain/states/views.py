"""Views of the per-state data: a flat table for CSV/JSON/pandas, and sources due for a re-check.

Owns: `to_rows` and `stale_state_sources`.
Must not know: the UI, a person's answers, rule evaluation or plans.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import TYPE_CHECKING, Any

from wizard.domain.states.model import StateBook, iter_sources, oldest_as_of
from wizard.engine.provenance import Source

if TYPE_CHECKING:
    from wizard.engine.rulebook import RuleBook


def _fmt(value: Any) -> Any:
    if isinstance(value, StrEnum):
        return value.value
    if isinstance(value, tuple):
        return ", ".join(str(_fmt(v)) for v in value)
    if isinstance(value, date):
        return value.isoformat()
    return value


def to_rows(book: StateBook) -> list[dict[str, Any]]:
    """One flat dict per jurisdiction (None = unknown), for a DataFrame, CSV or JSON view."""
    rows: list[dict[str, Any]] = []
    for r in book:
        full = r.full_pathways
        limited = r.limited_pathways
        main = full[0] if full else (limited[0] if limited else None)
        kinds = sorted({p.kind.value for p in r.pathways})
        oldest = oldest_as_of(r)
        rows.append(
            {
                "code": r.code,
                "name": r.name,
                "gme_years_img": r.gme.img_years.value,
                "gme_years_us": r.gme.us_years.value,
                "usmle_time_limit_years": r.usmle.time_limit_years.value,
                "usmle_attempt_limit_per_step": r.usmle.attempt_limit_per_step.value,
                "usmle_step3_attempt_limit": r.usmle.step3_attempt_limit.value,
                "alt_pathway_law": r.alternative_pathway_law.value,
                "alt_pathway_kind": "+".join(kinds) if kinds else None,
                "alt_pathway_name": main.name if main else None,
                "alt_pathway_status": main.status.value.value if main else None,
                "alt_pathway_citation": _fmt(main.law.value) if main else None,
                "conrad30": r.conrad30.value,
                "oldest_as_of": oldest.isoformat() if oldest else None,
            }
        )
    return rows


@dataclass(frozen=True)
class StaleStateSource:
    """One source in the per-state data older than 12 months, with the facts that rely on it."""

    code: str
    source: Source
    paths: tuple[str, ...]

    def __str__(self) -> str:
        where = ", ".join(self.paths[:3]) + (f" (+{len(self.paths) - 3} more)" if len(self.paths) > 3 else "")
        return f"{self.code} › {where}: {self.source.title} (as of {self.source.as_of}) {self.source.url}"


def stale_state_sources(book: RuleBook, on: date) -> list[StaleStateSource]:
    """Each state's sources older than 12 months on `on`, once per state and source."""
    if book.states is None:
        return []
    out: list[StaleStateSource] = []
    for record in book.states:
        seen: dict[tuple[str, str], tuple[Source, list[str]]] = {}
        for path, source in iter_sources(record):
            if source.is_stale(on):
                seen.setdefault((str(source.url), source.title), (source, []))[1].append(path)
        out += [StaleStateSource(record.code, s, tuple(paths)) for s, paths in seen.values()]
    return out
