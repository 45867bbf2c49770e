import streamlit as st

from wizard.domain.questions import questions_for
from wizard.ui import nav, saveload, state
from wizard.ui.answers import shown_value

st.header("Review your answers", anchor=False)
st.caption("Check each section. Use “Change” to go back to a step; your other answers stay.")

store = state.answers()
profile = state.lenient_profile(store)
for step in nav.QUESTION_STEPS:
    page = nav.BY_KEY[step]
    with st.container(border=True):
        st.markdown(f"**{page.title}**")
        answered = [q for q in questions_for(step) if q.asked(profile) and store.get(q.path) is not None]
        if not answered:
            st.caption("Nothing answered yet.")
        for q in answered:
            st.caption(q.label)
            st.text(shown_value(q, store[q.path]))
        if st.button("Change", key=f"change-{step}", icon=":material/edit:"):
            nav.go(step)

name = store.get("about.name")
with st.container(border=True):
    st.caption("Your name (printed only on your PDF)")
    st.text(name or "not given")
    if st.button("Change", key="change-about", icon=":material/edit:"):
        nav.go("welcome")

saveload.save_button("save-review")
st.caption("Keep this file to pick up later with “Resume” on the Welcome page; share it only with people you trust.")

with st.container(horizontal=True):
    if st.button("← Back", key="review-back"):
        nav.go("experience")
    if st.button("See my plan →", key="review-next", type="primary"):
        nav.go("plan")
