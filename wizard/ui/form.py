"""One question step as one `st.form`: render the catalogue's questions, validate, save, move on.

Conditional questions: a form sends its widgets' values only on submit, so which questions
are shown is decided from the answers already saved (`Question.asked(profile)`). When a
submit makes new questions apply on the same page (Step 1 now "passed" → its date and
attempts), the answers are saved and the page stays, pointing at the new questions; the
next submit moves on. Answers to questions that stop applying are dropped on save.
"""

from __future__ import annotations

from datetime import date, timedelta
from enum import Enum
from typing import Any

import streamlit as st
from pydantic import ValidationError

from wizard.domain.countries import COUNTRIES
from wizard.domain.profile import STEP_MODELS, field_errors, parse_profile
from wizard.domain.questions import Question, questions_for
from wizard.ui import nav, state

EXAM_GROUPS = {
    "step1": "USMLE Step 1",
    "step2ck": "USMLE Step 2 CK",
    "step3": "USMLE Step 3",
    "oet": "OET Medicine",
}


def _country_options(exclude: tuple[str, ...] = ()) -> list[str]:
    return sorted((c for c in COUNTRIES if c not in exclude), key=lambda c: COUNTRIES[c])


def _jurisdictions() -> dict[str, str]:
    from wizard.domain.states import JURISDICTIONS

    return dict(JURISDICTIONS)


def _specialties() -> dict[str, str] | None:
    book = state.rule_book().book
    data = getattr(book, "data", None) if book else None
    if data is None:
        return None
    return {s.id: s.name for s in data.specialties.specialties}


def _choice(q: Question, key: str, options: list[Any], labels: dict[Any, str]) -> None:
    if len(options) <= 3:
        st.radio(
            q.label,
            options,
            format_func=lambda v: labels.get(v, str(v)),
            key=key,
            help=q.help or None,
            horizontal=True,
        )
    else:
        st.selectbox(
            q.label,
            options,
            format_func=lambda v: labels.get(v, str(v)),
            key=key,
            help=q.help or None,
            placeholder="Choose…",
        )


def render_question(q: Question, on: date) -> bool:
    """Draw the widget for one question; False when it cannot be asked (its list is missing)."""
    key = state.widget_key(q.path)
    kind = state.field_type(q.path)
    help_text = q.help or None
    if q.path in ("degree.school_country", "status.citizenship"):
        exclude = ("US",) if q.path == "degree.school_country" else ()
        _choice(q, key, _country_options(exclude), dict(COUNTRIES))
    elif q.path == "target.state":
        places = _jurisdictions()
        _choice(q, key, list(places), places)
    elif q.path == "target.specialty":
        names = _specialties()
        if names is None:
            st.caption(f"{q.label}: the list of specialties is not loaded yet, so this is not asked.")
            return False
        _choice(q, key, sorted(names, key=lambda i: names[i]), names)
    elif isinstance(kind, type) and issubclass(kind, Enum):
        _choice(q, key, list(q.options), q.options)
    elif kind is bool:
        _choice(q, key, [True, False], {True: "yes", False: "no"})
    elif kind is int:
        st.number_input(q.label, step=1, format="%d", key=key, help=help_text, placeholder="")
    elif kind is float:
        st.number_input(q.label, step=0.5, format="%.1f", key=key, help=help_text, placeholder="")
    elif kind is date:
        st.date_input(
            q.label,
            key=key,
            help=help_text,
            min_value=date(1950, 1, 1),
            max_value=on + timedelta(days=3 * 366),
            format="YYYY-MM-DD",
        )
    else:
        st.text_input(q.label, key=key, help=help_text, max_chars=100)
    return True


def _group(q: Question) -> str | None:
    parts = q.path.split(".")
    if parts[0] != "exams":
        return None
    return EXAM_GROUPS.get(parts[1], "ECFMG certificate and clinical skills")


def _validate(step: str, candidate: dict[str, Any], on: date) -> dict[str, str]:
    """Plain messages by dotted path; empty when the answers are acceptable."""
    data = state.nested(candidate)
    try:
        STEP_MODELS[step].model_validate(data.get(step, {}), context={"today": on})
    except ValidationError as exc:
        return {f"{step}.{k}" if k else step: v for k, v in field_errors(exc).items()}
    try:
        parse_profile(data, today=on)
    except ValidationError as exc:
        return field_errors(exc)
    return {}


def step_page(step: str) -> None:
    """The whole page for one question step."""
    page = nav.BY_KEY[step]
    on = state.today()
    st.header(page.title, anchor=False)
    store = state.answers()
    current = state.lenient_profile(store)
    shown = [q for q in questions_for(step) if q.asked(current)]
    new = set(st.session_state.pop(state.NEW, ()))
    if new:
        st.info(
            f"Thank you. Your answers opened {len(new)} more question"
            f"{'s' if len(new) != 1 else ''} on this page, marked “new”. "
            "Answer what you can, then press Next."
        )
    st.caption("Leave blank anything you don't know yet: the plan will say what it would unlock.")

    for q in shown:
        state.seed(q.path, state.to_widget(q.path, store.get(q.path)))

    slots: dict[str, Any] = {}
    asked: list[Question] = []
    with st.form(f"form-{step}", border=False):
        top = st.empty()
        group = None
        for q in shown:
            g = _group(q)
            if g and g != group:
                st.subheader(g, anchor=False)
                group = g
            if q.path in new:
                st.caption(":material/new_releases: New question")
            if render_question(q, on):
                asked.append(q)
            slots[q.path] = st.empty()
        with st.container(horizontal=True):
            back = st.form_submit_button("← Back", use_container_width=False)
            nxt = st.form_submit_button("Next →", type="primary")

    if not (back or nxt):
        return
    values = {q.path: state.from_widget(q.path, st.session_state.get(state.widget_key(q.path))) for q in asked}
    candidate = state.prune({**{k: v for k, v in store.items() if k not in values}, **values})
    errors = _validate(step, candidate, on)
    if errors:
        elsewhere = []
        for path, message in errors.items():
            if path in slots:
                slots[path].error(message, icon=":material/warning:")
            else:
                elsewhere.append((path, message))
        summary = "Please check the answer marked below; nothing you entered has been lost."
        if len(errors) > 1:
            summary = "Please check the answers marked below; nothing you entered has been lost."
        lines = [summary]
        from wizard.domain.questions import BY_PATH

        for path, message in elsewhere:
            label = BY_PATH[path].label if path in BY_PATH else "Your answers"
            lines.append(f"{label}: {message}")
        top.error("\n\n".join(lines), icon=":material/warning:")
        return
    state.save(candidate)
    appeared = [
        q.path
        for q in questions_for(step)
        if q.asked(state.lenient_profile(candidate)) and q.path not in {s.path for s in shown}
    ]
    if appeared and nxt:
        st.session_state[state.NEW] = appeared
        st.rerun()
    target = nav.neighbour(step, -1 if back else 1)
    if target:
        nav.go(target.key)
