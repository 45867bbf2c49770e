"""The plan (and the timeline) for this session's answers.

Nothing here is cached across sessions: per-person results live only in this session's state.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

import streamlit as st

from wizard.domain.profile import Profile
from wizard.engine.evaluation import evaluate
from wizard.engine.rulebook import RuleBook
from wizard.outputs.plan import Plan, build_plan
from wizard.ui import state

if TYPE_CHECKING:
    from wizard.outputs.actions import ActionPlan
    from wizard.outputs.costs import CostEstimate
    from wizard.outputs.glance import Glance
    from wizard.outputs.timeline import Timeline


@dataclass(frozen=True)
class Results:
    book: RuleBook
    profile: Profile
    plan: Plan
    on: date


#: This session's last results and what they were worked out from (session memory only).
MEMO = "img.results"


def current() -> Results | None:
    """None when the rule book is broken (the frame already says so).

    The plan, timeline and summary pages all need it; it is worked out again only when the
    answers, the date or the rule book changed, not on every page draw.
    """
    book = state.rule_book().book
    if book is None:
        return None
    on = state.today()
    key = (id(book), on, repr(sorted(state.answers().items())))
    memo = st.session_state.get(MEMO)
    if memo is not None and memo[0] == key and isinstance(memo[1], Results):
        return memo[1]
    profile = state.profile()
    plan = build_plan(evaluate(book, profile, on=on), book)
    res = Results(book, profile, plan, on)
    st.session_state[MEMO] = (key, res)
    return res


def timeline(results: Results) -> Timeline:
    from wizard.outputs.timeline import build_timeline

    return build_timeline(results.profile, results.book, on=results.on)


#: The state-licence view of the last results (session memory only), kept with the results it
#: came from so it is worked out again only when they change.
STATE_MEMO = "img.state_licence"


def state_licence(results: Results) -> Any:
    """The target state's GME years and pathways, and the states that fit (`StatePathways`)."""
    from wizard.domain.state_pathways import state_pathways_for

    memo = st.session_state.get(STATE_MEMO)
    if memo is not None and memo[0] is results:
        return memo[1]
    view = state_pathways_for(results.profile, results.book, on=results.on)
    st.session_state[STATE_MEMO] = (results, view)
    return view


@dataclass(frozen=True)
class Dated:
    """The timeline, the dated actions and the at-a-glance block of one set of results."""

    timeline: Timeline
    actions: ActionPlan
    glance: Glance


#: The dated view of the last results (session memory only), kept with the results it came from.
DATED_MEMO = "img.dated"


def dated(results: Results) -> Dated:
    from wizard.outputs.actions import build_actions
    from wizard.outputs.glance import at_a_glance

    memo = st.session_state.get(DATED_MEMO)
    if memo is not None and memo[0] is results and isinstance(memo[1], Dated):
        return memo[1]
    t = timeline(results)
    actions = build_actions(results.plan, t, results.book)
    view = Dated(t, actions, at_a_glance(results.plan, t, actions))
    st.session_state[DATED_MEMO] = (results, view)
    return view


#: The cost estimate of the last results (session memory only), kept with the results it came from.
COSTS_MEMO = "img.costs"


def costs(results: Results) -> CostEstimate | None:
    """The fees still to pay (`CostEstimate`), or None when the rule book has no fee table."""
    from wizard.outputs.costs import CostEstimate, costs_for

    memo = st.session_state.get(COSTS_MEMO)
    if memo is not None and memo[0] is results and (memo[1] is None or isinstance(memo[1], CostEstimate)):
        return memo[1]
    estimate = costs_for(results.profile, results.book, on=results.on, timeline=dated(results).timeline)
    st.session_state[COSTS_MEMO] = (results, estimate)
    return estimate
