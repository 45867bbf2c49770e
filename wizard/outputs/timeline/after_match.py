"""After the Match: residency, Step 3 and the full licence in the target state, for one lane.

Owns: how long residency lasts (the specialty's ACGME length; the longer one in the
conservative lane), and when the full licence can come (the state's required years of US
training, Step 3, the board's processing time).

Must not know: which Match year was chosen or why, how phases are worded, Streamlit or the clock.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from wizard.domain.profile import MAX_ATTEMPTS_PER_STEP, ExamStatus
from wizard.outputs.timeline.durations import add_years, plus
from wizard.outputs.timeline.exams import schedule_step3
from wizard.outputs.timeline.match_calendar import CalendarEvent
from wizard.outputs.timeline.model import dedupe
from wizard.outputs.timeline.planner import Planner, Seg


def after_match(
    planner: Planner,
    lane: int,
    cert_end: date | None,
    segs: dict[str, Seg],
    yinfo: dict[str, Any],
    info: dict[str, Any],
) -> None:
    start: CalendarEvent = yinfo["residency_start"]
    res_start = start.value
    assert res_start is not None
    length, length_max, spec = planner.residency_length()
    end = None
    if length is not None:
        years = length_max if (lane == 2 and length_max) else length
        end = add_years(res_start, years) - timedelta(days=1)
    segs["residency"] = Seg(
        res_start,
        end,
        bool(start.estimated),
        start.projected,
        dedupe(start.sources + (tuple(spec.sources) if spec else ())),
    )
    yinfo["residency_years"] = length
    step3_result = schedule_step3(planner, lane, res_start, start.projected, cert_end, segs, yinfo, info)
    yinfo["step3_result"] = step3_result
    _full_licence(planner, lane, res_start, start.projected, step3_result, segs, yinfo)


def _full_licence(
    planner: Planner,
    lane: int,
    res_start: date,
    projected: bool,
    step3_result: date | None,
    segs: dict[str, Seg],
    yinfo: dict[str, Any],
) -> None:
    gme_years, gme_sources, reason = planner.state_gme_years()
    yinfo["gme_years"] = gme_years
    yinfo["gme_reason"] = reason
    if planner.p.target.state is None:
        return
    processing = planner.span("state_licence_after_gme")
    if gme_years is None:
        segs["licence"] = Seg(res_start, None, True, projected, gme_sources + processing.sources)
        return
    eligible = add_years(res_start, gme_years)
    if step3_result is not None:
        eligible = max(eligible, step3_result)
    step3 = planner.p.exams.step3
    step3_blocked = (step3.failed_attempts or 0) >= MAX_ATTEMPTS_PER_STEP and planner.exam_status(
        "step3"
    ) is not ExamStatus.passed
    end = None if step3_blocked else plus(eligible, processing[lane])
    segs["licence"] = Seg(res_start, end, True, projected, dedupe(gme_sources + processing.sources))
