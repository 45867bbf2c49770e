"""Page 1 of the PDF holds the plan at a glance: the earliest Match, what stands in its way and
the three most urgent actions with their dates; the answers are the appendix at the end."""

from __future__ import annotations

import io

from example_answers import H1B_GRADUATE
from pypdf import PdfReader
from test_actions import ON, everything

from wizard.domain.profile import parse_profile
from wizard.outputs.glance import at_a_glance
from wizard.outputs.report import build_pdf


def pages(book) -> list[str]:
    plan, timeline, actions = everything(book, H1B_GRADUATE)
    glance = at_a_glance(plan, timeline, actions)
    profile = parse_profile(H1B_GRADUATE, today=ON)
    data = build_pdf(profile, plan, timeline, on=ON, actions=actions, glance=glance)
    return [" ".join(p.extract_text().split()) for p in PdfReader(io.BytesIO(data)).pages]


def test_page_one_holds_the_earliest_match_the_blockers_and_three_dated_actions(book):
    first = pages(book)[0]
    assert (
        "Earliest realistic Match: 2028 (projected calendar), Match Day 17 Mar 2028; residency starts 1 Jul 2028"
        in first
    )
    assert "What stands between you and that Match: Clinical and communication skills requirement;" in first
    urgent = first[first.index("Most urgent") : first.index("What to do, by when")]
    assert "1. Pass Step 3 before the Match (for an H-1B): from now; by 22 Dec 2027" in urgent
    assert "2. Take OET Medicine: from 3 Jul 2027; by 19 Aug 2027" in urgent
    assert "3. Apply for a Pathway: on 19 Aug 2027" in urgent


def test_the_answers_are_an_appendix_after_the_plan(book):
    text = pages(book)
    assert "Your answers" not in text[0]
    appendix = next(i for i, page in enumerate(text) if "Appendix: your answers" in page)
    assert appendix > next(i for i, page in enumerate(text) if "About this summary" in page)
    assert "Why each action, and what a slip costs" in " ".join(text[:appendix])
