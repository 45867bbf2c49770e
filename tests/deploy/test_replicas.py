"""Several replicas behind nginx (deploy/replicas.py with deploy/nginx.conf.template), on loopback.

People are simulated over Streamlit's own websocket (bench/stclient.py), as the load bench does.
Checked: every step and the PDF download of a session reach the replica that holds it; stopping
one replica loses only its sessions, whose people are told plainly to resume from their saved
file, while the other replica's people carry on; that replica started again takes new people.
Needs nginx (Debian's; CI installs it); without it the tests are skipped, in CI they fail.
Every wait is bounded generously; nothing races the clock.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import os
import re
import shutil
import sys
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path[:0] = [str(ROOT / "deploy"), str(ROOT / "bench")]

import load  # noqa: E402  (bench/load.py: the journey a person takes)
from replicas import Fleet, nginx_binary, render_config  # noqa: E402
from stclient import Session  # noqa: E402
from websockets.exceptions import ConnectionClosed  # noqa: E402

from wizard.ui.lost_session import MESSAGE  # noqa: E402

LOST_WORDS = "no longer on the server"
MAX_USERS = 100  # people joined one by one until both replicas hold some (2⁻³⁹ odds after 40)
JOIN_BOUND_S = 90.0  # a replica left out after a failure is tried again after fail_timeout (10 s)


def run_in_own_loop(coro_fn) -> None:
    """Run an async scenario on a fresh event loop in its own thread.

    Browser tests earlier in the same run leave Playwright's loop on this thread, where
    `asyncio.run` refuses to start another.
    """
    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
        pool.submit(asyncio.run, coro_fn()).result()


@pytest.fixture
def fleet():
    if shutil.which("nginx") is None and not Path("/usr/sbin/nginx").exists():
        if os.environ.get("CI"):
            pytest.fail("nginx is needed in CI (apt-get install nginx-light)")
        pytest.skip("nginx is not installed (apt-get install nginx-light)")
    with Fleet(2, env={"IMG_WIZARD_TODAY": load.TODAY}) as f:
        yield f


def sessions_on(fleet: Fleet, i: int) -> int:
    with urllib.request.urlopen(fleet.replica_url(i) + "/_stcore/metrics", timeout=30) as r:  # loopback
        text = r.read().decode()
    m = re.search(r"^active_sessions(?:\{[^}]*\})?\s+([0-9.]+)", text, re.M)
    return int(float(m.group(1))) if m else 0


async def join(fleet: Fleet, at_least_each: int) -> list[Session]:
    """People open the proxy's URL one by one until each replica holds `at_least_each` of them."""
    people: list[Session] = []
    deadline = time.monotonic() + JOIN_BOUND_S
    while len(people) < MAX_USERS and time.monotonic() < deadline:
        s = Session(fleet.url, timeout=120)
        await s.load_page()
        await s.connect()
        await s.run()
        people.append(s)
        if min(sessions_on(fleet, 0), sessions_on(fleet, 1)) >= at_least_each:
            return people
    raise AssertionError(f"{len(people)} people all landed on one replica: the route cookie does not spread them")


async def a_newcomer_lands_on(fleet: Fleet, i: int) -> bool:
    """Newcomers arrive (one every quarter second, each leaving again) until one is served by
    replica i: nginx tries a replica it left out again once its fail_timeout (10 s) is over."""
    deadline = time.monotonic() + JOIN_BOUND_S
    while time.monotonic() < deadline:
        s = Session(fleet.url, timeout=120)
        await s.load_page()
        await s.connect()
        await s.run()
        served_here = sessions_on(fleet, i) > 0
        await s.close()
        if served_here:
            return True
        await asyncio.sleep(0.25)
    return False


def test_the_template_names_every_replica_and_listens_on_loopback_only(tmp_path):
    text = render_config([8601, 8602], 8600, tmp_path)
    assert "server 127.0.0.1:8601 max_fails=1" in text and "server 127.0.0.1:8602 max_fails=1" in text
    assert "listen 127.0.0.1:8600;" in text and "@@" not in text
    assert "hash $img_route consistent;" in text
    assert str(tmp_path) in text and "/var/" not in text


def test_every_step_and_the_pdf_download_stay_with_the_replica_that_holds_the_session(fleet):
    nginx_binary()

    async def run() -> None:
        people = await join(fleet, at_least_each=2)
        before = (sessions_on(fleet, 0), sessions_on(fleet, 1))

        async def whole_journey(i: int, s: Session) -> None:
            run = s.last
            for step in load.journey(i):
                run = await s.run(load.states_for(run, step))
                assert not run.exceptions, run.exceptions
                assert step.lands_on in run.headings, (step.page, run.headings)
            data, not_found = await load.take_pdf(s, run)
            assert data.startswith(b"%PDF") and not_found == 0

        await asyncio.gather(*(whole_journey(i, s) for i, s in enumerate(people)))
        assert (sessions_on(fleet, 0), sessions_on(fleet, 1)) == before, "a session moved between replicas"
        for s in people:
            await s.close()

    run_in_own_loop(run)


def test_stopping_one_replica_loses_only_its_people_who_are_told_to_resume_and_its_restart_takes_new_ones(fleet):
    async def run() -> None:
        people = await join(fleet, at_least_each=2)
        for i, s in enumerate(people):  # everyone is past Welcome, on the degree step
            step = load.journey(i)[0]
            await s.run(load.states_for(s.last, step))
        on_first = sessions_on(fleet, 0)

        fleet.stop_replica(0)  # mid-run; also the first step of a rolling restart

        lost, carried_on = 0, 0
        for i, s in enumerate(people):
            step = load.journey(i)[1]
            try:
                run = await s.run(load.states_for(s.last, step))
            except ConnectionClosed:
                # What the browser does: reconnect (through the proxy) asking for its old session.
                lost += 1
                await s.connect(resume=True)
                run = await s.run()
                assert any(LOST_WORDS in a for a in run.alerts), run.alerts
                assert any("Resume" in a for a in run.alerts)
                continue
            carried_on += 1
            assert step.lands_on in run.headings and not run.exceptions
            assert not any(LOST_WORDS in a for a in run.alerts)
        assert lost == on_first and carried_on == len(people) - on_first

        fleet.start_replica(0)  # the rolling restart goes on: the replica is back and takes new people
        assert await a_newcomer_lands_on(fleet, 0)
        for s in people:
            await s.close()

    run_in_own_loop(run)


def test_the_lost_session_message_says_what_to_do_in_plain_words():
    assert LOST_WORDS in MESSAGE and "Resume" in MESSAGE and "Welcome page" in MESSAGE
