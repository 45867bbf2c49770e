"""The timeline chart: a row per phase, labelled rules for today, Match Day and 1 July, a fixed
row height for phones, and a PNG for the PDF."""

from __future__ import annotations

from datetime import date

import pytest

from wizard.domain.profile import parse_profile
from wizard.outputs.chart import ROW_STEP, chart_png, chart_rows, timeline_chart
from wizard.outputs.timeline import build_timeline

ON = date(2026, 11, 25)


@pytest.fixture(scope="module")
def timeline(book):
    profile = parse_profile(
        {
            "degree": {"credentials_verified": "verified", "enrolment": "graduate", "graduation_year": 2020},
            "exams": {
                "step1": {"status": "passed"},
                "step2ck": {"status": "preparing"},
                "clinical_skills": "not_applied",
            },
            "target": {"specialty": "internal_medicine"},
        },
        today=ON,
    )
    return build_timeline(profile, book, on=ON)


@pytest.fixture(scope="module")
def spec(timeline):
    return timeline_chart(timeline, today=ON).to_dict()


def _layers(spec):
    return spec["layer"]


def _mark(layer):
    mark = layer["mark"]
    return mark["type"] if isinstance(mark, dict) else mark


def test_the_chart_has_one_row_per_phase(timeline, spec):
    rows = chart_rows(timeline)
    assert len(rows) == len(timeline.phases)
    bar_layer = next(layer for layer in _layers(spec) if _mark(layer) == "bar")
    assert bar_layer["encoding"]["y"]["sort"] == [r["row"] for r in rows]
    assert len(set(r["row"] for r in rows)) == len(rows)


def test_rows_have_an_explicit_step_height_and_the_width_follows_the_container(spec):
    assert spec["height"] == {"step": ROW_STEP}
    assert spec["width"] == "container"


def test_rules_mark_today_match_day_and_the_first_of_july(timeline, spec):
    rule_layers = [layer for layer in _layers(spec) if _mark(layer) == "rule" and "strokeDash" in layer["encoding"]]
    assert len(rule_layers) == 1
    values = rule_layers[0]["data"]["values"]
    assert {v["kind"]: v["when"] for v in values} == {
        "today": "2026-11-25",
        "match_day": timeline.match_day.isoformat(),
        "residency_start": timeline.residency_start.isoformat(),
    }
    assert timeline.residency_start.month == 7 and timeline.residency_start.day == 1


def test_every_rule_is_named_in_text_not_only_by_colour_or_dash(spec):
    text_layers = [layer for layer in _layers(spec) if _mark(layer) == "text"]
    labels = {v["label"] for layer in text_layers for v in layer["data"]["values"]}
    assert {"Today", "Match Day", "1 July"} <= labels
    assert len(text_layers) == 3  # one line each, so the labels never overlap


def test_estimates_are_marked_in_the_row_label_as_well_as_by_shading(timeline):
    rows = chart_rows(timeline)
    for row, phase in zip(rows, timeline.phases, strict=True):
        assert row["row"].startswith("≈") == phase.estimated


def test_the_whisker_spans_the_optimistic_to_conservative_ends(timeline):
    rows = {r["phase"]: r for r in chart_rows(timeline)}
    exam = timeline.phase("step2ck_exam")
    row = rows[exam.label]
    assert row["low"] == min(exam.end_optimistic, exam.end_conservative).isoformat()
    assert row["high"] == max(exam.end_optimistic, exam.end_conservative).isoformat()


def test_match_day_is_drawn_as_a_milestone_point(spec, timeline):
    points = [layer for layer in _layers(spec) if _mark(layer) == "point"]
    assert points and points[0]["mark"]["shape"] == "diamond"
    assert any(r["milestone"] and r["phase"] == "Match Day" for r in chart_rows(timeline))


def test_a_phase_with_an_unknown_end_gets_a_question_mark(book):
    profile = parse_profile(
        {
            "exams": {
                "step1": {"status": "passed"},
                "step2ck": {"status": "passed"},
                "clinical_skills": "pathway_accepted",
            }
        },
        today=ON,
    )
    timeline = build_timeline(profile, book, on=ON)  # no specialty chosen: residency length unknown
    rows = {r["phase"]: r for r in chart_rows(timeline)}
    assert rows["Residency"]["row"].endswith("?")
    assert rows["Residency"]["to"] == "unknown"


