"""AppTest fixtures: a pinned 'today' for every browser-wizard test, and a realistic person."""

from __future__ import annotations

import pytest
from wizard_driver import TODAY

from wizard.ui.state import TODAY_ENV


@pytest.fixture(autouse=True)
def pinned_today(monkeypatch):
    monkeypatch.setenv(TODAY_ENV, TODAY.isoformat())
