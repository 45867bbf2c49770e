"""PDFs for a room: a pool of worker processes, a bounded line, and each person's place in it.

No Streamlit here (the page that shows the place is `wizard.ui.summary_view`). What it owns:

* how many workers: one per CPU this process may use, at most `MAX_WORKERS` (or
  ``IMG_WIZARD_PDF_WORKERS``); each worker is a separate process, so drawing the chart and the
  PDF never holds the server's GIL;
* how long the line may be: at most `waiting_cap` jobs beyond the ones being made (or
  ``IMG_WIZARD_PDF_QUEUE``); a request beyond that is refused at once (`QueueFull`) so the page
  can say "try again in a minute" instead of hanging;
* where a job stands: how many jobs asked for before it are still unfinished, and about how long
  until it is done, from the average time of the recent jobs.

The job itself is a picklable callable (the app's is `wizard.workshop.pdf_job.from_answers`); the
queue knows nothing of answers or PDFs.
"""

from __future__ import annotations

import itertools
import math
import multiprocessing
import os
import threading
import time
from collections import deque
from collections.abc import Callable
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass

#: A laptop in a room rarely has more cores to give; more workers would starve the server.
MAX_WORKERS = 4
#: Jobs that may wait beyond the ones being made, per worker: a room of 300 asking within a minute fits.
WAITING_PER_WORKER = 60
#: The guess of a job's time before any job has finished (a warm PDF takes about a second).
FIRST_GUESS_S = 1.5


def _timed(job: Callable[..., bytes], *args: object) -> tuple[float, bytes]:
    """Run in the worker: the job's result and the seconds it took there (queue time excluded)."""
    started = time.perf_counter()
    out = job(*args)
    return time.perf_counter() - started, out


class QueueFull(RuntimeError):
    """Too many PDFs are already waiting: the person is asked to try again in a minute."""


def default_workers() -> int:
    """Workers for this machine: one per CPU this process may run on, capped."""
    wanted = os.environ.get("IMG_WIZARD_PDF_WORKERS", "")
    if wanted.strip().isdigit() and int(wanted) > 0:
        return int(wanted)
    return max(1, min(MAX_WORKERS, len(os.sched_getaffinity(0))))


def default_waiting_cap(workers: int) -> int:
    wanted = os.environ.get("IMG_WIZARD_PDF_QUEUE", "")
    if wanted.strip().isdigit():
        return int(wanted)
    return WAITING_PER_WORKER * workers


@dataclass(frozen=True)
class Place:
    """Where one job stands: unfinished jobs asked for before it, and about how many seconds left."""

    ahead: int
    about_s: float
    being_made: bool


class Ticket:
    """One person's job in the line."""

    def __init__(self, line: PdfQueue, number: int, future: Future[tuple[float, bytes]]):
        self._line = line
        self.number = number
        self.future = future

    def done(self) -> bool:
        return self.future.done()

    def wait(self, seconds: float) -> bool:
        """Wait up to `seconds` for the job; True when it is finished (well or badly)."""
        try:
            self.future.exception(timeout=seconds)
        except TimeoutError:
            return False
        except Exception:
            pass  # cancelled
        return True

    def result(self) -> bytes:
        _, data = self.future.result(timeout=0)
        return data

    def place(self) -> Place:
        return self._line.place_of(self)


class PdfQueue:
    """A pool of `workers` processes taking jobs in the order asked, with a bounded line."""

    def __init__(
        self,
        job: Callable[..., bytes],
        *,
        workers: int | None = None,
        waiting_cap: int | None = None,
        initializer: Callable[[], None] | None = None,
    ):
        self.job = job
        self.workers = workers or default_workers()
        self.waiting_cap = default_waiting_cap(self.workers) if waiting_cap is None else waiting_cap
        self._pool = ProcessPoolExecutor(
            max_workers=self.workers, mp_context=multiprocessing.get_context("spawn"), initializer=initializer
        )
        self._lock = threading.Lock()
        self._numbers = itertools.count(1)
        self._unfinished: dict[int, Ticket] = {}  # in the order asked (dicts keep insertion order)
        self._recent_s: deque[float] = deque(maxlen=20)

    def submit(self, *args: object) -> Ticket:
        """Put a job in line, or raise `QueueFull` at once when the line is full."""
        with self._lock:
            if len(self._unfinished) >= self.workers + self.waiting_cap:
                raise QueueFull(f"{len(self._unfinished)} PDFs already in line")
            number = next(self._numbers)
            future = self._pool.submit(_timed, self.job, *args)
            ticket = Ticket(self, number, future)
            self._unfinished[number] = ticket
        future.add_done_callback(lambda f: self._finished(number, f))
        return ticket

    def _finished(self, number: int, future: Future[tuple[float, bytes]]) -> None:
        with self._lock:
            self._unfinished.pop(number, None)
            if not future.cancelled() and future.exception() is None:
                self._recent_s.append(future.result()[0])

    def per_job_s(self) -> float:
        """How long one job takes a worker: the median of the recent ones (a first guess before any)."""
        with self._lock:
            recent = sorted(self._recent_s)
        return recent[len(recent) // 2] if recent else FIRST_GUESS_S

    def place_of(self, ticket: Ticket) -> Place:
        with self._lock:
            ahead = sum(1 for n in self._unfinished if n < ticket.number)
        per_job = self.per_job_s()
        rounds = math.floor(ahead / self.workers) + 1
        return Place(ahead=ahead, about_s=rounds * per_job, being_made=ahead < self.workers)

    def waiting(self) -> int:
        with self._lock:
            return len(self._unfinished)

    def shutdown(self) -> None:
        self._pool.shutdown(wait=False, cancel_futures=True)
