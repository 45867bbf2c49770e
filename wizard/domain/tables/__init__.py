"""Tabular fact data: Match calendars, Pathways seasons, specialties, durations, Match outcomes,
nationality-based visa restrictions and fees, each read from a JSON file under ``rules/tables/``.

The package: one module per table family (`match_cycles`, `pathways_seasons`, `specialties`,
`durations`, `match_outcomes`, `visa_restrictions`, `fees`), each with its strict models and the checks a
schema cannot state; `common` for the pieces they share (`DatedFact`); and `loader`, which reads
them all, checks them together, refuses a broken set, and offers small lookups (`Tables`). Every
public name is importable from `wizard.domain.tables` itself.

Must not know: eligibility rules (OET minimums, attempt limits and the like live in the rules),
the user's answers, the UI, or today's date. Every function that depends on time takes the
date as an argument; nothing here reads the clock.

Honesty conventions every file follows:

* every record carries at least one ``Source``; secondary sources say ``"official": false``;
* a value nobody has published is ``null`` with an ``unknown_reason``, never a guess;
* a value derived from a stated pattern carries ``"estimated": true`` and the ``rule`` used.
"""

from wizard.domain.tables.common import DatedFact
from wizard.domain.tables.durations import Duration
from wizard.domain.tables.fees import Fee, FeesFile, FeeTier, ProgramsHint
from wizard.domain.tables.loader import FILES, Tables, TablesError, all_sources, load_tables
from wizard.domain.tables.match_cycles import (
    CHRONOLOGICAL_EVENTS,
    CYCLE_EVENTS,
    CyclePattern,
    MatchCycle,
    PatternRule,
    nth_weekday,
    project_cycle,
)
from wizard.domain.tables.match_outcomes import MatchOutcome
from wizard.domain.tables.pathways_seasons import PathwaysSeason
from wizard.domain.tables.specialties import ImgShare, Specialty
from wizard.domain.tables.visa_restrictions import VisaRestriction

__all__ = [
    "CHRONOLOGICAL_EVENTS",
    "CYCLE_EVENTS",
    "FILES",
    "CyclePattern",
    "DatedFact",
    "Duration",
    "Fee",
    "FeeTier",
    "FeesFile",
    "ImgShare",
    "MatchCycle",
    "MatchOutcome",
    "PathwaysSeason",
    "PatternRule",
    "ProgramsHint",
    "Specialty",
    "Tables",
    "TablesError",
    "VisaRestriction",
    "all_sources",
    "load_tables",
    "nth_weekday",
    "project_cycle",
]
