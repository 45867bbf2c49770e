"""The state data layer: its models refuse dishonest facts and its loader refuses a broken set.

Broken sets are built in tmp_path from a copy of the shipped files, so each test breaks one thing.
"""

from __future__ import annotations

import json
import shutil
from datetime import date
from pathlib import Path

import pytest
from pydantic import ValidationError

from wizard.domain.states import (
    JURISDICTIONS,
    STATES_DIR,
    Fact,
    ImplementationStatus,
    Pathway,
    StateBook,
    StateDataError,
    StateRecord,
    load_states,
    to_rows,
)

TODAY = date(2026, 11, 25)
READ_ON = date(2026, 12, 2)  # the last day the shipped state pages were read
SOURCE = {"url": "https://example.org/rule", "title": "A rule", "as_of": "2024-01-01", "checked": "2026-11-25"}


@pytest.fixture
def states_dir(tmp_path: Path) -> Path:
    """A private copy of the shipped state files, safe to break."""
    target = tmp_path / "states"
    shutil.copytree(STATES_DIR, target)
    return target


def edit(directory: Path, code: str, change) -> None:
    path = directory / f"{code}.json"
    raw = json.loads(path.read_text(encoding="utf-8"))
    change(raw)
    path.write_text(json.dumps(raw), encoding="utf-8")


def errors_of(directory: Path) -> list[str]:
    with pytest.raises(StateDataError) as caught:
        load_states(directory, today=READ_ON)
    return caught.value.errors


# ---------------------------------------------------------------- the list of jurisdictions


def test_there_are_exactly_54_jurisdictions_the_50_states_dc_and_three_territories():
    assert len(JURISDICTIONS) == 54
    assert {"DC", "PR", "GU", "VI"} <= set(JURISDICTIONS)
    assert JURISDICTIONS["VI"] == "U.S. Virgin Islands"
    assert JURISDICTIONS["DC"] == "District of Columbia"
    assert all(len(code) == 2 and code.isupper() for code in JURISDICTIONS)


def test_the_jurisdiction_list_cannot_be_changed_at_run_time():
    with pytest.raises(TypeError):
        JURISDICTIONS["XX"] = "Nowhere"  # type: ignore[index]


# ---------------------------------------------------------------- a fact is honest or refused


def test_a_known_value_without_a_source_is_refused():
    with pytest.raises(ValidationError, match="at least one source"):
        Fact[int].model_validate({"value": 3, "sources": [], "confidence": "high"})


def test_a_known_value_without_a_confidence_is_refused():
    with pytest.raises(ValidationError, match="confidence"):
        Fact[int].model_validate({"value": 3, "sources": [SOURCE]})


def test_an_unknown_value_must_say_why_it_is_unknown():
    with pytest.raises(ValidationError, match="unknown_reason"):
        Fact[int].model_validate({"value": None, "sources": []})
    fact = Fact[int].model_validate({"value": None, "unknown_reason": "rule text not retrieved"})
    assert not fact.known


def test_a_known_value_cannot_also_carry_an_unknown_reason():
    with pytest.raises(ValidationError, match="only for null"):
        Fact[int].model_validate({"value": 3, "sources": [SOURCE], "confidence": "med", "unknown_reason": "?"})


def test_the_value_key_cannot_be_left_out_by_accident():
    with pytest.raises(ValidationError):
        Fact[int].model_validate({"unknown_reason": "forgot the value"})


def test_json_strings_are_not_quietly_turned_into_numbers_booleans_or_dates(states_dir: Path):
    edit(states_dir, "ID", lambda r: r["gme"]["img_years"].update(value="2"))
    edit(states_dir, "ID", lambda r: r["conrad30"].update(value="yes"))
    edit(states_dir, "ID", lambda r: r["pathways"][0]["effective"].update(value=20250101))
    edit(states_dir, "ID", lambda r: r["pathways"][0]["provisional"]["years"].update(value=True))
    text = "\n".join(errors_of(states_dir))
    assert "ID.json › gme.img_years.value:" in text
    assert "ID.json › conrad30.value:" in text
    assert "ID.json › pathways[0].effective.value:" in text
    assert "ID.json › pathways[0].provisional.years.value:" in text


