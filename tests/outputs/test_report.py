"""The PDF summary: names in any script print, nothing is dropped silently, sources show,
user text prints literally, the same inputs give the same bytes, and the answers ride along."""

from __future__ import annotations

import dataclasses
import io
import re
import shutil
import subprocess
import time
import zlib
from datetime import date

import pytest
from pypdf import PdfReader

from wizard.domain.book import tier_words
from wizard.domain.profile import Profile, parse_profile
from wizard.engine.evaluation import evaluate
from wizard.outputs.plan import build_plan
from wizard.outputs.report import ATTACHMENT_NAME, answers_from_pdf, build_pdf, long_date

TODAY = date(2026, 11, 25)  # the same pinned day as conftest.py

ANSWERS = {
    "about": {"name": "Zoë Ñúñez"},
    "degree": {
        "school_country": "IN",
        "wdoms_sponsor_note": "yes",
        "enrolment": "graduate",
        "graduation_year": 2021,
        "credentials_verified": "in_progress",
        "licensed_abroad": True,
        "practice_years_abroad": 2.5,
        "postgrad_training_years_abroad": 0,
    },
    "exams": {
        "step1": {"status": "passed", "date": "2025-03-10", "failed_attempts": 0},
        "step2ck": {"status": "scheduled", "date": "2027-02-01", "failed_attempts": 0},
        "oet": {"status": "not_taken"},
        "clinical_skills": "not_applied",
    },
    "target": {"state": "NY", "specialty": "internal_medicine", "match_year": 2028},
    "status": {"us_status": "needs_visa", "citizenship": "IN", "visa_preference": "undecided"},
    "experience": {"usce_hands_on_months": 3, "us_letters": 2},
}
ARABIC_NAME = "عائشہ خان"  # Urdu: ends in ہ, which DejaVu Sans lacks
DEVANAGARI_NAME = "प्रिया शर्मा"
MAX_PAGES = 30
BIDI_MARKS = re.compile("[\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def profile_named(name: str | None) -> Profile:
    data = {**ANSWERS, "about": {"name": name}}
    return parse_profile(data, today=TODAY)


def plan_for(book, profile: Profile):
    return build_plan(evaluate(book, profile, on=TODAY), book)


@pytest.fixture(scope="module")
def profile() -> Profile:
    return profile_named("Zoë Ñúñez")


@pytest.fixture(scope="module")
def plan(book, profile):
    return plan_for(book, profile)


@pytest.fixture(scope="module")
def pdf(profile, plan) -> bytes:
    return build_pdf(profile, plan, on=TODAY)


def pypdf_text(data: bytes) -> str:
    return "\n".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(data)).pages)


def poppler_text(data: bytes) -> str:
    done = subprocess.run(["pdftotext", "-", "-"], input=data, capture_output=True, check=True)
    return done.stdout.decode("utf-8")


def squashed(text: str) -> str:
    """Text with every space, line break and bidi mark removed (extractors add them freely)."""
    return re.sub(r"\s+", "", BIDI_MARKS.sub("", text))


def font_names(data: bytes) -> set[str]:
    names = set()
    for page in PdfReader(io.BytesIO(data)).pages:
        fonts = page["/Resources"].get_object().get("/Font", {})
        for ref in fonts.values():
            names.add(str(ref.get_object()["/BaseFont"]))
    return names


needs_poppler = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils not installed")


# -- Names in three scripts --------------------------------------------------------------------


def test_a_latin_name_with_diacritics_comes_out_of_the_pdf_as_typed(pdf):
    assert "Zoë Ñúñez" in pypdf_text(pdf)


@needs_poppler
def test_an_arabic_script_name_prints_in_the_bundled_arabic_font_and_comes_back_out(book):
    data = build_pdf(profile_named(ARABIC_NAME), plan_for(book, profile_named(ARABIC_NAME)), on=TODAY)
    assert squashed(ARABIC_NAME) in squashed(poppler_text(data))
    assert any(name.endswith("NotoSansArabic") for name in font_names(data))
    assert "U+06C1" not in pypdf_text(data)  # nothing of the name was replaced


@needs_poppler
def test_a_devanagari_name_prints_in_the_bundled_devanagari_font_and_comes_back_out(book):
    data = build_pdf(profile_named(DEVANAGARI_NAME), plan_for(book, profile_named(DEVANAGARI_NAME)), on=TODAY)
    assert squashed(DEVANAGARI_NAME) in squashed(poppler_text(data))
    assert any(name.endswith("NotoSansDevanagari") for name in font_names(data))


def test_every_font_in_the_pdf_is_embedded_so_it_prints_the_same_everywhere(pdf):
    for page in PdfReader(io.BytesIO(pdf)).pages:
        for ref in page["/Resources"]["/Font"].values():
            font = ref.get_object()
            descendant = font["/DescendantFonts"][0].get_object()
            assert "/FontFile2" in descendant["/FontDescriptor"].get_object()


