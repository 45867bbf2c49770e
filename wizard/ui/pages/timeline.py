import streamlit as st

from wizard.ui import nav, results

st.header("Timeline", anchor=False)
res = results.current()
if res is None:
    st.stop()

from wizard.ui.timeline_view import show

show(res)

with st.container(horizontal=True):
    if st.button("← Your plan", key="timeline-back"):
        nav.go("plan")
    if st.button("Try a different choice", key="timeline-whatif", icon=":material/alt_route:"):
        st.switch_page(nav.page_path("whatif"))
    if st.button("Summary →", key="timeline-next", type="primary"):
        nav.go("summary")
