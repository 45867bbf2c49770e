import streamlit as st

from wizard.domain.questions import BY_PATH
from wizard.ui import nav, room, samples_view, saveload, state

st.header("Welcome", anchor=False)
cleared = st.session_state.pop(room.CLEARED, None)
if cleared:
    st.success(
        "This tab was left idle, so its answers were cleared for the next person."
        if cleared == "idle"
        else "Your answers were cleared from this tab. You can hand the device to the next person.",
        icon=":material/check_circle:",
    )
st.markdown(
    "Answer a few short screens about your medical degree, exams, target state and specialty, "
    "visa needs and US experience. You get **a personal plan**: what you have already met, "
    "what is missing, the next steps in order, fast tracks that fit you, an estimated "
    "timeline and a PDF to take home."
)

with st.container(border=True):
    st.markdown("**What this is — and is not**")
    st.markdown(
        "- Guidance from published rules, each with its source and the date it was checked.\n"
        "- Not legal or immigration advice. Confirm with ECFMG, the state medical board and an "
        "immigration attorney before you act.\n"
        "- Where a fact is not published yet, the plan says so instead of guessing."
    )

with st.container(border=True):
    st.markdown("**Your privacy**")
    st.markdown(
        "- Nothing you enter is stored on the server or sent anywhere: your answers live only "
        "in this browser tab's session.\n"
        "- Reloading the page, closing the tab or letting your phone sleep for a while "
        "**loses your answers**. Press **Save my answers** (on the way, and on the Review and "
        "Summary pages) to keep a small file, and **Resume** below to pick up from it or from "
        "the PDF summary.\n"
        "- Every question is optional. Skip anything you don't want to share."
    )

name_q = BY_PATH["about.name"]
state.seed(name_q.path, state.answers().get(name_q.path))
with st.form("form-about", border=False):
    st.text_input(name_q.label, key=state.widget_key(name_q.path), help=name_q.help, max_chars=100)
    slot = st.empty()
    start = st.form_submit_button("Start →", type="primary")

saveload.resume_box()
samples_view.picker("welcome-example")

if start:
    from pydantic import ValidationError

    from wizard.domain.profile import STEP_MODELS, field_errors

    value = state.from_widget(name_q.path, st.session_state.get(state.widget_key(name_q.path)))
    try:
        STEP_MODELS["about"].model_validate({"name": value})
    except ValidationError as exc:
        slot.error(next(iter(field_errors(exc).values())), icon=":material/warning:")
    else:
        store = dict(state.answers())
        store[name_q.path] = value
        state.save(state.prune(store))
        nav.go("degree")
