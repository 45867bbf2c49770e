"""One PDF per good row of a cohort, on several processes, and the ZIPs and files that hold them.

Owns: rebuilding each plan and timeline from its profile and drawing the PDFs in worker
processes (fork where safe, spawn in a threaded server), ZIPs stamped with `on` (no machine
timestamps), and `write_outputs`, the folder the CLI writes.

Must not know: Streamlit or the clock (`on` is always an argument).
"""

from __future__ import annotations

import io
import os
import re
import zipfile
from collections.abc import Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from datetime import date
from multiprocessing import get_context
from multiprocessing.context import BaseContext
from pathlib import Path

from wizard.domain.profile import Profile
from wizard.engine.rulebook import RuleBook
from wizard.outputs.actions import ActionPlan, build_actions
from wizard.outputs.calendar_file import calendar_ics
from wizard.outputs.glance import Glance, at_a_glance
from wizard.outputs.plan import Plan
from wizard.outputs.timeline import Timeline
from wizard.workshop.batch.evaluation import can_fork, plan_and_timeline
from wizard.workshop.batch.progress import Progress
from wizard.workshop.batch.results import AttendeeResult, CohortResult
from wizard.workshop.batch.tables import aggregates_json, errors_csv, summary_csv

_Job = tuple[int, Profile, Plan, Timeline, ActionPlan, Glance, date]


def _pdf_job(job: _Job) -> tuple[int, bytes]:
    from wizard.outputs.report import build_pdf

    index, profile, plan, timeline, actions, glance, on = job
    return index, build_pdf(profile, plan, timeline, on=on, actions=actions, glance=glance)


def calendar_for(profile: Profile, book: RuleBook, on: date) -> bytes:
    """One attendee's calendar (.ics) of their dated actions and Match-cycle days."""
    plan, timeline = plan_and_timeline(profile, book, on=on)
    return calendar_ics(build_actions(plan, timeline, book), timeline, book)


def _mp_context() -> BaseContext:
    """fork is quick and safe in a single-threaded process (the CLI); spawn where threads run
    (a Streamlit server), since forking a threaded process can deadlock the child."""
    return get_context("fork") if can_fork() else get_context("spawn")


def iter_pdfs(
    result: CohortResult,
    book: RuleBook,
    *,
    jobs: int | None = None,
    progress: Progress | None = None,
) -> Iterator[tuple[AttendeeResult, bytes]]:
    """(attendee, PDF bytes) for every good row, in row order; built on `jobs` processes.

    `jobs=None` uses every core; 1 builds in this process. Plans and timelines are rebuilt
    here from each profile (milliseconds) and sent to the workers, which only draw PDFs (the
    slow part), so workers never need the rule book. Batch PDFs carry no chart image; the
    timeline table and its sources are printed.
    """
    people = list(result.good)
    total = len(people)
    if total == 0:
        return
    workers = max(1, min(jobs or os.cpu_count() or 1, total))
    context = _mp_context()
    if context.get_start_method() == "spawn" and total < 4 * workers:
        workers = 1  # a spawned worker takes seconds to import; not worth it for a few PDFs

    def job(i: int) -> _Job:
        plan, timeline = plan_and_timeline(people[i].profile, book, on=result.on)
        actions = build_actions(plan, timeline, book)
        return i, people[i].profile, plan, timeline, actions, at_a_glance(plan, timeline, actions), result.on

    if workers == 1:
        for i in range(total):
            _, data = _pdf_job(job(i))
            if progress is not None:
                progress(i + 1, total)
            yield people[i], data
        return
    ready: dict[int, bytes] = {}
    next_out = done = submitted = 0
    window = workers * 4  # jobs in flight: bounds memory for big cohorts
    try:
        with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
            pending: set[Future[tuple[int, bytes]]] = set()
            try:
                while next_out < total:
                    while submitted < total and len(pending) < window:
                        pending.add(pool.submit(_pdf_job, job(submitted)))
                        submitted += 1
                    finished, pending = wait(pending, return_when=FIRST_COMPLETED)
                    for future in finished:
                        index, data = future.result()
                        ready[index] = data
                        done += 1
                        if progress is not None:
                            progress(done, total)
                    while next_out in ready:
                        yield people[next_out], ready.pop(next_out)
                        next_out += 1
            finally:
                for future in pending:
                    future.cancel()
    except BrokenProcessPool:
        # Workers could not start or died (e.g. a host that cannot spawn): finish here instead.
        for i in range(next_out, total):
            if i not in ready:
                _, ready[i] = _pdf_job(job(i))
                done += 1
                if progress is not None:
                    progress(done, total)
            yield people[i], ready.pop(i)


