"""Room mode in the browser: the settings the server was started with, the kiosk idle timeout,
"Clear my answers", the anonymous room counts and the advisor's passcode gate.

Session-state keys (this session only):
* ``img.last_activity`` — monotonic time of this session's last full run (a person's action).
* ``img.cleared`` — why the answers were just cleared ("clear" or "idle"), shown once on Welcome.
* ``img.room.missing`` — the requirement ids this session last added to the room counts.
* ``img.advisor`` — this session typed the advisor passcode.

Shared across sessions (`st.cache_resource`): the room counts (numbers only) and the passcode
throttle (failure times only). Neither holds an answer, a name or a session id.
"""

from __future__ import annotations

import os
import threading
import time
from collections import deque
from datetime import timedelta

import streamlit as st

from wizard.outputs.plan import Plan
from wizard.ui import nav
from wizard.workshop.room import RoomCounts, RoomSnapshot, Settings, passcode_matches

LAST_ACTIVITY = "img.last_activity"
CLEARED = "img.cleared"
CONTRIBUTED = "img.room.missing"
ADVISOR = "img.advisor"

ADVISOR_PATH = nav.page_path("advisor")
#: Wrong passcodes allowed per minute across the whole server, before everyone must wait.
MAX_FAILURES_PER_MINUTE = 10


def settings() -> Settings:
    return Settings.from_env(os.environ)


# ------------------------------------------------------------------ pages


def pages() -> list[st.Page]:
    """The advisor page, when this server has one (room mode or a configured passcode)."""
    if not settings().advisor_page:
        return []
    return [st.Page(ADVISOR_PATH, title="Advisor", icon="🧑‍🏫", url_path="advisor")]


# ------------------------------------------------------------------ clearing and the kiosk timeout


def clear_session(reason: str = "clear") -> None:
    """Forget everything this tab holds (its room contribution too), then say so on Welcome."""
    from wizard.ui import state

    if settings().room_summary:
        _room().forget(st.session_state.get(CONTRIBUTED))
    state.reset()
    st.session_state[CLEARED] = reason


def _idle_seconds() -> float | None:
    minutes = settings().kiosk_idle_minutes
    return minutes * 60.0 if minutes else None


def _expired(limit: float) -> bool:
    last = st.session_state.get(LAST_ACTIVITY)
    return isinstance(last, float) and time.monotonic() - last > limit


def _has_something() -> bool:
    from wizard.ui import state

    return bool(st.session_state.get(state.ANSWERS))


def before_page() -> None:
    """Called by app.py on every full run. With a kiosk timeout: a tab idle too long is cleared
    and sent to Welcome before anything renders; otherwise the activity clock restarts."""
    limit = _idle_seconds()
    if limit is None or advisor_signed_in():
        return  # the advisor's tab (the projected QR code) is no attendee's kiosk
    if _expired(limit) and _has_something():
        clear_session("idle")
        st.session_state[LAST_ACTIVITY] = time.monotonic()
        from wizard.ui import nav

        nav.go("welcome")
    st.session_state[LAST_ACTIVITY] = time.monotonic()
    _idle_watch(limit)


def _watch_interval(limit: float) -> float:
    return max(5.0, min(30.0, limit / 4))


def _idle_watch(limit: float) -> None:
    @st.fragment(run_every=timedelta(seconds=_watch_interval(limit)))
    def watch() -> None:
        # A fragment run is not a person's action: it reads the clock and does nothing else
        # unless the tab has been idle too long.
        if _expired(limit) and _has_something() and not advisor_signed_in():
            clear_session("idle")
            st.session_state[LAST_ACTIVITY] = time.monotonic()
            from wizard.ui import nav

            nav.go("welcome")

    watch()


# ------------------------------------------------------------------ room counts


@st.cache_resource(show_spinner=False)
def _room() -> RoomCounts:
    return RoomCounts()


def record_plan(plan: Plan) -> None:
    """This session reached the plan: count it once, and what it misses (ids only)."""
    if not settings().room_summary:
        return
    current = frozenset(i.id for i in plan.missing)
    previous = st.session_state.get(CONTRIBUTED)
    if previous == current:
        return
    _room().record(previous, current)
    st.session_state[CONTRIBUTED] = current


def room_snapshot() -> RoomSnapshot:
    return _room().snapshot()


# ------------------------------------------------------------------ the advisor's passcode


class _Throttle:
    """Times of recent wrong passcodes, server-wide: slows guessing from many tabs at once."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._failures: deque[float] = deque(maxlen=MAX_FAILURES_PER_MINUTE)

    def blocked(self) -> bool:
        with self._lock:
            now = time.monotonic()
            return len(self._failures) == self._failures.maxlen and now - self._failures[0] < 60

    def failed(self) -> None:
        with self._lock:
            self._failures.append(time.monotonic())


@st.cache_resource(show_spinner=False)
def _throttle() -> _Throttle:
    return _Throttle()


def advisor_signed_in() -> bool:
    return bool(st.session_state.get(ADVISOR))


def try_passcode(given: str) -> str | None:
    """None when the passcode is right (this tab is now signed in), else a message."""
    expected = settings().passcode
    if expected is None:
        return "No advisor passcode is set for this server, so the advisor page stays locked."
    throttle = _throttle()
    if throttle.blocked():
        return "Too many wrong passcodes just now. Wait a minute, then try again."
    if passcode_matches(given, expected):
        st.session_state[ADVISOR] = True
        return None
    throttle.failed()
    return "That passcode is not right."


def sign_out() -> None:
    st.session_state.pop(ADVISOR, None)
