import streamlit as st

from wizard.ui import nav, state
from wizard.ui.compare_view import show

st.header("Compare states")
st.caption(
    "Licensing is state by state. Compare the residency years each state asks of international "
    "graduates and the licences some states now give experienced physicians trained abroad without "
    "a US residency, judged against your answers. Guidance, not legal or immigration advice: "
    "confirm with the state medical board."
)
book = state.rule_book().book
if book is None:
    st.stop()
show(book, state.profile(), state.today())

with st.container(horizontal=True):
    if st.button("← Your plan", key="compare-back"):
        nav.go("plan")
