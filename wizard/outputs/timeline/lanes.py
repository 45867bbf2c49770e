"""Lanes and cycle alignment: which Match each lane can realistically enter, and its dates.

The cycle-alignment rule, for a Match in year Y (residency starts 1 July Y):

1. Competitive: Step 1 and Step 2 CK results are out on or before the day ERAS opens
   applications to programs (late September of Y-1). Programs screen on Step 2 CK and send
   most interview invitations in the weeks after that day.
2. Eligible to be ranked: the clinical and communication skills requirement (an accepted
   Pathway) is met by the rank-list deadline of Y; the Pathways application goes in inside
   the season ECFMG runs for the Y Match.
3. Able to start: the ECFMG certificate is issued before 1 July Y.

The earliest Y that satisfies all three is the lane's Match year. Each lane uses its own
durations, so the lanes may land in different cycles. A strictly eligible but uncompetitive
case (exams passed after programs start reviewing but before the rank-list deadline) is
explained in the notes, never silently planned.

Owns: that rule (`READINESS_RULE`, `RULE_SOURCES`), the search for the earliest Match year per
lane, and the Match-cycle phases (ERAS, interviews, rank list, Match Day).

Must not know: how the exams, the Pathway or the certificate are dated inside a year (it asks
`exams`, `certification` and `after_match`), how phases are worded, Streamlit or the clock.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from wizard.engine.provenance import Source
from wizard.outputs.timeline.after_match import after_match
from wizard.outputs.timeline.certification import certificate, clinical_skills
from wizard.outputs.timeline.exams import credentials_done, schedule_step1_step2ck
from wizard.outputs.timeline.explain import decided_by
from wizard.outputs.timeline.match_calendar import CalendarEvent
from wizard.outputs.timeline.model import LANES, LanePlan, dedupe
from wizard.outputs.timeline.planner import Planner, Seg

_SEARCH_YEARS = 15


def _src(url: str, title: str, as_of: str, official: bool = True, note: str | None = None) -> Source:
    return Source(url=url, title=title, as_of=date.fromisoformat(as_of), official=official, note=note)


#: Sources for the readiness rule itself (the calendars' own sources are added per cycle).
RULE_SOURCES: tuple[Source, ...] = (
    _src(
        "https://students-residents.aamc.org/applying-residencies-eras/publication-chapters/eras-timeline",
        "AAMC: ERAS timeline (programs begin reviewing applications in late September)",
        "2025-06-04",
    ),
    _src(
        "https://www.nrmp.org/residency/med-school-official/",
        "NRMP: applicants must be eligible to enter GME on 1 July of the Match year",
        "2025-09-15",
    ),
    _src(
        "https://www.ecfmg.org/news/2025/08/19/detailed-information-and-online-application-for-2026-pathways-now-available/",
        "ECFMG: 2026 Pathways; the clinical and communication skills requirement must be met to take part in the Match",
        "2025-08-19",
    ),
)

READINESS_RULE = (
    "To be ranked in the Match of year Y you must have passed Step 1 and Step 2 CK and met the "
    "clinical and communication skills requirement (an accepted Pathway) by the rank-list "
    "deadline (late February or early March of Y), and you need the ECFMG certificate before "
    "residency starts on 1 July Y. To be competitive, your Step 2 CK score should already be out "
    "when ERAS opens applications to programs in late September of Y-1, because programs screen "
    "on it and send most interview invitations soon after. This plan uses the competitive date "
    "for the exams."
)


@dataclass
class LaneResult:
    plan: LanePlan
    segs: dict[str, Seg]
    info: dict[str, Any]


def _no_match(lane: int, why: str, ready: date | None) -> LanePlan:
    return LanePlan(LANES[lane], None, False, why, ready, None, None, False, None, None)


def plan_lane(planner: Planner, lane: int) -> LaneResult:
    """The earliest Match this lane can enter, with every dated piece on the way."""
    segs: dict[str, Seg] = {}
    info: dict[str, Any] = {}
    cred_end, cred_seg = credentials_done(planner, lane)
    if cred_seg:
        segs["credentials"] = cred_seg
    ready = schedule_step1_step2ck(planner, lane, cred_end, segs, info)
    exams_ready = max(ready or planner.on, planner.on)

    if planner.cal is None:
        planner.note("No Match calendar data is loaded, so the plan cannot place the Match.")
        return LaneResult(_no_match(lane, "No Match calendar data is loaded.", ready), segs, info)

    chosen = None
    misses: dict[int, str] = {}
    for year in range(planner.on.year, planner.on.year + _SEARCH_YEARS):
        attempt = try_year(planner, year, lane, exams_ready, cred_end, info)
        if isinstance(attempt, str):
            misses[year] = attempt
            continue
        chosen = (year, attempt)
        break
    if chosen is None:
        why = f"No Match within {_SEARCH_YEARS} years fits these durations."
        return LaneResult(_no_match(lane, why, ready), segs, info)
    year, (ysegs, yinfo) = chosen
    yinfo["missed_previous"] = misses.get(year - 1)
    segs.update(ysegs)
    info.update(yinfo)
    review: CalendarEvent = yinfo["review"]
    rol: CalendarEvent = yinfo["rol"]
    md: CalendarEvent = yinfo["match_day"]
    start: CalendarEvent = yinfo["residency_start"]
    plan = LanePlan(
        lane=LANES[lane],
        match_year=year,
        projected=bool(yinfo["projected"]),
        decided_by=decided_by(planner, year, lane, info, yinfo),
        ready_on=ready,
        competitive_deadline=review.value,
        rank_list_deadline=rol.value,
        rank_list_deadline_estimated=rol.estimated,
        match_day=md.value,
        residency_start=start.value,
    )
    return LaneResult(plan, segs, info)


def try_year(
    planner: Planner, year: int, lane: int, exams_ready: date, cred_end: date, info: dict[str, Any]
) -> tuple[dict[str, Seg], dict[str, Any]] | str:
    """The plan for the `year` Match, or why that Match is out of reach ("past", "exams",
    "clinical_skills", "certificate", "calendar")."""
    cal = planner.cal
    assert cal is not None
    review = cal.event(year, "eras_programs_review")
    rol = cal.event(year, "rank_list_deadline")
    md = cal.event(year, "match_day")
    opens = cal.event(year, "eras_season_opens")
    ranking = cal.event(year, "ranking_opens")
    start = cal.event(year, "residency_start")
    if start.value is None:
        start = CalendarEvent(date(year, 7, 1), False, True, RULE_SOURCES[1:2])
    if review.value is None or rol.value is None or md.value is None:
        return "calendar"
    # 1. competitive: exam results out by the day programs start reviewing (and not past).
    if review.value < planner.on:
        return "past"
    if exams_ready > review.value:
        return "exams"
    segs: dict[str, Seg] = {}
    yinfo: dict[str, Any] = {
        "review": review,
        "rol": rol,
        "match_day": md,
        "residency_start": start,
        "ranking": ranking,
        "opens": opens,
    }
    # 2. clinical skills by the rank-list deadline.
    cs = clinical_skills(planner, year, lane, segs, yinfo)
    if cs is None or cs > rol.value:
        return "clinical_skills"
    # 3. ECFMG certificate before 1 July.
    cert_end = certificate(planner, lane, cred_end, max(exams_ready, cs), segs)
    if cert_end is not None and start.value is not None and cert_end > start.value:
        return "certificate"
    _cycle_phases(planner, segs, yinfo)
    after_match(planner, lane, cert_end, segs, yinfo, info)
    cycle = cal.cycle(year)
    yinfo["projected"] = bool(getattr(cycle, "projected", False))
    return segs, yinfo


def _cycle_phases(planner: Planner, segs: dict[str, Seg], yinfo: dict[str, Any]) -> None:
    """ERAS, interviews, the rank list and Match Day of the chosen cycle."""
    opens, review, ranking, rol, md = (yinfo[k] for k in ("opens", "review", "ranking", "rol", "match_day"))
    eras_start = max(opens.value or review.value, planner.on)
    segs["eras"] = Seg(
        eras_start,
        review.value,
        opens.estimated or review.estimated,
        review.projected,
        dedupe(opens.sources + review.sources),
    )
    interviews_end = ranking.value if ranking.value and ranking.value > review.value else rol.value
    segs["interviews"] = Seg(review.value, interviews_end, True, review.projected, review.sources)
    rank_start = ranking.value if ranking.value and ranking.value < rol.value else interviews_end
    segs["rank_list"] = Seg(
        rank_start,
        rol.value,
        rol.estimated or ranking.estimated,
        rol.projected,
        dedupe(ranking.sources + rol.sources),
    )
    segs["match_day"] = Seg(md.value, md.value, md.estimated, md.projected, md.sources)