def test_a_summary_without_other_scripts_embeds_only_the_latin_fonts(pdf):
    assert {n.split("+")[-1] for n in font_names(pdf)} == {"DejaVuSansBook", "DejaVuSansBold"}


# -- Nothing dropped silently --------------------------------------------------------------------


def test_a_character_no_bundled_font_has_is_shown_as_a_question_mark_with_a_note(book):
    name = "Li 李 Wei"
    data = build_pdf(profile_named(name), plan_for(book, profile_named(name)), on=TODAY)
    text = pypdf_text(data)
    assert "Li ? Wei" in text
    assert "U+674E" in text
    assert "shown as" in text


def test_invisible_control_characters_are_replaced_visibly_not_passed_through(book):
    name = "Ana\u202eSilva"  # a right-to-left override would reorder what follows
    data = build_pdf(profile_named(name), plan_for(book, profile_named(name)), on=TODAY)
    text = pypdf_text(data)
    assert "Ana?Silva" in text
    assert "U+202E" in text


# -- Content ---------------------------------------------------------------------------------------


def test_the_title_dates_and_the_rule_books_date_are_printed(pdf, plan):
    text = pypdf_text(pdf)
    assert "Your plan to practise medicine in the USA" in text
    assert "25 November 2026" in text
    assert f"as of {plan.rules_as_of.day}" in text


def test_answers_are_printed_the_way_a_person_reads_them(pdf):
    text = pypdf_text(pdf)
    for words in ("India", "New York", "Internal medicine", "10 March 2025", "2.5 years", "I will need a visa"):
        assert words in text, words


def test_every_next_step_title_and_every_source_url_appears(pdf, plan):
    assert plan.next_steps, "the realistic profile should have next steps"
    text = pypdf_text(pdf)
    flat, squashed_text = " ".join(text.split()), squashed(text)
    for item in plan.items():  # "already done" items are listed by title only
        assert " ".join(item.title.split()) in flat, item.title
    for item in plan.next_steps + plan.missing + plan.fast_tracks + plan.warnings + plan.info:
        for source in item.sources:
            assert squashed(str(source.url)) in squashed_text, source.url


def test_sources_are_marked_with_their_tier_in_words_and_possibly_stale_ones_flagged(pdf, plan):
    text = " ".join(pypdf_text(pdf).split())
    sources = [s for item in plan.items() for s in item.sources]
    tiers = {tier_words(str(s.url)) for s in sources}
    assert "deciding body" in tiers  # the plan cites ECFMG, NRMP …
    for words in tiers:
        assert f"({words};" in text, words
    if any(s.is_stale(TODAY) for s in sources):
        assert "possibly out of date" in text


def test_status_warnings_questions_and_the_disclaimer_are_there(pdf, plan):
    text = " ".join(pypdf_text(pdf).split())
    for card in plan.cards:
        assert card.label in text
    for item in plan.warnings:
        assert item.title in text
    for needed in plan.needs_answers:
        assert needed.label in text
    assert "Answer these to see more" in text
    assert "not legal or immigration advice" in text
    assert "immigration attorney" in text
    assert "accessible version" in text


def test_without_a_timeline_the_summary_says_so(pdf):
    assert "Timeline not available" in pypdf_text(pdf)


def test_page_numbers_and_the_header_are_on_every_page(pdf):
    reader = PdfReader(io.BytesIO(pdf))
    pages = len(reader.pages)
    assert 1 <= pages <= MAX_PAGES
    for n, page in enumerate(reader.pages, start=1):
        text = page.extract_text()
        assert f"Page {n} of {pages}" in text
        assert "IMG Pathway Wizard" in text


def test_an_empty_profile_still_gives_a_short_valid_summary(book):
    empty = Profile()
    data = build_pdf(empty, plan_for(book, empty), on=TODAY)
    assert data.startswith(b"%PDF")
    assert "No answers yet" in pypdf_text(data)
    assert 1 <= len(PdfReader(io.BytesIO(data)).pages) <= MAX_PAGES


# -- User text is printed literally, and capped ------------------------------------------------------


def test_markup_in_user_text_is_printed_exactly_as_typed(book):
    name = "<b>Sam</b> **Lee** ![img](http://x.test/p.png)"
    data = build_pdf(profile_named(name), plan_for(book, profile_named(name)), on=TODAY)
    assert name in " ".join(pypdf_text(data).split())
    assert b"x.test" not in data.replace(profile_named(name).model_dump_json().encode(), b"")


