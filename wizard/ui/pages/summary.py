import streamlit as st

from wizard.ui import nav, results, saveload

st.header("Summary", anchor=False)
res = results.current()
if res is None:
    st.stop()

st.markdown(
    "Take your plan home as a PDF. The PDF is made only when you press “Prepare my PDF”, "
    "and the server keeps it only for this tab: it is forgotten when you change an answer, "
    "clear your answers or leave."
)
st.caption("The PDF holds your answers (so the wizard can read them back later): share it only with people you trust.")
st.caption(
    "The “Your plan” page in this app holds the same content and is the accessible version "
    "of this summary (it works with screen readers and zoom)."
)

from wizard.ui.summary_view import download

download(res)
if not res.plan.scope:  # the dated actions and the Match cycle's days, beside the PDF
    from wizard.ui import actions_view

    actions_view.calendar_download(results.dated(res), res, key="download-ics-summary")
saveload.save_button("save-summary")

with st.container(horizontal=True):
    if st.button("← Timeline", key="summary-back"):
        nav.go("timeline")
    if st.button("Your plan", key="summary-plan"):
        nav.go("plan")
