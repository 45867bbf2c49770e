"""The timeline lays out the remaining phases in three lanes and lands each lane in a real Match.

Most tests run on a small, pinned set of tables written here by hand (three published Match
cycles, round-number durations, three specialties), so the expected dates below are worked
out by hand and do not move when the shipped data is corrected. One group runs on the real
rule book and checks only properties that must hold for any data.

Hand arithmetic used below: a month is 30.4375 days, rounded to whole days; USMLE scores come
out on the first Wednesday on or after test day + lag.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from types import SimpleNamespace

import pytest

from wizard.domain.profile import parse_profile
from wizard.domain.state_pathways import Verdict, assess_state, best_for
from wizard.domain.states import load_states
from wizard.domain.tables import load_tables
from wizard.engine.rulebook import RuleBook
from wizard.outputs.timeline import ALTERNATIVE_PREFIX, ALTERNATIVE_TRACK, RESIDENCY_TRACK, build_timeline

ROOT = Path(__file__).resolve().parents[2]
ON = date(2026, 11, 25)

SRC = [{"url": "https://example.org/fixture", "title": "Pinned test fixture", "as_of": "2026-11-01"}]


def _fact(value: str) -> dict:
    return {"value": value, "sources": SRC}


def _unknown() -> dict:
    return {"value": None, "unknown_reason": "Not in the fixture."}


def _cycle(year, opens, submit, reg, review, ranking, rol, match, soap) -> dict:
    return {
        "match_year": year,
        "eras_season_opens": _fact(opens),
        "eras_submissions_open": _fact(submit),
        "nrmp_registration_opens": _fact(reg),
        "eras_programs_review": _fact(review),
        "ranking_opens": _fact(ranking),
        "rank_list_deadline": _fact(rol),
        "match_day": _fact(match),
        "soap_start": _fact(soap),
        "residency_start": _fact(f"{year}-07-01"),
        "sources": SRC,
    }


CYCLES = [
    _cycle(
        2027,
        "2026-06-03",
        "2026-09-02",
        "2026-09-15",
        "2026-09-23",
        "2027-02-01",
        "2027-03-03",
        "2027-03-19",
        "2027-03-15",
    ),
    _cycle(
        2028,
        "2027-06-02",
        "2027-09-01",
        "2027-09-15",
        "2027-09-22",
        "2028-02-01",
        "2028-03-01",
        "2028-03-17",
        "2028-03-13",
    ),
    _cycle(
        2029,
        "2028-06-07",
        "2028-09-06",
        "2028-09-15",
        "2028-09-27",
        "2029-02-01",
        "2029-02-28",
        "2029-03-16",
        "2029-03-12",
    ),
]


def _duration(id_, unit, lo, typ, hi, estimate=True) -> dict:
    return {
        "id": id_,
        "label": id_.replace("_", " "),
        "unit": unit,
        "min": lo,
        "typical": typ,
        "max": hi,
        "estimate": estimate,
        "confidence": "low",
        "sources": SRC,
    }


DURATIONS = [
    _duration("credential_verification", "days", 10, 30, 60),
    _duration("study_step1", "months", 3, 5, 8),
    _duration("study_step2ck", "months", 2, 3, 5),
    _duration("study_step3", "months", 1, 2, 3),
    _duration("score_release_step1", "weeks", 3, 4, 8, False),
    _duration("score_release_step2ck", "weeks", 3, 4, 8, False),
    _duration("score_release_step3", "weeks", 3, 4, 8, False),
    _duration("booking_step1_step2ck", "weeks", 3, 6, 10),
    _duration("booking_step3", "weeks", 3, 5, 8),
    _duration("oet_booking", "weeks", 1, 3, 6),
    _duration("oet_results", "business_days", 10, 15, 17, False),
    _duration("pathways_decision", "weeks", 2, 6, 10),
    _duration("ecfmg_certificate_issue", "weeks", 1, 2, 4, False),
    _duration("state_licence_after_gme", "months", 1.5, 3, 6),
]


def _specialty(id_, name, years, years_max=None) -> dict:
    out = {"id": id_, "name": name, "length_years": years, "match_route": "eras_nrmp", "sources": SRC}
    if years is None:
        out["length_unknown_reason"] = "Programs differ."
    else:
        out["length_confidence"] = "high"
    if years_max:
        out["length_years_max"] = years_max
    return out


SPECIALTIES = [
    _specialty("internal_medicine", "Internal medicine", 3),
    _specialty("general_surgery", "General surgery", 5),
    _specialty("emergency_medicine", "Emergency medicine", 3, 4),
    _specialty("plastic_surgery", "Plastic surgery", None),
]

SEASONS = [
    {
        "match_year": 2027,
        "announced": True,
        "application_opens": _fact("2026-08-18"),
        "application_closes": _fact("2027-01-31"),
        "oet_taken_on_or_after": _fact("2025-01-01"),
        "pathway1_licence_valid_on_or_after": _unknown(),
        "pathways_3_5_graduated_on_or_after": _unknown(),
        "sources": SRC,
    }
]


@pytest.fixture(scope="module")
def pinned(tmp_path_factory) -> RuleBook:
    """The shipped tables with the calendar, seasons, durations and specialties replaced."""
    folder = tmp_path_factory.mktemp("tables")
    real = ROOT / "rules" / "tables"
    pattern = json.loads((real / "match_cycles.json").read_text(encoding="utf-8"))["pattern"]
    files = {
        "match_cycles.json": {"match_cycles": CYCLES, "pattern": pattern},
        "pathways_seasons.json": {"seasons": SEASONS},
        "durations.json": {"durations": DURATIONS},
        "specialties.json": {"specialties": SPECIALTIES},
    }
    for path in real.glob("*.json"):  # every other shipped table as it is (fees, Match outcomes, visas…)
        files.setdefault(path.name, json.loads(path.read_text(encoding="utf-8")))
    for name, content in files.items():
        (folder / name).write_text(json.dumps(content), encoding="utf-8")
    return RuleBook(rules=(), data=load_tables(folder), states=None)


def answers(on: date = ON, **sections) -> object:
    return parse_profile(sections, today=on)


VERIFIED = {"credentials_verified": "verified", "enrolment": "graduate", "graduation_year": 2020}


def ready_except_step2(step2ck: dict, on: date = ON, **more):
    return answers(
        on,
        degree=VERIFIED,
        exams={"step1": {"status": "passed"}, "step2ck": step2ck, "clinical_skills": "pathway_accepted"},
        **more,
    )


# --------------------------------------------------------------------------- the Match cycle


def test_a_step2ck_result_before_eras_opens_to_programs_lands_in_that_seasons_match(pinned):
    # Test 12 May 2027 + 4 weeks = 9 Jun 2027, well before programs review on 22 Sep 2027.
    t = build_timeline(ready_except_step2({"status": "scheduled", "date": "2027-05-12"}), pinned, on=ON)
    assert t.earliest_match_year == 2028
    assert [lp.match_year for lp in t.lanes] == [2028, 2028, 2028]
    assert t.phase("step2ck_exam").end_typical == date(2027, 6, 9)
    assert t.phase("step2ck_exam").end_conservative == date(2027, 7, 7)
    assert t.match_day == date(2028, 3, 17)
    assert t.residency_start == date(2028, 7, 1)


def test_the_decided_by_sentence_names_the_last_test_day_and_the_program_review_day(pinned):
    t = build_timeline(ready_except_step2({"status": "scheduled", "date": "2027-05-12"}), pinned, on=ON)
    # 25 Aug 2027 + 28 days = Wednesday 22 Sep 2027, the day programs start reviewing.
    assert "Step 2 CK by 25 Aug 2027" in t.decided_by
    assert "24 Sep" not in t.decided_by
    assert "22 Sep 2027" in t.decided_by
    assert "2028 Match" in t.decided_by


def test_a_step2ck_result_after_eras_opens_to_programs_moves_to_the_next_cycle(pinned):
    # Test 1 Sep 2027: typical result 29 Sep 2027, a week after programs review (22 Sep).
    t = build_timeline(ready_except_step2({"status": "scheduled", "date": "2027-09-01"}), pinned, on=ON)
    assert t.earliest_match_year == 2029
    assert t.match_day == date(2029, 3, 16)
    assert t.phase("match_day").start == date(2029, 3, 16)
    assert "2028 Match is out of reach" in t.decided_by
    assert "sit it by 25 Aug 2027" in t.decided_by


def test_each_lane_can_land_in_a_different_cycle(pinned):
    # Optimistic lag 3 weeks: result Wed 22 Sep 2027, just in time for 2028.
    t = build_timeline(ready_except_step2({"status": "scheduled", "date": "2027-09-01"}), pinned, on=ON)
    assert t.lane("optimistic").match_year == 2028
    assert t.lane("typical").match_year == 2029
    assert t.lane("conservative").match_year == 2029
    assert t.phase("match_day").end_optimistic == date(2028, 3, 17)
    assert any("different Match cycles" in n for n in t.notes)


def test_someone_ready_now_but_after_this_seasons_review_day_is_told_about_the_current_match(pinned):
    everything = answers(
        degree=VERIFIED,
        exams={"step1": {"status": "passed"}, "step2ck": {"status": "passed"}, "clinical_skills": "pathway_accepted"},
    )
    t = build_timeline(everything, pinned, on=ON)
    assert t.earliest_match_year == 2028  # the 2027 season opened to programs on 23 Sep 2026
    assert any("already applied" in n and "3 Mar 2027" in n for n in t.notes)


def test_the_readiness_rule_is_stated_with_its_sources(pinned):
    t = build_timeline(answers(), pinned, on=ON)
    assert "rank-list deadline" in t.rule and "late September" in t.rule
    urls = " ".join(str(s.url) for s in t.rule_sources)
    assert "aamc.org" in urls and "nrmp.org" in urls and "ecfmg.org" in urls


# --------------------------------------------------------------------------- failed attempts


def test_a_failed_step2ck_attempt_pushes_the_plan_to_the_next_match(pinned):
    on = date(2027, 6, 16)
    booked = build_timeline(ready_except_step2({"status": "scheduled", "date": "2027-07-14"}, on), pinned, on=on)
    failed = build_timeline(
        ready_except_step2({"status": "failed", "date": "2027-06-02", "failed_attempts": 1}, on),
        pinned,
        on=on,
    )
    assert booked.earliest_match_year == 2028
    # Retake: 3 months of study from 16 Jun 2027 = 15 Sep 2027; result Wed 13 Oct 2027.
    assert failed.phase("step2ck_exam").start == date(2027, 9, 15)
    assert failed.phase("step2ck_exam").end_typical == date(2027, 10, 13)
    assert failed.earliest_match_year == 2029


def test_a_retake_is_labelled_and_counts_the_attempt(pinned):
    t = build_timeline(
        answers(
            degree=VERIFIED,
            exams={
                "step1": {"status": "failed", "date": "2026-10-01", "failed_attempts": 3},
                "clinical_skills": "pathway_accepted",
            },
        ),
        pinned,
        on=ON,
    )
    assert t.phase("step1_prep").label == "Step 1 retake study"
    note = t.phase("step1_exam").note
    assert "Attempt 4 of 4" in note and "last permitted attempt" in note


def test_four_failed_attempts_leave_no_residency_track_and_say_why(pinned):
    t = build_timeline(answers(exams={"step1": {"status": "failed", "failed_attempts": 4}}), pinned, on=ON)
    assert t.residency_track is False
    assert t.phases == ()
    assert t.earliest_match_year is None
    assert "4 failed attempts at Step 1" in t.decided_by
    assert "cannot apply for any Step" in t.notes[0]


# --------------------------------------------------------------------------- residency and licence


@pytest.mark.parametrize(
    ("specialty", "end"),
    [("internal_medicine", date(2031, 6, 30)), ("general_surgery", date(2033, 6, 30))],
)
def test_residency_length_follows_the_specialty(pinned, specialty, end):
    t = build_timeline(ready_except_step2({"status": "passed"}, target={"specialty": specialty}), pinned, on=ON)
    residency = t.phase("residency")
    assert residency.start == date(2028, 7, 1)
    assert residency.end_typical == end


def test_internal_medicine_is_3_years_and_general_surgery_5(pinned):
    im = build_timeline(
        ready_except_step2({"status": "passed"}, target={"specialty": "internal_medicine"}), pinned, on=ON
    )
    gs = build_timeline(
        ready_except_step2({"status": "passed"}, target={"specialty": "general_surgery"}), pinned, on=ON
    )
    assert im.specialty_years == 3 and im.phase("residency").label == "Residency (3 y)"
    assert gs.specialty_years == 5 and gs.phase("residency").label == "Residency (5 y)"


def test_a_longer_format_of_a_specialty_shows_in_the_conservative_lane(pinned):
    t = build_timeline(
        ready_except_step2({"status": "passed"}, target={"specialty": "emergency_medicine"}), pinned, on=ON
    )
    assert t.phase("residency").end_typical == date(2031, 6, 30)
    assert t.phase("residency").end_conservative == date(2032, 6, 30)


def test_a_specialty_of_unknown_length_says_so_instead_of_guessing(pinned):
    t = build_timeline(ready_except_step2({"status": "passed"}, target={"specialty": "plastic_surgery"}), pinned, on=ON)
    residency = t.phase("residency")
    assert residency.end_typical is None and residency.end_conservative is None
    assert "not known" in residency.note and "Programs differ" in residency.note


def test_a_specialty_not_in_the_data_says_so(pinned):
    t = build_timeline(ready_except_step2({"status": "passed"}, target={"specialty": "space_medicine"}), pinned, on=ON)
    assert t.phase("residency").end_typical is None
    assert "not in our data" in t.phase("residency").note


def _states(years):
    fact = SimpleNamespace(value=years, sources=(), unknown_reason=None if years else "Not published.")
    record = SimpleNamespace(gme=SimpleNamespace(img_years=fact))
    return SimpleNamespace(get=lambda code: record)


def test_full_licence_waits_for_the_states_years_of_training(pinned):
    book = pinned.model_copy(update={"states": _states(3)})
    t = build_timeline(
        ready_except_step2({"status": "passed"}, target={"specialty": "internal_medicine", "state": "CA"}),
        book,
        on=ON,
    )
    # Eligible 1 Jul 2031 (3 years from 1 Jul 2028), then 3 months (91 days) of board processing.
    assert t.phase("licence").end_typical == date(2031, 9, 30)
    assert "CA requires 3 years" in t.phase("licence").note


def test_an_unknown_state_requirement_is_reported_not_guessed(pinned):
    book = pinned.model_copy(update={"states": _states(None)})
    t = build_timeline(ready_except_step2({"status": "passed"}, target={"state": "NY"}), book, on=ON)
    assert t.phase("licence").end_typical is None
    assert "not known to us" in t.phase("licence").note


def test_without_state_data_the_licence_end_is_unknown(pinned):
    t = build_timeline(ready_except_step2({"status": "passed"}, target={"state": "TX"}), pinned, on=ON)
    assert t.phase("licence").end_typical is None


# --------------------------------------------------------------------------- visas and Step 3


def test_a_us_citizen_and_a_visa_applicant_get_the_same_exam_dates(pinned):
    base = {
        "degree": VERIFIED,
        "exams": {"step1": {"status": "passed"}, "step2ck": {"status": "preparing"}, "clinical_skills": "not_applied"},
    }
    citizen = build_timeline(answers(**base, status={"us_status": "citizen"}), pinned, on=ON)
    visa = build_timeline(answers(**base, status={"us_status": "needs_visa", "visa_preference": "j1"}), pinned, on=ON)
    exam_phases = ("step2ck_prep", "step2ck_exam", "oet", "pathways", "ecfmg_certificate")
    for pid in exam_phases:
        assert citizen.phase(pid) == visa.phase(pid)
    assert [lp.match_year for lp in citizen.lanes] == [lp.match_year for lp in visa.lanes]


def test_step3_comes_in_pgy1_by_default_and_before_the_match_for_an_h1b(pinned):
    base = {
        "degree": VERIFIED,
        "exams": {
            "step1": {"status": "passed"},
            "step2ck": {"status": "passed"},
            "clinical_skills": "pathway_accepted",
        },
    }
    j1 = build_timeline(answers(**base, status={"us_status": "needs_visa", "visa_preference": "j1"}), pinned, on=ON)
    h1b = build_timeline(answers(**base, status={"us_status": "needs_visa", "visa_preference": "h1b"}), pinned, on=ON)
    assert j1.phase("step3").start == date(2028, 7, 1)
    assert j1.phase("step3").end_typical == date(2029, 6, 30)
    assert h1b.phase("step3").end_typical < h1b.match_day
    assert h1b.phase("step3").label == "Step 3 (before Match)"
    assert "H-1B" in h1b.phase("step3").note


# --------------------------------------------------------------------------- other paths


def test_credential_verification_finishes_before_the_first_test_day(pinned):
    t = build_timeline(answers(degree={"credentials_verified": "not_started"}), pinned, on=ON)
    credentials = t.phase("credentials")
    assert credentials.end_typical == date(2026, 12, 25)
    assert t.phase("step1_exam").start >= credentials.end_typical
    assert "before you can register" in credentials.note


def test_a_student_graduating_in_june_cannot_start_residency_that_july(pinned):
    t = build_timeline(
        answers(
            degree={"enrolment": "student", "graduation_year": 2028, "credentials_verified": "verified"},
            exams={
                "step1": {"status": "passed"},
                "step2ck": {"status": "passed"},
                "clinical_skills": "pathway_accepted",
            },
        ),
        pinned,
        on=ON,
    )
    assert t.earliest_match_year == 2029
    assert any("graduate by 30 June 2028" in a for a in t.assumptions)


def test_the_pathways_phase_sits_inside_the_seasons_window(pinned):
    t = build_timeline(
        answers(
            degree=VERIFIED,
            exams={"step1": {"status": "passed"}, "step2ck": {"status": "passed"}, "clinical_skills": "not_applied"},
        ),
        pinned,
        on=ON,
    )
    # Season 2028 is not in the fixture: projected from 2027 (opens 18 Aug) to 18 Aug 2027.
    pathways = t.phase("pathways")
    assert pathways.start == date(2027, 8, 18)
    assert pathways.end_typical == date(2027, 9, 29)  # + 6 weeks
    assert pathways.projected
    assert t.phase("oet").end_typical <= pathways.start


def test_partial_answers_assume_the_typical_case_and_say_so(pinned):
    t = build_timeline(answers(), pinned, on=ON)
    assert t.residency_track is True
    assert t.earliest_match_year is not None
    joined = " ".join(t.assumptions)
    assert "Step 1: not answered" in joined
    assert "Credential verification: not answered" in joined
    assert "Specialty: not chosen" in joined


def test_a_cycle_with_no_published_calendar_is_labelled_projected(pinned):
    slow = answers(
        degree={"credentials_verified": "not_started"},
        exams={"step1": {"status": "not_started"}, "step2ck": {"status": "not_started"}},
    )
    # From 1 Mar 2028: Step 1 on 31 Jul 2028 (5 months), Step 2 CK on 30 Oct 2028 (3 months),
    # after 2029's review day (27 Sep 2028), so 2030, which the fixture does not publish.
    t = build_timeline(slow, pinned, on=date(2028, 3, 1))
    assert t.phase("step2ck_exam").start == date(2028, 10, 30)
    assert t.earliest_match_year == 2030
    assert t.lane("typical").projected
    assert t.phase("match_day").projected
    row = next(r for r in t.to_rows(as_text=True) if r["phase"] == "Match Day")
    assert "projected" in row["estimate?"]


def test_rows_for_a_table_carry_the_columns_a_reader_needs(pinned):
    t = build_timeline(
        ready_except_step2({"status": "passed"}, target={"specialty": "internal_medicine"}), pinned, on=ON
    )
    rows = t.to_rows()
    assert len(rows) == len(t.phases)
    assert {"phase", "start", "typical end", "optimistic", "conservative", "estimate?", "source"} <= set(rows[0])
    assert all(r["source"] for r in rows)
    text = t.to_rows(as_text=True)
    match = next(r for r in text if r["phase"] == "Match Day")
    assert match["start"] == "17 Mar 2028"


def test_phases_are_in_date_order_on_the_residency_track(pinned):
    t = build_timeline(answers(), pinned, on=ON)
    starts = [p.start for p in t.phases]
    assert starts == sorted(starts)
    assert {p.track for p in t.phases} == {RESIDENCY_TRACK}


def test_the_same_answers_and_date_give_the_same_timeline(pinned):
    profile = answers(degree=VERIFIED)
    assert build_timeline(profile, pinned, on=ON) == build_timeline(profile, pinned, on=ON)


# --------------------------------------------------------------------------- the shipped data


PERSONAS = [
    {},
    {
        "degree": VERIFIED,
        "exams": {"step1": {"status": "passed"}, "step2ck": {"status": "preparing"}, "clinical_skills": "not_applied"},
        "target": {"specialty": "internal_medicine", "state": "CA"},
    },
    {
        "degree": {"enrolment": "student", "graduation_year": 2027},
        "exams": {"step1": {"status": "failed", "failed_attempts": 2}},
        "status": {"us_status": "needs_visa", "visa_preference": "h1b"},
        "target": {"specialty": "general_surgery", "state": "TX"},
    },
    {
        "exams": {"ecfmg_certified": True, "step1": {"status": "passed"}, "step2ck": {"status": "passed"}},
        "target": {"specialty": "psychiatry", "state": "NY"},
    },
]


@pytest.mark.parametrize("data", PERSONAS)
def test_the_shipped_data_gives_a_sane_sourced_timeline(book, data):
    t = build_timeline(parse_profile(data, today=ON), book, on=ON)
    assert t.earliest_match_year is not None and t.earliest_match_year >= 2028
    for p in t.phases:
        assert p.sources, p.id
        for end in (p.end_optimistic, p.end_typical, p.end_conservative):
            if end is not None and p.start_optimistic is None:
                assert end >= p.start, p.id
        if p.end_typical is not None:
            assert p.end_typical >= p.start, p.id
    lanes = [lp.match_year for lp in t.lanes]
    assert lanes == sorted(lanes)


# --------------------------------------------------------------------------- the state-pathway track
#
# These run on the pinned tables plus a copy of the shipped state files, with Tennessee's
# pathway edited where a test needs a number of its own (provisional years, years to a full
# licence, status). No duration for the job search or the board's processing is published, so
# the planning assumptions apply: processing 1.5 / 3.5 / 6 months (typical 107 days), job
# search 3 / 9 / 24 months (typical 274 days).

ALT_IDS = ["pathway_application", "pathway_provisional", "pathway_full_licence"]


def _specialist(state: str = "TN", *, offer: bool | None = True, step3: str | None = "passed", **over):
    data = {
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
            "step3": {"status": step3},
            "ecfmg_certified": True,
            "oet": {"status": "passed"},
        },
        "target": {"state": state, "job_offer_in_state": offer, "specialty": "internal_medicine"},
        "status": {"us_status": "permanent_resident"},
        **over,
    }
    return parse_profile(data, today=ON)


@pytest.fixture(scope="module")
def states_with(tmp_path_factory):
    """A loader for the shipped state files with Tennessee's full pathway edited."""
    made: dict[str, object] = {}

    def load(**edits):
        key = json.dumps(edits, sort_keys=True)
        if key not in made:
            folder = tmp_path_factory.mktemp("states")
            for f in (ROOT / "rules" / "states").glob("*.json"):
                raw = json.loads(f.read_text(encoding="utf-8"))
                if f.stem == "TN":
                    pathway = next(p for p in raw["pathways"] if p["kind"] == "full_pathway")
                    source = pathway["provisional"]["years"]["sources"][0]
                    for path, value in edits.items():
                        section, name = path.split(".")
                        node = pathway[section] if name != "-" else pathway
                        target = node[name] if name != "-" else node[section]
                        target.clear()
                        if value is None:
                            target.update({"value": None, "unknown_reason": "Not in the fixture."})
                        else:
                            target.update({"value": value, "sources": [source], "confidence": "med"})
                (folder / f.name).write_text(json.dumps(raw), encoding="utf-8")
            made[key] = load_states(folder)
        return made[key]

    return load


