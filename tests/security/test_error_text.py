"""An error inside the app shows a generic message, never the exception's text."""

from __future__ import annotations

import tomllib
import uuid
from pathlib import Path

from wizard_driver import go, new_app, texts

ROOT = Path(__file__).resolve().parents[2]


def test_the_hardened_config_hides_error_details_from_the_page():
    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    assert config["client"]["showErrorDetails"] == "none"
    assert config["client"]["showErrorLinks"] is False


def test_a_failing_plan_shows_a_generic_message_without_the_exception_text(monkeypatch):
    import wizard.ui.results

    canary = f"CANARY-PII-{uuid.uuid4().hex}"

    def boom(*args, **kwargs):
        raise ValueError(f"{canary} typed by a person")

    monkeypatch.setattr(wizard.ui.results, "evaluate", boom)
    at = new_app().run()
    go(at, "plan")
    shown = [*(str(e.value) for e in at.exception), *(str(getattr(e, "proto", "")) for e in at.exception), texts(at)]
    assert at.exception, "the failure should surface as Streamlit's error box"
    assert all(canary not in s for s in shown)
    assert "redacted" in str(at.exception[0].value).lower() or "error" in str(at.exception[0].value).lower()
