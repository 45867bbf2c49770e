"""How long a cohort batch takes: reading and evaluating 1,000 attendees, and PDFs per second.

Goal: a generated 1,000-row CSV (with some bad rows) read and evaluated in ≤ 2 s on a 2-core
machine. Reports wall time and CPU time (the CPU time is the honest figure on a busy machine),
split into parsing, the plan (engine + plan) and the timeline, and PDFs per second with 1 and
N processes.

Run: `.venv/bin/python bench/batch_speed.py [--rows 1000] [--pdfs 24] [--jobs N]`.
"""

from __future__ import annotations

import argparse
import csv
import io
import os
import random
import resource
import sys
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from wizard.domain.book import load_rulebook  # noqa: E402
from wizard.domain.state_pathways import assess  # noqa: E402
from wizard.engine.evaluation import evaluate  # noqa: E402
from wizard.outputs.plan import build_plan  # noqa: E402
from wizard.outputs.timeline import build_timeline  # noqa: E402
from wizard.workshop.batch import evaluate_cohort, iter_pdfs, parse_row, read_cohort_csv  # noqa: E402
from wizard.workshop.cohort_template import COLUMNS  # noqa: E402

ON = date(2026, 11, 25)
STATES = ("CA", "TX", "NY", "FL", "TN", "VA", "WI", "IL", "MI", "PA")
SPECIALTIES = ("internal_medicine", "family_medicine", "pediatrics", "psychiatry", "general_surgery", "neurology")
BAD_EVERY = 23
BAD_CELLS = (  # (column, cell): each makes a row bad in a known way
    ("exams.step1.failed_attempts", "7"),
    ("exams.step2ck.date", "14/03/2023"),
    ("target.state", "ZZ"),
    ("exams.step1.status", "passd"),
    ("exams.oet.listening", "600"),
)


def _day(rng: random.Random, first: date, last: date) -> str:
    return date.fromordinal(rng.randint(first.toordinal(), last.toordinal())).isoformat()


def attendee_row(rng: random.Random, n: int) -> dict[str, str]:
    """One valid attendee on ON, in CSV spelling (yes/no in several spellings)."""
    yes, no = rng.choice((("yes", "no"), ("true", "false"), ("1", "0"), ("Yes", "No")))

    def yn() -> str:
        return rng.choice((yes, no, ""))

    grad = rng.randint(1998, 2029)
    graduate = grad <= 2026
    row = {
        "attendee": f"P-{n:04d}",
        "degree.school_country": rng.choice(("IN", "PK", "NG", "EG", "PH", "MX", "", "")),
        "degree.wdoms_sponsor_note": rng.choice(("yes", "no", "not_sure", "")),
        "degree.enrolment": "graduate" if graduate else "student",
        "degree.graduation_year": str(grad),
        "degree.credentials_verified": rng.choice(("not_started", "in_progress", "verified", "")),
    }
    if graduate:
        licensed = rng.choice((True, False, None))
        row["degree.licensed_abroad"] = {True: yes, False: no, None: ""}[licensed]
        if licensed:
            row["degree.practice_years_abroad"] = str(rng.randint(0, 10))
        row["degree.postgrad_training_years_abroad"] = rng.choice(("", "0", "1.5", "3"))
    passed = {}
    for step in ("step1", "step2ck"):
        status = rng.choice(("not_started", "preparing", "scheduled", "passed", "failed", ""))
        passed[step] = status == "passed"
        row[f"exams.{step}.status"] = status
        if status in ("passed", "failed"):
            row[f"exams.{step}.date"] = _day(rng, date(max(2019, grad - 6), 1, 15), date(2026, 10, 30))
            row[f"exams.{step}.failed_attempts"] = str(rng.randint(1 if status == "failed" else 0, 3))
        elif status == "scheduled":
            row[f"exams.{step}.date"] = _day(rng, date(2026, 12, 1), date(2027, 6, 30))
        if status == "passed" and step == "step2ck" and rng.random() < 0.7:
            row[f"exams.{step}.score"] = str(rng.randint(200, 270))
    oet = rng.choice(("not_taken", "scheduled", "passed", "failed", ""))
    row["exams.oet.status"] = oet
    if oet in ("passed", "failed"):
        row["exams.oet.date"] = _day(rng, date(2023, 1, 1), date(2026, 11, 1))
        for part in ("listening", "reading", "writing", "speaking"):
            row[f"exams.oet.{part}"] = str(rng.randint(250, 450))
    row["exams.clinical_skills"] = rng.choice(("not_applied", "pathway_applied", "pathway_accepted", ""))
    if graduate and passed["step1"] and passed["step2ck"] and rng.random() < 0.3:
        row["exams.ecfmg_certified"] = yes
        row["exams.ecfmg_certified_date"] = "2026-06-01"
    row["target.state"] = rng.choice((*STATES, ""))
    row["target.specialty"] = rng.choice((*SPECIALTIES, ""))
    row["target.match_year"] = rng.choice(("", "", "2027", "2028", "2029"))
    row["target.open_to_underserved"] = yn()
    row["target.job_offer_in_state"] = yn()
    status = rng.choice(("citizen", "permanent_resident", "needs_visa", "needs_visa", "other_work_authorization", ""))
    row["status.us_status"] = status
    if status == "needs_visa":
        row["status.visa_preference"] = rng.choice(("j1", "h1b", "undecided", ""))
    row["status.citizenship"] = rng.choice(("IN", "PK", "NG", ""))
    row["experience.usce_hands_on_months"] = rng.choice(("", "0", "2", "4.5"))
    row["experience.us_letters"] = rng.choice(("", "0", "1", "3"))
    return row


