"""The smallest Streamlit page: one widget. bench/load.py measures its server CPU per rerun next
to the wizard's pages, so the wizard's own cost can be told apart from Streamlit's."""

import streamlit as st

st.text_input("Your name", key="name")
