"""The PDF line for a room: jobs run in worker processes in the order asked, each person is told
where they stand, a full line refuses at once, and someone who leaves gives their place up.

The jobs here wait for a gate file instead of making PDFs, so the test decides when they finish
(never a race with the clock); every wait is bounded generously for a busy machine."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from wizard.workshop.pdf_queue import PdfQueue, QueueFull

BOUND_S = 120.0


def gated_job(gate: str, name: str) -> bytes:
    """Runs in a worker: waits (bounded) until the gate file exists, then answers with the name."""
    deadline = time.monotonic() + BOUND_S
    while not Path(gate).exists() and time.monotonic() < deadline:
        time.sleep(0.02)
    return f"PDF for {name}".encode()


@pytest.fixture
def line():
    q = PdfQueue(gated_job, workers=1, waiting_cap=2)
    yield q
    q.shutdown()


def test_a_full_line_refuses_at_once_and_each_waiting_person_knows_how_many_are_ahead(line, tmp_path):
    gate = str(tmp_path / "open")
    first, second, third = (line.submit(gate, n) for n in ("Ana", "Bo", "Chi"))
    started = time.monotonic()
    with pytest.raises(QueueFull):
        line.submit(gate, "Dev")
    assert time.monotonic() - started < 5, "a full line must answer at once, not hang"

    assert first.place().ahead == 0 and first.place().being_made
    assert third.place().ahead == 2 and not third.place().being_made

    Path(gate).touch()
    assert all(t.wait(BOUND_S) for t in (first, second, third))
    assert [t.result() for t in (first, second, third)] == [b"PDF for Ana", b"PDF for Bo", b"PDF for Chi"]
    later = line.submit(gate, "Dev")  # room again once the line has moved
    assert later.wait(BOUND_S) and later.result() == b"PDF for Dev"


def test_someone_who_leaves_the_line_moves_everyone_behind_them_up(tmp_path):
    line = PdfQueue(gated_job, workers=1, waiting_cap=5)
    try:
        gate = str(tmp_path / "open")
        tickets = [line.submit(gate, n) for n in ("Ana", "Bo", "Chi", "Dev")]
        assert tickets[3].place().ahead == 3
        assert tickets[2].future.cancel(), "a job still waiting in line can be taken out"
        assert tickets[3].place().ahead == 2
        Path(gate).touch()
        assert tickets[3].wait(BOUND_S) and tickets[3].result() == b"PDF for Dev"
    finally:
        line.shutdown()


def test_the_estimate_counts_rounds_of_workers_from_the_time_a_job_takes(tmp_path):
    line = PdfQueue(gated_job, workers=2, waiting_cap=10)
    try:
        gate = str(tmp_path / "open")
        Path(gate).touch()
        assert line.submit(gate, "warm").wait(BOUND_S)
        per_job = line.per_job_s()
        assert 0 < per_job < BOUND_S
        gate2 = str(tmp_path / "closed")
        tickets = [line.submit(gate2, str(i)) for i in range(5)]
        # Two workers: the fifth person has four ahead, so waits two rounds and then their own.
        place = tickets[4].place()
        assert place.ahead == 4 and place.about_s == pytest.approx(3 * per_job)
        Path(gate2).touch()
        assert all(t.wait(BOUND_S) for t in tickets)
    finally:
        line.shutdown()
