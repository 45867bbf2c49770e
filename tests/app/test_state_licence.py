"""The state licence on the plan page, in AppTest: the target state's residency years, its licence
without a US residency (law, status, fit), the states that fit instead, and a link to Compare states.

The whole-person check: an experienced specialist abroad (9 years' practice, specialist certified,
ECFMG certified, Steps 1 and 2 CK passed, Step 3 not started) with a job offer in Tennessee.
"""

from __future__ import annotations

import io

from pypdf import PdfReader
from streamlit.testing.v1 import AppTest
from wizard_driver import APP, TODAY, texts

from wizard.ui.state import ANSWERS

PLAN = "wizard/ui/pages/plan.py"
COMPARE = "wizard/ui/pages/compare_states.py"

TN_SPECIALIST = {
    "degree.school_country": "IN",
    "degree.wdoms_sponsor_note": "yes",
    "degree.enrolment": "graduate",
    "degree.graduation_year": 2010,
    "degree.credentials_verified": "verified",
    "degree.postgrad_training_years_abroad": 4.0,
    "degree.licensed_abroad": True,
    "degree.practice_years_abroad": 9.0,
    "degree.specialist_certified_abroad": True,
    "exams.step1.status": "passed",
    "exams.step2ck.status": "passed",
    "exams.step3.status": "not_started",
    "exams.ecfmg_certified": True,
    "target.state": "TN",
    "target.specialty": "internal_medicine",
    "target.job_offer_in_state": True,
    "status.us_status": "needs_visa",
}
TN_LAW = "T.C.A. §63-6-207(g)"


def _typed(answers: dict) -> dict:
    from wizard.ui.state import from_widget

    return {path: from_widget(path, value) for path, value in answers.items()}


def open_plan(answers: dict | None) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=90)
    if answers is not None:
        at.session_state[ANSWERS] = _typed(answers)
    at.run()
    return at.switch_page(PLAN).run()


def unescaped(at: AppTest) -> str:
    return texts(at).replace("\\", "")


def expander_labels(at: AppTest) -> list[str]:
    return [e.label for e in at.expander]


def page_links(at: AppTest) -> list:
    return list(at.get("page_link"))


def test_the_tennessee_specialist_sees_the_pathway_with_its_law_status_and_fit():
    at = open_plan(TN_SPECIALIST)
    assert not at.exception
    shown = unescaped(at)
    assert "Your state licence" in shown
    # The residency route: Tennessee's GME years for IMGs, with its source and as-of date.
    assert "Tennessee: 3 years of accredited US or Canadian GME for IMGs" in shown
    assert "as of 2024-01-01" in shown
    # The pathway: law, status, provisional stage, the fit and what decides it, sources, no visa.
    assert any(
        label.startswith("TN · Tennessee") and "status unknown" in label for label in expander_labels(at)
    )  # applications were reported open only by a weak source
    assert TN_LAW in shown
    assert "**Status:** status unknown" in texts(at).replace("\\", "")
    assert "Provisional stage: 2 years" in shown
    assert "USMLE Step 3, if the board requires it" in shown  # Tennessee's law names no Steps
    assert "no visa" in shown
    fit = next(label for label in expander_labels(at) if label.startswith("TN · Tennessee"))
    assert "your fit: could qualify" in fit  # once Step 3 is passed, if Tennessee asks for it
    # Always a way to Compare states.
    assert any(link.proto.page.endswith("compare_states") or "Compare states" in link.label for link in page_links(at))


def test_the_same_specialist_with_step3_passed_sees_tennessee_as_a_fast_track_with_its_law():
    at = open_plan({**TN_SPECIALIST, "exams.step3.status": "passed"})
    assert not at.exception
    shown = unescaped(at)
    assert "Fast tracks that fit you" in shown
    assert "you appear to qualify" in shown
    fit = next(label for label in expander_labels(at) if label.startswith("TN · Tennessee"))
    assert "your fit: appears to qualify" in fit
    assert TN_LAW in shown and "status unknown" in shown


def test_a_target_state_without_a_pathway_lists_the_states_that_fit_with_links_to_compare(book):
    from wizard.domain.state_pathways import state_pathways_for
    from wizard.ui.results import MEMO

    at = open_plan(
        {
            **TN_SPECIALIST,
            "target.state": "NY",
            "exams.step3.status": "passed",
            "exams.oet.status": "passed",
            "target.job_offer_in_state": False,
        }
    )
    assert not at.exception
    shown = unescaped(at)
    assert "New York: 3 years of accredited US or Canadian GME for IMGs" in shown
    assert "Without a US residency:" in shown
    expected = state_pathways_for(at.session_state[MEMO][1].profile, book, on=TODAY)
    assert expected.for_target == () or all(a.limited for a in expected.for_target)
    assert expected.elsewhere, "this specialist fits some state's pathway, or would with a job offer"
    labels = [link.label.replace("\\", "") for link in page_links(at)]
    for a in expected.elsewhere:
        assert any(label.startswith(f"{a.code} · {a.state_name}: {a.verdict_label}") for label in labels), a.code
    assert any("Compare states" in label for label in labels)


def test_no_target_state_asks_for_one_and_still_links_to_compare():
    at = open_plan({})
    assert not at.exception
    assert "Choose a target state" in unescaped(at)
    assert any("Compare states" in link.label for link in page_links(at))


def test_the_section_is_worked_out_once_per_change_of_answers(monkeypatch):
    import wizard.domain.state_pathways as sp

    calls = []
    real = sp.state_pathways_for
    monkeypatch.setattr(sp, "state_pathways_for", lambda *a, **k: calls.append(1) or real(*a, **k))
    at = open_plan(TN_SPECIALIST)
    at.run()
    at.run()
    assert not at.exception
    assert len(calls) == 1


def test_the_pdf_from_the_summary_page_has_the_state_licence_with_law_and_status():
    from wizard.ui import results
    from wizard.ui.summary_view import pdf_builder

    at = open_plan(TN_SPECIALIST)
    memo = at.session_state[results.MEMO]
    res = memo[1]
    assert res.on == TODAY
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf_builder(res)())).pages)
    text = " ".join(text.split())
    assert "State licence" in text
    assert TN_LAW in text
    assert "Status: status unknown" in text
    assert "Tennessee: 3 years of accredited US or Canadian GME for IMGs" in text


def test_the_timeline_page_shows_the_pathway_track_beside_residency():
    at = open_plan(
        {
            **TN_SPECIALIST,
            "exams.step3.status": "passed",
            "status.us_status": "permanent_resident",
            "exams.oet.status": "passed",
        }
    )
    at = at.switch_page("wizard/ui/pages/timeline.py").run()
    assert not at.exception
    phases = list(at.dataframe[0].value["phase"])
    assert "Match Day" in phases
    assert "No residency: provisional licence" in phases
    assert phases.index("No residency: provisional licence") > phases.index("Match Day")
