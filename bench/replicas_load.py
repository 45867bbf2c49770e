"""Many phones on two (or N) replicas behind nginx: the same journey as bench/load.py, through
the proxy that deploy/replicas.py starts on loopback.

    .venv/bin/python bench/replicas_load.py                       # 200 phones, 2 replicas, 60 s ramp
    .venv/bin/python bench/replicas_load.py --users 100 --replicas 2 --ramp 30

Each virtual user loads the page (getting the proxy's route cookie), connects its websocket,
completes every step with think time, and half of them take the PDF. Reported: step and PDF
latency (p50 / p95 / max), errors, and how many sessions each replica held at its peak (read
from each replica's own /_stcore/metrics, never through the proxy). Loopback only, bounded in
users and time; exit status 1 on any error.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import sys
import time
import urllib.request
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE.parent / "deploy"), str(HERE)]

import load  # noqa: E402
from replicas import Fleet  # noqa: E402

GOAL_STEP_P95_S = 1.0


def sessions_on(url: str) -> int | None:
    try:
        with urllib.request.urlopen(url + "/_stcore/metrics", timeout=30) as r:  # a replica on loopback
            text = r.read().decode()
    except OSError:
        return None
    for line in text.splitlines():
        if line.startswith("active_sessions"):
            return int(float(line.split()[-1]))
    return None


def run(
    users: int, replicas: int, ramp: float, think: tuple[float, float], pdf_share: float, cap: float, seed: int
) -> dict:
    load_before = os.getloadavg()[0]
    workers = max(1, len(os.sched_getaffinity(0)) // replicas)  # the machine shared by the replicas
    with Fleet(replicas, env={"IMG_WIZARD_TODAY": load.TODAY, "IMG_WIZARD_PDF_WORKERS": str(workers)}) as fleet:
        asyncio.run(load._warm(fleet.url, journey_too=True))
        rng = random.Random(seed)
        tally = load.Tally()
        peaks = [0] * replicas

        async def main() -> None:
            async def sample() -> None:
                while True:
                    for i in range(replicas):
                        n = await asyncio.to_thread(sessions_on, fleet.replica_url(i))
                        peaks[i] = max(peaks[i], n or 0)
                    await asyncio.sleep(2)

            sampler = asyncio.create_task(sample())
            delays = sorted(rng.uniform(0, ramp) for _ in range(users))
            pdf_users = set(rng.sample(range(users), round(users * pdf_share)))
            tasks = [
                asyncio.create_task(
                    load.one_user(i, fleet.url, d, think, i in pdf_users, tally, random.Random(seed + i))
                )
                for i, d in enumerate(delays)
            ]
            _, pending = await asyncio.wait(tasks, timeout=cap)
            for t in pending:
                t.cancel()
            if pending:
                tally.errors.append(f"{len(pending)} users still running after the {cap:.0f} s cap")
            sampler.cancel()

        started = time.perf_counter()
        asyncio.run(main())
        wall = time.perf_counter() - started
    return {
        "users": users,
        "replicas": replicas,
        "ramp_s": ramp,
        "completed": tally.completed,
        "errors": tally.errors,
        "first": tally.first,
        "steps": tally.steps,
        "pdf": tally.pdf,
        "peaks": peaks,
        "wall_s": round(wall, 1),
        "machine_load_1min": (round(load_before, 1), round(os.getloadavg()[0], 1)),
    }


def report(r: dict) -> str:
    p95 = load.pct(r["steps"], 95)
    return "\n".join(
        [
            "| replicas | users | ramp | done | errors | first render p50/p95/max (s) | step p50/p95/max (s) | "
            "PDF p50/p95/max (s) | sessions per replica at peak | machine load (1 min) before → after |",
            "|---|---|---|---|---|---|---|---|---|---|",
            f"| {r['replicas']} behind nginx | {r['users']} | {r['ramp_s']:.0f} s | {r['completed']} | "
            f"{len(r['errors'])} {load.ok(not r['errors'])} | {load.trio(r['first'])} | {load.trio(r['steps'])} "
            f"{load.ok(p95 <= GOAL_STEP_P95_S)} | {load.trio(r['pdf']) if r['pdf'] else '–'} | "
            f"{' / '.join(str(n) for n in r['peaks'])} | {r['machine_load_1min'][0]} → {r['machine_load_1min'][1]} |",
            *(f"- error: {e}" for e in r["errors"][:5]),
        ]
    )


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--users", type=int, default=200)
    ap.add_argument("--replicas", type=int, default=2)
    ap.add_argument("--ramp", type=float, default=60.0, help="seconds over which the users join")
    ap.add_argument("--think", type=float, default=8.0, help="mean think time between steps, s (uniform ±50%%)")
    ap.add_argument("--pdf-share", type=float, default=0.5)
    ap.add_argument("--cap", type=float, default=420.0, help="hard time cap, s")
    ap.add_argument("--seed", type=int, default=7)
    args = ap.parse_args(argv)
    print(f"running {args.users} users over {args.ramp:.0f} s on {args.replicas} replicas behind nginx …", flush=True)
    r = run(
        args.users,
        args.replicas,
        args.ramp,
        (args.think * 0.5, args.think * 1.5),
        args.pdf_share,
        args.cap,
        args.seed,
    )
    print(report(r))
    return 1 if r["errors"] else 0


if __name__ == "__main__":
    raise SystemExit(main())
