"""How long evaluating the whole rule book takes, per answers set and for 10,000 generated sets.

Goals: median ≤ 1 ms per answers set; 10,000 sets in ≤ 5 s on one core.
Run: `make bench` (or `.venv/bin/python bench/evaluate_speed.py [--count N]`).
"""

from __future__ import annotations

import argparse
import random
import statistics
import time
from datetime import date
from pathlib import Path

from wizard.domain.book import load_rulebook
from wizard.domain.profile import Profile, parse_profile
from wizard.engine.evaluation import evaluate
from wizard.outputs.plan import build_plan

ROOT = Path(__file__).resolve().parent.parent
ON = date(2026, 11, 25)


def random_answers(rng: random.Random) -> dict:
    def pick(*values):
        return rng.choice((None, *values))

    def step(scored: bool) -> dict:
        status = pick("not_started", "preparing", "scheduled", "passed", "failed")
        out: dict = {"status": status}
        if status in ("passed", "failed"):
            out["date"] = date(rng.randint(2019, 2026), rng.randint(1, 10), rng.randint(1, 28)).isoformat()
            out["failed_attempts"] = rng.randint(1 if status == "failed" else 0, 3)
        if status == "passed" and scored:
            out["score"] = rng.randint(200, 270)
        return out

    grad = rng.randint(1995, 2029)
    return {
        "degree": {
            "school_country": pick("IN", "PK", "NG", "EG", "PH", "MX", "GB"),
            "wdoms_sponsor_note": pick("yes", "no", "not_sure"),
            "enrolment": "student" if grad > 2026 else "graduate",
            "graduation_year": grad,
            "credentials_verified": pick("not_started", "in_progress", "verified"),
            "licensed_abroad": pick(True, False) if grad <= 2026 else None,
        },
        "exams": {
            "step1": step(False),
            "step2ck": step(True),
            "oet": {"status": pick("not_taken", "scheduled")},
            "clinical_skills": pick("not_applied", "pathway_applied", "pathway_accepted"),
        },
        "target": {
            "state": pick("CA", "TX", "NY", "FL", "TN", "VA", "WI"),
            "specialty": pick("internal_medicine", "family_medicine", "pediatrics", "general_surgery"),
            "open_to_underserved": pick(True, False),
            "job_offer_in_state": pick(True, False),
        },
        "status": {
            "us_status": pick("citizen", "permanent_resident", "needs_visa"),
            "citizenship": pick("IN", "NG", "IR"),
        },
        "experience": {
            "usce_hands_on_months": pick(0, 2, 6),
            "observership_months": pick(0, 1, 3),
            "us_letters": pick(0, 1, 3),
        },
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()

    t0 = time.perf_counter()
    book = load_rulebook(ROOT / "rules")
    load_s = time.perf_counter() - t0

    rng = random.Random(args.seed)
    profiles: list[Profile] = []
    while len(profiles) < args.count:
        try:
            profiles.append(parse_profile(random_answers(rng), today=ON))
        except Exception:  # an impossible combination; the generator is deliberately loose
            continue

    for p in profiles[:200]:  # warm caches and imports
        evaluate(book, p, on=ON)

    per: list[float] = []
    start = time.process_time()
    for p in profiles:
        t = time.perf_counter()
        evaluate(book, p, on=ON)
        per.append(time.perf_counter() - t)
    total_cpu = time.process_time() - start

    plan_per: list[float] = []
    for p in profiles[:1000]:
        t = time.perf_counter()
        build_plan(evaluate(book, p, on=ON), book)
        plan_per.append(time.perf_counter() - t)

    median_ms = statistics.median(per) * 1000
    p95_ms = sorted(per)[int(len(per) * 0.95)] * 1000
    print(f"rule book: {len(book.rules)} rules, loaded in {load_s * 1000:.0f} ms")
    print("| measure | value | goal |")
    print("|---|---|---|")
    print(f"| evaluate, median per answers set | {median_ms:.3f} ms | ≤ 1 ms |")
    print(f"| evaluate, p95 per answers set | {p95_ms:.3f} ms | |")
    print(f"| evaluate {len(profiles):,} answers sets (CPU, one core) | {total_cpu:.2f} s | ≤ 5 s for 10,000 |")
    print(f"| evaluate + plan, median | {statistics.median(plan_per) * 1000:.3f} ms | |")
    ok = median_ms <= 1.0 and total_cpu * 10_000 / len(profiles) <= 5.0
    print("goals met" if ok else "GOALS NOT MET")


if __name__ == "__main__":
    main()
