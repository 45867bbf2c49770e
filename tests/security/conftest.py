"""Security and privacy tests that need no browser: hostile input, broken rule books, error text."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tests" / "app"))  # the AppTest driver

TODAY = "2026-11-25"


@pytest.fixture(autouse=True)
def pinned_today(monkeypatch):
    monkeypatch.setenv("IMG_WIZARD_TODAY", TODAY)
