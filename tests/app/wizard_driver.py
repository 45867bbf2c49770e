"""Drive the wizard in AppTest the way a person would: fill widgets by question path, press buttons."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parents[2]
APP = str(ROOT / "app.py")
PAGES = "wizard/ui/pages"
TODAY = date(2026, 11, 25)

_KINDS = ("selectbox", "radio", "number_input", "date_input", "text_input")


def new_app() -> AppTest:
    return AppTest.from_file(APP, default_timeout=60)


def widget(at: AppTest, path: str):
    key = f"q:{path}"
    for kind in _KINDS:
        try:
            return getattr(at, kind)(key=key)
        except KeyError:
            continue
    raise KeyError(f"no widget for {path}")


def has_widget(at: AppTest, path: str) -> bool:
    try:
        widget(at, path)
    except KeyError:
        return False
    return True


def fill(at: AppTest, answers: dict[str, Any]) -> None:
    for path, value in answers.items():
        w = widget(at, path)
        if w.type in ("selectbox", "radio"):
            w.set_value(value)
        else:
            w.set_value(value)


def press(at: AppTest, label: str) -> AppTest:
    for b in at.button:
        if b.label == label:
            b.click()
            return at.run()
    raise KeyError(f"no button labelled {label!r}; have {[b.label for b in at.button]}")


def header(at: AppTest) -> str:
    return at.header[0].value if at.header else ""


def go(at: AppTest, page: str) -> AppTest:
    return at.switch_page(f"{PAGES}/{page}.py").run()


def texts(at: AppTest) -> str:
    """Everything visible as text, for 'is this sentence on the page' checks."""
    parts = []
    for kind in ("markdown", "caption", "text", "error", "warning", "info", "success", "subheader", "header"):
        parts += [str(e.value) for e in getattr(at, kind)]
    parts += [e.label for e in at.expander]  # a section's title stays visible while it is folded
    return "\n".join(parts)


def errors(at: AppTest) -> list[str]:
    return [str(e.value) for e in at.error]


# A graduate from India, exams passed, certified, aiming for internal medicine in New York.
DEGREE_FIRST = {
    "degree.school_country": "IN",
    "degree.wdoms_sponsor_note": "yes",
    "degree.enrolment": "graduate",
    "degree.graduation_year": 2019,
    "degree.credentials_verified": "verified",
}
DEGREE_GRADUATE = {
    "degree.postgrad_training_years_abroad": 3.0,
    "degree.licensed_abroad": True,
    "degree.specialist_certified_abroad": False,
}
DEGREE_LICENSED = {"degree.practice_years_abroad": 2.0}
EXAMS_FIRST = {
    "exams.step1.status": "passed",
    "exams.step2ck.status": "passed",
    "exams.step3.status": "not_started",
    "exams.oet.status": "passed",
    "exams.clinical_skills": "pathway_accepted",
    "exams.ecfmg_certified": True,
}
EXAMS_DETAILS = {
    "exams.step1.date": date(2023, 5, 10),
    "exams.step2ck.date": date(2024, 3, 1),
    "exams.oet.date": date(2023, 9, 15),
    "exams.ecfmg_certified_date": date(2024, 6, 1),
    "exams.step1.failed_attempts": 0,
    "exams.step2ck.score": 245,
    "exams.step2ck.failed_attempts": 0,
    "exams.oet.listening": 380,
    "exams.oet.reading": 370,
    "exams.oet.writing": 360,
    "exams.oet.speaking": 390,
    "exams.pathway_number": 3,
}
TARGET = {
    "target.state": "NY",
    "target.specialty": "internal_medicine",
    "target.match_year": 2027,
    "target.open_to_underserved": True,
    "target.job_offer_in_state": False,
}
STATUS_FIRST = {"status.us_status": "needs_visa", "status.citizenship": "IN"}
STATUS_VISA = {"status.visa_preference": "j1"}
EXPERIENCE = {
    "experience.usce_hands_on_months": 3.0,
    "experience.observership_months": 2.0,
    "experience.us_research_months": 6.0,
    "experience.us_letters": 3,
}