def _zip_info(name: str, on: date) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name, date_time=(on.year, on.month, on.day, 0, 0, 0))
    info.compress_type = zipfile.ZIP_DEFLATED
    info.external_attr = 0o644 << 16
    return info


def pdf_zip_bytes(
    result: CohortResult,
    book: RuleBook,
    *,
    jobs: int | None = None,
    progress: Progress | None = None,
) -> bytes:
    """A ZIP of one PDF and one calendar per good row (`<row>-<attendee>.pdf` and `.ics`), built in
    memory, nothing on disk."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        for person, data in iter_pdfs(result, book, jobs=jobs, progress=progress):
            zf.writestr(_zip_info(f"{person.file_stem}.pdf", result.on), data)
            zf.writestr(_zip_info(f"{person.file_stem}.ics", result.on), calendar_for(person.profile, book, result.on))
    return buf.getvalue()


def zip_pdfs(paths: Iterable[Path], on: date) -> bytes:
    """A ZIP of PDF files already on disk, stamped with `on` (no machine timestamps)."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        for path in paths:
            zf.writestr(_zip_info(path.name, on), path.read_bytes())
    return buf.getvalue()


_OUR_PDF = re.compile(r"^\d{4,}-[a-z0-9-]+\.pdf$")


@dataclass(frozen=True)
class Outputs:
    summary: Path
    errors: Path
    aggregates: Path
    pdfs: tuple[Path, ...] = ()
    zip: Path | None = None


def write_outputs(
    result: CohortResult,
    out_dir: Path | str,
    book: RuleBook | None = None,
    *,
    pdfs: bool = True,
    jobs: int | None = None,
    progress: Progress | None = None,
) -> Outputs:
    """Write summary.csv, errors.csv, aggregates.json and (with `pdfs`) pdf/*.pdf and plans.zip (each
    attendee's PDF and calendar).

    `book` must be the rule book the cohort was evaluated with (it is needed for PDFs).
    PDFs and a plans.zip left in `out_dir` by an earlier run are removed first, so the folder
    never mixes two cohorts.
    """
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    written = Outputs(
        summary=out / "summary.csv",
        errors=out / "errors.csv",
        aggregates=out / "aggregates.json",
    )
    written.summary.write_text(summary_csv(result), encoding="utf-8-sig", newline="")
    written.errors.write_text(errors_csv(result), encoding="utf-8-sig", newline="")
    written.aggregates.write_text(aggregates_json(result), encoding="utf-8")
    pdf_dir = out / "pdf"
    if pdf_dir.is_dir():
        for old in pdf_dir.iterdir():
            if old.is_file() and _OUR_PDF.match(old.name):
                old.unlink()
    (out / "plans.zip").unlink(missing_ok=True)
    if not pdfs or not result.good:
        return written
    if book is None:
        raise ValueError("write_outputs needs the rule book to draw PDFs (or pdfs=False)")
    pdf_dir.mkdir(exist_ok=True)
    paths: list[Path] = []
    zip_path = out / "plans.zip"
    with zipfile.ZipFile(zip_path, "w") as zf:
        for person, data in iter_pdfs(result, book, jobs=jobs, progress=progress):
            path = pdf_dir / f"{person.file_stem}.pdf"
            path.write_bytes(data)
            zf.writestr(_zip_info(path.name, result.on), data)
            zf.writestr(_zip_info(f"{person.file_stem}.ics", result.on), calendar_for(person.profile, book, result.on))
            paths.append(path)
    return Outputs(written.summary, written.errors, written.aggregates, tuple(paths), zip_path)
