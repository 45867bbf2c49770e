"""Save my answers (a download built on click) and Resume (an upload read by `wizard.workshop.resume`).

The server keeps neither: the answers file is made only when the button is pressed, and an
uploaded file is read once in the uploader's callback, then the uploader is emptied.

Session-state keys: ``img.resume.n`` (the uploader's generation, bumped to empty it),
``img.resume.result`` (the message to show after an upload: ("ok", count) or ("error", text)),
``img.resume.stamp`` (the rule-book stamp of the resumed file, for "What changed since your last visit").
"""

from __future__ import annotations

from collections.abc import Callable

import streamlit as st

from wizard.ui import state
from wizard.workshop import resume

GENERATION = "img.resume.n"
RESULT = "img.resume.result"
SHOWN = "img.save.shown"
SAVED_STAMP = "img.resume.stamp"


def _builder() -> Callable[[], str]:
    """The file's maker. It runs on the click, outside this session's script run, so it holds
    its own copy of the answers (a small dict) rather than reading session state."""
    store, today, book = dict(state.answers()), state.today(), state.rule_book().book

    def build() -> str:
        from wizard.domain.profile import parse_profile
        from wizard.engine.evaluation import evaluate
        from wizard.outputs.changes import stamped
        from wizard.outputs.plan import build_plan

        profile = parse_profile(state.nested(store), today=today)
        if book is not None:  # the rule book's version and the plan's fingerprint, for "what changed"
            profile = stamped(profile, build_plan(evaluate(book, profile, on=today), book))
        return resume.answers_file(profile)

    return build


def save_button(key: str, *, primary: bool = False, in_frame: bool = False) -> None:
    """'Save my answers': the answers file, made only when pressed (`data=` is a callable)."""
    if not in_frame:
        st.session_state[SHOWN] = True
    st.download_button(
        "Save my answers",
        data=_builder(),
        file_name=resume.file_name(state.today()),
        mime="application/json",
        on_click="ignore",
        type="primary" if primary else "secondary",
        icon=":material/save:",
        key=key,
        help="A small file with your answers, to pick up later with “Resume” on the Welcome page.",
    )


def shown_this_run() -> bool:
    """True when the page already showed a Save button (the frame then shows none); resets."""
    return bool(st.session_state.pop(SHOWN, False))


def _uploader_key() -> str:
    return f"resume-upload-{st.session_state.get(GENERATION, 0)}"


def _on_upload() -> None:
    """Runs before the page: read the file, replace every answer or none, empty the uploader."""
    key = _uploader_key()
    uploaded = st.session_state.get(key)
    if uploaded is None:
        return
    try:
        data = uploaded.getvalue()
    except Exception:
        data = b""
    outcome = resume.read_upload(data, today=state.today())
    if isinstance(outcome, resume.ResumeError):
        st.session_state[RESULT] = ("error", outcome.message)
    else:
        flat = resume.flat_answers(outcome)
        state.replace_answers(flat)
        st.session_state[SAVED_STAMP] = outcome.rule_book  # for "What changed since your last visit"
        st.session_state[RESULT] = ("ok", len(state.answers()))
    st.session_state[GENERATION] = st.session_state.get(GENERATION, 0) + 1


def resume_box() -> None:
    """The Welcome page's Resume: upload the answers file or the PDF summary."""
    from wizard.ui import nav

    with st.container(border=True):
        st.markdown("**Resume**")
        st.caption(
            "Pick up where you left off: choose the answers file you saved (.json) or the PDF "
            "summary from this wizard. Your answers come back exactly as you gave them."
        )
        st.file_uploader(
            "Answers file or PDF summary",
            type=["json", "pdf"],
            accept_multiple_files=False,
            key=_uploader_key(),
            on_change=_on_upload,
            help=f"At most {resume.MAX_JSON_BYTES // 1024} KB for an answers file, "
            f"{resume.MAX_PDF_BYTES // 1024} KB for a PDF. The file is read once and not kept.",
        )
        result = st.session_state.get(RESULT)
        if result is None:
            return
        kind, detail = result
        if kind == "error":
            st.error(detail, icon=":material/error:")  # our own words only, never the file's
            st.session_state.pop(RESULT, None)  # shown once
            return
        count = int(detail)
        st.success(
            f"Your answers are back ({count} answer{'s' if count != 1 else ''}). "
            "Check them on the Review page, or go on where you left off.",
            icon=":material/check_circle:",
        )
        if st.button("Review my answers →", key="resume-review", type="primary"):
            st.session_state.pop(RESULT, None)
            nav.go("review")
