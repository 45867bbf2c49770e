"""The wizard's rule book: the engine's loader handed the IMG fact vocabulary and reference data.

Owns: `VOCABULARY` (the facts rules may test, how an example's answers are parsed, how an
evaluation context is built, and the `tables/` and `states/` folders loaded beside the rule
files), where the shipped rule book lives, and `load_rulebook`, the one way the CLI, the app,
the workshop tools and the tests load it.

Also owns the shipped source-tier list lookup (`tier_words`) that every output uses to name a
source's tier beside it.

Must not know: Streamlit, the clock, or how results are presented.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

from wizard.domain.facts import FACTS, Context
from wizard.domain.profile import Profile, answer_at, parse_profile, with_answers
from wizard.domain.shipped import RULES_DIR
from wizard.domain.states import load_states
from wizard.domain.tables import load_tables
from wizard.engine import loader
from wizard.engine.rulebook import RuleBook
from wizard.engine.sources import SourceTiers, TierListError, load_tiers
from wizard.engine.vocabulary import Part, Vocabulary

#: The rule book that ships with the wizard (repository path `rules/`; see wizard/domain/shipped.py).
DEFAULT_RULES_DIR = RULES_DIR
#: Someone maintaining their own copy of the rule book names its folder here (or with --rules).
RULES_DIR_ENV = "IMG_WIZARD_RULES_DIR"


def rules_dir_from(env: Mapping[str, str]) -> Path:
    """The rule book folder named in this environment, else the shipped one."""
    return Path(env.get(RULES_DIR_ENV) or DEFAULT_RULES_DIR)


def _parse(answers: Any, on: date) -> Profile:
    return parse_profile(answers, today=on)


def _context(answers: Profile, on: date, book: RuleBook) -> Context:
    return Context(profile=answers, on=on, data=book.data, states=book.states)


VOCABULARY = Vocabulary(
    facts=FACTS,
    parse_answers=_parse,
    context=_context,
    parts=(Part("tables", "data", load_tables), Part("states", "states", load_states)),
    read_answer=answer_at,
    settle=lambda answers, fills, on: with_answers(answers, fills, on),
)


def load_rulebook(directory: Path | str = DEFAULT_RULES_DIR, *, today: date | None = None) -> RuleBook:
    """Load and check the rule book in `directory`; raises `RuleBookError` listing every problem."""
    return loader.load_rulebook(directory, vocabulary=VOCABULARY, today=today)


@cache
def _shipped_tiers() -> SourceTiers | None:
    try:
        return load_tiers(DEFAULT_RULES_DIR)
    except TierListError:
        return None  # check-rules reports it; pages then show no tier rather than fail


def tier_words(url: str) -> str:
    """A source's tier in words from the shipped domain list: 'deciding body' … 'weak source'."""
    tiers = _shipped_tiers()
    return tiers.words(url) if tiers is not None else ""
