"""Several people press "Download my plan" at once: each gets a whole, correct PDF.

Streamlit runs each deferred download in its own thread; `make load` once saw fpdf2 fail with a
KeyError when two documents were built at the same moment."""

from __future__ import annotations

import io
from concurrent.futures import ThreadPoolExecutor
from datetime import date

from pypdf import PdfReader

from wizard.engine import evaluate
from wizard.plan import build_plan
from wizard.profile import parse_profile
from wizard.ui.results import Results
from wizard.ui.summary_view import pdf_builder

ON = date(2026, 11, 25)


def test_pdfs_built_at_the_same_time_are_all_whole_and_each_holds_its_own_name(book):
    builders = []
    for i in range(4):
        profile = parse_profile({"about": {"name": f"Person {i} Ñúñez"}, "target": {"state": "NY"},
                                 "exams": {"step1": {"status": "passed"}}}, today=ON)
        builders.append(pdf_builder(Results(book, profile, build_plan(evaluate(book, profile, on=ON), book), ON)))
    with ThreadPoolExecutor(max_workers=4) as pool:
        outputs = list(pool.map(lambda build: build(), builders))
    for i, data in enumerate(outputs):
        assert data.startswith(b"%PDF")
        text = "".join(p.extract_text() or "" for p in PdfReader(io.BytesIO(data)).pages)
        assert f"Person {i} Ñúñez" in text
        assert all(f"Person {j} " not in text for j in range(4) if j != i)
