"""How each residency-track phase is named and explained to the person.

Owns: the order of the phases (`ORDER`), their labels (a retake says so) and their notes (what
the step is, which parts are estimates, what to check).

Must not know: how the dates were worked out (it reads the typical lane), Streamlit or the clock.
"""

from __future__ import annotations

from typing import Any

from wizard.domain.profile import MAX_ATTEMPTS_PER_STEP, StepExam
from wizard.outputs.timeline.exams import ExamPlan
from wizard.outputs.timeline.match_calendar import CalendarEvent
from wizard.outputs.timeline.model import fmt
from wizard.outputs.timeline.planner import Planner, Seg

ORDER = (
    "credentials",
    "step1_prep",
    "step1_exam",
    "step2ck_prep",
    "step2ck_exam",
    "oet",
    "pathways",
    "ecfmg_certificate",
    "eras",
    "interviews",
    "rank_list",
    "match_day",
    "step3",
    "residency",
    "licence",
)


def label(pid: str, planner: Planner, info: dict[str, Any], yinfo: dict[str, Any]) -> str:
    p = planner.p
    for name, title in (("step1", "Step 1"), ("step2ck", "Step 2 CK")):
        if pid.startswith(name):
            ex: ExamPlan | None = info.get(name)
            retake = ex is not None and ex.attempt > 1
            if pid.endswith("_prep"):
                return f"{title} {'retake ' if retake else ''}study"
            return f"{title} {'retake' if retake else 'test'} → result"
    labels = {
        "credentials": "Credential verification",
        "oet": "OET Medicine",
        "pathways": "Pathways application",
        "ecfmg_certificate": "ECFMG certificate",
        "eras": "ERAS application",
        "interviews": "Interviews",
        "rank_list": "Rank list",
        "match_day": "Match Day",
        "step3": "Step 3 (before Match)" if yinfo.get("step3_h1b") else "Step 3",
    }
    if pid in labels:
        return labels[pid]
    if pid == "residency":
        years = yinfo.get("residency_years")
        return f"Residency ({years} y)" if years else "Residency"
    if pid == "licence":
        return f"Full licence ({p.target.state})"
    return pid


