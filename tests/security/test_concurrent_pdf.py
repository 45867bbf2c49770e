"""Several people press "Prepare my PDF" at once: each gets a whole, correct PDF.

Streamlit runs each session's script in its own thread; `make load` once saw fpdf2 fail with a
KeyError when two documents were built at the same moment in one process. The app now makes
PDFs in a line of worker processes (falling back to this process), so both paths are checked.
Nothing here races the clock: each call waits for its PDF (the app's own bound is two minutes),
so a busy machine makes the test slower, not red."""

from __future__ import annotations

import io
from concurrent.futures import ThreadPoolExecutor
from datetime import date

from pypdf import PdfReader

from wizard.domain.book import DEFAULT_RULES_DIR
from wizard.domain.profile import parse_profile
from wizard.engine.evaluation import evaluate
from wizard.outputs.plan import build_plan
from wizard.ui.results import Results
from wizard.ui.summary_view import make_pdf, pdf_builder

ON = date(2026, 11, 25)


def _results(book) -> list[Results]:
    out = []
    for i in range(4):
        profile = parse_profile(
            {
                "about": {"name": f"Person {i} Ñúñez"},
                "target": {"state": "NY"},
                "exams": {"step1": {"status": "passed"}},
            },
            today=ON,
        )
        out.append(Results(book, profile, build_plan(evaluate(book, profile, on=ON), book), ON))
    return out


def _check(outputs: list[bytes]) -> None:
    for i, data in enumerate(outputs):
        assert data.startswith(b"%PDF")
        text = "".join(p.extract_text() or "" for p in PdfReader(io.BytesIO(data)).pages)
        assert f"Person {i} Ñúñez" in text
        assert all(f"Person {j} " not in text for j in range(4) if j != i)


def test_pdfs_built_at_the_same_time_in_this_process_are_all_whole_and_each_holds_its_own_name(book):
    builders = [pdf_builder(res) for res in _results(book)]
    with ThreadPoolExecutor(max_workers=4) as pool:
        _check(list(pool.map(lambda build: build(), builders)))


def test_pdfs_asked_of_the_worker_line_at_the_same_time_each_hold_their_own_name(book):
    with ThreadPoolExecutor(max_workers=4) as pool:
        outputs = list(pool.map(lambda res: make_pdf(res, DEFAULT_RULES_DIR), _results(book)))
    _check(outputs)
    # The workers make the same bytes as this process does.
    assert outputs[0] == pdf_builder(_results(book)[0])()