def test_a_limit_is_a_whole_number_or_the_word_none_and_nothing_else(states_dir: Path):
    edit(states_dir, "TX", lambda r: r["usmle"]["time_limit_years"].update(value="seven"))
    errors = errors_of(states_dir)
    assert errors == [
        f"{(states_dir / 'TX.json').as_posix()} › usmle.time_limit_years.value: "
        "Input should be a valid integer or Input should be 'none'"
    ]


def test_unknown_keys_are_errors_and_records_are_frozen():
    with pytest.raises(ValidationError, match="Extra inputs"):
        Fact[int].model_validate({"value": None, "unknown_reason": "x", "guess": 2})
    fact = Fact[int].model_validate({"value": 3, "sources": [SOURCE], "confidence": "low"})
    with pytest.raises(ValidationError):
        fact.value = 4  # type: ignore[misc]


def test_a_full_pathway_must_describe_requirements_provisional_stage_and_route_to_full_licence():
    unknown = {"value": None, "unknown_reason": "not read"}
    with pytest.raises(ValidationError, match="requirements, provisional, full_licence"):
        Pathway.model_validate(
            {
                "kind": "full_pathway",
                "name": "X",
                "law": unknown,
                "enacted": unknown,
                "effective": unknown,
                "summary": unknown,
                "status": {"value": "unknown", "unknown_reason": "not read"},
            }
        )


def test_an_implementation_status_other_than_unknown_needs_a_source():
    unknown = {"value": None, "unknown_reason": "not read"}
    with pytest.raises(ValidationError, match="known status needs at least one source"):
        Pathway.model_validate(
            {
                "kind": "limited",
                "name": "X",
                "law": unknown,
                "enacted": unknown,
                "effective": unknown,
                "summary": unknown,
                "status": {"value": "licences_issued"},
            }
        )


# ---------------------------------------------------------------- the shipped set loads


def test_the_shipped_set_loads_with_every_jurisdiction_in_the_canonical_order():
    book = load_states(STATES_DIR, today=READ_ON)
    assert isinstance(book, StateBook)
    assert book.codes() == tuple(JURISDICTIONS)
    assert len(book) == 54


def test_get_is_case_insensitive_and_an_unknown_code_is_a_key_error():
    book = load_states(STATES_DIR, today=READ_ON)
    assert book.get("tx").name == "Texas"
    assert " ca " in book
    with pytest.raises(KeyError, match="XX"):
        book.get("XX")


def test_with_alternative_pathway_lists_only_records_holding_a_full_pathway():
    book = load_states(STATES_DIR, today=READ_ON)
    for record in book.with_alternative_pathway():
        assert any(p.kind.value == "full_pathway" for p in record.pathways)
    for record in book.with_limited_licence():
        assert any(p.kind.value == "limited" for p in record.pathways)


# ---------------------------------------------------------------- a broken set is refused, loudly


def test_a_wrong_type_deep_in_a_pathway_names_the_file_and_the_json_path(states_dir: Path):
    edit(states_dir, "TX", lambda r: r["pathways"][0]["provisional"]["years"].update(value="two"))
    errors = errors_of(states_dir)
    assert len(errors) == 1
    assert "TX.json › pathways[0].provisional.years.value:" in errors[0]


def test_a_null_without_a_reason_names_the_fact(states_dir: Path):
    edit(states_dir, "CA", lambda r: r["gme"].update(img_years={"value": None, "sources": []}))
    assert any("CA.json › gme.img_years: a null value needs an unknown_reason" in e for e in errors_of(states_dir))


def test_every_error_in_every_file_is_reported_at_once(states_dir: Path):
    edit(states_dir, "TX", lambda r: r.update(surprise=True))
    edit(states_dir, "TX", lambda r: r["conrad30"].update(sources=[]))
    (states_dir / "WY.json").unlink()
    (states_dir / "ZZ.json").write_text("{}", encoding="utf-8")
    (states_dir / "OR.json").write_text("{ not json", encoding="utf-8")
    errors = errors_of(states_dir)
    text = "\n".join(errors)
    assert "TX.json › surprise: Extra inputs are not permitted" in text
    assert "TX.json › conrad30: a non-null value needs at least one source" in text
    assert "WY.json: missing" in text
    assert "ZZ.json: 'ZZ' is not one of the 54 jurisdiction codes" in text
    assert "OR.json: cannot read JSON" in text
    assert len(errors) == 5