def _alt(t):
    return [p for p in t.phases if p.track == ALTERNATIVE_TRACK]


def test_a_specialist_with_a_job_offer_in_a_pathway_state_gets_a_second_track(pinned, states_with):
    book = pinned.model_copy(update={"states": states_with()})
    profile = _specialist("TN")
    assert best_for(assess_state(profile, book.states, "TN", on=ON), "TN").verdict is Verdict.qualifies
    t = build_timeline(profile, book, on=ON)
    alt = _alt(t)
    assert [p.id for p in alt] == ALT_IDS  # the job offer is in hand: no search phase
    assert all(p.label.startswith(ALTERNATIVE_PREFIX) and p.estimated and p.sources for p in alt)
    # The residency track is still there, whole, before the pathway rows.
    assert t.residency_track and t.phase("match_day").track == RESIDENCY_TRACK
    assert t.phases[-len(alt) :] == tuple(alt)
    apply, provisional, full = alt
    assert apply.start == ON
    assert apply.end_typical == date(2027, 3, 12)  # 25 Nov 2026 + 107 days
    assert provisional.start == apply.end_typical
    assert provisional.end_typical == date(2029, 3, 12)  # Tennessee's 2 provisional years
    assert "Provisional stage: 2 years" in provisional.note
    assert "63-6-207" in provisional.note  # the law, from the state record
    # Tennessee has not published the years to a full licence: an unknown end, not a guess.
    assert full.end_typical is None and full.end_optimistic is None and full.end_conservative is None
    assert "unknown" in full.note
    assert any("second route beside residency" in n for n in t.notes)


