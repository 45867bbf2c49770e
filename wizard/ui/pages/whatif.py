import streamlit as st

from wizard.ui import nav, state
from wizard.ui.whatif_view import show

st.header("Try a different choice", anchor=False)
st.caption(
    "Change one or more answers here and see your plan now beside the plan with the change. "
    "Your saved answers stay as they are until you press “Use this”."
)
book = state.rule_book().book
if book is None:
    st.stop()
show(state.profile(), book, state.today())

with st.container(horizontal=True):
    if st.button("← Your plan", key="whatif-back"):
        nav.go("plan")
