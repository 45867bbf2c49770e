"""The PDF summary a person takes home: their answers, their plan with its sources, a timeline.

One module per part of the document, so a new section is a new module and one line in `summary`:
- `fonts`: the bundled fonts (`wizard/outputs/fonts/`) and which runs need shaping;
- `document`: the page (`Summary`), paragraphs, headings, bullets, the never-drop-a-character rule;
- `blocks`: source lists and tables;
- `answers`, `plan_sections`, `state_licence`, `timeline_section`: the sections;
- `attachment`: the `answers.json` a later upload resumes from (`answers_from_pdf`);
- `summary`: `build_pdf`, the sections in order.

Must not know: Streamlit, the clock (the date comes in as `on`), or how the chart is drawn
(the caller passes its PNG bytes).

The output is not a tagged PDF (fpdf2 writes no structure tree for text): the in-app plan
is the accessible version, and the summary says so.
"""

from wizard.outputs.report.answers import answer_rows, answer_text
from wizard.outputs.report.attachment import ATTACHMENT_NAME, answers_from_pdf
from wizard.outputs.report.document import cap, long_date
from wizard.outputs.report.summary import build_pdf

__all__ = ["ATTACHMENT_NAME", "answer_rows", "answer_text", "answers_from_pdf", "build_pdf", "cap", "long_date"]
