"""The "Try a different choice" page body: a sandbox of answers beside the current plan.

The sandbox's choices live in their own widgets; the saved answers change only when the person
presses "Use this". Keeping the comparison puts it in this session's PDF (session memory only).
The comparison itself is `wizard.outputs.whatif`; this module only draws it.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

import streamlit as st

from wizard.domain.profile import Profile
from wizard.domain.questions import BY_PATH
from wizard.domain.states import JURISDICTIONS
from wizard.engine.rulebook import RuleBook
from wizard.outputs.report.answers import answer_value
from wizard.outputs.timeline import fmt
from wizard.outputs.whatif import Comparison, Outlook, WhatIfError, compare, comparison_lines
from wizard.ui import nav, render, state
from wizard.workshop import resume

#: The comparison the person kept for the PDF: its lines. Session memory only.
KEPT = "img.whatif.kept"
EARLIER = "img.whatif.earlier"
SAME = "(as now)"
#: Answers the sandbox offers, in this order (each a select box of the question's options).
CHOICES = ("status.visa_preference", "exams.step3.status", "exams.clinical_skills", "target.job_offer_in_state")


def _options(path: str) -> list[Any]:
    if path == "target.state":
        return list(JURISDICTIONS)
    if path == "target.specialty":
        book = state.rule_book().book
        data = getattr(book, "data", None)
        return list(data.specialty_ids()) if data is not None else []
    question = BY_PATH[path]
    return list(question.options) or [True, False]


def _label(path: str, value: Any) -> str:
    if value == SAME:
        return SAME
    if path == "target.state":
        return JURISDICTIONS.get(value, value)
    if path == "target.specialty":
        return str(value).replace("_", " ").capitalize()
    return BY_PATH[path].option_label(value)


def _answers_key() -> str:
    return repr(sorted(state.answers().items()))


def kept_lines() -> tuple[str, ...]:
    """The kept comparison's lines while the saved answers are those it was made from, else ()."""
    kept = st.session_state.get(KEPT)
    if not kept or kept[0] != _answers_key():
        return ()
    return tuple(kept[1])


def _formatter(path: str) -> Callable[[Any], str]:
    return lambda value: _label(path, value)


def _sandbox(profile: Profile, on: date) -> dict[str, Any] | None:
    """The form; the changes asked for, or None before the first Compare."""
    with st.form("whatif-form"):
        picked: dict[str, Any] = {}
        for path in ("target.state", "target.specialty", *CHOICES):
            current = answer_value(profile, path)
            current = getattr(current, "value", current)
            options = [SAME, *[v for v in _options(path) if v != current]]
            now = _label(path, current) if current is not None else "not answered"
            picked[path] = st.selectbox(
                f"{BY_PATH[path].label} (now: {now})",
                options,
                format_func=_formatter(path),
                key=f"whatif:{path}",
            )
        later = st.number_input(
            "Aim for a later Match (year)",
            min_value=on.year,
            max_value=on.year + 10,
            value=None,
            step=1,
            key="whatif:target.match_year",
        )
        oet = st.date_input(
            "An OET Medicine (re)sit on",
            value=None,
            min_value=on,
            max_value=on + timedelta(days=3 * 365),
            key="whatif:oet",
            format="YYYY-MM-DD",
        )
        asked = st.form_submit_button("Compare", type="primary")
    if not asked and "whatif-asked" not in st.session_state:
        return None
    st.session_state["whatif-asked"] = True
    changes = {path: value for path, value in picked.items() if value != SAME}
    if later is not None:
        changes["target.match_year"] = int(later)
    if oet is not None:
        changes.update({"exams.oet.status": "scheduled", "exams.oet.date": oet})
    return changes


def _side(column: Any, title: str, o: Outlook) -> None:
    with column.container(border=True):
        st.markdown(f"**{title}**")
        st.metric("Earliest Match", o.match_year or "none yet")
        st.caption(f"Residency start: {fmt(o.residency_start) if o.residency_start else 'not known'}")
        st.caption(f"Full licence: {fmt(o.full_licence) if o.full_licence else 'not known'}")
        st.caption("Blockers: " + ("; ".join(o.blockers) if o.blockers else "none"))


def _show(c: Comparison, book: RuleBook) -> None:
    st.markdown(
        "\n".join(
            f"- **{render.escape_md(ch.label)}**: {render.escape_md(ch.after)} (now: {render.escape_md(ch.before)})"
            for ch in c.changes
        )
    )
    if c.same:
        st.info("Nothing in the plan changes with this choice.", icon=":material/info:")
    left, right = st.columns(2)
    _side(left, "Now", c.current.outlook)
    _side(right, "What if", c.alternative.outlook)
    if c.differences:
        st.markdown("\n".join(f"- {render.escape_md(line)}" for line in c.differences))
    if c.appears:
        st.markdown("**Appears in the plan**\n\n" + "\n".join(f"- {render.escape_md(t)}" for t in c.appears))
    if c.disappears:
        st.markdown("**Leaves the plan**\n\n" + "\n".join(f"- {render.escape_md(t)}" for t in c.disappears))
    from wizard.outputs.whatif_chart import comparison_chart

    st.altair_chart(comparison_chart(c), width="stretch")
    with st.container(horizontal=True):
        if st.button("Use this", key="whatif-use", type="primary", disabled=c.same):
            state.replace_answers(resume.flat_answers(c.alternative.profile))
            for key in [k for k in st.session_state.keys() if str(k).startswith(("whatif", KEPT))]:
                del st.session_state[key]  # the sandbox starts again from the new answers
            nav.go("plan")
        if st.button("Keep this comparison for my PDF", key="whatif-keep"):
            st.session_state[KEPT] = (_answers_key(), tuple(comparison_lines(c)))
            st.session_state.pop(state.PDF, None)  # a PDF made before does not have it
            st.success("Kept: the PDF on the Summary page will include it.", icon=":material/check_circle:")
    _earlier(c, book)


def _earlier(c: Comparison, book: RuleBook) -> None:
    st.subheader("What would bring the Match a year earlier", anchor=False)
    key = repr(sorted(resume.flat_answers(c.alternative.profile).items()))
    memo = st.session_state.get(EARLIER)
    if memo is None or memo[0] != key:
        if not st.button("Search for it", key="whatif-earlier"):
            st.caption("Tries the changes you could still make, through the same rules and timeline (a few seconds).")
            return
        from wizard.outputs.earlier import year_earlier

        with st.spinner("Searching…"):
            lines = year_earlier(c.alternative.profile, book, on=c.on).lines()
        memo = (key, lines)
        st.session_state[EARLIER] = memo
    first, *suggestions = memo[1]
    st.markdown("\n\n".join([render.escape_md(first), "\n".join(f"- {render.escape_md(s[2:])}" for s in suggestions)]))


def show(profile: Profile, book: RuleBook, on: date) -> None:
    changes = _sandbox(profile, on)
    if changes is None:
        st.caption("Pick one or more different answers and press Compare. Your saved answers do not change.")
        return
    try:
        comparison = compare(profile, changes, book, on=on)
    except WhatIfError as exc:
        st.error(str(exc), icon=":material/warning:")
        return
    _show(comparison, book)