@pytest.mark.parametrize("years, end", [(1, date(2028, 3, 12)), (2, date(2029, 3, 12)), (3, date(2030, 3, 12))])
def test_the_provisional_period_follows_the_states_provisional_years(pinned, states_with, years, end):
    book = pinned.model_copy(update={"states": states_with(**{"provisional.years": years})})
    t = build_timeline(_specialist("TN"), book, on=ON)
    provisional = t.phase("pathway_provisional")
    assert provisional.end_typical == end
    # Every lane: its own start (the board's processing differs) plus the same provisional years.
    for lane_start, lane_end in (
        (provisional.start_optimistic, provisional.end_optimistic),
        (provisional.start_conservative, provisional.end_conservative),
    ):
        assert lane_end == lane_start.replace(year=lane_start.year + years)


def test_unknown_provisional_years_give_an_unknown_end(pinned, states_with):
    book = pinned.model_copy(update={"states": states_with(**{"provisional.years": None})})
    t = build_timeline(_specialist("TN"), book, on=ON)
    assert t.phase("pathway_provisional").end_typical is None
    assert "unknown" in t.phase("pathway_provisional").note


def test_published_years_to_a_full_licence_date_the_full_licence(pinned, states_with):
    book = pinned.model_copy(update={"states": states_with(**{"full_licence.years_to_full": 4})})
    t = build_timeline(_specialist("TN"), book, on=ON)
    full = t.phase("pathway_full_licence")
    assert full.milestone
    assert full.end_typical == full.start == date(2031, 3, 12)  # provisional start + 4 years
    assert full.end_optimistic < full.end_typical < full.end_conservative


