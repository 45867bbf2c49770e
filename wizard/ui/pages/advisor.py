"""The advisor's page (not in the attendees' steps): the join QR code, the anonymous room
summary, and the cohort from a CSV. Everything on it is behind the advisor passcode."""

from datetime import timedelta

import streamlit as st

from wizard.ui import nav, room, samples_view, state

st.header("Advisor", anchor=False)
cfg = room.settings()

if not room.advisor_signed_in():
    st.caption("This page is for the advisor running the session. Attendees: the wizard starts on the Welcome page.")
    nav.link("welcome", "Go to the wizard")
    if cfg.passcode is None:
        st.error(
            "No advisor passcode is set for this server, so this page stays locked. Start the "
            "server with `img-wizard serve --workshop` (it asks for one).",
            icon=":material/lock:",
        )
        st.stop()
    with st.form("advisor-login"):
        given = st.text_input("Advisor passcode", type="password", key="advisor-passcode", max_chars=200)
        opened = st.form_submit_button("Open the advisor page", type="primary")
    if opened:
        problem = room.try_passcode(given or "")
        if problem is None:
            st.rerun()
        st.error(problem, icon=":material/lock:")
    st.stop()


@st.cache_data(max_entries=4, show_spinner=False)
def _qr(url: str) -> bytes:
    from wizard.workshop.room import qr_png

    return qr_png(url)


st.subheader("Join the room", anchor=False)
if cfg.join_url:
    st.image(_qr(cfg.join_url), width=440, caption="Scan with the phone camera", output_format="PNG")
    st.markdown(f"### {cfg.join_url}")
    st.caption(
        "Attendees' answers stay in their own phone's tab; nothing is kept on this laptop. "
        "A phone that sleeps for long or reloads the page starts again: tell attendees to press "
        "“Save my answers” on the way."
    )
else:
    st.info(
        "Room mode is off: this server listens on this laptop only. Start it with "
        "`make workshop` (or `img-wizard serve --workshop`) to let phones join.",
        icon=":material/wifi_off:",
    )

st.subheader("Room summary", anchor=False)
if not cfg.room_summary:
    st.caption(
        "Off. Start with `--room-summary` to count, in memory only, how many attendees reach their "
        "plan and which requirements they miss most (numbers only, never answers)."
    )
else:

    @st.fragment(run_every=timedelta(seconds=15))
    def _summary() -> None:
        snap = room.room_snapshot()
        st.metric("Attendees who reached their plan", snap.reached_plan)
        if snap.details_hidden:
            st.caption("The most common missing requirements show once 5 attendees have reached their plan.")
            return
        book = state.rule_book().book

        def title(rule_id: str) -> str:
            try:
                return book.rule(rule_id).title if book is not None else rule_id
            except KeyError:
                return rule_id

        st.dataframe(
            [{"missing requirement": title(rid), "attendees": n} for rid, n in snap.missing],
            hide_index=True,
            width="stretch",
        )
        st.caption("Counts only, updated every 15 seconds; gone when the server stops.")

    _summary()

st.subheader("Walk the room through an example", anchor=False)
samples_view.picker("advisor-example")

st.subheader("Cohort from a CSV", anchor=False)
result = state.rule_book()
if result.book is None:
    st.caption("The cohort needs the rules, which could not be loaded (see above).")
else:
    from wizard.ui import cohort_view

    cohort_view.section(result.book, state.today())

st.divider()
if st.button("Lock the advisor page", key="advisor-lock", icon=":material/lock:"):
    from wizard.ui import cohort_view

    cohort_view.forget()
    room.sign_out()
    st.rerun()
