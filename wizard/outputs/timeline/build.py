"""The entry point: the remaining phases, dated in three lanes, for a person's answers.

Owns: putting the lanes, the phase wording and the alternative track together into one
`Timeline`, in the order a person reads it.

Must not know: Streamlit, the clock (`on` is an argument), or how the plan is drawn. Pure and
deterministic; it never raises on valid answers.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from wizard.domain.facts import Context
from wizard.domain.profile import Profile
from wizard.engine.evaluation import evaluate
from wizard.engine.implications import apply_implications
from wizard.engine.rulebook import GateEffect, RuleBook
from wizard.outputs.plan import fill
from wizard.outputs.timeline.alternative import alternative_track
from wizard.outputs.timeline.exams import ExamPlan
from wizard.outputs.timeline.explain import explain_lanes
from wizard.outputs.timeline.lanes import READINESS_RULE, RULE_SOURCES, plan_lane
from wizard.outputs.timeline.model import LANES, RESIDENCY_TRACK, TYPICAL, LanePlan, Phase, Timeline, dedupe
from wizard.outputs.timeline.phase_text import ORDER, label, note
from wizard.outputs.timeline.planner import Planner, blockers

#: Said instead of dates to someone who is not an international medical graduate (see rules/scope.json).
NOT_FOR_YOU = (
    "The dated timeline is worked out for international medical graduates: ECFMG certification, the "
    "Pathways and the Match calendar as it applies to them. Your degree is from an accredited US school "
    "(or a Canadian school while it was LCME-accredited), so those dates would be wrong for you and none "
    "are given; your school's dean's office and the NRMP calendar set your dates."
)


def rule_blockers(profile: Profile, book: Any, on: date) -> list[str]:
    """The rule book's blockers in force for these answers, as the sentences the plan shows."""
    if not isinstance(book, RuleBook) or book.vocabulary is None:  # a tables-only book has no rules to ask
        return []
    evaluation = evaluate(book, profile, on=on)
    ctx = Context(profile=profile, on=on, data=book.data, states=book.states)
    gates = evaluation.gates_in_force()
    return [fill(g.says, ctx) for g in gates if g.gates is not None and g.gates.effect is GateEffect.blocks]


def build_timeline(profile: Profile, book: Any, *, on: date) -> Timeline:
    """The remaining phases, dated in three lanes, for these answers on `on`.

    Nothing is dated while a blocker is in force (the residency track waits until it is
    resolved), and nothing is dated for someone who is not an international graduate.
    """
    if isinstance(book, RuleBook):  # what other answers settle counts as answered (rules/implications.json)
        profile = apply_implications(book, profile, on).answers
    planner = Planner(profile, book, on)
    closed = [NOT_FOR_YOU] if profile.degree.is_img() is False else blockers(profile) + rule_blockers(profile, book, on)
    if closed:
        alternative = alternative_track(planner)
        return Timeline(
            on=on,
            phases=tuple(alternative),
            lanes=tuple(LanePlan(lane, None, False, closed[0], None, None, None, False, None, None) for lane in LANES),
            earliest_match_year=None,
            decided_by=closed[0],
            rule=READINESS_RULE,
            rule_sources=RULE_SOURCES,
            assumptions=tuple(planner.assumptions),
            notes=tuple(dict.fromkeys([*closed, *planner.notes])),
            residency_track=False,
            target_state=profile.target.state,
        )
    results = [plan_lane(planner, i) for i in range(len(LANES))]
    typical = results[TYPICAL]
    rule_sources = list(RULE_SOURCES)
    phases: list[Phase] = []
    ids = [pid for pid in ORDER if pid in typical.segs]
    for pid in ids:
        seg = typical.segs[pid]
        others = [r.segs.get(pid) for r in results]
        yinfo = dict(typical.info)
        yinfo["match_year"] = typical.plan.match_year
        est = any(s.estimated for s in others if s)
        proj = any(s.projected for s in others if s)
        phases.append(
            Phase(
                id=pid,
                label=label(pid, planner, typical.info, yinfo),
                track=RESIDENCY_TRACK,
                start=seg.start,
                end_optimistic=others[0].end if others[0] else seg.end,
                end_typical=seg.end,
                end_conservative=others[2].end if others[2] else seg.end,
                estimated=est,
                projected=proj,
                sources=dedupe(seg.sources),
                note=note(pid, planner, typical.info, yinfo, seg),
                milestone=pid == "match_day",
                start_optimistic=others[0].start if others[0] else None,
                start_conservative=others[2].start if others[2] else None,
                given=_booked(pid, typical.info),
            )
        )
    phases.sort(key=lambda ph: (ph.start, ORDER.index(ph.id)))
    explain_lanes(planner, results, on)
    phases.extend(alternative_track(planner))  # its own rows, after the residency track
    tp = typical.plan
    if tp.match_year is not None:
        cycle = planner.cal.cycle(tp.match_year) if planner.cal else None
        rule_sources.extend(getattr(cycle, "sources", ()) or ())
    return Timeline(
        on=on,
        phases=tuple(phases),
        lanes=tuple(r.plan for r in results),
        earliest_match_year=tp.match_year,
        decided_by=tp.decided_by,
        rule=READINESS_RULE,
        rule_sources=dedupe(rule_sources),
        assumptions=tuple(planner.assumptions),
        notes=tuple(planner.notes),
        residency_track=True,
        specialty_years=typical.info.get("residency_years"),
        target_state=profile.target.state,
    )


def _booked(pid: str, info: dict[str, Any]) -> bool:
    """Whether this phase is a Step test on the day the person booked (a date they gave)."""
    exam = info.get(pid.removesuffix("_exam")) if pid.endswith("_exam") else None
    return isinstance(exam, ExamPlan) and exam.scheduled
