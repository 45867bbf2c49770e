"""The PDF download: built only when the person presses "Prepare my PDF", never on a rerun.

The PDF (and its chart picture) is made in a pool of worker processes
(`wizard.workshop.pdf_queue`, one per CPU, capped), not in the server process: drawing the chart
(vl-convert) and the PDF (fpdf2) takes about a second of CPU, and in the server it held the GIL,
so everyone else's pages waited. While the person waits, the page says where they stand ("2 ahead
of you, about 4 s") and stays usable: a click elsewhere ends the wait and gives their place up.
When too many are already waiting, the page says so at once and asks them to try again in a
minute. If no worker can be started, the PDF is made here instead.

The bytes are then kept in this session's state only (``img.pdf``, with the results they were
made from) and handed to a plain `st.download_button`: Streamlit's deferred download
(`data=callable`) answered "not found" on some clicks under load. They are dropped when the
answers change, on Start over and on Clear my answers (see `wizard.ui.state`).
"""

from __future__ import annotations

import logging
import math
import threading
import time
from collections.abc import Callable
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path

import streamlit as st

from wizard.ui import results, state
from wizard.workshop import pdf_job
from wizard.workshop.pdf_queue import PdfQueue, Place, QueueFull

log = logging.getLogger(__name__)

PREPARE = "Prepare my PDF"
DOWNLOAD = "Download my plan (PDF)"
BUSY = (
    "Many people are making their PDF right now. Please try again in a minute; "
    "the “Your plan” page holds the same content meanwhile."
)

#: Seconds a job may take (its wait in line included) before the person is asked to try again.
WORKER_TIMEOUT_S = 120.0
#: How often the waiting person's place is told again.
PLACE_EVERY_S = 0.5

_line: PdfQueue | None = None
_line_failed = False
_line_lock = threading.Lock()


def _pdf_line() -> PdfQueue | None:
    """The PDF workers' line (started on first use), or None if worker processes cannot be had."""
    global _line
    with _line_lock:
        if _line is None and not _line_failed:
            _line = PdfQueue(pdf_job.from_answers, initializer=pdf_job.warm_up)
        return _line


def _drop_line(line: PdfQueue, *, for_good: bool) -> None:
    global _line, _line_failed
    with _line_lock:
        if _line is line:
            _line = None
            _line_failed = _line_failed or for_good
    line.shutdown()


def kept_whatif() -> tuple[str, ...]:
    """The what-if comparison the person kept for the PDF, if their answers are still the same."""
    from wizard.ui.whatif_view import kept_lines

    return kept_lines()


def pdf_builder(res: results.Results) -> Callable[[], bytes]:
    """The PDF for these results, made in this process (the fallback, and for tests)."""

    def build() -> bytes:
        return pdf_job.build(res.profile, res.book, res.plan, res.on, kept_whatif())

    return build


def place_words(place: Place) -> str:
    """What the waiting person reads, e.g. "2 ahead of you, about 4 s"."""
    seconds = max(1, math.ceil(place.about_s))
    if place.being_made:
        return f"Your PDF is being made, about {seconds} s."
    return f"{place.ahead} ahead of you, about {seconds} s."


def make_pdf(
    res: results.Results, rules_dir: Path | str, waiting: Callable[[Place], object] = lambda place: None
) -> bytes:
    """The PDF bytes, made by the workers when they can be had, else here.

    `waiting` is told this job's place every half second until it is done. Raises `QueueFull` at
    once when the line is full, `TimeoutError` after `WORKER_TIMEOUT_S`. If the caller is
    interrupted (the person clicked elsewhere), a job still in line is taken out of it.
    """
    from wizard.workshop.resume import answers_file

    line = _pdf_line()
    if line is not None:
        try:
            ticket = line.submit(answers_file(res.profile), res.on.isoformat(), str(rules_dir), kept_whatif())
        except QueueFull:
            raise
        except (OSError, RuntimeError) as exc:
            # Could not start a process at all (limits, sandbox, interpreter shutting down).
            log.warning("no PDF worker process (%s); making PDFs in the server process", type(exc).__name__)
            _drop_line(line, for_good=True)
            return pdf_builder(res)()
        deadline = time.monotonic() + WORKER_TIMEOUT_S
        try:
            while not ticket.wait(PLACE_EVERY_S):
                if time.monotonic() > deadline:
                    log.warning("a PDF waited too long in line")
                    raise TimeoutError("the PDF took too long")
                waiting(ticket.place())
            return ticket.result()
        except BrokenProcessPool:
            # A worker died: a new line is started next time; this PDF is made here.
            log.warning("a PDF worker process stopped; making this PDF in the server process")
            _drop_line(line, for_good=False)
        finally:
            ticket.future.cancel()  # a job nobody waits for any more leaves the line (no-op when done)
    return pdf_builder(res)()


#: This session's prepared PDF: (the Results it was made from, the bytes). Session memory only.
PDF = state.PDF


def prepared(res: results.Results) -> bytes | None:
    """This session's PDF for exactly these results, or None (a stale one is dropped)."""
    memo = st.session_state.get(PDF)
    if memo is None:
        return None
    if memo[0] is not res or not isinstance(memo[1], bytes):
        st.session_state.pop(PDF, None)
        return None
    return memo[1]


def download(res: results.Results) -> None:
    data = prepared(res)
    if data is None:
        if st.button(PREPARE, key="prepare-pdf", type="primary", icon=":material/picture_as_pdf:"):
            note = st.empty()
            try:
                note.info("Your PDF is being made.", icon=":material/hourglass_top:")
                data = make_pdf(
                    res,
                    state.rules_dir(),
                    waiting=lambda place: note.info(place_words(place), icon=":material/hourglass_top:"),
                )
            except QueueFull:
                note.warning(BUSY)
                return
            except Exception:
                log.warning("the PDF could not be made", exc_info=False)
                note.error(
                    "The PDF could not be made just now. Please try again; the “Your plan” page holds the same content."
                )
                return
            st.session_state[PDF] = (res, data)
            st.rerun()
        return
    st.download_button(
        DOWNLOAD,
        data=data,
        file_name=f"img-pathway-plan-{res.on.isoformat()}.pdf",
        mime="application/pdf",
        on_click="ignore",
        type="primary",
        icon=":material/download:",
        key="download-pdf",
    )
