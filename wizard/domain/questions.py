"""The question catalogue: every answer a user can give, as data.

Owns: for each answers field (by dotted path, e.g. "exams.step1.status") its wizard step,
label, help text, the words shown for each option, and when the question is asked at
all. The UI renders from this; the engine uses it to name the questions that would
unlock more of the plan, and the plan uses the labels to explain why.

Must not know: Streamlit, rules, or how answers are stored.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from wizard.domain.profile import (
    ClinicalSkillsRoute,
    Enrolment,
    ExamStatus,
    OetStatus,
    Profile,
    SchoolKind,
    UsStatus,
    Verification,
    VisaPreference,
    YesNoUnsure,
)

Ask = Callable[[Profile], bool]


def _always(_: Profile) -> bool:
    return True


@dataclass(frozen=True)
class Question:
    path: str
    step: str
    label: str
    help: str = ""
    options: dict[str, str] = field(default_factory=dict)
    asked: Ask = _always
    unit: str = ""
    short: str = ""  # a noun phrase for explanations ("Step 1: passed"); defaults to the label

    @property
    def noun(self) -> str:
        return self.short or self.label

    def option_label(self, value: object) -> str:
        if isinstance(value, bool):
            return "yes" if value else "no"
        key = getattr(value, "value", value)
        return self.options.get(str(key), str(key))


STEPS: dict[str, str] = {
    "about": "About you",
    "degree": "Medical degree",
    "exams": "Exams",
    "target": "Target",
    "status": "Status and visa",
    "experience": "Experience",
}

EXAM_STATUS = {
    ExamStatus.not_started: "not started",
    ExamStatus.preparing: "preparing",
    ExamStatus.scheduled: "scheduled",
    ExamStatus.passed: "passed",
    ExamStatus.failed: "failed (most recent attempt)",
}
STEP_NAMES = {"step1": "Step 1", "step2ck": "Step 2 CK", "step3": "Step 3"}


def _opts(mapping: Mapping[Any, str]) -> dict[str, str]:
    return {str(getattr(k, "value", k)): v for k, v in mapping.items()}


def _step_status(p: Profile, step: str) -> ExamStatus | None:
    return p.exams.step(step).status


def _step_questions(step: str) -> list[Question]:
    name = STEP_NAMES[step]
    return [
        Question(f"exams.{step}.status", "exams", f"{name}: where are you?", options=_opts(EXAM_STATUS), short=name),
        Question(
            f"exams.{step}.date",
            "exams",
            f"{name}: test date",
            help="The date you sat it, or the date you are booked for.",
            asked=lambda p: _step_status(p, step) in (ExamStatus.scheduled, ExamStatus.passed, ExamStatus.failed),
        ),
        Question(
            f"exams.{step}.score",
            "exams",
            f"{name}: score",
            help="Three-digit score, if you have one. Step 1 is pass/fail since 26 Jan 2022.",
            asked=lambda p: _step_status(p, step) is ExamStatus.passed,
        ),
        Question(
            f"exams.{step}.failed_attempts",
            "exams",
            f"{name}: failed or incomplete attempts so far",
            help="USMLE counts incomplete attempts too. At most 4 attempts per Step.",
            asked=lambda p: _step_status(p, step) not in (None, ExamStatus.not_started),
        ),
    ]


def _graduate(p: Profile) -> bool:
    return p.degree.enrolment is Enrolment.graduate


def _may_be_img(p: Profile) -> bool:
    """Questions only international medical graduates need (ECFMG, OET) are not asked of the others."""
    return p.degree.is_img() is not False


def _oet_result(p: Profile) -> bool:
    return _may_be_img(p) and p.exams.oet.status in (OetStatus.passed, OetStatus.failed)


QUESTIONS: tuple[Question, ...] = (
    Question("about.name", "about", "Your name (optional)", help="Printed only on your own PDF."),
    Question("degree.school_country", "degree", "Country of your medical school"),
    Question(
        "degree.school_kind",
        "degree",
        "Which kind of medical school is it?",
        short="Kind of medical school",
        help=(
            "What decides it is where the school that grants your degree is located and who accredits it. A "
            "campus outside the US and Canada is not covered by LCME, CACMS or COCA accreditation, even as a branch "
            "of a US school; if your school moved, what counts is where it was and how it was accredited for your "
            "graduation year. Canadian schools were also LCME-accredited until mid-2025; from the class of 2026 "
            "Canadian graduates are international graduates for the US. If your school is listed on wdoms.org with an ECFMG Sponsor Note, you are an "
            "international graduate. Still unsure: choose 'not sure' and ask ECFMG."
        ),
        options=_opts(
            {
                SchoolKind.outside_us_canada: "a school outside the US and Canada (an international graduate)",
                SchoolKind.us_md_lcme: "an LCME-accredited MD school in the US or a US territory such as Puerto Rico",
                SchoolKind.us_do_coca: "a COCA-accredited DO school (osteopathic) in the US",
                SchoolKind.canada_cacms: "a CACMS-accredited MD school in Canada (from the class of 2026: see help)",
                SchoolKind.not_sure: "not sure (a branch campus, a school that moved, or other)",
            }
        ),
    ),
    Question(
        "degree.wdoms_sponsor_note",
        "degree",
        "Is your school in the World Directory with an ECFMG Sponsor Note covering your graduation year?",
        short="ECFMG Sponsor Note for your school",
        help="Look your school up on wdoms.org, tab 'Sponsor Notes'.",
        asked=_may_be_img,
        options=_opts({YesNoUnsure.yes: "yes", YesNoUnsure.no: "no", YesNoUnsure.not_sure: "not sure"}),
    ),
    Question(
        "degree.enrolment",
        "degree",
        "Are you a student or a graduate?",
        short="Student or graduate",
        options=_opts({Enrolment.student: "student", Enrolment.graduate: "graduate"}),
    ),
    Question("degree.graduation_year", "degree", "Year of graduation (expected, if a student)"),
    Question(
        "degree.credentials_verified",
        "degree",
        "Has ECFMG verified your diploma and transcript with your school?",
        short="Credential verification",
        asked=_may_be_img,
        options=_opts(
            {
                Verification.not_started: "not started",
                Verification.in_progress: "in progress",
                Verification.verified: "verified",
            }
        ),
    ),
    Question(
        "degree.postgrad_training_years_abroad",
        "degree",
        "Years of postgraduate (residency) training abroad",
        asked=_graduate,
        unit="years",
    ),
    Question(
        "degree.licensed_abroad",
        "degree",
        "Licensed to practise medicine abroad?",
        asked=_graduate,
        short="Licensed abroad",
    ),
    Question(
        "degree.practice_years_abroad",
        "degree",
        "Years of independent practice abroad",
        asked=lambda p: p.degree.licensed_abroad is True,
        unit="years",
    ),
    Question(
        "degree.specialist_certified_abroad",
        "degree",
        "Certified as a specialist abroad?",
        asked=_graduate,
    ),
    *_step_questions("step1"),
    *_step_questions("step2ck"),
    *_step_questions("step3"),
    Question(
        "exams.oet.status",
        "exams",
        "OET Medicine",
        asked=_may_be_img,
        options=_opts(
            {
                OetStatus.not_taken: "not taken",
                OetStatus.scheduled: "booked",
                OetStatus.passed: "taken and passed",
                OetStatus.failed: "taken, not passed",
            }
        ),
    ),
    Question(
        "exams.oet.date",
        "exams",
        "OET test date",
        asked=lambda p: _may_be_img(p) and p.exams.oet.status not in (None, OetStatus.not_taken),
    ),
    *(
        Question(f"exams.oet.{part}", "exams", f"OET {part} score (0–500)", asked=_oet_result)
        for part in ("listening", "reading", "writing", "speaking")
    ),
    Question(
        "exams.clinical_skills",
        "exams",
        "Clinical and communication skills requirement",
        help="An ECFMG Pathway (with OET Medicine), or an old Step 2 CS pass.",
        asked=_may_be_img,
        options=_opts(
            {
                ClinicalSkillsRoute.not_applied: "no Pathway yet",
                ClinicalSkillsRoute.pathway_applied: "applied to a Pathway",
                ClinicalSkillsRoute.pathway_accepted: "Pathway accepted",
                ClinicalSkillsRoute.step2cs_passed: "passed Step 2 CS (before 2021)",
            }
        ),
    ),
    Question(
        "exams.pathway_number",
        "exams",
        "Which Pathway (1–6)?",
        asked=lambda p: (
            _may_be_img(p)
            and (p.exams.clinical_skills in (ClinicalSkillsRoute.pathway_applied, ClinicalSkillsRoute.pathway_accepted))
        ),
    ),
    Question(
        "exams.ecfmg_certified",
        "exams",
        "Do you hold an ECFMG certificate?",
        asked=lambda p: _graduate(p) and _may_be_img(p),
        short="ECFMG certificate",
    ),
    Question(
        "exams.ecfmg_certified_date",
        "exams",
        "Date on your ECFMG certificate",
        asked=lambda p: p.exams.ecfmg_certified is True,
    ),
    Question("target.state", "target", "US state or territory you aim for"),
    Question("target.specialty", "target", "Specialty of interest"),
    Question("target.match_year", "target", "Match year you aim for (optional)"),
    Question(
        "target.open_to_underserved",
        "target",
        "Open to practising in an underserved or rural area?",
        short="Open to underserved or rural practice",
    ),
    Question(
        "target.job_offer_in_state",
        "target",
        "Do you have a job offer from an employer in that state?",
        short="Job offer in your target state",
    ),
    Question(
        "target.programs_to_apply",
        "target",
        "How many residency programs do you plan to apply to? (optional)",
        help="Used only for the cost estimate: ERAS charges per program. Leave it empty to see a range up to "
        "the number IMGs typically apply to, with its source, in the plan's cost section.",
        short="Programs you plan to apply to",
    ),
    Question(
        "status.us_status",
        "status",
        "Your status in the USA",
        options=_opts(
            {
                UsStatus.citizen: "US citizen",
                UsStatus.permanent_resident: "permanent resident (green card)",
                UsStatus.needs_visa: "I will need a visa",
                UsStatus.other_work_authorization: "other work authorization (e.g. EAD)",
            }
        ),
    ),
    Question("status.citizenship", "status", "Country of citizenship"),
    Question(
        "status.visa_preference",
        "status",
        "Visa you would prefer for residency",
        options=_opts({VisaPreference.j1: "J-1", VisaPreference.h1b: "H-1B", VisaPreference.undecided: "undecided"}),
        asked=lambda p: p.status.us_status is UsStatus.needs_visa,
    ),
    Question(
        "experience.usce_hands_on_months",
        "experience",
        "Months of hands-on US clinical experience",
        help="Externships, sub-internships, clerkships with direct patient care.",
        unit="months",
    ),
    Question("experience.observership_months", "experience", "Months of US observership", unit="months"),
    Question("experience.us_research_months", "experience", "Months of US research", unit="months"),
    Question("experience.us_letters", "experience", "Letters of recommendation from US physicians"),
)

BY_PATH: dict[str, Question] = {q.path: q for q in QUESTIONS}


def questions_for(step: str) -> tuple[Question, ...]:
    return tuple(q for q in QUESTIONS if q.step == step)


def asked(profile: Profile) -> tuple[Question, ...]:
    """The questions that apply to this person, given what they have answered so far."""
    return tuple(q for q in QUESTIONS if q.asked(profile))
