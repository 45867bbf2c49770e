"""The table models and loader: strict, honest about unknowns, and loud about every broken file."""

from __future__ import annotations

import json
import re
import shutil
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from wizard.domain import tables as tables_module
from wizard.domain.tables import (
    CYCLE_EVENTS,
    Tables,
    TablesError,
    load_tables,
    nth_weekday,
    project_cycle,
)

TABLES_DIR = Path(__file__).resolve().parents[2] / "rules" / "tables"


@pytest.fixture(scope="module")
def shipped() -> Tables:
    return load_tables(TABLES_DIR)


@pytest.fixture
def copy_dir(tmp_path: Path) -> Path:
    target = tmp_path / "tables"
    shutil.copytree(TABLES_DIR, target)
    return target


def read(directory: Path, name: str) -> Any:
    return json.loads((directory / name).read_text(encoding="utf-8"))


def write(directory: Path, name: str, data: Any) -> None:
    (directory / name).write_text(json.dumps(data, indent=2), encoding="utf-8")


def errors_for(directory: Path) -> list[str]:
    with pytest.raises(TablesError) as caught:
        load_tables(directory)
    return caught.value.errors


def index_of(records: list[dict[str, Any]], key: str, value: Any) -> int:
    return next(i for i, r in enumerate(records) if r.get(key) == value)


# ------------------------------------------------------------------ loading


def test_the_shipped_tables_load(shipped: Tables) -> None:
    assert shipped.cycle(2026) is not None
    assert shipped.specialty("internal_medicine") is not None


def test_a_wrong_type_is_refused_naming_file_record_and_json_path(copy_dir: Path) -> None:
    data = read(copy_dir, "specialties.json")
    i = index_of(data["specialties"], "id", "neurology")
    data["specialties"][i]["length_years"] = "four"
    write(copy_dir, "specialties.json", data)

    (line,) = errors_for(copy_dir)

    assert "specialties.json" in line
    assert f"specialties[{i}] (neurology) › length_years:" in line


def test_every_problem_in_every_file_is_reported_at_once(copy_dir: Path) -> None:
    durations = read(copy_dir, "durations.json")
    durations["durations"][1]["id"] = durations["durations"][0]["id"]
    write(copy_dir, "durations.json", durations)
    visas = read(copy_dir, "visa_restrictions.json")
    visas["restrictions"][0]["country"] = "XX"
    write(copy_dir, "visa_restrictions.json", visas)
    outcomes = read(copy_dir, "match_outcomes.json")
    outcomes["outcomes"][0]["sources"] = []
    write(copy_dir, "match_outcomes.json", outcomes)

    errors = errors_for(copy_dir)

    assert any("durations.json › durations: id" in e and "more than once" in e for e in errors)
    assert any("visa_restrictions.json › restrictions[0]" in e and "country" in e for e in errors)
    assert any("match_outcomes.json › outcomes[0] (2022 us_img) › sources:" in e for e in errors)


def test_invalid_json_names_the_file_and_the_line(copy_dir: Path) -> None:
    (copy_dir / "durations.json").write_text('{\n  "durations": [,]\n}\n', encoding="utf-8")

    (line,) = errors_for(copy_dir)

    assert "durations.json › line 2" in line
    assert "invalid JSON" in line


def test_a_missing_file_is_reported(copy_dir: Path) -> None:
    (copy_dir / "match_outcomes.json").unlink()

    assert errors_for(copy_dir) == [f"{(copy_dir / 'match_outcomes.json').as_posix()}: file is missing"]


def test_an_unknown_key_is_refused(copy_dir: Path) -> None:
    data = read(copy_dir, "pathways_seasons.json")
    data["seasons"][0]["oet_minimum_writing"] = 300
    write(copy_dir, "pathways_seasons.json", data)

    (line,) = errors_for(copy_dir)

    assert "seasons[0] (2025) › oet_minimum_writing: Extra inputs are not permitted" in line


def test_a_null_date_needs_a_reason(copy_dir: Path) -> None:
    data = read(copy_dir, "match_cycles.json")
    del data["match_cycles"][0]["ranking_opens"]["unknown_reason"]
    write(copy_dir, "match_cycles.json", data)

    (line,) = errors_for(copy_dir)

    assert "match_cycles[0] (2026) › ranking_opens: a null date needs an unknown_reason" in line


