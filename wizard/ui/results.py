"""The plan (and, when available, the timeline) for this session's answers, computed once per rerun.

Nothing here is cached across sessions: per-person results are never shared or stored.
"""

from __future__ import annotations

import importlib.util
from dataclasses import dataclass
from datetime import date
from typing import Any

from wizard.engine import evaluate
from wizard.plan import Plan, build_plan
from wizard.profile import Profile
from wizard.rulebook import RuleBook
from wizard.ui import state


@dataclass(frozen=True)
class Results:
    book: RuleBook
    profile: Profile
    plan: Plan
    on: date


def available(module: str) -> bool:
    """True once a sibling core module (timeline, chart, report) has landed."""
    return importlib.util.find_spec(f"wizard.{module}") is not None


def current() -> Results | None:
    """None when the rule book is broken (the frame already says so)."""
    book = state.rule_book().book
    if book is None:
        return None
    on = state.today()
    profile = state.profile()
    plan = build_plan(evaluate(book, profile, on=on), book)
    return Results(book, profile, plan, on)


def timeline(results: Results) -> Any | None:
    if not available("timeline"):
        return None
    from wizard.timeline import build_timeline

    return build_timeline(results.profile, results.book, on=results.on)
