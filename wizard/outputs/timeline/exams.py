"""Exam scheduling: credential verification, Step 1, Step 2 CK and Step 3, dated for one lane.

Owns: when a person can study, register, sit and get a result (USMLE's January testing gap and
its Wednesday score batches), and the latest sitting whose result is out by a deadline.

Must not know: which Match a lane aims at (the caller passes the dates it needs), how phases
are worded, Streamlit or the clock.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from wizard.domain.profile import ExamStatus, StepExam
from wizard.outputs.timeline.durations import add_years, plus
from wizard.outputs.timeline.planner import Planner, Seg

_FIRST_TEST_DAY_OF_YEAR = 15  # USMLE: no testing 1-14 January


@dataclass
class ExamPlan:
    prep_start: date
    sit: date
    result: date
    scheduled: bool
    attempt: int


def test_day(d: date) -> date:
    """USMLE gives no tests on 1-14 January; a test day there moves to 15 January."""
    if d.month == 1 and d.day < _FIRST_TEST_DAY_OF_YEAR:
        return d.replace(day=_FIRST_TEST_DAY_OF_YEAR)
    return d


def _wednesday_on_or_after(d: date) -> date:
    return d + timedelta(days=(2 - d.weekday()) % 7)


def release(sit: date, lag_days: float) -> date:
    """USMLE scores are released in weekly batches on Wednesdays."""
    return _wednesday_on_or_after(plus(sit, lag_days))


def latest_sitting(deadline: date, lag_days: float) -> date:
    """The latest test day whose result (this lag, Wednesday batches) is out by `deadline`."""
    d = plus(deadline, -lag_days)
    while release(d, lag_days) > deadline:
        d -= timedelta(days=1)
    return d


def credentials_done(planner: Planner, lane: int) -> tuple[date, Seg | None]:
    """The day credential verification is done in this lane, and its segment if it is still to do."""
    status = planner.p.degree.credentials_verified
    if status is not None and status.value == "verified":
        return planner.on, None
    if status is None:
        planner.assume("Credential verification: not answered, so the plan assumes it has not started.")
    elif status.value == "in_progress":
        planner.assume(
            "Credential verification is in progress: the plan counts the full usual time from "
            "today, so it may finish sooner if your school has already replied."
        )
    s = planner.span("credential_verification")
    end = plus(planner.on, s[lane])
    sources = s.sources + planner.rule_sources("ecfmg.credentials_verified")
    return end, Seg(planner.on, end, s.estimated, False, sources)


def schedule_exam(planner: Planner, name: str, lane: int, prep_from: date, register_from: date) -> ExamPlan | None:
    status = planner.exam_status(name)
    if status is ExamStatus.passed:
        return None
    exam: StepExam = getattr(planner.p.exams, name)
    attempt = (exam.failed_attempts or 0) + 1
    lag = planner.span(f"score_release_{name}")
    if status is ExamStatus.scheduled and exam.date is not None:
        return ExamPlan(prep_from, exam.date, release(exam.date, lag[lane]), True, attempt)
    if status is ExamStatus.scheduled:
        planner.assume(f"{name}: scheduled without a date, so the plan uses the usual preparation time.")
    study = planner.span(f"study_{name}")
    booking = planner.span("booking_step3" if name == "step3" else "booking_step1_step2ck")
    sit = max(plus(prep_from, study[lane]), plus(register_from, booking[lane]))
    sit = test_day(sit)
    return ExamPlan(prep_from, sit, release(sit, lag[lane]), False, attempt)


def schedule_step1_step2ck(
    planner: Planner, lane: int, cred_end: date, segs: dict[str, Seg], info: dict[str, Any]
) -> date | None:
    """Date Step 1 then Step 2 CK into `segs` and `info`; the day the last result is out (None:
    both passed). Study may start today; registration waits for verification (since Aug 2025)."""
    s1 = schedule_exam(planner, "step1", lane, planner.on, cred_end)
    step2_from = s1.sit if s1 else planner.on
    s2 = schedule_exam(planner, "step2ck", lane, step2_from, cred_end)
    for name, ex in (("step1", s1), ("step2ck", s2)):
        if ex is None:
            continue
        study = planner.span(f"study_{name}")
        lag = planner.span(f"score_release_{name}")
        booking = planner.span("booking_step1_step2ck")
        if ex.sit > ex.prep_start:
            segs[f"{name}_prep"] = Seg(
                ex.prep_start, ex.sit, study.estimated or not ex.scheduled, False, study.sources + booking.sources
            )
        # A future score date is always an estimate, even for a booked test day.
        segs[f"{name}_exam"] = Seg(ex.sit, ex.result, True, False, lag.sources)
        info[name] = ex
    results = [ex.result for ex in (s1, s2) if ex is not None]
    return max(results) if results else None


def schedule_step3(
    planner: Planner,
    lane: int,
    res_start: date,
    start_projected: bool,
    cert_end: date | None,
    segs: dict[str, Seg],
    yinfo: dict[str, Any],
    info: dict[str, Any],
) -> date | None:
    """Date Step 3 into `segs`: before the Match for someone who wants an H-1B, otherwise near
    the end of PGY-1. Returns the expected result day (None: already passed)."""
    if planner.exam_status("step3") is ExamStatus.passed:
        return None
    lag = planner.span("score_release_step3")
    study = planner.span("study_step3")
    booking = planner.span("booking_step3")
    exam: StepExam = planner.p.exams.step3
    if exam.status is ExamStatus.scheduled and exam.date is not None:
        sit = exam.date
        begin = min(planner.on, sit)
        result = release(sit, lag[lane])
    elif planner.wants_h1b():
        s2: ExamPlan | None = info.get("step2ck")
        prep_from = s2.sit if s2 else planner.on
        cert_ready = cert_end or planner.on
        sit = test_day(max(plus(prep_from, study[lane]), plus(cert_ready, booking[lane])))
        begin = prep_from
        result = release(sit, lag[lane])
        yinfo["step3_h1b"] = True
    else:
        # USMLE recommends Step 3 at or near the end of PGY-1.
        begin = res_start
        typical_end = add_years(res_start, 1) - timedelta(days=1)
        quick = release(plus(res_start, study[0] + booking[0]), lag[0])
        result = (quick, typical_end, add_years(res_start, 1.5))[lane]
    segs["step3"] = Seg(
        begin,
        result,
        True,
        start_projected and not yinfo.get("step3_h1b"),
        study.sources + booking.sources + lag.sources,
    )
    return result
