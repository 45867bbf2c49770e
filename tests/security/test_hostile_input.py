"""Strangers type or upload anything: the answers model and the upload path answer with a
validation message, never a crash, and never repeat what was sent."""

from __future__ import annotations

import json
import math
from datetime import date

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from wizard.domain.profile import Profile, field_errors, parse_profile
from wizard.workshop.resume import ResumeError, read_upload

TODAY = date(2026, 11, 25)
FAST = settings(max_examples=150, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])

SECTIONS = ["about", "degree", "exams", "target", "status", "experience", "schema_version"]
FIELDS = [
    "name",
    "school_country",
    "graduation_year",
    "step1",
    "status",
    "score",
    "date",
    "state",
    "specialty",
    "match_year",
    "us_status",
    "usce_hands_on_months",
    "us_letters",
    "pathway_number",
]

nasty_text = st.one_of(
    st.text(max_size=40),
    st.text(alphabet=st.characters(min_codepoint=0, max_codepoint=0x1F), max_size=20),  # control characters
    st.sampled_from(
        [
            "\u202eevil",
            "\x00",
            "<script>alert(1)</script>",
            "![x](http://127.0.0.2:9/p.png)",
            ":red[Visa denied]",
            "ℕ𝕒𝕞𝕖",
            "Nguyễn Văn A",
            "محمد",
            "🩺" * 50,
            "A" * 5000,
        ]
    ),
)
nasty_number = st.one_of(
    st.integers(),
    st.integers(min_value=10**30, max_value=10**40),
    st.floats(allow_nan=True, allow_infinity=True),
    st.sampled_from([math.nan, math.inf, -math.inf, -0.0, 1e308, 2**63, -(2**63) - 1]),
)
leaf = st.one_of(st.none(), st.booleans(), nasty_number, nasty_text)
json_like = st.recursive(
    leaf,
    lambda children: (
        st.lists(children, max_size=4)
        | st.dictionaries(st.sampled_from(FIELDS) | st.text(max_size=8), children, max_size=4)
    ),
    max_leaves=25,
)
answers_like = st.dictionaries(st.sampled_from(SECTIONS), json_like, max_size=6)


def _dump(value) -> bytes:
    return json.dumps(value, allow_nan=True, ensure_ascii=False).encode("utf-8")


def _only_validation(data) -> None:
    try:
        profile = parse_profile(data, today=TODAY)
    except ValidationError as exc:
        messages = field_errors(exc)
        assert messages and all(isinstance(m, str) and m for m in messages.values())
    else:
        assert isinstance(profile, Profile)


@FAST
@given(answers_like)
def test_any_answers_dict_gives_a_profile_or_validation_messages(data):
    _only_validation(data)


@FAST
@given(answers_like)
def test_any_answers_json_text_gives_a_profile_or_validation_messages(data):
    _only_validation(_dump(data))


@FAST
@given(st.binary(max_size=2000))
@example(b"\xff\xfe\x00\x00")  # not UTF-8
@example(b"\xef\xbb\xbf{}")  # a byte-order mark
@example(b"[" * 100_000)  # deep nesting that makes json.loads raise RecursionError
@example(b'{"degree": {"graduation_year": ' + b"9" * 5000 + b"}}")  # over Python's int digit cap
@example(b'{"degree": {"graduation_year": NaN}}')
@example(b'{"degree": {"graduation_year": Infinity}}')
@example(b'{"about": {"name": "' + b"x" * 200_000 + b'"}}')
@example(b'{"about": {"name": "a"}, "about": {"name": "b"}}')  # duplicate keys
def test_any_bytes_as_answers_give_validation_messages_never_a_crash(raw):
    _only_validation(raw)


MARKER = "ZZ-MARKER-7f3a"


@FAST
@given(answers_like, st.sampled_from(["json", "pdf-like", "raw"]))
@example({"about": {"name": MARKER * 3}, "schema_version": 1}, "json")
@example({"schema_version": 1, "degree": {"graduation_year": MARKER}}, "json")
def test_an_uploaded_file_is_a_profile_or_one_plain_message_that_never_echoes_the_file(data, kind):
    body = _dump({**data, "note": MARKER}) if kind != "raw" else MARKER.encode() + _dump(data)
    if kind == "pdf-like":
        body = b"%PDF-1.7\n" + body  # claims to be a PDF, is not one
    result = read_upload(body, today=TODAY)
    assert isinstance(result, (Profile, ResumeError))
    if isinstance(result, ResumeError):
        assert MARKER not in str(result)
        assert str(result).strip()


@settings(max_examples=25, deadline=None, derandomize=True)
@given(st.integers(min_value=1, max_value=200_000))
def test_deep_nesting_at_any_depth_is_refused_cleanly(depth):
    raw = b'{"degree": ' + b"[" * depth + b"]" * depth + b"}"
    _only_validation(raw)
    assert isinstance(read_upload(raw, today=TODAY), ResumeError)


def test_big_uploads_are_refused_before_parsing():
    assert isinstance(read_upload(b"{" + b" " * (2 * 1024 * 1024) + b"}", today=TODAY), ResumeError)
    assert isinstance(read_upload(b"%PDF-1.7" + b"0" * (2 * 1024 * 1024), today=TODAY), ResumeError)