def test_an_estimated_date_needs_the_rule_it_came_from(copy_dir: Path) -> None:
    data = read(copy_dir, "match_cycles.json")
    i = index_of(data["match_cycles"], "match_year", 2027)
    del data["match_cycles"][i]["match_day"]["rule"]
    write(copy_dir, "match_cycles.json", data)

    (line,) = errors_for(copy_dir)

    assert f"match_cycles[{i}] (2027) › match_day: an estimated date needs the rule" in line


def test_a_published_date_needs_its_own_source(copy_dir: Path) -> None:
    data = read(copy_dir, "match_cycles.json")
    data["match_cycles"][0]["match_day"]["sources"] = []
    write(copy_dir, "match_cycles.json", data)

    (line,) = errors_for(copy_dir)

    assert "match_cycles[0] (2026) › match_day: a published (non-estimated) date needs" in line


def test_an_unannounced_pathways_season_cannot_give_dates(copy_dir: Path) -> None:
    data = read(copy_dir, "pathways_seasons.json")
    i = index_of(data["seasons"], "match_year", 2027)
    data["seasons"][i]["oet_taken_on_or_after"] = {
        "value": "2025-01-01",
        "estimated": True,
        "rule": "one year later than last season",
    }
    write(copy_dir, "pathways_seasons.json", data)

    (line,) = errors_for(copy_dir)

    assert f"seasons[{i}] (2027): an unannounced season cannot give a date" in line


def test_duration_values_must_run_from_min_to_max(copy_dir: Path) -> None:
    data = read(copy_dir, "durations.json")
    i = index_of(data["durations"], "id", "oet_results")
    data["durations"][i]["min"] = 30
    write(copy_dir, "durations.json", data)

    (line,) = errors_for(copy_dir)

    assert f"durations[{i}] (oet_results): values must run min <= typical" in line


def test_a_null_length_needs_a_reason(copy_dir: Path) -> None:
    data = read(copy_dir, "specialties.json")
    i = index_of(data["specialties"], "id", "undecided")
    del data["specialties"][i]["length_unknown_reason"]
    write(copy_dir, "specialties.json", data)

    (line,) = errors_for(copy_dir)

    assert f"specialties[{i}] (undecided): a null length_years needs" in line


def test_cycle_dates_in_the_wrong_order_are_refused(copy_dir: Path) -> None:
    data = read(copy_dir, "match_cycles.json")
    data["match_cycles"][0]["soap_start"]["value"] = "2026-03-27"
    write(copy_dir, "match_cycles.json", data)

    errors = errors_for(copy_dir)

    assert any("(2026) › match_day: 2026-03-20 is before soap_start" in e for e in errors)


def test_overlapping_restrictions_for_one_country_are_refused(copy_dir: Path) -> None:
    data = read(copy_dir, "visa_restrictions.json")
    ng = next(r for r in data["restrictions"] if r["country"] == "NG")
    data["restrictions"].append({**ng, "id": "NG-duplicate", "effective_from": "2026-03-01"})
    write(copy_dir, "visa_restrictions.json", data)

    (line,) = errors_for(copy_dir)

    assert "(NG-duplicate) › effective_from: overlaps" in line


def test_a_visa_file_reviewed_before_its_own_date_is_refused(copy_dir: Path) -> None:
    data = read(copy_dir, "visa_restrictions.json")
    data["review_by"] = data["as_of"]
    write(copy_dir, "visa_restrictions.json", data)

    (line,) = errors_for(copy_dir)

    assert "visa_restrictions.json › (top level): review_by must be after as_of" in line


def test_a_fee_without_an_amount_or_a_reason_is_refused_naming_the_record(copy_dir: Path) -> None:
    data = read(copy_dir, "fees.json")
    i = index_of(data["fees"], "id", "sevis_i901_j")
    del data["fees"][i]["amount"]
    write(copy_dir, "fees.json", data)

    (line,) = errors_for(copy_dir)

    assert f"fees.json › fees[{i}] (sevis_i901_j): a null amount needs an unknown_reason" in line


def test_a_negative_fee_is_refused_naming_the_path(copy_dir: Path) -> None:
    data = read(copy_dir, "fees.json")
    i = index_of(data["fees"], "id", "eras_token")
    data["fees"][i]["amount"] = -165
    write(copy_dir, "fees.json", data)

    (line,) = errors_for(copy_dir)

    assert f"fees.json › fees[{i}] (eras_token) › amount:" in line


