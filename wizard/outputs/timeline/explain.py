"""The sentences that explain a lane: why this Match year, why not the one before, and the notes
a person needs to read the plan honestly.

Owns: `decided_by` (the deadline sentence of a lane), `why_not_sooner`, and `explain_lanes`
(notes comparing the lanes and the previous, strictly-eligible cycle).

Must not know: how the dates were worked out (it reads what the lanes produced), Streamlit or
the clock.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from wizard.domain.profile import UsStatus
from wizard.outputs.timeline.exams import ExamPlan, latest_sitting
from wizard.outputs.timeline.match_calendar import CalendarEvent
from wizard.outputs.timeline.model import LANES, TYPICAL, fmt
from wizard.outputs.timeline.planner import Planner

if TYPE_CHECKING:
    from wizard.outputs.timeline.lanes import LaneResult


def decided_by(planner: Planner, year: int, lane: int, info: dict[str, Any], yinfo: dict[str, Any]) -> str:
    review: CalendarEvent = yinfo["review"]
    rol: CalendarEvent = yinfo["rol"]
    proj = (
        " (projected dates: that calendar is not published yet)" if yinfo.get("projected") or review.projected else ""
    )
    est = "about " if review.estimated else ""
    pending = [(n, t) for n, t in (("step2ck", "Step 2 CK"), ("step1", "Step 1")) if n in info]
    parts = []
    if pending:
        name, title = max(pending, key=lambda nt: info[nt[0]].sit)
        ex: ExamPlan = info[name]
        lag = planner.span(f"score_release_{name}")[lane]
        sit_by = latest_sitting(review.day, lag)
        verb = "sit" if ex.scheduled else "pass"
        parts.append(
            f"If you {verb} {title} by {fmt(sit_by)} (scores released before ERAS opens to "
            f"programs on {est}{fmt(review.day)}), you can apply in the {year} Match{proj}."
        )
    else:
        parts.append(
            f"Your Step 1 and Step 2 CK are done, so the next Match you can enter is {year}: "
            f"ERAS opens to programs on {est}{fmt(review.day)}{proj}."
        )
    if yinfo.get("pathways_submit"):
        rol_word = "about " if rol.estimated else ""
        parts.append(f"Your Pathway must be accepted by the rank-list deadline ({rol_word}{fmt(rol.day)}).")
    parts.extend(why_not_sooner(planner, year, lane, info, yinfo))
    return " ".join(parts)


def why_not_sooner(planner: Planner, year: int, lane: int, info: dict[str, Any], yinfo: dict[str, Any]) -> list[str]:
    """Why the Match a year earlier is out of reach in this lane, in one sentence."""
    missed = yinfo.get("missed_previous")
    if missed is None or missed in ("past", "calendar") or planner.cal is None:
        return []
    prev = year - 1
    review = planner.cal.event(prev, "eras_programs_review")
    rol = planner.cal.event(prev, "rank_list_deadline")
    if missed == "exams" and review.value is not None:
        pending = [(n, t) for n, t in (("step2ck", "Step 2 CK"), ("step1", "Step 1")) if n in info]
        if pending:
            name, title = max(pending, key=lambda nt: info[nt[0]].result)
            ex: ExamPlan = info[name]
            lag = planner.span(f"score_release_{name}")[lane]
            sit_by = latest_sitting(review.day, lag)
            when = "before today" if sit_by < planner.on else f"by {fmt(sit_by)}"
            return [
                f"The {prev} Match is out of reach in this lane: your {title} result is expected "
                f"about {fmt(ex.result)}, after ERAS opens to programs on "
                f"{'about ' if review.estimated else ''}{fmt(review.day)}; you would have to "
                f"sit it {when}."
            ]
    if missed == "clinical_skills" and rol.value is not None:
        return [
            f"The {prev} Match is out of reach in this lane: a Pathway could not be accepted "
            f"before its rank-list deadline ({'about ' if rol.estimated else ''}{fmt(rol.day)}) "
            "or its application season."
        ]
    if missed == "certificate":
        return [
            f"The {prev} Match is out of reach in this lane: the ECFMG certificate could not be "
            f"issued before residency starts on 1 July {prev}."
        ]
    return []


def explain_lanes(planner: Planner, results: list[LaneResult], on: date) -> None:
    """Notes a person needs to read the plan honestly."""
    p = planner.p
    typical = results[TYPICAL]
    years = [r.plan.match_year for r in results]
    if len(set(years)) > 1:
        planner.note(
            "The lanes land in different Match cycles: "
            + ", ".join(f"{LANES[i]} {y or 'none'}" for i, y in enumerate(years))
            + ". Each lane uses its own study and processing times."
        )
    y = typical.plan.match_year
    if y is None or planner.cal is None:
        return
    if typical.plan.projected:
        planner.note(
            f"The {y} Match calendar is not published yet; its dates are projected from "
            "the usual yearly pattern and shown as projected."
        )
    # Strictly eligible for the previous Match but not competitive: say so.
    prev = y - 1
    prev_review = planner.cal.event(prev, "eras_programs_review")
    prev_rol = planner.cal.event(prev, "rank_list_deadline")
    ready = typical.plan.ready_on or on
    if prev_review.value and prev_rol.value and prev_review.value < max(ready, on) <= prev_rol.value:
        if typical.plan.ready_on is None:
            planner.note(
                f"If you have already applied in the current season (the {prev} Match), you can "
                f"still be ranked if every requirement is met by the rank-list deadline "
                f"({'about ' if prev_rol.estimated else ''}{fmt(prev_rol.value)}). This plan assumes "
                "you have not applied yet."
            )
        else:
            planner.note(
                f"Strictly, results by the {prev} rank-list deadline "
                f"({'about ' if prev_rol.estimated else ''}{fmt(prev_rol.value)}) would let you be "
                f"ranked in the {prev} Match, but programs begin reviewing in September and rarely "
                f"interview applicants without a Step 2 CK score, so the plan aims at {y}."
            )
    target = p.target.match_year
    if target is not None and target < y:
        planner.note(
            f"You aim for the {target} Match. On typical timings that is not reachable; the typical lane lands in {y}."
        )
    elif target is not None and target > y:
        planner.note(f"You aim for the {target} Match; on typical timings you could be ready for {y}.")
    if p.status.us_status is UsStatus.needs_visa:
        planner.note(
            "A visa does not change the exam dates; between Match Day and 1 July the "
            "visa process (J-1 through ECFMG, or H-1B) has to fit."
        )
