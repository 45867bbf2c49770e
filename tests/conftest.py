"""Shared fixtures: the real rule book, loaded once, and a pinned evaluation date.

The book is loaded without a pinned day: its sources may have been read after TODAY, the day
the tests work plans out for, and that must not make the book look broken.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from wizard.domain.book import load_rulebook

ROOT = Path(__file__).resolve().parent.parent
RULES = ROOT / "rules"
TODAY = date(2026, 11, 25)


@pytest.fixture(scope="session")
def book():
    return load_rulebook(RULES)


@pytest.fixture
def today() -> date:
    return TODAY
