"""`img-wizard compare`: the plan with answers changed beside the current one, in plain lines;
a bad change is refused with a plain message and the usage exit code."""

from __future__ import annotations

from datetime import date

from wizard.cli import EXIT_OK, EXIT_USAGE, main
from wizard.domain.samples import BY_ID

TODAY = date(2026, 11, 25)
STUDENT = str(BY_ID["final_year_student"].path)


def cli(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv), today=TODAY)
    out, err = capsys.readouterr()
    return code, out, err


def test_compare_shows_each_change_and_what_it_moves(capsys):
    code, out, err = cli(capsys, "compare", STUDENT, "--set", "status.visa_preference=h1b", "--set", "target.state=TX")
    assert code == EXIT_OK and err == ""
    lines = out.splitlines()
    assert lines[:3] == [
        "What if, on 25 Nov 2026:",
        "  Visa you would prefer for residency: H-1B (now: undecided)",
        "  US state or territory you aim for: Texas (now: New York)",
    ]
    assert "The same earliest Match: 2028." in lines
    assert "Full licence: 16 Oct 2030 instead of 16 Oct 2031 (365 days earlier)." in lines
    assert any(line.startswith("Leaves the plan: ") and "J-1: two years" in line for line in lines)


def test_compare_can_say_plainly_that_nothing_brings_the_match_earlier(capsys):
    code, out, _ = cli(capsys, "compare", STUDENT, "--set", "status.visa_preference=h1b", "--earlier")
    assert code == EXIT_OK
    assert out.rstrip().endswith("reaches it.")
    assert "Nothing you could still do brings the Match forward to 2027" in out


def test_a_value_the_answers_model_refuses_names_the_answer_and_its_choices(capsys):
    code, out, err = cli(capsys, "compare", STUDENT, "--set", "status.visa_preference=o1")
    assert code == EXIT_USAGE and out == ""
    assert "Visa you would prefer for residency (status.visa_preference)" in err
    assert "(one of: j1, h1b, undecided)" in err
    assert "Traceback" not in err


def test_an_unknown_answer_path_or_a_missing_equals_sign_is_refused(capsys):
    assert cli(capsys, "compare", STUDENT, "--set", "status.visa=h1b")[0] == EXIT_USAGE
    code, _, err = cli(capsys, "compare", STUDENT, "--set", "h1b")
    assert code == EXIT_USAGE and "answer.path=value" in err
