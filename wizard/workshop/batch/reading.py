"""Reading a cohort CSV: caps, encoding, header checks, and each row turned into a `Profile`
with errors that name the spreadsheet row and column.

Owns: what a cohort file may be (size, rows, UTF-8, commas, known columns) and the messages
for a file that cannot be one; messages never repeat a cell.

Must not know: the rule book, plans, or the output files.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from pydantic import ValidationError

from wizard.domain.profile import Profile, field_errors, parse_profile
from wizard.workshop.batch.results import ROW_COLUMN, CohortFileError, RowError
from wizard.workshop.cohort_template import ATTENDEE, BY_NAME, COLUMNS, CellError, read_cell, suggest_column

MAX_BYTES = 2 * 1024 * 1024
MAX_ROWS = 5_000


@dataclass(frozen=True)
class CohortRow:
    row: int
    cells: dict[str, str]  # column -> stripped cell text (empty cells left out)
    extra_cells: int = 0  # cells beyond the header's last column that hold something


def _decode(data: bytes | str) -> str:
    if isinstance(data, str):
        if len(data.encode("utf-8", "surrogatepass")) > MAX_BYTES:
            raise CohortFileError(_too_large())
        return data.removeprefix("\ufeff")
    if len(data) > MAX_BYTES:
        raise CohortFileError(_too_large())
    if data.startswith(b"PK\x03\x04") or data.startswith(b"\xd0\xcf\x11\xe0"):
        raise CohortFileError(
            "This is a spreadsheet workbook, not a CSV file: in Excel choose File › Save As › "
            "'CSV UTF-8 (Comma delimited)'."
        )
    if b"\x00" in data[:4096]:
        raise CohortFileError("This is not a CSV file (it holds binary data). Save the sheet as CSV UTF-8.")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise CohortFileError(
            "This file is not UTF-8 text. Save it as 'CSV UTF-8 (Comma delimited)' and try again."
        ) from None


def _too_large() -> str:
    return (
        f"This file is larger than {MAX_BYTES // (1024 * 1024)} MB, the most one batch reads. "
        f"Split the cohort into smaller files (up to {MAX_ROWS:,} attendees each)."
    )


def _check_header(header: list[str], rows: list[list[str]]) -> list[str | None]:
    """The column name for each header position (None: an unnamed, empty column to ignore)."""
    if len(header) == 1 and (";" in header[0] or "\t" in header[0]):
        sep = "semicolons" if ";" in header[0] else "tabs"
        raise CohortFileError(
            f"This file separates columns with {sep}; the wizard reads comma-separated files only. "
            "Save it as 'CSV UTF-8 (Comma delimited)'."
        )
    names: list[str | None] = []
    problems: list[str] = []
    seen: set[str] = set()
    for i, raw in enumerate(header):
        name = raw.strip().lower()
        if not name:
            if any(i < len(r) and r[i].strip() for r in rows):
                problems.append(f"column {i + 1} has values but no name in the header row")
            names.append(None)
            continue
        if name in seen:
            problems.append(f"column '{name}' appears more than once")
        elif name not in BY_NAME:
            problems.append(f"unknown column '{name}'{suggest_column(name)}")
        seen.add(name)
        names.append(name)
    if problems:
        raise CohortFileError(
            "The header row (row 1) has a problem: " + "; ".join(problems) + ". "
            "See 'img-wizard template --guide' for every column."
        )
    if not seen:
        raise CohortFileError("The header row (row 1) is empty: it must name the columns (see 'img-wizard template').")
    return names


def read_cohort_csv(data: bytes | str) -> tuple[list[CohortRow], int, tuple[str, ...]]:
    """(attendee rows, blank rows skipped, column names) from CSV bytes or text.

    Raises CohortFileError with one plain message for a file that cannot be a cohort.
    """
    text = _decode(data)
    if not text.strip():
        raise CohortFileError(
            "The file is empty: it needs a header row and one row per attendee (see 'img-wizard template')."
        )
    try:
        records = list(csv.reader(io.StringIO(text, newline=""), strict=True))
    except csv.Error as exc:
        raise CohortFileError(
            f"This file cannot be read as CSV ({exc}). Save it as 'CSV UTF-8 (Comma delimited)'."
        ) from None
    header, body = records[0], records[1:]
    names = _check_header(header, body)
    rows: list[CohortRow] = []
    blank = 0
    for index, record in enumerate(body, start=2):
        if not any(cell.strip() for cell in record):
            blank += 1
            continue
        cells = {}
        for name, cell in zip(names, record, strict=False):
            if name is not None and cell.strip():
                cells[name] = cell.strip()
        extra = sum(1 for cell in record[len(names) :] if cell.strip())
        rows.append(CohortRow(index, cells, extra))
        if len(rows) > MAX_ROWS:
            raise CohortFileError(
                f"This file has more than {MAX_ROWS:,} attendee rows, the most one batch reads. Split it."
            )
    if not rows:
        raise CohortFileError("The file has a header row but no attendee rows.")
    return rows, blank, tuple(n for n in names if n)


def as_rows(
    source: bytes | str | Iterable[CohortRow] | Iterable[Mapping[str, str]],
) -> tuple[list[CohortRow], int, tuple[str, ...]]:
    if isinstance(source, (bytes, bytearray, str)):
        return read_cohort_csv(bytes(source) if isinstance(source, bytearray) else source)
    records: Iterable[CohortRow | Mapping[str, str]] = source
    rows: list[CohortRow] = []
    columns: dict[str, None] = {}
    for index, item in enumerate(records, start=2):
        if isinstance(item, CohortRow):
            rows.append(item)
            columns.update(dict.fromkeys(item.cells))
            continue
        unknown = [k for k in item if k.strip().lower() not in BY_NAME]
        if unknown:
            name = unknown[0].strip().lower()
            raise CohortFileError(
                f"The header row (row 1) has a problem: unknown column '{name}'{suggest_column(name)}."
            )
        cells = {k.strip().lower(): str(v).strip() for k, v in item.items() if v is not None and str(v).strip()}
        columns.update(dict.fromkeys(k.strip().lower() for k in item))
        rows.append(CohortRow(index, cells))
    if len(rows) > MAX_ROWS:
        raise CohortFileError(f"More than {MAX_ROWS:,} attendee rows, the most one batch reads. Split the cohort.")
    return rows, 0, tuple(columns)


# ------------------------------------------------------------------ one row


def _nest(flat: Mapping[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for path, value in flat.items():
        node = out
        *parents, leaf = path.split(".")
        for part in parents:
            node = node.setdefault(part, {})
        node[leaf] = value
    return out


_COLUMN_ORDER = {c.name: i for i, c in enumerate(COLUMNS)}


def parse_row(
    row: CohortRow, *, on: date, specialties: list[str] | None = None
) -> tuple[str, Profile | None, tuple[RowError, ...]]:
    """(attendee, profile or None, errors) for one CSV row."""
    errors: list[RowError] = []
    if row.extra_cells:
        errors.append(RowError(row.row, ROW_COLUMN, "This row has more cells than the header has columns."))
    attendee = ""
    values: dict[str, Any] = {}
    for name, text in row.cells.items():
        try:
            value = read_cell(BY_NAME[name], text, specialties=specialties)
        except CellError as exc:
            errors.append(RowError(row.row, name, str(exc)))
            continue
        if name == ATTENDEE:
            attendee = value
        else:
            values[name] = value
    profile = None
    try:
        profile = parse_profile(_nest(values), today=on)
    except ValidationError as exc:
        for path, message in field_errors(exc).items():
            column = path if path in BY_NAME else ROW_COLUMN
            errors.append(RowError(row.row, column, message))
    errors.sort(key=lambda e: _COLUMN_ORDER.get(e.column, -1))
    return attendee or f"row {row.row}", (None if errors else profile), tuple(errors)