def test_a_missing_job_offer_comes_first_as_an_estimate_with_a_range(pinned, states_with):
    book = pinned.model_copy(update={"states": states_with()})
    profile = _specialist("TN", offer=False)
    assert best_for(assess_state(profile, book.states, "TN", on=ON), "TN").only_missing_job_offer
    t = build_timeline(profile, book, on=ON)
    alt = _alt(t)
    assert [p.id for p in alt] == ["pathway_job_offer", *ALT_IDS]
    search = alt[0]
    assert search.start == ON and search.estimated
    assert search.end_typical == date(2027, 8, 26)  # 9 months, a planning assumption
    assert search.end_optimistic < search.end_typical < search.end_conservative
    assert "planning assumption" in search.note
    assert any("pathway_job_search" in a for a in t.assumptions)
    assert t.phase("pathway_application").start == search.end_typical


def test_a_board_not_yet_taking_applications_leaves_the_pathway_dates_unknown(pinned, states_with):
    book = pinned.model_copy(update={"states": states_with(**{"status.-": "rules_pending"})})
    t = build_timeline(_specialist("TN"), book, on=ON)
    for pid in ALT_IDS:
        assert t.phase(pid).end_typical is None, pid
    assert "not taking applications yet" in t.phase("pathway_application").note


def test_someone_who_does_not_qualify_gets_no_second_track(pinned, states_with):
    book = pinned.model_copy(update={"states": states_with()})
    fresh = answers(
        degree={**VERIFIED, "licensed_abroad": False, "postgrad_training_years_abroad": 0},
        exams={"step1": {"status": "passed"}, "step2ck": {"status": "passed"}, "clinical_skills": "pathway_accepted"},
        target={"state": "TN", "job_offer_in_state": True},
    )
    assert best_for(assess_state(fresh, book.states, "TN", on=ON), "TN").verdict is Verdict.does_not_qualify
    t = build_timeline(fresh, book, on=ON)
    assert _alt(t) == []
    assert {p.track for p in t.phases} == {RESIDENCY_TRACK}


def test_an_unknown_fit_draws_no_second_track_but_says_why(pinned, states_with):
    # Tennessee has not named its exams and Step 3 is not answered: whether this person fits is unknown.
    book = pinned.model_copy(update={"states": states_with()})
    t = build_timeline(_specialist("TN", step3=None), book, on=ON)
    assert _alt(t) == []
    assert any("is unknown, so the timeline does not date that route" in n for n in t.notes)


def test_a_target_state_without_a_pathway_gets_no_second_track(pinned, states_with):
    book = pinned.model_copy(update={"states": states_with()})
    assert _alt(build_timeline(_specialist("NY"), book, on=ON)) == []


def test_the_shipped_data_gives_a_sourced_second_track_for_a_qualifying_specialist(book):
    t = build_timeline(_specialist("TN"), book, on=ON)
    alt = _alt(t)
    assert alt and all(p.sources for p in alt)
    assert t.phase("pathway_provisional").end_typical is not None
