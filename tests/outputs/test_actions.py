"""The dated action list: one truth with the timeline, ordered by what blocks the Match and by when."""

from __future__ import annotations

import copy
from datetime import date, timedelta

from answer_strategies import answers
from example_answers import H1B_GRADUATE
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from wizard.domain.profile import parse_profile
from wizard.engine.evaluation import evaluate
from wizard.outputs.actions import ACTION_PHASES, ActionPlan, Group, action_items, build_actions
from wizard.outputs.plan import Plan, build_plan
from wizard.outputs.timeline import Timeline, build_timeline

ON = date(2026, 11, 25)


def everything(book, answers: dict, on: date = ON) -> tuple[Plan, Timeline, ActionPlan]:
    profile = parse_profile(answers, today=on)
    plan = build_plan(evaluate(book, profile, on=on), book)
    timeline = build_timeline(profile, book, on=on)
    return plan, timeline, build_actions(plan, timeline, book)


def test_the_h1b_graduate_sees_every_remaining_step_dated_with_the_pathway_before_eras(book):
    _, timeline, actions = everything(book, H1B_GRADUATE)
    assert [a.id for a in actions.dated] == [
        "step3",
        "oet",
        "pathways",
        "eras",
        "ecfmg_certificate",
        "rank_list",
        "licence",
    ]
    pathway = actions.action("pathways")
    assert pathway.do_by == timeline.phase("pathways").start
    assert pathway.blocks_match and pathway.if_it_slips == "Then the 2029 Match."
    assert {i.id for i in pathway.plan_items} == {"pathways.pathway1", "ecfmg.clinical_skills"}


def test_step_3_before_the_match_is_urgent_for_an_h1b_and_its_slip_costs_the_visa_route(book):
    _, timeline, actions = everything(book, H1B_GRADUATE)
    step3 = actions.most_urgent(3)[0]
    assert step3.title == "Pass Step 3 before the Match (for an H-1B)"
    assert step3.group is Group.now
    assert step3.latest == timeline.lane("typical").rank_list_deadline
    assert "J-1" in step3.if_it_slips


def test_the_full_licence_comes_after_match_day_and_no_match_depends_on_it(book):
    _, _, actions = everything(book, H1B_GRADUATE)
    licence = actions.action("licence")
    assert licence.group is Group.after_match
    assert not licence.blocks_match
    assert licence.if_it_slips == "No Match date depends on it."


def test_the_certificate_may_slip_to_the_day_before_residency_starts(book):
    _, timeline, actions = everything(book, H1B_GRADUATE)
    cert = actions.action("ecfmg_certificate")
    assert cert.latest == timeline.residency_start - timedelta(days=1)
    assert cert.if_it_slips.startswith("Then you cannot start residency on 1 July 2028")


def test_an_oet_too_old_for_the_season_is_an_action_that_says_why(book):
    answers = copy.deepcopy(H1B_GRADUATE)
    answers["exams"]["oet"] = {
        "status": "passed",
        "date": "2022-06-11",
        "listening": 400,
        "reading": 390,
        "writing": 360,
        "speaking": 410,
    }
    _, _, actions = everything(book, answers)
    oet = actions.action("oet")
    assert oet.title == "Take OET Medicine again"
    assert any("older than the season accepts" in why for why in oet.why)


def test_the_sentence_names_the_window_and_the_latest_day(book):
    _, _, actions = everything(book, H1B_GRADUATE)
    assert actions.action("eras").sentence == (
        "Apply through ERAS: from 2 Jun 2027; by 22 Sep 2027; at the latest 22 Sep 2027 (projected dates)."
    )


def test_a_certified_specialist_has_no_exam_or_pathway_actions(book):
    answers = copy.deepcopy(H1B_GRADUATE)
    answers["exams"]["ecfmg_certified"] = True
    del answers["exams"]["clinical_skills"]  # "not applied" would contradict the certificate
    _, _, actions = everything(book, answers)
    ids = {a.id for a in actions.dated}
    assert not ids & {"step1", "step2ck", "oet", "pathways", "ecfmg_certificate", "credentials"}


# --------------------------------------------------------------------------- properties


def _dates(a) -> list[date]:
    return [d for d in (a.start, a.do_by, a.do_by_optimistic, a.do_by_conservative, a.latest) if d is not None]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=answers, on=st.dates(min_value=date(2025, 1, 1), max_value=date(2030, 12, 31)))
def test_the_action_list_and_the_timeline_tell_one_story(book, data, on):
    try:
        plan, timeline, actions = everything(book, data, on)
    except ValidationError:
        return
    on_timeline = set(timeline.phase_ids())
    scheduled = {pid for spec in ACTION_PHASES.values() for pid in spec.phases if pid in on_timeline}
    dated_phases = {pid for a in actions.dated for pid in a.phase_ids}
    # Every action the timeline schedules is a dated action, and every dated action is on the timeline.
    assert dated_phases == scheduled
    assert len({a.id for a in actions.dated}) == len(actions.dated)
    # Every plan action (next step, missing requirement, fast track) is kept: dated or undated.
    kept = [i.id for a in actions.dated for i in a.plan_items] + [i.id for i in actions.undated]
    assert sorted(kept) == sorted(i.id for i in action_items(plan))
    # Every dated action says why, and nothing is dated before the evaluation date.
    by_id = {a.id: a for a in actions.dated}
    for a in actions.dated:
        assert a.why
        assert all(d >= on for d in _dates(a)), a
        for dep in a.depends_on:
            before = by_id[dep]
            if a.do_by is not None and before.do_by is not None:
                assert before.do_by <= a.do_by, (dep, a.id)
    # Reading order: the groups in order, and within a group the Match's blockers first.
    groups = list(Group)
    keys = [(groups.index(a.group), not a.blocks_match) for a in actions.dated]
    assert keys == sorted(keys)
