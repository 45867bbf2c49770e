"""The advisor's cohort: upload a CSV of attendees, see each one's status and first steps, what
the room is missing, and take a ZIP of one PDF per attendee (built only when pressed).

The cohort (names and answers) lives only in this advisor's tab (``img.cohort``) until the
advisor forgets it or closes the tab; nothing is cached across sessions or written to disk.
Attendee names and cell text are shown in tables (never as markdown).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING, Any

import streamlit as st
from streamlit.runtime.uploaded_file_manager import UploadedFile

from wizard.engine.rulebook import RuleBook
from wizard.workshop import batch
from wizard.workshop.cohort_template import COLUMNS, template_csv, template_guide

if TYPE_CHECKING:
    import altair as alt

COHORT = "img.cohort"  # (upload file id, CohortResult) or (file id, error message)
GENERATION = "img.cohort.n"
#: PDFs are drawn in at most this many worker processes, so the attendees' wizard keeps a core.
PDF_JOBS = 1


def _uploader_key() -> str:
    return f"cohort-upload-{st.session_state.get(GENERATION, 0)}"


def forget() -> None:
    st.session_state.pop(COHORT, None)
    st.session_state[GENERATION] = st.session_state.get(GENERATION, 0) + 1


def _specialties(book: RuleBook) -> list[str] | None:
    data = getattr(book, "data", None)
    return list(data.specialty_ids()) if data is not None and hasattr(data, "specialty_ids") else None


def template_section(book: RuleBook) -> None:
    st.caption(
        "One row per attendee, one column per question; every column may be left out and an "
        "empty cell means “not answered”. Start from the template."
    )
    with st.container(horizontal=True):
        st.download_button(
            "CSV template",
            data=template_csv,
            file_name="cohort-template.csv",
            mime="text/csv",
            on_click="ignore",
            icon=":material/table:",
            key="cohort-template",
        )
        specialties = _specialties(book)
        st.download_button(
            "Column guide (text)",
            data=lambda: template_guide(specialties),
            file_name="cohort-columns.txt",
            mime="text/plain",
            on_click="ignore",
            icon=":material/description:",
            key="cohort-guide",
        )
    with st.expander("What each column means"):
        st.dataframe(
            [{"column": c.name, "question": c.label, "values": c.allowed, "example": c.example} for c in COLUMNS],
            hide_index=True,
            width="stretch",
        )


def _evaluate(uploaded: UploadedFile, book: RuleBook, on: date) -> batch.CohortResult | str:
    bar = st.progress(0.0, text="Working out each attendee's plan…")

    def progress(done: int, total: int) -> None:
        bar.progress(done / max(total, 1), text=f"Working out each attendee's plan… {done} of {total}")

    try:
        return batch.evaluate_cohort(uploaded.getvalue(), book, on=on, progress=progress)
    except batch.CohortFileError as exc:
        return str(exc)
    except Exception:
        return "This file could not be read as a cohort. Start from the CSV template."
    finally:
        bar.empty()


def _bar_chart(rows: list[dict[str, Any]], label: str, title: str, *, sort: bool = True) -> alt.Chart:
    import altair as alt

    y = alt.Y(f"{label}:N", title=None, sort="-x" if sort else None, axis=alt.Axis(labelLimit=320))
    # altair's Data() is untyped; InlineData would move the rows out to the spec's `datasets`.
    data = alt.Data(values=rows)  # type: ignore[no-untyped-call]
    chart: alt.Chart = (  # altair's encode is untyped
        alt.Chart(data)
        .mark_bar()
        .encode(
            x=alt.X("count:Q", title="attendees", axis=alt.Axis(tickMinStep=1)), y=y, tooltip=[f"{label}:N", "count:Q"]
        )
        .properties(title=title, height=alt.Step(24))
    )
    return chart


def charts(result: batch.CohortResult) -> None:
    agg = batch.aggregate(result)
    missing = [{"requirement": m["title"], "count": m["count"]} for m in agg["missing_requirements"][:12]]
    if missing:
        st.altair_chart(_bar_chart(missing, "requirement", "Who is missing what"), width="stretch")
    years = [{"year": y, "count": n} for y, n in agg["earliest_match_year"].items()]
    if years:
        st.altair_chart(
            _bar_chart(
                [{**r, "year": "not yet" if r["year"] == "none" else r["year"]} for r in years],
                "year",
                "Earliest realistic Match (typical)",
                sort=False,
            ),
            width="stretch",
        )
    visas = [{"need": v["label"], "count": v["count"]} for v in agg["visa_need"].values() if v["count"]]
    if visas:
        st.altair_chart(_bar_chart(visas, "need", "Visa needs"), width="stretch")


def zip_builder(result: batch.CohortResult, book: RuleBook) -> Callable[[], bytes]:
    def build() -> bytes:
        return batch.pdf_zip_bytes(result, book, jobs=PDF_JOBS)

    return build


def show(result: batch.CohortResult, book: RuleBook) -> None:
    cols = st.columns(3)
    cols[0].metric("Attendee rows", result.rows)
    cols[1].metric("Read", len(result.good))
    cols[2].metric("With problems", len(result.bad))
    if result.bad:
        st.warning(
            f"{len(result.bad)} row{'s' if len(result.bad) != 1 else ''} could not be read; the others "
            "are below. Each problem names the spreadsheet row (the header is row 1) and column.",
            icon=":material/warning:",
        )
        st.dataframe(
            [{"row": e.row, "column": e.column, "problem": e.message} for e in result.errors],
            hide_index=True,
            width="stretch",
        )
    st.markdown("**Each attendee**")
    wanted = [
        "row",
        "attendee",
        "result",
        "missing",
        "next_step_1",
        "next_step_2",
        "next_step_3",
        "earliest_match_year",
        "visa_need",
    ]
    st.dataframe(
        [{k: line.get(k, "") for k in wanted} for line in batch.summary_rows(result)],
        hide_index=True,
        width="stretch",
    )
    charts(result)
    with st.container(horizontal=True):
        if result.good:
            st.download_button(
                f"PDFs for {len(result.good)} attendees (ZIP)",
                data=zip_builder(result, book),
                file_name=f"cohort-plans-{result.on.isoformat()}.zip",
                mime="application/zip",
                on_click="ignore",
                type="primary",
                icon=":material/folder_zip:",
                key="cohort-zip",
            )
        st.download_button(
            "Summary (CSV)",
            data=lambda: batch.summary_csv(result),
            file_name=f"cohort-summary-{result.on.isoformat()}.csv",
            mime="text/csv",
            on_click="ignore",
            icon=":material/download:",
            key="cohort-summary",
        )
        if result.bad:
            st.download_button(
                "Problems (CSV)",
                data=lambda: batch.errors_csv(result),
                file_name=f"cohort-problems-{result.on.isoformat()}.csv",
                mime="text/csv",
                on_click="ignore",
                icon=":material/download:",
                key="cohort-errors",
            )
        st.button("Forget this cohort", key="cohort-forget", on_click=forget, icon=":material/delete:")


def section(book: RuleBook, on: date) -> None:
    template_section(book)
    uploaded = st.file_uploader(
        "Cohort CSV",
        type=["csv"],
        key=_uploader_key(),
        help=f"At most {batch.MAX_ROWS:,} attendees and {batch.MAX_BYTES // (1024 * 1024)} MB. "
        "Held only in this tab while you look at it.",
    )
    held = st.session_state.get(COHORT)
    if uploaded is not None and (held is None or held[0] != uploaded.file_id):
        held = (uploaded.file_id, _evaluate(uploaded, book, on))
        st.session_state[COHORT] = held
    if held is None:
        return
    outcome = held[1]
    if isinstance(outcome, str):
        st.error(outcome, icon=":material/error:")
        return
    show(outcome, book)