def note(pid: str, planner: Planner, info: dict[str, Any], yinfo: dict[str, Any], seg: Seg) -> str:
    p = planner.p
    if pid == "credentials":
        return (
            "ECFMG verifies your diploma and transcript with your school. Since August 2025 "
            "this must be finished before you can register for Step 1 or Step 2 CK; you can "
            "study meanwhile. Timing depends on how fast your school replies."
        )
    for name in ("step1", "step2ck"):
        if pid.startswith(name):
            ex: ExamPlan = info[name]
            exam: StepExam = getattr(p.exams, name)
            left = MAX_ATTEMPTS_PER_STEP - (ex.attempt - 1)
            bits = []
            if pid.endswith("_prep"):
                bits.append("Study time is an estimate (commercial figures, no IMG survey).")
                if ex.attempt > 1:
                    bits.append(
                        f"A failed attempt must be retaken: this is attempt {ex.attempt} of {MAX_ATTEMPTS_PER_STEP}."
                    )
                bits.append("You can register only once credential verification is complete.")
            else:
                if ex.scheduled:
                    bits.append(f"Test date as you gave it: {fmt(ex.sit)}.")
                bits.append("Scores usually come about 4 weeks after the test (allow 8), released on Wednesdays.")
                if ex.attempt > 1:
                    bits.append(f"Attempt {ex.attempt} of {MAX_ATTEMPTS_PER_STEP}.")
                if left == 1:
                    bits.append("This is your last permitted attempt.")
                if (exam.failed_attempts or 0) == 3:
                    bits.append(
                        "Older USMLE rules required a 4th attempt to be at least 12 months "
                        "after the first and 6 months after the most recent: check the "
                        "current USMLE Bulletin."
                    )
            return " ".join(bits)
    if pid == "oet":
        cutoff: CalendarEvent | None = yinfo.get("oet_cutoff")
        text = (
            "OET Medicine for the Pathways: Listening, Reading and Speaking 350, Writing 300, in "
            "one sitting. Booking and results only; add your own preparation."
        )
        if cutoff is not None and cutoff.value is not None:
            text += (
                f" For the {yinfo['match_year']} season the test must be taken on or after "
                f"{fmt(cutoff.value)}{' (estimated)' if cutoff.estimated else ''}."
            )
        elif cutoff is not None:
            text += " The OET date window for this season is not published."
        if yinfo.get("oet_too_old"):
            text += " Your OET result is older than the season accepts, so plan a new sitting."
        return text
    if pid == "pathways":
        opens: CalendarEvent | None = yinfo.get("season_opens")
        text = (
            "ECFMG publishes no processing time for Pathways; the decision date is a planning "
            "assumption. It must come before the rank-list deadline."
        )
        if opens is not None and opens.value is not None:
            text += (
                f" The {yinfo['match_year']} season opens "
                f"{'about ' if opens.estimated else ''}{fmt(opens.value)}"
                f"{' (' + opens.text + ')' if opens.text else ''}."
            )
        return text
    if pid == "ecfmg_certificate":
        return (
            "Issued about two weeks after the last requirement is met; you need it before residency starts on 1 July."
        )
    if pid == "eras":
        sub = planner.cal.event(yinfo["match_year"], "eras_submissions_open") if planner.cal else None
        review: CalendarEvent = yinfo["review"]
        text = f"The ERAS season opens {fmt(seg.start)}"
        if sub is not None and sub.value is not None:
            text += f"; submit from {fmt(sub.value)}"
        text += f"; programs start reviewing {fmt(review.day)}."
        return text
    if pid == "interviews":
        return "Estimate: invitations come from late September; most interviews run October to January."
    if pid == "rank_list":
        rol: CalendarEvent = yinfo["rol"]
        return (
            f"Rank-list deadline {'about ' if rol.estimated else ''}{fmt(rol.day)}"
            f"{' (' + rol.text + ')' if rol.text else ''}. Step 1, Step 2 CK and the clinical "
            "skills requirement must be met by then."
        )
    if pid == "match_day":
        return f"Match Day of the {yinfo['match_year']} Main Residency Match."
    if pid == "step3":
        if yinfo.get("step3_h1b"):
            text = (
                "You prefer an H-1B: programs that sponsor it usually need Step 3 passed "
                "before they rank you or file the petition. Step 3 needs the ECFMG certificate "
                "and is given only at US test centres."
            )
            res = yinfo.get("step3_result")
            rol = yinfo["rol"]
            if res is not None and rol.value is not None and res > rol.value:
                text += (
                    f" In this lane the result ({fmt(res)}) comes after the rank-list deadline "
                    "(" + fmt(rol.day) + "): consider a J-1, or a later Match."
                )
            return text
        return (
            "USMLE recommends Step 3 at or near the end of PGY-1 (some states set their own "
            "deadline). Study time for Step 3 has no published source; dates are estimates."
        )
    if pid == "residency":
        years = yinfo.get("residency_years")
        spec = p.target.specialty
        if spec is None:
            return "Residency starts 1 July. Choose a specialty to see how long it lasts."
        s = planner.specialty(spec)
        if s is None:
            return f"Residency starts 1 July. The length of '{spec}' is not in our data."
        if years is None:
            return (
                f"Residency starts 1 July. The length of {s.name} is not known: "
                f"{s.length_unknown_reason or 'it varies'}."
            )
        text = f"{s.name}: {years} years from 1 July (ACGME length)."
        if s.length_years_max:
            text += f" Some programs last {s.length_years_max} years (conservative lane)."
        if s.separate_pgy1_needed:
            text += " Many programs start at PGY-2 and need a separate preliminary or transitional year."
        if s.match_route != "eras_nrmp":
            text += (
                " This specialty does not use the usual ERAS/NRMP route"
                f"{': ' + s.match_note if s.match_note else ''}; its calendar may differ."
            )
        return text
    if pid == "licence":
        gme = yinfo.get("gme_years")
        state = p.target.state
        if gme is None:
            return (
                f"Full licence in {state}: the years of US training the board requires of IMGs "
                f"are not known to us ({yinfo.get('gme_reason')}); check with the board."
            )
        text = (
            f"{state} requires {gme} year{'s' if gme != 1 else ''} of accredited US training "
            "(GME) for IMGs, plus Step 3; then the board's processing time (estimate). Many "
            "residents apply during their last required year, so it can come sooner."
        )
        if seg.end is None:
            text += (
                " Step 3 has no attempts left, so a full licence through this route is not open; check with the board."
            )
        return text
    return ""
