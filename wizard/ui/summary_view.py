"""The PDF download: built only when the person presses "Prepare my PDF", never on a rerun.

The PDF (and its chart picture) is made in one long-lived worker process, not in the server
process: drawing the chart (vl-convert) and the PDF (fpdf2) takes about a second of CPU, and
in the server it held the GIL, so everyone else's pages waited. The server thread only waits
for the worker's answer. The worker gets the answers (JSON), the date and the rules folder, and
keeps nothing but the rule book. If the worker cannot start, the PDF is made here instead.

The bytes are then kept in this session's state only (``img.pdf``, with the results they were
made from) and handed to a plain `st.download_button`: Streamlit's deferred download
(`data=callable`) answered "not found" on some clicks under load. They are dropped when the
answers change, on Start over and on Clear my answers (see `wizard.ui.state`).
"""

from __future__ import annotations

import logging
import multiprocessing
import threading
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path

import streamlit as st

from wizard.ui import results, state
from wizard.workshop import pdf_job

log = logging.getLogger(__name__)

PREPARE = "Prepare my PDF"
DOWNLOAD = "Download my plan (PDF)"

#: Seconds a job may take in the worker (queue included) before the PDF is made here instead.
WORKER_TIMEOUT_S = 120.0

_pool: ProcessPoolExecutor | None = None
_pool_failed = False
_pool_lock = threading.Lock()


def _worker_pool() -> ProcessPoolExecutor | None:
    """The one PDF worker process (started on first use), or None if it cannot be had."""
    global _pool
    with _pool_lock:
        if _pool is None and not _pool_failed:
            _pool = ProcessPoolExecutor(
                max_workers=1,
                mp_context=multiprocessing.get_context("spawn"),
                initializer=pdf_job.warm_up,
            )
        return _pool


def _drop_pool(pool: ProcessPoolExecutor, *, for_good: bool) -> None:
    global _pool, _pool_failed
    with _pool_lock:
        if _pool is pool:
            _pool = None
            _pool_failed = _pool_failed or for_good
    pool.shutdown(wait=False, cancel_futures=True)


def pdf_builder(res: results.Results) -> Callable[[], bytes]:
    """The PDF for these results, made in this process (the fallback, and for tests)."""

    def build() -> bytes:
        return pdf_job.build(res.profile, res.book, res.plan, res.on)

    return build


def make_pdf(res: results.Results, rules_dir: Path | str) -> bytes:
    """The PDF bytes, made in the worker process when it can be, else here."""
    from wizard.workshop.resume import answers_file

    pool = _worker_pool()
    if pool is not None:
        try:
            future = pool.submit(pdf_job.from_answers, answers_file(res.profile), res.on.isoformat(), str(rules_dir))
            return future.result(timeout=WORKER_TIMEOUT_S)
        except BrokenProcessPool:
            # The worker died (or never started): a new one is tried next time; this PDF is made here.
            log.warning("the PDF worker process stopped; making this PDF in the server process")
            _drop_pool(pool, for_good=False)
        except (OSError, RuntimeError) as exc:
            # Could not start a process at all (limits, sandbox, interpreter shutting down).
            log.warning("no PDF worker process (%s); making PDFs in the server process", type(exc).__name__)
            _drop_pool(pool, for_good=True)
        except TimeoutError:
            log.warning("the PDF worker took too long; making this PDF in the server process")
    return pdf_builder(res)()


#: This session's prepared PDF: (the Results it was made from, the bytes). Session memory only.
PDF = state.PDF


def prepared(res: results.Results) -> bytes | None:
    """This session's PDF for exactly these results, or None (a stale one is dropped)."""
    memo = st.session_state.get(PDF)
    if memo is None:
        return None
    if memo[0] is not res:
        st.session_state.pop(PDF, None)
        return None
    return memo[1]


def download(res: results.Results) -> None:
    data = prepared(res)
    if data is None:
        if st.button(PREPARE, key="prepare-pdf", type="primary", icon=":material/picture_as_pdf:"):
            try:
                with st.spinner("Making your PDF…"):
                    data = make_pdf(res, state.rules_dir())
            except Exception:
                log.warning("the PDF could not be made", exc_info=False)
                st.error(
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
