"""ECFMG requirements for one Match year: the clinical and communication skills requirement (OET
and the Pathways season) and the ECFMG certificate.

Owns: when the OET must be taken for a season (and whether an earlier result is too old), when
the Pathways application goes in and is decided, and when the certificate can be issued.

Must not know: the Step exams' scheduling (the caller passes the day they are done), how phases
are worded, Streamlit or the clock.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from wizard.domain.facts import Context, value_of
from wizard.domain.profile import ClinicalSkillsRoute, OetStatus
from wizard.outputs.timeline.durations import plus
from wizard.outputs.timeline.match_calendar import CalendarEvent
from wizard.outputs.timeline.planner import Planner, Seg


def clinical_skills(planner: Planner, year: int, lane: int, segs: dict[str, Seg], yinfo: dict[str, Any]) -> date | None:
    """The day the clinical-skills requirement is met for the `year` Match, or None if the
    season's window cannot be met."""
    p, on = planner.p, planner.on
    route = p.exams.clinical_skills
    if route in (ClinicalSkillsRoute.pathway_accepted, ClinicalSkillsRoute.step2cs_passed):
        return on
    cal = planner.cal
    assert cal is not None
    decision = planner.span("pathways_decision")
    cs_sources = planner.rule_sources("ecfmg.clinical_skills")
    if route is ClinicalSkillsRoute.pathway_applied:
        end = plus(on, decision[lane])
        segs["pathways"] = Seg(on, end, True, False, decision.sources + cs_sources)
        yinfo["pathways_submit"] = on
        return end
    if route is None:
        planner.assume("Clinical skills: not answered, so the plan assumes you still need a Pathway and OET.")
    season_opens = cal.season_date(year, "application_opens")
    season_closes = cal.season_date(year, "application_closes")
    cutoff = cal.season_date(year, "oet_taken_on_or_after")
    if season_opens.value is None:
        season_opens = CalendarEvent(
            date(year - 1, 8, 15), True, True, (), "no season dates published; assumed mid-August"
        )
    assert season_opens.value is not None
    yinfo["season_opens"] = season_opens
    yinfo["season_closes"] = season_closes
    yinfo["oet_cutoff"] = cutoff
    oet = p.exams.oet
    oet_ok = value_of("oet_meets_ecfmg_scores", Context(p, on, planner.tables)) is True
    if oet_ok and cutoff.value is not None and oet.date is not None and oet.date < cutoff.value:
        oet_ok = False
        yinfo["oet_too_old"] = True
    booking, results = planner.span("oet_booking"), planner.span("oet_results")
    if oet_ok:
        oet_done = on
    elif (
        oet.status is OetStatus.scheduled
        and oet.date is not None
        and (cutoff.value is None or oet.date >= cutoff.value)
    ):
        # A booked day already past (the answer was not updated): its result is awaited from today.
        oet_done = max(plus(oet.date, results[lane]), on)
        segs["oet"] = Seg(max(oet.date, on), oet_done, results.estimated, False, results.sources)
    else:
        total = booking[lane] + results[lane]
        begin = max(on, cutoff.value or on, plus(season_opens.value, -total))
        oet_done = plus(begin, total)
        segs["oet"] = Seg(begin, oet_done, True, cutoff.projected, booking.sources + results.sources + cutoff.sources)
    submit = max(oet_done, season_opens.value, on)
    if season_closes.value is not None and submit > season_closes.value:
        return None
    end = plus(submit, decision[lane])
    segs["pathways"] = Seg(
        submit, end, True, season_opens.projected, decision.sources + season_opens.sources + cs_sources
    )
    yinfo["pathways_submit"] = submit
    return end


def certificate(planner: Planner, lane: int, cred_end: date, last_req: date, segs: dict[str, Seg]) -> date | None:
    """The day the ECFMG certificate is issued in this lane (None: already held)."""
    if planner.certified:
        return None
    issue = planner.span("ecfmg_certificate_issue")
    start = max(cred_end, last_req, planner.on)
    grad = planner.graduation()
    if grad is not None:
        # The final diploma is verified only after graduation.
        diploma = plus(max(grad, planner.on), planner.span("credential_verification")[lane])
        start = max(start, diploma)
    end = plus(start, issue[lane])
    sources = issue.sources + planner.rule_sources("ecfmg.certificate_held")
    segs["ecfmg_certificate"] = Seg(start, end, issue.estimated, False, sources)
    return end