def test_the_chart_renders_to_a_png_for_the_pdf(timeline):
    png = chart_png(timeline_chart(timeline, today=ON))
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    assert len(png) > 10_000


@pytest.mark.parametrize("today", [ON, date(2027, 3, 1)])
def test_the_fast_spec_is_the_same_chart_as_the_altair_one(timeline, today):
    from wizard.outputs.chart import timeline_spec

    assert timeline_spec(timeline, today=today) == timeline_chart(timeline, today=today).to_dict()


def test_the_fast_spec_follows_a_phase_with_an_unknown_end(book):
    from wizard.outputs.chart import timeline_spec

    profile = parse_profile({"degree": {"enrolment": "student"}}, today=ON)
    t = build_timeline(profile, book, on=ON)
    assert timeline_spec(t, today=ON) == timeline_chart(t, today=ON).to_dict()


# -- The state-pathway track beside the residency track ------------------------------------------


@pytest.fixture(scope="module")
def two_tracks(book):
    """An experienced specialist with a job offer in Tennessee: residency and pathway tracks."""
    from wizard.outputs.timeline import ALTERNATIVE_TRACK

    profile = parse_profile(
        {
            "degree": {
                "enrolment": "graduate",
                "graduation_year": 2010,
                "credentials_verified": "verified",
                "licensed_abroad": True,
                "practice_years_abroad": 9,
                "postgrad_training_years_abroad": 4,
                "specialist_certified_abroad": True,
            },
            "exams": {
                "step1": {"status": "passed"},
                "step2ck": {"status": "passed"},
                "step3": {"status": "passed"},
                "ecfmg_certified": True,
                "oet": {"status": "passed"},
            },
            "target": {"state": "TN", "job_offer_in_state": True, "specialty": "internal_medicine"},
            "status": {"us_status": "permanent_resident"},
        },
        today=ON,
    )
    t = build_timeline(profile, book, on=ON)
    assert {p.track for p in t.phases} == {"residency", ALTERNATIVE_TRACK}
    return t


def test_the_two_tracks_differ_in_words_not_by_colour_alone(two_tracks):
    from wizard.outputs.timeline import ALTERNATIVE_PREFIX, ALTERNATIVE_TRACK

    rows = chart_rows(two_tracks)
    for row in rows:
        named = row["row"].removeprefix("≈ ").startswith(ALTERNATIVE_PREFIX)
        assert named == (row["track"] == ALTERNATIVE_TRACK), row["row"]
    # Residency rows first, then the pathway rows together (top to bottom on the axis).
    tracks = [r["track"] for r in rows]
    assert tracks == sorted(tracks, key=lambda t: t == ALTERNATIVE_TRACK)
    assert len({r["row"] for r in rows}) == len(rows)


def test_the_subtitle_explains_the_second_track_only_when_there_is_one(two_tracks, timeline):
    from wizard.outputs.chart import ALTERNATIVE_SUBTITLE

    assert ALTERNATIVE_SUBTITLE in timeline_chart(two_tracks, today=ON).to_dict()["title"]["subtitle"]
    assert ALTERNATIVE_SUBTITLE not in timeline_chart(timeline, today=ON).to_dict()["title"]["subtitle"]


def test_the_tracks_keep_their_own_colours(two_tracks):
    spec = timeline_chart(two_tracks, today=ON).to_dict()
    bar = next(layer for layer in _layers(spec) if _mark(layer) == "bar")
    assert bar["encoding"]["color"]["scale"]["domain"] == ["residency", "alternative_licence"]


def test_the_fast_spec_is_the_same_chart_with_two_tracks(two_tracks):
    from wizard.outputs.chart import timeline_spec

    assert timeline_spec(two_tracks, today=ON) == timeline_chart(two_tracks, today=ON).to_dict()


def test_two_tracks_stay_readable_on_a_390_px_phone(two_tracks):
    from wizard.outputs.chart import LABEL_LIMIT, ROW_STEP
    from wizard.outputs.timeline import ALTERNATIVE_PREFIX

    spec = timeline_chart(two_tracks, today=ON).to_dict()
    assert spec["height"] == {"step": ROW_STEP} and spec["width"] == "container"
    # The track's name leads the row label, so a label cut at the phone's label width keeps it
    # (about 6 px a character at 11 px).
    assert len("≈ " + ALTERNATIVE_PREFIX) * 6 < LABEL_LIMIT
    png = chart_png(spec, width=390 - 40)
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