def cohort_csv(rows: int, seed: int = 7) -> tuple[str, list[int]]:
    """A cohort CSV with every BAD_EVERY-th attendee made bad; returns the text and bad row numbers."""
    rng = random.Random(seed)
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=[c.name for c in COLUMNS], restval="", lineterminator="\r\n")
    writer.writeheader()
    bad_rows = []
    for n in range(1, rows + 1):
        row = attendee_row(rng, n)
        if n % BAD_EVERY == 0:
            column, cell = BAD_CELLS[(n // BAD_EVERY) % len(BAD_CELLS)]
            row[column] = cell
            bad_rows.append(n + 1)  # the header is row 1
        writer.writerow(row)
    return buf.getvalue(), bad_rows


def _cpu() -> float:
    """CPU seconds of this process and of its finished child processes (the workers)."""
    me, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return me.ru_utime + me.ru_stime + kids.ru_utime + kids.ru_stime


def _clock() -> tuple[float, float]:
    return time.perf_counter(), _cpu()


def _since(start: tuple[float, float]) -> tuple[float, float]:
    wall, cpu = _clock()
    return wall - start[0], cpu - start[1]


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--rows", type=int, default=1000)
    ap.add_argument("--pdfs", type=int, default=24)
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    args = ap.parse_args()

    book = load_rulebook(ROOT / "rules")
    text, bad = cohort_csv(args.rows)
    print(
        f"{args.rows} rows, {len(bad)} made bad, {len(text.encode()) / 1024:.0f} KB; {os.cpu_count()} cores; "
        f"load average {os.getloadavg()[0]:.1f}"
    )

    evaluate_cohort(text, book, on=ON, jobs=1)  # warm-up: compiled rules, imports
    for jobs in sorted({1, args.jobs}):
        best = None
        for _ in range(3):
            start = _clock()
            result = evaluate_cohort(text, book, on=ON, jobs=jobs)
            took = _since(start)
            best = took if best is None or took[0] < best[0] else best
        assert len(result.bad) == len(bad), (len(result.bad), len(bad))
        print(
            f"evaluate_cohort, {jobs} process(es): {best[0]:.2f} s wall, {best[1]:.2f} s CPU (this process and "
            f"its workers) for {args.rows} rows ({len(result.good)} good, {len(result.bad)} bad); goal ≤ 2 s"
        )

    # Where the time goes (CPU seconds, one process).
    rows, _, _ = read_cohort_csv(text)
    start = _clock()
    parsed = [parse_row(r, on=ON, specialties=book.data.specialty_ids()) for r in rows]
    t_parse = _since(start)[1]
    profiles = [p for _, p, _ in parsed if p is not None]
    start = _clock()
    for p in profiles:
        build_plan(evaluate(book, p, on=ON), book)
    t_plan = _since(start)[1]
    start = _clock()
    for p in profiles:
        build_timeline(p, book, on=ON)
    t_timeline = _since(start)[1]
    start = _clock()
    for p in profiles:
        assess(p, book.states, on=ON)
    t_states = _since(start)[1]
    print(
        f"  CPU split: read+parse {t_parse:.2f} s, engine+plan {t_plan:.2f} s "
        f"(of which one state-pathway assessment, as a fact needs it: {t_states:.2f} s), timeline {t_timeline:.2f} s"
    )

    if args.pdfs:
        small = type(result)(**{**result.__dict__, "good": result.good[: args.pdfs], "bad": ()})
        for jobs in sorted({1, args.jobs}):
            start = _clock()
            count = sum(1 for _ in iter_pdfs(small, book, jobs=jobs))
            wall, cpu = _since(start)
            print(
                f"PDFs: {count} in {wall:.1f} s wall ({cpu:.1f} s CPU) with {jobs} process(es) = "
                f"{count / wall:.1f} per second"
            )


if __name__ == "__main__":
    main()
