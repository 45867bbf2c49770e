"""Telling a person plainly when the server no longer holds their answers.

A browser tab that loses its connection reconnects by itself and asks for its old session (the
third entry of the websocket's ``Sec-WebSocket-Protocol`` header carries the old session id).
When the server still holds that session, the person notices nothing. When it does not (the
server, or this replica behind a proxy, was restarted or stopped; or the phone slept past the
disconnected-session time-out), Streamlit quietly starts a fresh, empty session: without this
note the person would find blank questions and no reason. Nothing is stored to know this: the
first run of a session that came in asking for an older one is the sign.

Owns: the sign and the words. Must not know: proxies or replicas (the same holds for one server).
"""

from __future__ import annotations

import streamlit as st

from wizard.ui import state

SEEN = "img.session_seen"  # set on a session's first run; a resumed session already has it
LOST = "img.session_lost"  # this session replaced one the server no longer had

MESSAGE = (
    "The connection to the wizard was lost and your earlier answers are no longer on the server "
    "(it was restarted, or this page was away too long). If you saved your answers file or PDF, "
    "choose **Resume** on the Welcome page to pick up where you left off; otherwise please start again."
)


def asked_for_an_old_session(protocol_header: str | None) -> bool:
    """Whether a websocket handshake asked to resume an earlier session (its third entry)."""
    entries = [e.strip() for e in (protocol_header or "").split(",")]
    return len(entries) >= 3 and bool(entries[2])


def notice() -> None:
    """Called by app.py on every run, before the page: shows the note while it applies."""
    if SEEN not in st.session_state:
        st.session_state[SEEN] = True
        try:
            header = st.context.headers.get("Sec-WebSocket-Protocol")
        except Exception:  # no browser connection (tests without one)
            header = None
        if asked_for_an_old_session(header):
            st.session_state[LOST] = True
    if st.session_state.get(LOST):
        if st.session_state.get(state.ANSWERS):
            st.session_state.pop(LOST)  # they have started again or resumed: the note has done its job
            return
        st.warning(MESSAGE, icon=":material/sync_problem:")
