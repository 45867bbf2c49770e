"""Loading the tables: read every file under ``rules/tables/``, check them all at once, and
refuse a broken set with one line per problem naming file › record › JSON path.

Owns: `FILES` (which file holds which table), `Tables` (all the tables, checked together, with
small lookups: ``cycle``, ``season``, ``specialty``, ``duration``, ``restriction_for`` ...),
`TablesError`, `load_tables`, the uniqueness checks every file shares, and `all_sources`.

Must not know: what a record means beyond the checks its family module states, the answers, the
UI, or today's date (every lookup that depends on time takes the date as an argument).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from wizard.domain.tables.durations import Duration, DurationsFile
from wizard.domain.tables.fees import FeesFile, check_fees
from wizard.domain.tables.match_cycles import MatchCycle, MatchCyclesFile, check_match_cycles, project_cycle
from wizard.domain.tables.match_outcomes import MatchOutcome, MatchOutcomesFile
from wizard.domain.tables.pathways_seasons import PathwaysSeason, PathwaysSeasonsFile
from wizard.domain.tables.specialties import SpecialtiesFile, Specialty
from wizard.domain.tables.visa_restrictions import VisaRestriction, VisaRestrictionsFile, check_restrictions
from wizard.engine.provenance import Source, Strict

FILES: dict[str, str] = {
    "match_cycles": "match_cycles.json",
    "pathways_seasons": "pathways_seasons.json",
    "specialties": "specialties.json",
    "durations": "durations.json",
    "match_outcomes": "match_outcomes.json",
    "visa_restrictions": "visa_restrictions.json",
    "fees": "fees.json",
}


# --------------------------------------------------------------------------- the Tables object


@dataclass(frozen=True)
class Tables:
    """All the tables, checked together, with lookups. Build it with `load_tables`."""

    match_cycles: MatchCyclesFile
    pathways_seasons: PathwaysSeasonsFile
    specialties: SpecialtiesFile
    durations: DurationsFile
    match_outcomes: MatchOutcomesFile
    visa_restrictions: VisaRestrictionsFile
    fees: FeesFile

    # Match cycles -------------------------------------------------------------------------
    def cycle(self, match_year: int) -> MatchCycle | None:
        """The published record for `match_year`, or None when there is none."""
        return next((c for c in self.match_cycles.match_cycles if c.match_year == match_year), None)

    def cycle_or_projection(self, match_year: int) -> MatchCycle:
        """The published record, else a projection from the pattern (``projected=True``)."""
        return self.cycle(match_year) or project_cycle(match_year, self.match_cycles.pattern)

    def published_match_years(self) -> list[int]:
        return sorted(c.match_year for c in self.match_cycles.match_cycles)

    def next_match_year(self, on: date) -> int:
        """The Match year of the next Match Day strictly after `on` (published, else projected).

        This is the next Match that has not happened yet, not the earliest one a new applicant
        could still enter: ERAS submissions for it may already have opened.
        """
        year = on.year
        while True:
            match_day = self.cycle_or_projection(year).match_day.value
            if match_day is None or match_day > on:
                return year
            year += 1

    # Pathways -----------------------------------------------------------------------------
    def season(self, match_year: int) -> PathwaysSeason | None:
        return next((s for s in self.pathways_seasons.seasons if s.match_year == match_year), None)

    # Specialties --------------------------------------------------------------------------
    def specialty(self, specialty_id: str) -> Specialty | None:
        """The specialty with this id, or None for an id the table does not list."""
        return next((s for s in self.specialties.specialties if s.id == specialty_id), None)

    def specialty_ids(self) -> list[str]:
        return [s.id for s in self.specialties.specialties]

    # Durations ----------------------------------------------------------------------------
    def duration(self, duration_id: str) -> Duration | None:
        """The duration row with this id, or None for an id the table does not list."""
        return next((d for d in self.durations.durations if d.id == duration_id), None)

    def duration_ids(self) -> list[str]:
        return [d.id for d in self.durations.durations]

    # Match outcomes -----------------------------------------------------------------------
    def match_outcome(self, match_year: int, applicant_type: str) -> MatchOutcome | None:
        return next(
            (
                o
                for o in self.match_outcomes.outcomes
                if o.match_year == match_year and o.applicant_type == applicant_type
            ),
            None,
        )

    # Visa restrictions --------------------------------------------------------------------
    def restriction_for(self, country_code: str, on: date) -> VisaRestriction | None:
        """The restriction in force for nationals of `country_code` on `on`, or None.

        Only nationality-based records are considered (not travel-document restrictions).
        """
        code = country_code.upper()
        hits = [
            r
            for r in self.visa_restrictions.restrictions
            if r.country == code and r.applies_to == "nationals" and r.in_force(on)
        ]
        return max(hits, key=lambda r: r.effective_from, default=None)

    def visa_review_overdue(self, on: date) -> bool:
        """True when the volatile visa-restriction file is past its review-by date."""
        return on > self.visa_restrictions.review_by


# --------------------------------------------------------------------------- loading


class TablesError(ValueError):
    """Raised by `load_tables` with every problem found; ``errors`` holds one line per problem.

    ``problems`` is the same list, under the name the rule-book loader collects.
    """

    def __init__(self, errors: Sequence[str]):
        self.errors = list(errors)
        self.problems = self.errors
        super().__init__(f"{len(self.errors)} problem(s) in the table data:\n" + "\n".join(self.errors))


_MODELS: dict[str, type[Strict]] = {
    "match_cycles": MatchCyclesFile,
    "pathways_seasons": PathwaysSeasonsFile,
    "specialties": SpecialtiesFile,
    "durations": DurationsFile,
    "match_outcomes": MatchOutcomesFile,
    "visa_restrictions": VisaRestrictionsFile,
    "fees": FeesFile,
}

#: Keys that name a record in error messages, tried in order.
_LABEL_KEYS = ("id", "match_year", "event")


def _display(path: Path) -> str:
    try:
        return path.resolve().relative_to(Path.cwd().resolve()).as_posix()
    except ValueError:
        return path.as_posix()


def _record_label(record: Any) -> str | None:
    if not isinstance(record, dict):
        return None
    parts = [str(record[k]) for k in _LABEL_KEYS if k in record and record[k] is not None]
    if "applicant_type" in record:
        parts.append(str(record["applicant_type"]))
    return " ".join(parts[:2]) or None


def _format_loc(raw: Any, loc: Iterable[int | str]) -> str:
    """Turn a pydantic error location into ``list[3] (label) › field › ...``."""
    out: list[str] = []
    node = raw
    for part in loc:
        if isinstance(part, int):
            label = None
            if isinstance(node, list) and 0 <= part < len(node):
                node = node[part]
                label = _record_label(node)
            else:
                node = None
            suffix = f"[{part}]" + (f" ({label})" if label else "")
            if out:
                out[-1] += suffix
            else:
                out.append(suffix)
        else:
            out.append(str(part))
            node = node.get(part) if isinstance(node, dict) else None
    return " › ".join(out) if out else "(top level)"


def _validation_lines(file_label: str, raw: Any, err: ValidationError) -> list[str]:
    lines = []
    for e in err.errors(include_url=False):
        where = _format_loc(raw, e["loc"])
        msg = e["msg"]
        if e["type"] == "value_error" and msg.startswith("Value error, "):
            msg = msg[len("Value error, ") :]
        lines.append(f"{file_label} › {where}: {msg}")
    return lines


def _duplicates(values: Iterable[Any]) -> list[Any]:
    seen: set[Any] = set()
    dup: list[Any] = []
    for v in values:
        if v in seen and v not in dup:
            dup.append(v)
        seen.add(v)
    return dup


# Each file's records must be unique by this key: (file, list field, key, how the key is named).
_UNIQUE_KEYS: tuple[tuple[str, str, Callable[[Any], Any], str], ...] = (
    ("match_cycles", "match_cycles", lambda c: c.match_year, "match_year {}"),
    ("pathways_seasons", "seasons", lambda s: s.match_year, "match_year {}"),
    ("specialties", "specialties", lambda s: s.id, "id {!r}"),
    ("durations", "durations", lambda d: d.id, "id {!r}"),
    ("match_outcomes", "outcomes", lambda o: o.key, "{}"),
    ("visa_restrictions", "restrictions", lambda r: r.id, "id {!r}"),
    ("fees", "fees", lambda f: f.id, "id {!r}"),
)


def _cross_checks(parsed: dict[str, Any], labels: dict[str, str]) -> list[str]:
    errors: list[str] = []
    for name, field_name, key, shown in _UNIQUE_KEYS:
        if name in parsed:
            for dup in _duplicates(key(r) for r in getattr(parsed[name], field_name)):
                errors.append(f"{labels[name]} › {field_name}: {shown.format(dup)} appears more than once")
    if "match_cycles" in parsed:
        errors.extend(check_match_cycles(parsed["match_cycles"], labels["match_cycles"]))
    if "visa_restrictions" in parsed:
        errors.extend(check_restrictions(parsed["visa_restrictions"], labels["visa_restrictions"]))
    if "fees" in parsed:
        errors.extend(check_fees(parsed["fees"], labels["fees"]))
    return errors


def load_tables(directory: Path) -> Tables:
    """Read and check every table file in `directory`.

    Raises `TablesError` listing every problem at once (missing files, bad JSON, schema errors,
    duplicates, cross-file inconsistencies), each line naming file › record › JSON path.
    """
    directory = Path(directory)
    errors: list[str] = []
    parsed: dict[str, Any] = {}
    labels: dict[str, str] = {}
    for key, filename in FILES.items():
        path = directory / filename
        label = _display(path)
        labels[key] = label
        try:
            raw = json.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            errors.append(f"{label}: file is missing")
            continue
        except json.JSONDecodeError as exc:
            errors.append(f"{label} › line {exc.lineno} column {exc.colno}: invalid JSON: {exc.msg}")
            continue
        try:
            parsed[key] = _MODELS[key].model_validate(raw)
        except ValidationError as exc:
            errors.extend(_validation_lines(label, raw, exc))
    errors.extend(_cross_checks(parsed, labels))
    if errors:
        raise TablesError(errors)
    return Tables(**parsed)


def all_sources(tables: Tables) -> list[tuple[str, Source]]:
    """Every Source in the tables with a short label of where it sits (for audits and tests)."""
    found: list[tuple[str, Source]] = []

    def walk(label: str, node: Any) -> None:
        if isinstance(node, Source):
            found.append((label, node))
        elif isinstance(node, Strict):
            for name in type(node).model_fields:
                walk(f"{label}.{name}", getattr(node, name))
        elif isinstance(node, tuple | list):
            for i, item in enumerate(node):
                walk(f"{label}[{i}]", item)

    for key in FILES:
        walk(key, getattr(tables, key))
    return found
