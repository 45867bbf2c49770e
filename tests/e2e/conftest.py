"""Browser tests: Debian's chromium driven by Playwright against a real `streamlit run` on a free port.

In CI (CI=true) a missing chromium is a failure, never a skip.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from servers import start

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def chromium_path() -> str | None:
    for candidate in (os.environ.get("CHROMIUM_PATH"), "/usr/bin/chromium", shutil.which("chromium")):
        if candidate and Path(candidate).exists():
            return candidate
    return None


@pytest.fixture(scope="session")
def chromium() -> str:
    path = chromium_path()
    if path is None:
        message = "chromium is not installed (apt-get install chromium), so the browser tests cannot run"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    return path


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args, chromium):
    return {**browser_type_launch_args, "executable_path": chromium, "args": CHROMIUM_ARGS}


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {**browser_context_args, "viewport": {"width": 390, "height": 844}, "accept_downloads": True}


@pytest.fixture(scope="session")
def server(chromium, tmp_path_factory):
    """`streamlit run app.py` on a free loopback port; yields its base URL; stopped afterwards."""
    served = start(tmp_path_factory.mktemp("streamlit"))
    try:
        yield served.url
    finally:
        served.stop()
