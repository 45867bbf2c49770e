"""A tab that reconnects asking for a session the server no longer holds is told so plainly
(end to end through nginx in tests/deploy/test_replicas.py); here, how the request is read."""

from wizard.ui.lost_session import asked_for_an_old_session


def test_a_first_connection_asks_for_no_old_session():
    assert not asked_for_an_old_session("streamlit")
    assert not asked_for_an_old_session("streamlit, xsrf-token")
    assert not asked_for_an_old_session(None)


def test_a_reconnecting_tab_names_its_old_session_in_the_third_entry():
    assert asked_for_an_old_session("streamlit, xsrf-token, 4b7c2e0a-session")
    assert not asked_for_an_old_session("streamlit, xsrf-token, ")
