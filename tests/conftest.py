"""Shared fixtures: the real rule book, loaded once, and a pinned evaluation date."""

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
    return load_rulebook(RULES, today=TODAY)


@pytest.fixture
def today() -> date:
    return TODAY
