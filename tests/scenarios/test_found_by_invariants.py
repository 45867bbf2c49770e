"""Minimal profiles the invariants (test_invariants.py) found, kept as named scenarios after the fix."""

from __future__ import annotations

from datetime import date

from test_invariants import all_problems

ON = date(2026, 11, 25)


def test_a_student_who_says_they_are_licensed_is_not_sent_to_pathway_1(book):
    # Found: Pathway 1 (licensed doctors) was a next step for a student beside Pathways 2-5 for students.
    answers = {
        "degree": {"enrolment": "student", "graduation_year": 2027, "licensed_abroad": True},
        "exams": {"clinical_skills": "not_applied"},
    }
    assert all_problems(book, answers, ON) == []


def test_someone_with_a_step3_date_and_no_certificate_answer_is_not_certified_after_sitting_step3(book):
    # Found: the timeline kept the booked Step 3 date and dated the ECFMG certificate after it, though
    # FSMB takes an international graduate's Step 3 application only once certified.
    answers = {"exams": {"step3": {"status": "scheduled", "date": "2025-01-01"}}}
    assert all_problems(book, answers, date(2025, 1, 1)) == []
