"""The cohort as tables and counts: summary.csv, errors.csv, aggregates.json (and the rows a page shows).

Owns: the summary columns, the counts for the whole cohort (no names, no answers), and the
guard that keeps a spreadsheet from running an attendee's name as a formula.

Must not know: how rows were read or evaluated, or where the files go.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from wizard.outputs.plan import MILESTONE_LABELS
from wizard.workshop.batch.results import ROW_COLUMN, TOP_STEPS, VISA_NEEDS, CohortResult


def aggregate(result: CohortResult) -> dict[str, Any]:
    """Counts for the whole cohort. Holds no attendee names and no answers."""
    cards: dict[str, dict[str, str | int]] = {}
    for m in MILESTONE_LABELS:
        counts = Counter(a.cards[m.value] for a in result.good if m.value in a.cards)
        if counts:
            cards[m.value] = {
                "label": MILESTONE_LABELS[m],
                **{state: counts.get(state, 0) for state in ("met", "missing", "unknown")},
            }
    missing = Counter(s for a in result.good for s in a.missing)
    first = Counter(a.top_steps[0] for a in result.good if a.top_steps)
    needed: Counter[tuple[str, str]] = Counter(n for a in result.good for n in a.needs_answers)
    years = Counter(a.earliest_match_year for a in result.good)
    no_year = Counter(a.match_year_why for a in result.good if a.earliest_match_year is None)
    visas = Counter(a.visa_need for a in result.good)

    def ranked(counter: Counter[Any]) -> list[tuple[Any, int]]:
        return sorted(counter.items(), key=lambda kv: (-kv[1], str(kv[0])))

    return {
        "on": result.on.isoformat(),
        "rules_as_of": result.rules_as_of.isoformat(),
        "rule_book_version": result.rule_book_version,
        "rule_book_date": result.rule_book_date.isoformat() if result.rule_book_date else None,
        "rows": result.rows,
        "good_rows": len(result.good),
        "bad_rows": len(result.bad),
        "blank_rows_skipped": result.blank_rows,
        "cards": cards,
        "missing_requirements": [{"id": s.id, "title": s.title, "count": n} for s, n in ranked(missing)],
        "first_next_step": [{"id": s.id, "title": s.title, "count": n} for s, n in ranked(first)],
        "answers_that_would_unlock_more": [
            {"column": path, "question": label, "count": n} for (path, label), n in ranked(needed)
        ],
        "earliest_match_year": {
            **{str(y): years[y] for y in sorted(y for y in years if y is not None)},
            **({"none": years[None]} if years.get(None) else {}),
        },
        "no_match_year_because": [{"reason": r, "count": n} for r, n in ranked(no_year)],
        "visa_need": {code: {"label": label, "count": visas.get(code, 0)} for code, label in VISA_NEEDS.items()},
        "errors_by_column": dict(ranked(Counter(e.column for e in result.errors))),
    }


# ------------------------------------------------------------------ tables for files and pages

_FORMULA = re.compile(r"^[=+\-@\t\r]")


def _cell(text: str) -> str:
    """Keep a spreadsheet from running a cell as a formula (names are untrusted input)."""
    return "'" + text if _FORMULA.match(text) else text


def summary_rows(result: CohortResult) -> list[dict[str, Any]]:
    """One dict per attendee row, good and bad, in row order (the summary.csv lines, before the
    formula guard that `summary_csv` applies to attendee names)."""
    milestones = [m.value for m in MILESTONE_LABELS]
    out: list[tuple[int, dict[str, Any]]] = []
    for a in result.good:
        line: dict[str, Any] = {"row": a.row, "attendee": a.attendee, "result": "ok"}
        for m in milestones:
            line[m] = a.cards.get(m, "")
        line["missing"] = "; ".join(s.title for s in a.missing)
        for i in range(TOP_STEPS):
            line[f"next_step_{i + 1}"] = a.top_steps[i].title if i < len(a.top_steps) else ""
        line["next_step_ids"] = "; ".join(s.id for s in a.top_steps)
        line["earliest_match_year"] = a.earliest_match_year or ""
        line["match_year_why"] = a.match_year_why
        line["visa_need"] = a.visa_need
        line["fees_low_usd"] = "" if a.fees_low is None else round(a.fees_low)
        line["fees_high_usd"] = "" if a.fees_high is None else round(a.fees_high)
        line["fees_unknown"] = "; ".join(a.fees_unknown)
        line["errors"] = ""
        out.append((a.row, line))
    for b in result.bad:
        line = {"row": b.row, "attendee": b.attendee, "result": "error"}
        line["errors"] = " | ".join(
            e.message if e.column == ROW_COLUMN else f"{e.column}: {e.message}" for e in b.errors
        )
        out.append((b.row, line))
    return [line for _, line in sorted(out, key=lambda kv: kv[0])]


def summary_columns() -> list[str]:
    return [
        "row",
        "attendee",
        "result",
        *(m.value for m in MILESTONE_LABELS),
        "missing",
        *(f"next_step_{i + 1}" for i in range(TOP_STEPS)),
        "next_step_ids",
        "earliest_match_year",
        "match_year_why",
        "visa_need",
        "fees_low_usd",  # fees still to pay, known fees only; a range where a choice decides it
        "fees_high_usd",
        "fees_unknown",  # fees the totals leave out because nobody has published them
        "errors",
    ]


def _csv_text(columns: Sequence[str], rows: Iterable[Mapping[str, Any]]) -> str:
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=list(columns), restval="", lineterminator="\r\n")
    writer.writeheader()
    writer.writerows(rows)
    return buf.getvalue()


def summary_csv(result: CohortResult) -> str:
    return _csv_text(summary_columns(), ({**r, "attendee": _cell(r["attendee"])} for r in summary_rows(result)))


def errors_csv(result: CohortResult) -> str:
    names = {b.row: b.attendee for b in result.bad}
    return _csv_text(
        ("row", "attendee", "column", "message"),
        (
            {"row": e.row, "attendee": _cell(names[e.row]), "column": e.column, "message": e.message}
            for e in result.errors
        ),
    )


def aggregates_json(result: CohortResult) -> str:
    return json.dumps(aggregate(result), indent=2, ensure_ascii=False) + "\n"
