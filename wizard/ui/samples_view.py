""" "See an example": one click loads a sample person's answers and opens their plan.

On the Welcome page for anyone, and on the advisor page so an advisor can walk a room through a
plan without typing. Loading replaces the answers in this tab only (session memory).
"""

from __future__ import annotations

import streamlit as st
from pydantic import ValidationError

from wizard.domain.samples import BY_ID, SAMPLES, sample_profile
from wizard.ui import nav, state
from wizard.workshop import resume


def _load(sample_id: str) -> None:
    """Button callback: put the sample's answers in place of this tab's, then open the plan."""
    try:
        profile = sample_profile(sample_id, today=state.today())
    except ValidationError:
        # A sample is dated (a student's graduation year, an exam date): say so rather than fail.
        st.session_state[_PROBLEM] = f"The example “{BY_ID[sample_id].title}” is out of date for today's date."
        return
    state.replace_answers(resume.flat_answers(profile))
    st.session_state[_OPEN_PLAN] = True


_PROBLEM = "img.sample.problem"
_OPEN_PLAN = "img.sample.open_plan"


def picker(key: str) -> None:
    """A box with one button per sample person."""
    with st.container(border=True):
        st.markdown("**See an example**")
        st.caption(
            "Sample people written from the official rules. One click loads their answers in place "
            "of yours in this tab (save yours first) and opens their plan."
        )
        cols = st.columns(2)
        for i, sample in enumerate(SAMPLES):
            cols[i % 2].button(
                sample.title,
                key=f"{key}-{sample.id}",
                help=sample.who,
                on_click=_load,
                args=(sample.id,),
                width="stretch",
            )
        problem = st.session_state.pop(_PROBLEM, None)
        if problem:
            st.error(problem, icon=":material/event_busy:")
    if st.session_state.pop(_OPEN_PLAN, False):
        nav.go("plan")
