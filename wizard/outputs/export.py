"""The evaluation as JSON data for other tools: the plan, the timeline and the dated actions, with
a published JSON Schema (rules/schema/evaluation.schema.json).

Owns: the shape of `img-wizard evaluate --format json` (the plan's keys as before, plus
`timeline`, `actions`, `at_a_glance` and `costs`), as models that give both the data and its schema.

Must not know: Streamlit, the clock, or how the plan is worked out.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from pydantic import BaseModel, ConfigDict

from wizard.engine.provenance import Source
from wizard.outputs.actions import ActionPlan, DatedAction
from wizard.outputs.costs import CostEstimate, costs_as_dict
from wizard.outputs.glance import Glance
from wizard.outputs.plan import Plan, plan_as_dict
from wizard.outputs.timeline import Timeline


class _Out(BaseModel):
    model_config = ConfigDict(extra="forbid")


class CitedSource(Source):
    tier: str | None = None  # the source's tier in words, from the reviewed domain list


class PlanItemOut(_Out):
    id: str
    kind: str
    title: str
    text: str
    why: list[str]
    sources: list[CitedSource]
    possibly_stale: bool
    review_overdue_since: str | None = None
    volatile: bool


class CardOut(_Out):
    milestone: str
    label: str
    state: str
    met: list[str]
    missing: list[str]
    unknown: list[str]


class NeededAnswerOut(_Out):
    question: str
    label: str
    step: str
    unlocks: list[str]


class PhaseOut(_Out):
    id: str
    label: str
    track: str
    start: date
    start_optimistic: date | None
    start_conservative: date | None
    end_optimistic: date | None
    end_typical: date | None
    end_conservative: date | None
    estimated: bool
    projected: bool
    milestone: bool
    given: bool  # the date is the person's own (a booked test), not planned
    note: str
    sources: list[Source]


class LaneOut(_Out):
    lane: str
    match_year: int | None
    projected: bool
    decided_by: str
    ready_on: date | None
    competitive_deadline: date | None
    rank_list_deadline: date | None
    rank_list_deadline_estimated: bool
    match_day: date | None
    residency_start: date | None


class TimelineOut(_Out):
    on: date
    earliest_match_year: int | None
    decided_by: str
    residency_track: bool
    lanes: list[LaneOut]
    phases: list[PhaseOut]
    rule: str
    assumptions: list[str]
    notes: list[str]


class ActionOut(_Out):
    id: str
    title: str
    sentence: str
    group: str
    phase_ids: list[str]
    start: date
    do_by: date | None
    do_by_optimistic: date | None
    do_by_conservative: date | None
    latest: date | None
    if_it_slips: str
    blocks_match: bool
    depends_on: list[str]
    estimated: bool
    projected: bool
    plan_items: list[str]
    why: list[str]


class ActionsOut(_Out):
    match_year: int | None
    dated: list[ActionOut]
    undated: list[str]  # ids of plan items that are things to do but get no date from the timeline


class GlanceOut(_Out):
    headline: str
    standing_between: list[str]
    urgent: list[str]  # action ids, most urgent first
    lines: list[str]


class CostLineOut(_Out):
    fee: str
    label: str
    phase: str
    year: int | None
    low: float | None  # US dollars; null when nobody has published the fee
    high: float | None
    in_total: bool  # false: paid by the employer, or in another currency
    amount_text: str
    why: str
    unknown_reason: str | None
    possibly_stale: bool
    sources: list[Source]


class YearCostOut(_Out):
    year: int | None
    low: float
    high: float


class PhaseCostOut(_Out):
    phase: str
    low: float
    high: float


class CostsOut(_Out):
    currency: str
    total_low: float
    total_high: float
    unknown_fees: list[str]  # left out of the totals: not published
    by_year: list[YearCostOut]
    by_phase: list[PhaseCostOut]
    programs_to_apply: int | None
    lines: list[CostLineOut]
    not_included: list[str]


class EvaluationOut(_Out):
    on: date
    rules_as_of: date
    rule_book_version: str | None = None
    rule_book_date: date | None = None
    cards: list[CardOut]
    met: list[PlanItemOut]
    missing: list[PlanItemOut]
    next_steps: list[PlanItemOut]
    fast_tracks: list[PlanItemOut]
    warnings: list[PlanItemOut]
    info: list[PlanItemOut]
    answer_to_see_more: list[NeededAnswerOut]
    not_yet_published: list[str]
    scope: list[PlanItemOut]
    not_for_you: list[str]
    blockers: list[str]
    after_blockers: list[PlanItemOut]
    timeline: TimelineOut
    actions: ActionsOut
    at_a_glance: GlanceOut
    costs: CostsOut | None = None  # null when the rule book has no fee table


def _action(a: DatedAction) -> ActionOut:
    return ActionOut(
        id=a.id,
        title=a.title,
        sentence=a.sentence,
        group=a.group.name,
        phase_ids=list(a.phase_ids),
        start=a.start,
        do_by=a.do_by,
        do_by_optimistic=a.do_by_optimistic,
        do_by_conservative=a.do_by_conservative,
        latest=a.latest,
        if_it_slips=a.if_it_slips,
        blocks_match=a.blocks_match,
        depends_on=list(a.depends_on),
        estimated=a.estimated,
        projected=a.projected,
        plan_items=[i.id for i in a.plan_items],
        why=list(a.why),
    )


def _timeline(t: Timeline) -> TimelineOut:
    return TimelineOut(
        on=t.on,
        earliest_match_year=t.earliest_match_year,
        decided_by=t.decided_by,
        residency_track=t.residency_track,
        lanes=[LaneOut.model_validate(lp, from_attributes=True) for lp in t.lanes],
        phases=[
            PhaseOut.model_validate({**p.__dict__, "sources": list(p.sources)}, from_attributes=False) for p in t.phases
        ],
        rule=t.rule,
        assumptions=list(t.assumptions),
        notes=list(t.notes),
    )


def evaluation_as_dict(
    plan: Plan, timeline: Timeline, actions: ActionPlan, glance: Glance, costs: CostEstimate | None = None
) -> dict[str, Any]:
    """Everything `evaluate --format json` prints, checked against its own schema on the way out."""
    out = EvaluationOut.model_validate(
        {
            **plan_as_dict(plan),
            "timeline": _timeline(timeline),
            "actions": ActionsOut(
                match_year=actions.match_year,
                dated=[_action(a) for a in actions.dated],
                undated=[i.id for i in actions.undated],
            ),
            "at_a_glance": GlanceOut(
                headline=glance.headline,
                standing_between=list(glance.standing_between),
                urgent=[a.id for a in glance.urgent],
                lines=glance.lines(),
            ),
            "costs": None if costs is None else costs_as_dict(costs),
        }
    )
    return out.model_dump(mode="json", exclude_none=False)


def evaluation_schema() -> dict[str, Any]:
    schema = EvaluationOut.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "IMG Pathway Wizard evaluation (img-wizard evaluate --format json)"
    return schema
