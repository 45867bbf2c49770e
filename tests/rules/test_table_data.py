"""The shipped table data: sourced, not from the future, and right on the facts we can spot-check."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from urllib.parse import urlparse

import pytest

from wizard.domain.countries import COUNTRIES
from wizard.domain.tables import FILES, PathwaysSeason, Tables, all_sources, load_tables
from wizard.engine.provenance import Strict

#: The day the newest table records were read (later than the date the other tests pin).
TODAY = date(2026, 12, 2)
TABLES_DIR = Path(__file__).resolve().parents[2] / "rules" / "tables"

#: Sites of the bodies that own the facts (a source marked official must come from one).
OFFICIAL_HOSTS = (
    "ecfmg.org",
    "intealth.org",
    "usmle.org",
    "nrmp.org",
    "aamc.org",
    "acgme.org",
    "fsmb.org",
    "occupationalenglishtest.org",
    "state.gov",
    "uscis.gov",
    "gmc-uk.org",
    "abns.org",
    "mbc.ca.gov",
    "flboardofmedicine.gov",
    "njconsumeraffairs.gov",
    "ecfmgepic.org",  # ECFMG's own credential-verification service
    "ice.gov",  # DHS, which collects the SEVIS fee
    "usembassy.gov",  # the State Department's embassies
    "govinfo.gov",  # the official Federal Register
    "federalregister.gov",
    "nysed.gov",
    "state.tx.us",  # the Texas Medical Board
    "prnewswire.com",  # only for releases issued by the bodies themselves (see each note)
)


@pytest.fixture(scope="module")
def t() -> Tables:
    return load_tables(TABLES_DIR)


def records(t: Tables) -> list[tuple[str, Strict]]:
    return [
        *((f"cycle {c.match_year}", c) for c in t.match_cycles.match_cycles),
        ("cycle pattern", t.match_cycles.pattern),
        *((f"season {s.match_year}", s) for s in t.pathways_seasons.seasons),
        *((f"specialty {s.id}", s) for s in t.specialties.specialties),
        *((f"duration {d.id}", d) for d in t.durations.durations),
        *((f"outcome {o.key}", o) for o in t.match_outcomes.outcomes),
        *((f"restriction {r.id}", r) for r in t.visa_restrictions.restrictions),
        *((f"fee {f.id}", f) for f in t.fees.fees),
        ("programs hint", t.fees.programs_hint),
    ]


# ------------------------------------------------------------------ provenance


def test_every_record_has_at_least_one_source(t: Tables) -> None:
    unsourced = [label for label, record in records(t) if not record.sources]
    assert unsourced == []


def test_no_source_is_dated_after_today(t: Tables) -> None:
    future = [
        (where, str(s.url))
        for where, s in all_sources(t)
        if s.as_of > TODAY or (s.checked is not None and s.checked > TODAY)
    ]
    assert future == []


def test_every_source_says_when_it_was_checked(t: Tables) -> None:
    assert [where for where, s in all_sources(t) if s.checked is None] == []


def test_a_source_marked_official_comes_from_the_body_that_owns_the_fact(t: Tables) -> None:
    def official_host(url: str) -> bool:
        host = (urlparse(url).hostname or "").lower()
        return any(host == h or host.endswith("." + h) for h in OFFICIAL_HOSTS)

    wrongly_official = sorted({str(s.url) for _, s in all_sources(t) if s.official and not official_host(str(s.url))})
    assert wrongly_official == []


def test_no_outcome_is_given_for_a_match_not_yet_held(t: Tables) -> None:
    for o in t.match_outcomes.outcomes:
        cycle = t.cycle_or_projection(o.match_year)
        held = cycle.match_day.value is not None and cycle.match_day.value <= TODAY
        assert held or o.match_rate_pct is None, o.key


def test_the_visa_file_is_volatile_and_not_from_the_future(t: Tables) -> None:
    v = t.visa_restrictions
    assert v.volatile is True
    assert v.as_of <= TODAY < v.review_by or t.visa_review_overdue(TODAY)
    assert all(r.effective_from <= TODAY for r in v.restrictions)


# ------------------------------------------------------------------ Match calendar


def test_match_day_2026_was_friday_20_march_2026(t: Tables) -> None:
    cycle = t.cycle(2026)
    assert cycle is not None
    assert cycle.match_day.value == date(2026, 3, 20)
    assert not cycle.match_day.estimated


def test_residency_starts_on_1_july_of_the_match_year(t: Tables) -> None:
    for year in [*t.published_match_years(), 2028, 2031]:
        assert t.cycle_or_projection(year).residency_start.value == date(year, 7, 1)


def test_2027_match_day_is_an_estimate_from_the_third_friday_rule(t: Tables) -> None:
    cycle = t.cycle(2027)
    assert cycle is not None
    assert cycle.match_day.value == date(2027, 3, 19)
    assert cycle.match_day.estimated
    assert "third Friday" in (cycle.match_day.rule or "")


def test_no_2028_calendar_is_invented(t: Tables) -> None:
    assert t.cycle(2028) is None
    assert t.cycle_or_projection(2028).projected


# ------------------------------------------------------------------ Pathways


def test_pathways_seasons_hold_dates_only_not_oet_minimums() -> None:
    fields = set(PathwaysSeason.model_fields)
    assert not [f for f in fields if "score" in f or "minimum" in f or f.startswith("min")]
    raw = (TABLES_DIR / FILES["pathways_seasons"]).read_text(encoding="utf-8")
    for key in json.loads(raw)["seasons"][0]:
        assert "score" not in key and "minimum" not in key


def test_the_2026_pathways_opened_on_19_august_2025(t: Tables) -> None:
    season = t.season(2026)
    assert season is not None and season.announced
    assert season.application_opens.value == date(2025, 8, 19)
    assert season.oet_taken_on_or_after.estimated  # inferred, not published


def test_2027_pathways_are_not_announced_so_every_date_is_unknown(t: Tables) -> None:
    season = t.season(2027)
    assert season is not None
    assert season.announced is False
    for name in (
        "application_opens",
        "application_closes",
        "oet_taken_on_or_after",
        "pathway1_licence_valid_on_or_after",
        "pathways_3_5_graduated_on_or_after",
    ):
        fact = getattr(season, name)
        assert fact.value is None and fact.unknown_reason, name


# ------------------------------------------------------------------ specialties


REQUIRED_SPECIALTIES = {
    "internal_medicine",
    "family_medicine",
    "pediatrics",
    "psychiatry",
    "neurology",
    "pathology",
    "general_surgery",
    "obstetrics_gynecology",
    "emergency_medicine",
    "anesthesiology",
    "diagnostic_radiology",
    "dermatology",
    "orthopaedic_surgery",
    "physical_medicine_rehabilitation",
    "internal_medicine_pediatrics",
    "transitional_year",
    "preliminary_medicine",
    "preliminary_surgery",
    "ophthalmology",
    "urology",
    "neurological_surgery",
    "otolaryngology",
    "plastic_surgery",
    "radiation_oncology",
    "undecided",
}


def test_every_specialty_the_wizard_offers_is_listed(t: Tables) -> None:
    assert REQUIRED_SPECIALTIES <= set(t.specialty_ids())


def test_internal_medicine_is_three_years(t: Tables) -> None:
    im = t.specialty("internal_medicine")
    assert im is not None and im.length_years == 3 and im.length_years_max is None


def test_emergency_medicine_is_three_or_four_years_pending_acgme(t: Tables) -> None:
    em = t.specialty("emergency_medicine")
    assert em is not None
    assert (em.length_years, em.length_years_max) == (3, 4)
    assert "11 Feb 2026" in (em.length_note or "")


def test_undecided_has_no_length_and_says_why(t: Tables) -> None:
    undecided = t.specialty("undecided")
    assert undecided is not None
    assert undecided.length_years is None and undecided.length_unknown_reason


def test_ophthalmology_and_urology_match_outside_the_nrmp(t: Tables) -> None:
    oph, uro = t.specialty("ophthalmology"), t.specialty("urology")
    assert oph is not None and oph.match_route == "sf_match"
    assert uro is not None and uro.match_route == "aua_match"


def test_every_img_share_row_says_what_it_is_a_share_of(t: Tables) -> None:
    for s in t.specialties.specialties:
        for row in s.img_share:
            assert row.match_year <= TODAY.year
            if row.denominator == "unclear":
                assert row.note, s.id


# ------------------------------------------------------------------ durations


def test_study_times_are_labelled_estimates(t: Tables) -> None:
    for step in ("study_step1", "study_step2ck", "study_step3"):
        row = t.duration(step)
        assert row is not None and row.estimate, step
        assert "estimate" in row.label


def test_step3_study_time_is_unknown_rather_than_guessed(t: Tables) -> None:
    row = t.duration("study_step3")
    assert row is not None
    assert (row.min, row.typical, row.max) == (None, None, None)
    assert row.unknown_reason


def test_oet_results_follow_ocs_16_business_days(t: Tables) -> None:
    row = t.duration("oet_results")
    assert row is not None and row.unit == "business_days" and row.typical == 16


# ------------------------------------------------------------------ match outcomes


def test_2026_img_match_rates_are_unknown_with_a_reason(t: Tables) -> None:
    for kind in ("us_img", "non_us_img"):
        o = t.match_outcome(2026, kind)
        assert o is not None and o.match_rate_pct is None and o.unknown_reason


def test_2023_rates_match_the_intealth_release(t: Tables) -> None:
    us, non_us = t.match_outcome(2023, "us_img"), t.match_outcome(2023, "non_us_img")
    assert us is not None and us.match_rate_pct == 67.6
    assert non_us is not None and non_us.match_rate_pct == 59.4


# ------------------------------------------------------------------ visa restrictions


def test_a_country_under_the_j_visa_suspension_is_found_only_from_its_effective_date(
    t: Tables,
) -> None:
    before = t.restriction_for("NG", date(2025, 12, 31))
    after = t.restriction_for("NG", date(2026, 1, 2))

    assert before is None
    assert after is not None and after.kind == "partial" and after.affects_j
    assert not after.affects_h


def test_a_june_2025_restriction_starts_on_9_june_2025(t: Tables) -> None:
    assert t.restriction_for("VE", date(2025, 6, 8)) is None
    ve = t.restriction_for("VE", date(2025, 6, 9))
    assert ve is not None and ve.affects_j


def test_laos_moved_from_a_partial_to_a_full_suspension(t: Tables) -> None:
    july_2025 = t.restriction_for("LA", date(2025, 7, 1))
    july_2026 = t.restriction_for("LA", date(2026, 7, 1))
    assert july_2025 is not None and july_2025.kind == "partial"
    assert july_2026 is not None and july_2026.kind == "full" and july_2026.affects_h


def test_turkmenistan_keeps_only_the_immigrant_suspension_from_2026(t: Tables) -> None:
    tm = t.restriction_for("TM", date(2026, 2, 1))
    assert tm is not None and tm.kind == "immigrant_only"
    assert not tm.affects_j


def test_the_2026_lists_have_19_full_and_19_partial_countries(t: Tables) -> None:
    on = date(2026, 2, 1)
    in_force = [r for r in t.visa_restrictions.restrictions if r.in_force(on) and r.applies_to == "nationals"]
    assert len([r for r in in_force if r.kind == "full"]) == 19
    assert len([r for r in in_force if r.kind == "partial"]) == 19


def test_a_country_without_restrictions_is_not_found(t: Tables) -> None:
    assert t.restriction_for("IN", date(2026, 6, 1)) is None
    assert t.restriction_for("PS", date(2026, 6, 1)) is None  # document-based, not nationality


def test_every_restricted_code_is_an_iso_country(t: Tables) -> None:
    assert all(r.country in COUNTRIES for r in t.visa_restrictions.restrictions)


# ------------------------------------------------------------------ countries


def test_the_country_list_is_complete_iso_3166_alpha_2() -> None:
    assert len(COUNTRIES) == 249
    assert COUNTRIES["US"] == "United States"
    assert COUNTRIES["NG"] == "Nigeria"
    assert all(len(code) == 2 and code.isupper() for code in COUNTRIES)


# ------------------------------------------------------------------ fees


def test_every_fee_the_road_needs_is_in_the_table(t: Tables) -> None:
    needed = {
        "usmle_step1",
        "usmle_step2ck",
        "usmle_step3",
        "usmle_international_surcharge",
        "ecfmg_application",
        "epic_verification",
        "oet_medicine",
        "pathways_application",
        "eras_token",
        "eras_applications",
        "nrmp_registration",
        "ecfmg_j1_sponsorship",
        "sevis_i901_j",
        "visa_application_j",
        "visa_application_h",
        "h1b_petition",
        "h1b_proclamation_payment",
    }
    assert needed <= {f.id for f in t.fees.fees}


def test_every_fee_has_an_amount_or_says_why_not_and_none_is_negative(t: Tables) -> None:
    for f in t.fees.fees:
        assert f.known or f.unknown_reason, f.id
        assert f.amount is None or f.amount >= 0, f.id
        assert all(tier.amount >= 0 for tier in f.tiers), f.id
        assert f.as_of <= TODAY, f.id


def test_eras_charges_11_dollars_up_to_30_programs_then_30_each_as_the_aamc_example_shows(t: Tables) -> None:
    eras = t.fees.fee("eras_applications")
    assert eras is not None
    assert eras.for_programs(30) == 330  # AAMC example 1: 30 emergency medicine programs
    assert eras.for_programs(43) + eras.for_programs(7) == 797  # AAMC example 2: 43 IM + 7 radiology
    assert eras.for_programs(0) == 0


def test_spot_checked_fees(t: Tables) -> None:
    def amount(fee_id: str) -> float | None:
        fee = t.fees.fee(fee_id)
        assert fee is not None, fee_id
        return fee.amount

    assert amount("sevis_i901_j") == 220
    assert amount("visa_application_j") == 185
    assert amount("visa_application_h") == 205
    assert amount("pathways_application") is None  # not published: unknown, never guessed
    ny = t.fees.licence_fee("NY")
    assert ny is not None and ny.amount == 735


def test_the_100000_dollar_payment_is_the_employers_and_marked_contested(t: Tables) -> None:
    payment = t.fees.fee("h1b_proclamation_payment")
    assert payment is not None
    assert payment.payer == "employer" and payment.amount == 100_000
    assert payment.contested and payment.volatile


def test_the_programs_hint_is_sourced(t: Tables) -> None:
    hint = t.fees.programs_hint
    assert hint.value is not None and hint.sources
