"""The PDF download: built only when the button is pressed (deferred), never on a rerun."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable

import streamlit as st

from wizard.ui import results

log = logging.getLogger(__name__)

#: Streamlit runs each download's callable in its own thread. The PDF builder shares parsed
#: fonts across documents in one process, and two documents built at once failed (KeyError in
#: fpdf2's output under `make load`), so builds take turns. They are CPU-bound under one GIL,
#: so this costs no throughput.
_ONE_PDF_AT_A_TIME = threading.Lock()


def chart_png(timeline) -> bytes | None:
    """The timeline chart as PNG for the PDF, or None (the PDF then goes without it)."""
    if timeline is None or not results.available("chart"):
        return None
    try:
        from wizard.chart import chart_png as render_png
        from wizard.chart import timeline_spec

        return render_png(timeline_spec(timeline, today=timeline.on))
    except Exception:  # noqa: BLE001 - a PDF without the picture beats no PDF
        log.warning("timeline chart could not be drawn for the PDF", exc_info=False)
        return None


def state_licence(res: results.Results):
    """The PDF's "State licence" section data, or None (the PDF then goes without it).

    Worked out here, not read from the session: the PDF is made outside the script run.
    """
    try:
        from wizard.state_pathways import state_pathways_for

        return state_pathways_for(res.profile, res.book, on=res.on)
    except Exception:  # noqa: BLE001 - a PDF without the section beats no PDF
        log.warning("state licence could not be worked out for the PDF", exc_info=False)
        return None


def pdf_builder(res: results.Results) -> Callable[[], bytes]:
    def build() -> bytes:
        from wizard.report import build_pdf

        timeline = None
        try:
            timeline = results.timeline(res)
        except Exception:  # noqa: BLE001
            log.warning("timeline could not be built for the PDF", exc_info=False)
        png = chart_png(timeline)
        with _ONE_PDF_AT_A_TIME:
            return build_pdf(res.profile, res.plan, timeline, on=res.on, chart_png=png,
                             state_licence=state_licence(res))

    return build


def download(res: results.Results) -> None:
    st.download_button(
        "Download my plan (PDF)",
        data=pdf_builder(res),
        file_name=f"img-pathway-plan-{res.on.isoformat()}.pdf",
        mime="application/pdf",
        on_click="ignore",
        type="primary",
        icon=":material/download:",
        key="download-pdf",
    )
