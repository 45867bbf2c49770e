"""A whole cohort from one CSV: every attendee's plan in brief, what the room is missing, PDFs.

One module per stage:
- `reading`: the CSV (caps, encoding, header checks) and each row turned into a `Profile`, with
  errors that name the spreadsheet row and column;
- `evaluation`: the per-attendee brief (card states, top next steps, earliest Match year, visa
  need), on several processes when that is safe;
- `tables`: summary.csv, errors.csv and aggregates.json;
- `pdfs`: one PDF per good row, the ZIP of them, and `write_outputs` (the CLI's folder) — on disk
  for the CLI, or in memory for a page (`pdf_zip_bytes`);
- `results` and `progress`: the records and the progress callback they share.

Privacy: attendee ids/names and answers live only in the returned objects and the files the
caller asks for. Nothing here logs, prints or caches them; messages never repeat a cell.

Must not know: Streamlit or the clock (`on` is always an argument).
"""

from wizard.workshop.batch.evaluation import evaluate_cohort, plan_and_timeline, summarize
from wizard.workshop.batch.pdfs import Outputs, iter_pdfs, pdf_zip_bytes, write_outputs, zip_pdfs
from wizard.workshop.batch.progress import Progress, TextProgress
from wizard.workshop.batch.reading import MAX_BYTES, MAX_ROWS, CohortRow, parse_row, read_cohort_csv
from wizard.workshop.batch.results import (
    VISA_NEEDS,
    AttendeeResult,
    BadRow,
    CohortFileError,
    CohortResult,
    RowError,
    Step,
    safe_name,
    visa_need,
)
from wizard.workshop.batch.tables import (
    aggregate,
    aggregates_json,
    errors_csv,
    summary_columns,
    summary_csv,
    summary_rows,
)
from wizard.workshop.cohort_template import COLUMNS, template_csv, template_guide

__all__ = [
    "COLUMNS",
    "MAX_BYTES",
    "MAX_ROWS",
    "VISA_NEEDS",
    "AttendeeResult",
    "BadRow",
    "CohortFileError",
    "CohortResult",
    "CohortRow",
    "Outputs",
    "Progress",
    "RowError",
    "Step",
    "TextProgress",
    "aggregate",
    "aggregates_json",
    "errors_csv",
    "evaluate_cohort",
    "iter_pdfs",
    "parse_row",
    "pdf_zip_bytes",
    "plan_and_timeline",
    "read_cohort_csv",
    "safe_name",
    "summarize",
    "summary_columns",
    "summary_csv",
    "summary_rows",
    "template_csv",
    "template_guide",
    "visa_need",
    "write_outputs",
    "zip_pdfs",
]
