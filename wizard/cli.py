"""`img-wizard`: the same core as the browser, from the command line.

Owns: argument parsing, reading files, printing plans as text or JSON, exit codes.
Reads today's date (the only clock in the core's neighbourhood) and passes it down.

Must not know: Streamlit.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from wizard.domain.book import RULES_DIR_ENV, load_rulebook, rules_dir_from
from wizard.domain.profile import Profile, field_errors, parse_profile
from wizard.domain.states import stale_state_sources
from wizard.engine.evaluation import evaluate
from wizard.engine.loader import RuleBookError
from wizard.engine.rulebook import RuleBook, json_schema
from wizard.engine.selfcheck import run_examples, stale_rule_sources
from wizard.engine.sources import TierListError, audit, figures, load_tiers, review_list, undated_count
from wizard.outputs.actions import build_actions
from wizard.outputs.calendar_file import calendar_ics
from wizard.outputs.changes import what_changed, what_changed_lines
from wizard.outputs.costs import costs_for
from wizard.outputs.export import evaluation_as_dict, evaluation_schema
from wizard.outputs.glance import at_a_glance
from wizard.outputs.plan import build_plan
from wizard.outputs.text import plan_as_text, states_as_table, wrap
from wizard.outputs.timeline import build_timeline

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2
MAX_ANSWERS_BYTES = 64 * 1024


def _date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a date: write YYYY-MM-DD") from None


def _load(rules: Path, on: date) -> RuleBook | None:
    """The rule book, checked against the real day (no source read after it).

    `on` is the day the plan is worked out for; it may lie before the day the sources were read
    (a plan as it stood last month), which must not make the book look broken.
    """
    try:
        return load_rulebook(rules, today=max(on, date.today()))
    except RuleBookError as exc:
        print(f"The rule book in {rules} could not be loaded ({len(exc.problems)} problems):", file=sys.stderr)
        for problem in exc.problems:
            print(f"  {problem}", file=sys.stderr)
        return None


def cmd_check_rules(args: argparse.Namespace) -> int:
    book = _load(args.rules_dir, args.on)
    if book is None:
        return EXIT_FAILED
    runs = run_examples(book)
    failed = [r for r in runs if not r.ok]
    files = sorted({lr.file for lr in book.rules})
    for run in failed:
        print(f"FAIL {run}", file=sys.stderr)
    stale = stale_rule_sources(book, args.on)
    for s in stale:
        print(f"stale (older than 12 months on {args.on}): {s}")
    parts = []
    if book.data is not None:
        parts.append("tables")
    if book.states is not None:
        parts.append("state data")
    extra = f" plus {' and '.join(parts)}" if parts else ""
    stale_states = stale_state_sources(book, args.on)
    for state_source in stale_states:
        print(f"stale state source (older than 12 months on {args.on}): {state_source}")
    audit_failed = _audit_sources(args.rules_dir, args.on, strict=args.strict)
    print(
        f"{len(files)} rule files, {len(book.rules)} rules{extra}; "
        f"{len(runs) - len(failed)} of {len(runs)} examples pass; "
        f"{len(stale)} sources older than 12 months"
        + (
            f"; {len(stale_states)} state-data sources older than 12 months "
            f"in {len({s.code for s in stale_states})} states."
            if book.states is not None
            else "."
        )
    )
    return EXIT_FAILED if failed or audit_failed else EXIT_OK


def _audit_sources(rules_dir: Path, on: date, *, strict: bool) -> bool:
    """Print the source audit; True when it found an error (with `strict`, a passed review date is one)."""
    try:
        tiers = load_tiers(rules_dir)
    except TierListError as exc:
        print(f"FAIL {exc}", file=sys.stderr)
        return True
    findings = audit(rules_dir, tiers, on, strict=strict)
    errors = [f for f in findings if f.error]
    for f in findings:
        print(f"{'FAIL' if f.error else 'note'} {f}", file=sys.stderr if f.error else sys.stdout)
    overdue = sum(1 for f in findings if f.message.startswith("review was due"))
    print(
        f"sources: {len(errors)} errors; {overdue} review dates passed"
        + ("" if strict else " (fatal with --strict)")
        + f"; {sum(1 for f in findings if f.message.startswith('plain http'))} plain-http links."
    )
    return bool(errors)


def cmd_review(args: argparse.Namespace) -> int:
    pages = review_list(args.rules_dir, args.on)
    print(f"Sources to re-read on {args.on}: {len(pages)} pages, most depended-on first.")
    for n, page in enumerate(pages, 1):
        rules, states = page.weight
        print(f"\n{n}. {page.title}\n   {page.url}")
        print(f"   why: {'; '.join(page.why)}")
        print(f"   depends on it: {rules} rules, {states} states, {len(page.items)} facts in all")
        for note in page.notes:
            print(wrap(f"what the page was cited for: {note}", "   "))
        for item in page.items[: args.limit]:
            print(wrap(f"- check {item}: {item.what}", "   "))
        if len(page.items) > args.limit:
            print(f"   … and {len(page.items) - args.limit} more facts")
    undated = undated_count(args.rules_dir)
    print(f"\n{undated} undated pages in all; each needs a fresh reading 12 months after the day it was read.")
    return EXIT_OK


def cmd_sources(args: argparse.Namespace) -> int:
    try:
        tiers = load_tiers(args.rules_dir)
    except TierListError as exc:
        print(str(exc), file=sys.stderr)
        return EXIT_FAILED
    for line in figures(args.rules_dir, tiers).lines():
        print(line)
    return EXIT_OK


def _read_answers(path: str, on: date) -> Profile | None:
    source = sys.stdin if path == "-" else None
    try:
        raw = source.read() if source else Path(path).read_bytes()
    except OSError as exc:
        print(f"Cannot read {path}: {exc.strerror}", file=sys.stderr)
        return None
    if len(raw) > MAX_ANSWERS_BYTES:
        print(f"{path} is larger than an answers file can be ({MAX_ANSWERS_BYTES // 1024} KB).", file=sys.stderr)
        return None
    try:
        return parse_profile(raw, today=on)
    except ValidationError as exc:
        print(f"{path} is not a valid answers file:", file=sys.stderr)
        for where, message in field_errors(exc).items():
            print(f"  {where or '(file)'}: {message}", file=sys.stderr)
        return None


def cmd_evaluate(args: argparse.Namespace) -> int:
    book = _load(args.rules_dir, args.on)
    if book is None:
        return EXIT_FAILED
    profile = _read_answers(args.answers, args.on)
    if profile is None:
        return EXIT_FAILED
    plan = build_plan(evaluate(book, profile, on=args.on), book)
    timeline = build_timeline(profile, book, on=args.on)
    actions = build_actions(plan, timeline, book)
    glance = at_a_glance(plan, timeline, actions)
    if args.format == "json":
        costs = costs_for(profile, book, on=args.on, timeline=timeline)
        print(json.dumps(evaluation_as_dict(plan, timeline, actions, glance, costs), indent=2, ensure_ascii=False))
    elif args.format == "ics":
        sys.stdout.buffer.write(calendar_ics(actions, timeline, book))
    else:
        changes = what_changed(profile.rule_book, plan, book)
        if changes is not None:
            print("\n".join(what_changed_lines(changes)) + "\n")
        print(plan_as_text(plan, glance, actions))
    return EXIT_OK


def cmd_compare(args: argparse.Namespace) -> int:
    from wizard.outputs.earlier import year_earlier
    from wizard.outputs.whatif import WhatIfError, compare, comparison_lines, parse_assignment

    book = _load(args.rules_dir, args.on)
    profile = _read_answers(args.answers, args.on) if book is not None else None
    if book is None or profile is None:
        return EXIT_FAILED
    try:
        comparison = compare(profile, dict(parse_assignment(s) for s in args.set), book, on=args.on)
    except WhatIfError as exc:
        print(f"img-wizard compare: {exc}", file=sys.stderr)
        return EXIT_USAGE
    lines = comparison_lines(comparison)
    if args.earlier:
        lines += ["", *year_earlier(comparison.alternative.profile, book, on=args.on).lines()]
    print("\n".join(lines))
    return EXIT_OK


def cmd_states(args: argparse.Namespace) -> int:
    import csv
    import io

    from wizard.domain.states import StateDataError, load_states, to_rows

    try:
        book = load_states(args.rules_dir / "states", today=max(args.on, date.today()))  # as _load
    except StateDataError as exc:
        print(f"The state data could not be loaded ({len(exc.errors)} problems):", file=sys.stderr)
        for problem in exc.errors:
            print(f"  {problem}", file=sys.stderr)
        return EXIT_FAILED
    rows = to_rows(book)
    if args.format == "json":
        print(json.dumps(rows, indent=2, ensure_ascii=False))
    elif args.format == "csv":
        buffer = io.StringIO()
        writer = csv.DictWriter(buffer, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
        print(buffer.getvalue(), end="")
    else:
        print(states_as_table(rows))
        print(
            "\nunknown = not published or not confirmed; none = no limit, or no pathway. GME in years; "
            "sources and dates of every value: rules/states/XX.json."
        )
    return EXIT_OK


def schemas() -> dict[str, dict[str, Any]]:
    answers = Profile.model_json_schema()
    answers["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    answers["title"] = "IMG Pathway Wizard answers file"
    return {"rule-file": json_schema(), "answers": answers, "evaluation": evaluation_schema()}


def cmd_schema(args: argparse.Namespace) -> int:
    chosen = schemas()
    if args.out:
        args.out.mkdir(parents=True, exist_ok=True)
        for name, schema in chosen.items():
            (args.out / f"{name}.schema.json").write_text(json.dumps(schema, indent=2) + "\n", encoding="utf-8")
        print(f"wrote {', '.join(f'{n}.schema.json' for n in chosen)} to {args.out}")
    else:
        which = chosen if args.which == "all" else {args.which: chosen[args.which]}
        print(json.dumps(which if len(which) > 1 else next(iter(which.values())), indent=2))
    return EXIT_OK


def build_parser(today: date) -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="img-wizard", description="IMG Pathway Wizard: a sourced plan from your answers."
    )
    sub = parser.add_subparsers(dest="command", required=True)
    rules = rules_dir_from(os.environ)

    def rules_option(p: argparse.ArgumentParser) -> None:
        p.add_argument(
            "--rules",
            "--rules-dir",
            dest="rules_dir",
            type=Path,
            default=rules,
            metavar="DIR",
            help=f"a rule book folder of your own (default: ${RULES_DIR_ENV}, else the one installed with the wizard)",
        )

    def common(p: argparse.ArgumentParser) -> None:
        p.add_argument("--on", type=_date, default=today, help="evaluate as on this date (YYYY-MM-DD; default today)")
        rules_option(p)

    check = sub.add_parser("check-rules", help="validate the rule book and run every example")
    check.add_argument("rules_dir", nargs="?", type=Path, default=rules, metavar="DIR")
    check.add_argument("--on", type=_date, default=today, help="date for staleness and future-date checks")
    check.add_argument("--strict", action="store_true", help="fail when any source's review date has passed")
    check.set_defaults(run=cmd_check_rules)

    rv = sub.add_parser("review", help="the maintainer's checklist: sources overdue, stale or undated, by page")
    rv.add_argument("rules_dir", nargs="?", type=Path, default=rules, metavar="DIR")
    rv.add_argument("--on", type=_date, default=today, help="the review date (YYYY-MM-DD; default today)")
    rv.add_argument("--limit", type=int, default=8, help="facts listed per page (default 8)")
    rv.set_defaults(run=cmd_review)

    so = sub.add_parser("sources", help="count facts by the tier of their best source, and plain-http links")
    so.add_argument("rules_dir", nargs="?", type=Path, default=rules, metavar="DIR")
    so.set_defaults(run=cmd_sources)

    ev = sub.add_parser("evaluate", help="print the plan for an answers file ('-' reads standard input)")
    ev.add_argument("answers", metavar="ANSWERS.json")
    ev.add_argument(
        "--format",
        choices=("text", "json", "ics"),
        default="text",
        help="text (the default), json (plan, timeline and dated actions), or ics (a calendar of the dated actions)",
    )
    common(ev)
    ev.set_defaults(run=cmd_evaluate)

    cm = sub.add_parser("compare", help="what if: the plan with some answers changed, beside the current one")
    cm.add_argument("answers", metavar="ANSWERS.json")
    cm.add_argument(
        "--set",
        action="append",
        default=[],
        metavar="PATH=VALUE",
        help="an answer to change, e.g. status.visa_preference=h1b (repeat for more; an empty value clears it)",
    )
    cm.add_argument("--earlier", action="store_true", help="also search what would bring the Match a year earlier")
    common(cm)
    cm.set_defaults(run=cmd_compare)

    st = sub.add_parser("states", help="per-state licensing data for international graduates, one row per state")
    st.add_argument("--format", choices=("table", "json", "csv"), default="table")
    common(st)
    st.set_defaults(run=cmd_states)

    sc = sub.add_parser("schema", help="print the JSON Schemas of rule files and answers files")
    sc.add_argument("which", nargs="?", choices=("all", "rule-file", "answers"), default="all")
    sc.add_argument("--out", type=Path, help="write <name>.schema.json files into this folder")
    sc.set_defaults(run=cmd_schema)

    from wizard.workshop import serve  # `serve` starts the browser app (wizard/workshop/serve.py)

    serve.add_parser(sub)

    ba = sub.add_parser("batch", help="evaluate a cohort CSV: summary, errors, counts and one PDF per attendee")
    ba.add_argument("cohort", type=Path, metavar="COHORT.csv")
    ba.add_argument("--out", type=Path, required=True, metavar="DIR", help="folder for the results")
    ba.add_argument("--no-pdf", action="store_true", help="skip the PDFs and plans.zip")
    ba.add_argument("--jobs", type=_jobs, default=None, metavar="N", help="processes to use (default: every core)")
    common(ba)
    ba.set_defaults(run=cmd_batch)

    tp = sub.add_parser("template", help="print a cohort CSV template (header and an example row)")
    tp.add_argument("--guide", action="store_true", help="print what every column means and accepts instead")
    rules_option(tp)
    tp.set_defaults(run=cmd_template)
    return parser


def _jobs(text: str) -> int:
    if not text.isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"'{text}' is not a number of processes: write 1 or more")
    return int(text)


def cmd_batch(args: argparse.Namespace) -> int:
    from wizard.workshop.batch import MAX_BYTES, CohortFileError, TextProgress, evaluate_cohort, write_outputs

    if args.out.exists() and not args.out.is_dir():
        print(f"--out {args.out} is a file; give a folder for the results.", file=sys.stderr)
        return EXIT_USAGE
    try:
        if args.cohort.stat().st_size > MAX_BYTES:
            print(
                f"{args.cohort}: larger than {MAX_BYTES // (1024 * 1024)} MB, the most one batch reads; "
                "split the cohort.",
                file=sys.stderr,
            )
            return EXIT_FAILED
        raw = args.cohort.read_bytes()
    except OSError as exc:
        print(f"Cannot read {args.cohort}: {exc.strerror}", file=sys.stderr)
        return EXIT_FAILED
    book = _load(args.rules_dir, args.on)
    if book is None:
        return EXIT_FAILED
    try:
        result = evaluate_cohort(raw, book, on=args.on, jobs=args.jobs, progress=TextProgress("evaluating", sys.stderr))
    except CohortFileError as exc:
        print(f"{args.cohort}: {exc}", file=sys.stderr)
        return EXIT_FAILED
    errors = result.errors
    for err in errors[:20]:
        print(f"  {err}", file=sys.stderr)
    if len(errors) > 20:
        print(f"  … and {len(errors) - 20} more: see errors.csv", file=sys.stderr)
    pdfs = not args.no_pdf
    written = write_outputs(
        result, args.out, book, pdfs=pdfs, jobs=args.jobs, progress=TextProgress("PDFs", sys.stderr)
    )
    files = ["summary.csv", "errors.csv", "aggregates.json"]
    if written.zip is not None:
        files.append(f"{len(written.pdfs)} PDFs in pdf/ and plans.zip")
    print(
        f"{result.rows} attendee rows: {len(result.good)} evaluated, {len(result.bad)} with errors. "
        f"Wrote {', '.join(files)} to {args.out}."
    )
    if book.version:
        print(f"Rule book {book.version} of {book.version_date}.")
    return EXIT_OK if result.good else EXIT_FAILED


def cmd_template(args: argparse.Namespace) -> int:
    from wizard.workshop.batch import template_csv, template_guide

    if not args.guide:
        sys.stdout.write(template_csv())
        return EXIT_OK
    try:
        book = load_rulebook(args.rules_dir)
        specialties = book.data.specialty_ids() if book.data is not None else None
    except RuleBookError:
        specialties = None
    sys.stdout.write(template_guide(specialties))
    return EXIT_OK


def main(argv: Sequence[str] | None = None, *, today: date | None = None) -> int:
    parser = build_parser(today or date.today())
    args = parser.parse_args(argv)
    run: Callable[[argparse.Namespace], int] = args.run
    try:
        return run(args)
    except BrokenPipeError:  # `img-wizard review | head`: the reader has what it wanted
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())  # no second error at exit
        return EXIT_OK


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
