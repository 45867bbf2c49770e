"""Property tests: for any valid answers on any date, evaluation never raises and is deterministic."""

from __future__ import annotations

from datetime import date

from answer_strategies import answers
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from wizard.domain.profile import field_errors, parse_profile
from wizard.engine.evaluation import evaluate
from wizard.outputs.plan import build_plan


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=answers, on=st.dates(min_value=date(2025, 1, 1), max_value=date(2030, 12, 31)))
def test_evaluation_never_raises_and_is_deterministic_for_valid_answers(book, data, on):
    try:
        profile = parse_profile(data, today=on)
    except ValidationError as exc:
        assert all(isinstance(m, str) and m for m in field_errors(exc).values())
        return
    first = build_plan(evaluate(book, profile, on=on), book)
    second = build_plan(evaluate(book, profile, on=on), book)
    assert first == second


@settings(max_examples=200, deadline=None)
@given(
    raw=st.recursive(
        st.none() | st.booleans() | st.integers() | st.text(max_size=20),
        lambda c: st.lists(c, max_size=4) | st.dictionaries(st.text(max_size=12), c, max_size=4),
        max_leaves=30,
    )
)
def test_arbitrary_json_gives_validation_messages_never_a_crash(raw):
    try:
        parse_profile(raw, today=date(2026, 11, 25))
    except ValidationError as exc:
        assert field_errors(exc)
