"""IMG Pathway Wizard: the router and the frame around every page. Run with `make run`."""

import streamlit as st

from wizard.ui import frame, nav

st.set_page_config(
    page_title="IMG Pathway Wizard",
    page_icon="🩺",
    layout="centered",
    initial_sidebar_state="collapsed",
)

page = st.navigation(nav.st_pages(), position="hidden")
frame.header(page.url_path or "welcome")
page.run()
frame.footer()