def test_a_source_dated_after_today_is_refused(states_dir: Path):
    edit(
        states_dir, "VA", lambda r: r["gme"]["img_years"]["sources"][0].update(as_of="2026-12-09", checked="2026-12-09")
    )
    errors = errors_of(states_dir)
    assert any("VA.json › gme.img_years.sources[0].as_of: 2026-12-09 is in the future" in e for e in errors)
    assert any("VA.json › gme.img_years.sources[0].checked: 2026-12-09 is in the future" in e for e in errors)


def test_a_source_cannot_speak_for_a_day_after_it_was_read(states_dir: Path):
    edit(
        states_dir, "VA", lambda r: r["gme"]["img_years"]["sources"][0].update(as_of="2026-06-01", checked="2026-01-01")
    )
    assert any("is after the day it was checked" in e for e in errors_of(states_dir))


def test_a_record_filed_under_another_code_is_refused(states_dir: Path):
    shutil.copy(states_dir / "TX.json", states_dir / "OK.json")
    assert any("OK.json › code: 'TX' does not match the file name" in e for e in errors_of(states_dir))


def test_a_name_that_disagrees_with_the_jurisdiction_list_is_refused(states_dir: Path):
    edit(states_dir, "VI", lambda r: r.update(name="Virgin Islands"))
    assert any(
        "VI.json › (record): name 'Virgin Islands' should be 'U.S. Virgin Islands'" in e for e in errors_of(states_dir)
    )


def test_claiming_a_pathway_law_without_describing_the_pathway_is_refused(states_dir: Path):
    edit(states_dir, "TX", lambda r: r.update(pathways=[]))
    assert any("alternative_pathway_law is true but no full_pathway is listed" in e for e in errors_of(states_dir))


def test_the_error_lists_problems_under_the_name_the_rule_book_loader_collects(states_dir: Path):
    (states_dir / "AK.json").unlink()
    with pytest.raises(StateDataError) as caught:
        load_states(states_dir, today=TODAY)
    assert caught.value.problems == caught.value.errors
    assert "AK.json: missing" in str(caught.value)


def test_a_missing_folder_is_an_error_not_an_empty_book(tmp_path: Path):
    with pytest.raises(StateDataError, match="not a directory"):
        load_states(tmp_path / "nowhere", today=TODAY)


# ---------------------------------------------------------------- the flat table


def test_to_rows_gives_one_flat_row_per_jurisdiction_with_none_for_unknown():
    rows = to_rows(load_states(STATES_DIR, today=READ_ON))
    assert [r["code"] for r in rows] == list(JURISDICTIONS)
    expected_columns = {
        "code",
        "name",
        "gme_years_img",
        "gme_years_us",
        "usmle_time_limit_years",
        "usmle_attempt_limit_per_step",
        "usmle_step3_attempt_limit",
        "alt_pathway_law",
        "alt_pathway_kind",
        "alt_pathway_name",
        "alt_pathway_status",
        "alt_pathway_citation",
        "conrad30",
        "oldest_as_of",
    }
    assert all(set(r) == expected_columns for r in rows)
    flat = (str, int, float, bool, type(None))
    assert all(isinstance(v, flat) for r in rows for v in r.values())
    ca = next(r for r in rows if r["code"] == "CA")
    assert (ca["gme_years_img"], ca["gme_years_us"], ca["alt_pathway_kind"]) == (3, 3, "limited")
    nc = next(r for r in rows if r["code"] == "NC")
    assert nc["alt_pathway_kind"] == "full_pathway"
    assert nc["alt_pathway_status"] == ImplementationStatus.accepting_applications.value
    dc = next(r for r in rows if r["code"] == "DC")
    assert dc["conrad30"] is None


def test_the_shipped_records_round_trip_through_json_unchanged():
    book = load_states(STATES_DIR, today=READ_ON)
    for record in book:
        again = StateRecord.model_validate_json(record.model_dump_json())
        assert again == record
