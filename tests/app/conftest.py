"""AppTest fixtures: a pinned 'today' for every browser-wizard test, and a realistic person."""

from __future__ import annotations

import pytest

from wizard.ui.state import TODAY_ENV

from wizard_driver import TODAY


@pytest.fixture(autouse=True)
def pinned_today(monkeypatch):
    monkeypatch.setenv(TODAY_ENV, TODAY.isoformat())
