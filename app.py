"""IMG Pathway Wizard: the router and the frame around every page. Run with `make run`."""

import streamlit as st

from wizard.ui import frame, lost_session, nav, room

st.set_page_config(
    page_title="IMG Pathway Wizard",
    page_icon="🩺",
    layout="centered",
    initial_sidebar_state="collapsed",
)

#: Pages outside the step-by-step flow: reachable by link, with no place in the stepper.
EXTRA_PAGES = [
    st.Page(nav.page_path("compare_states"), title="Compare states", icon="🗺️", url_path="compare_states"),
    st.Page(nav.page_path("whatif"), title="Try a different choice", icon="🔀", url_path="whatif"),
]

page = st.navigation([*nav.st_pages(), *EXTRA_PAGES, *room.pages()], position="hidden")
room.before_page()  # kiosk idle timeout (room mode only); does nothing otherwise
lost_session.notice()  # the server no longer holds this tab's answers: say so plainly
if (page.url_path or "welcome") in nav.BY_KEY:
    frame.header(page.url_path or "welcome")
else:
    st.markdown("**IMG Pathway Wizard**")
    frame.rules_problem_banner()
page.run()
frame.footer()