def test_huge_texts_are_capped_so_one_request_cannot_freeze_the_server(book, profile, plan):
    giant = dataclasses.replace(plan.next_steps[0], title="T" * 100_000, text="word " * 200_000)
    huge_name = Profile.model_construct(
        **{**dict(profile), "about": type(profile.about).model_construct(name="N" * 1_000_000)}
    )
    started = time.process_time()
    data = build_pdf(huge_name, dataclasses.replace(plan, next_steps=(giant,) * 200), on=TODAY)
    assert time.process_time() - started < 30
    assert len(PdfReader(io.BytesIO(data)).pages) <= 400
    assert "…" in pypdf_text(data)


# -- Deterministic ---------------------------------------------------------------------------------


def test_the_same_inputs_give_the_same_bytes(profile, plan, pdf):
    assert build_pdf(profile, plan, on=TODAY) == pdf
    assert build_pdf(profile, plan, on=TODAY) == pdf  # the font cache is not worn by use


def test_the_creation_date_is_the_plan_date_not_the_clock(pdf):
    assert PdfReader(io.BytesIO(pdf)).metadata.creation_date.date() == TODAY


# -- The answers ride along ---------------------------------------------------------------------------


def without_stamp(text: str) -> Profile:
    """The answers read back from a PDF, less the rule-book stamp the PDF adds to them."""
    return parse_profile(text, today=TODAY).model_copy(update={"rule_book": None})


def test_the_answers_round_trip_through_the_pdf(pdf, profile, book):
    text = answers_from_pdf(pdf)
    assert without_stamp(text) == profile
    stamp = parse_profile(text, today=TODAY).rule_book
    assert stamp is not None and stamp.version == plan_for(book, profile).rule_book_version


def test_the_answers_are_a_standard_attachment_any_pdf_reader_lists(pdf, profile):
    attachments = PdfReader(io.BytesIO(pdf)).attachments
    assert list(attachments) == [ATTACHMENT_NAME]
    assert without_stamp(attachments[ATTACHMENT_NAME][0].decode("utf-8")) == profile


def test_answers_survive_names_in_other_scripts_and_tricky_text(book):
    for name in (ARABIC_NAME, DEVANAGARI_NAME, "endstream )( \\ <<>> %EOF"):
        p = profile_named(name)
        assert without_stamp(answers_from_pdf(build_pdf(p, plan_for(book, p), on=TODAY))) == p


def test_answers_are_found_after_a_resave_that_leaves_them_uncompressed_with_an_indirect_length(profile):
    answers = profile.model_dump_json().encode()
    resaved = (
        b"%PDF-1.7\n12 0 obj\n<< /Type /EmbeddedFile /Subtype /application#2Fjson /Length 13 0 R >>\nstream\n"
        + answers
        + b"\nendstream\nendobj\n13 0 obj\n"
        + str(len(answers)).encode()
        + b"\nendobj\n%%EOF\n"
    )
    assert answers_from_pdf(resaved) == profile.model_dump_json()


def test_a_pdf_without_answers_or_not_a_pdf_gives_none():
    from fpdf import FPDF

    other = FPDF()
    other.add_page()
    assert answers_from_pdf(bytes(other.output())) is None
    assert answers_from_pdf(b"not a pdf") is None
    assert answers_from_pdf(b"%PDF-1.4\n1 0 obj << /Type /EmbeddedFile /Length 999999 >> stream\n{") is None


def test_a_compressed_attachment_that_inflates_to_megabytes_is_refused_without_inflating_it_all():
    bomb = zlib.compress(b'{"schema_version": 1, "x": "' + b" " * 50_000_000 + b'"}', 9)
    data = b"%PDF-1.4\n1 0 obj\n<< /Type /EmbeddedFile /Filter /FlateDecode /Length " + str(len(bomb)).encode()
    data += b" >>\nstream\n"
    started = time.process_time()
    assert answers_from_pdf(data + bomb + b"\nendstream\nendobj\n") is None
    assert time.process_time() - started < 1


# -- With the timeline -----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def timeline(book, profile):
    from wizard.outputs.timeline import build_timeline

    return build_timeline(profile, book, on=TODAY)


def test_the_timeline_table_and_its_notes_are_printed(profile, plan, timeline):
    data = build_pdf(profile, plan, timeline, on=TODAY)
    text = " ".join(pypdf_text(data).split())
    assert "Timeline not available" not in text
    for row in timeline.to_rows(as_text=True):
        assert row["phase"] in text, row["phase"]
    if timeline.earliest_match_year:
        assert f"the {timeline.earliest_match_year} Match" in text


def test_the_timeline_chart_is_embedded_as_an_image(profile, plan, timeline):
    from wizard.outputs.chart import chart_png, timeline_chart

    png = chart_png(timeline_chart(timeline, today=TODAY))
    data = build_pdf(profile, plan, timeline, on=TODAY, chart_png=png)
    images = [img for page in PdfReader(io.BytesIO(data)).pages for img in page.images]
    assert len(images) == 1
    assert build_pdf(profile, plan, timeline, on=TODAY, chart_png=png) == data


