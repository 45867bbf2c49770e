"""Windows and macOS start new processes with "spawn" (a fresh interpreter that imports what it
needs), not "fork": the PDF worker and the server must start that way too, so this runs them
with spawn explicitly."""

from __future__ import annotations

import multiprocessing
import os
import signal
import socket
import sys
import time
import urllib.request
from concurrent.futures import ProcessPoolExecutor

import pytest

from wizard.cli import main as cli_main
from wizard.domain.book import DEFAULT_RULES_DIR
from wizard.workshop import pdf_job

SPAWN = multiprocessing.get_context("spawn")
TODAY = "2026-11-25"
ANSWERS = '{"schema_version": 1, "degree": {"school_country": "IN", "enrolment": "graduate", "graduation_year": 2019}}'


def test_the_pdf_worker_makes_a_pdf_in_a_spawned_process_given_the_rules_folder():
    with ProcessPoolExecutor(max_workers=1, mp_context=SPAWN, initializer=pdf_job.warm_up) as pool:
        pdf = pool.submit(pdf_job.from_answers, ANSWERS, TODAY, str(DEFAULT_RULES_DIR)).result(timeout=300)
    assert pdf.startswith(b"%PDF-")


def _serve(port: int) -> None:
    sys.exit(cli_main(["serve", "--port", str(port)]))


def _healthy(url: str) -> bool:
    try:
        with urllib.request.urlopen(url + "/_stcore/health", timeout=1) as r:
            return r.status == 200
    except OSError:
        return False


def test_the_server_starts_from_a_spawned_process_and_stops_with_it():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    url = f"http://127.0.0.1:{port}"
    serving = SPAWN.Process(target=_serve, args=(port,))
    serving.start()
    try:
        deadline = time.monotonic() + 90
        while not _healthy(url):
            if not serving.is_alive() or time.monotonic() > deadline:
                pytest.fail(f"the server did not become healthy (exit code {serving.exitcode})")
            time.sleep(0.3)
    finally:
        os.kill(serving.pid, signal.SIGTERM)
        serving.join(timeout=30)
    assert serving.exitcode == 0
    assert not _healthy(url)  # the server went with the process that started it