def test_a_fee_without_a_source_is_refused(copy_dir: Path) -> None:
    data = read(copy_dir, "fees.json")
    i = index_of(data["fees"], "id", "eras_token")
    data["fees"][i]["sources"] = []
    write(copy_dir, "fees.json", data)

    (line,) = errors_for(copy_dir)

    assert f"fees.json › fees[{i}] (eras_token) › sources:" in line


def test_price_tiers_must_start_at_the_first_program(copy_dir: Path) -> None:
    data = read(copy_dir, "fees.json")
    i = index_of(data["fees"], "id", "eras_applications")
    data["fees"][i]["tiers"][0]["from_program"] = 2
    write(copy_dir, "fees.json", data)

    (line,) = errors_for(copy_dir)

    assert f"fees.json › fees[{i}] (eras_applications) › tiers[0] › from_program: expected 1" in line


# ------------------------------------------------------------------ projection and lookups


def test_nth_weekday_finds_the_third_friday_of_march() -> None:
    assert nth_weekday(2026, 3, 4, 3) == date(2026, 3, 20)
    assert nth_weekday(2027, 3, 4, 3) == date(2027, 3, 19)
    assert nth_weekday(2026, 2, 0, 5) is None  # February 2026 has four Mondays


def test_the_pattern_reproduces_the_published_2026_calendar(shipped: Tables) -> None:
    published = shipped.cycle(2026)
    projected = project_cycle(2026, shipped.match_cycles.pattern)
    assert published is not None
    for name in CYCLE_EVENTS:
        if published.event(name).value is not None and projected.event(name).value is not None:
            assert projected.event(name).value == published.event(name).value, name


def test_an_unpublished_cycle_is_projected_and_labelled(shipped: Tables) -> None:
    assert shipped.cycle(2030) is None

    cycle = shipped.cycle_or_projection(2030)

    assert cycle.projected
    assert cycle.match_day.value == date(2030, 3, 15)
    assert cycle.residency_start.value == date(2030, 7, 1)
    assert cycle.soap_start.value == date(2030, 3, 11)
    assert cycle.eras_season_opens.value is not None
    assert cycle.eras_season_opens.value.year == 2029
    for _, fact in cycle.events():
        assert fact.value is None or fact.estimated
    assert cycle.rank_list_deadline.value is None
    assert cycle.rank_list_deadline.unknown_reason


def test_the_next_match_is_the_first_whose_match_day_is_still_ahead(shipped: Tables) -> None:
    assert shipped.next_match_year(date(2026, 3, 19)) == 2026
    assert shipped.next_match_year(date(2026, 3, 20)) == 2027
    assert shipped.next_match_year(date(2026, 11, 25)) == 2027


def test_unknown_ids_and_years_give_none(shipped: Tables) -> None:
    assert shipped.specialty("astrology") is None
    assert shipped.duration("no_such_step") is None
    assert shipped.season(1999) is None
    assert shipped.match_outcome(1999, "us_img") is None


def test_only_shares_of_filled_positions_feed_the_img_share_figure(shipped: Tables) -> None:
    im = shipped.specialty("internal_medicine")
    peds = shipped.specialty("pediatrics")
    assert im is not None and peds is not None
    assert im.img_share_pct == pytest.approx(44.6)
    assert peds.img_share_pct is None  # only a row with an unclear denominator exists


def test_no_module_of_the_package_imports_ui_or_reads_the_clock_and_each_says_what_it_must_not_know() -> None:
    modules = sorted(Path(tables_module.__file__).parent.glob("*.py"))
    assert len(modules) > 1
    for path in modules:
        source = path.read_text(encoding="utf-8")
        assert "streamlit" not in source, path.name
        assert not re.search(r"\b(date|datetime)\.(today|now|utcnow)\(", source), path.name
        assert "Must not know" in source.split('"""')[1], path.name


def test_the_error_exposes_its_lines_as_problems_for_the_rule_book_loader(copy_dir: Path) -> None:
    (copy_dir / "durations.json").unlink()
    with pytest.raises(TablesError) as caught:
        load_tables(copy_dir)
    assert caught.value.problems == caught.value.errors
    assert len(caught.value.problems) == 1