# -- The state licence ---------------------------------------------------------------------------

TN_SPECIALIST = {
    "about": {"name": "Dr Test"},
    "degree": {
        "school_country": "IN",
        "wdoms_sponsor_note": "yes",
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
        "step3": {"status": "not_started"},
        "ecfmg_certified": True,
    },
    "target": {"state": "TN", "job_offer_in_state": True, "specialty": "internal_medicine"},
    "status": {"us_status": "needs_visa"},
}


def _state_pdf(book, answers: dict) -> tuple[str, object]:
    from wizard.domain.state_pathways import state_pathways_for

    p = parse_profile(answers, today=TODAY)
    sp = state_pathways_for(p, book, on=TODAY)
    data = build_pdf(p, plan_for(book, p), on=TODAY, state_licence=sp)
    return " ".join(pypdf_text(data).split()), sp


def test_the_tennessee_specialists_pdf_has_the_state_licence_with_law_and_status(book):
    text, sp = _state_pdf(book, TN_SPECIALIST)
    tn = next(a for a in sp.for_target if not a.limited)
    assert "State licence" in text
    assert "Tennessee: 3 years of accredited US or Canadian GME for IMGs" in text
    assert "Law: T.C.A. §63-6-207(g): 2023 Pub. Ch. 211" in text
    assert "T.C.A. §63-6-207(g)" in text
    assert "accepting applications" not in text  # reported open only by a weak source: not claimed
    assert f"Your fit: {tn.verdict_label}" in text
    assert "Provisional stage: 2 years" in text
    assert "give no visa" in text
    for s in tn.sources:  # each source with its tier and as-of date
        assert f"{s.title} ({tier_words(str(s.url))}; " in text, s.title
        assert long_date(s.as_of) in text


def test_a_target_state_without_a_pathway_lists_the_states_that_fit(book):
    answers = {
        **TN_SPECIALIST,
        "target": {"state": "NY", "job_offer_in_state": False},
        "exams": {**TN_SPECIALIST["exams"], "step3": {"status": "passed"}, "oet": {"status": "passed"}},
    }
    text, sp = _state_pdf(book, answers)
    assert "New York: 3 years of accredited US or Canadian GME for IMGs" in text
    assert sp.elsewhere
    for a in sp.elsewhere:
        assert f"{a.code} · {a.state_name}: " in text
        assert a.verdict_label in text


def test_without_the_state_licence_the_pdf_has_no_such_section(profile, plan):
    lines = [line.strip() for line in pypdf_text(build_pdf(profile, plan, on=TODAY)).splitlines()]
    assert "State licence" not in lines  # the section heading; the "State licence route" card may show


def test_a_kept_what_if_comparison_is_printed_and_without_one_nothing_changes(book):
    profile = profile_named("Zoë")
    plan = plan_for(book, profile)
    lines = (
        "What if, on 25 Nov 2026:",
        "  Visa you would prefer for residency: H-1B (now: undecided)",
        "The same earliest Match: 2028.",
        "Leaves the plan: J-1: two years in your home country after training",
    )
    with_it = " ".join(pypdf_text(build_pdf(profile, plan, on=TODAY, whatif=lines)).split())
    assert "What if you chose differently" in with_it
    assert "Visa you would prefer for residency: H-1B (now: undecided)" in with_it
    assert "The same earliest Match: 2028." in with_it
    assert build_pdf(profile, plan, on=TODAY, whatif=()) == build_pdf(profile, plan, on=TODAY)


def test_the_pdf_has_what_it_will_cost_with_the_total_each_fee_and_what_is_not_included(book):
    from wizard.outputs.costs import costs_for

    p = parse_profile(
        {
            "degree": {"enrolment": "graduate", "graduation_year": 2018},
            "exams": {
                "step1": {"status": "passed"},
                "step2ck": {"status": "passed"},
                "step3": {"status": "passed"},
                "ecfmg_certified": True,
            },
            "target": {"state": "TX", "programs_to_apply": 20},
            "status": {"us_status": "citizen"},
        },
        today=TODAY,
    )
    data = build_pdf(p, plan_for(book, p), on=TODAY, costs=costs_for(p, book, on=TODAY))
    text = " ".join(pypdf_text(data).split())
    assert "What it will cost" in text
    # ERAS token 165 + transcript 80 + 20 programs x 11 + Texas licence application 817
    assert (
        "Still to pay in fees: US$1,282, plus fees not yet published (NRMP Main Residency Match registration)." in text
    )
    assert "Texas full physician licence application: US$817" in text
    assert "Not included: travel" in text
