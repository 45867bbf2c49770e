"""The "What if you chose differently" section of the PDF summary: the comparison the person
kept on the app's "Try a different choice" page, in the same lines the CLI prints.

Must not know: how the comparison is worked out (`wizard.outputs.whatif`).
"""

from __future__ import annotations

from collections.abc import Sequence

from wizard.outputs.report.document import MUTED, Summary


def whatif_section(pdf: Summary, lines: Sequence[str]) -> None:
    if not lines:
        return
    pdf.heading("What if you chose differently")
    first, *rest = lines
    pdf.para(first, size=10, style="B", after=1)
    changes = [line.strip() for line in rest if line.startswith("  ")]
    findings = [line for line in rest if not line.startswith("  ")]
    pdf.bullets(changes, size=10)
    pdf.ln(1)
    pdf.bullets(findings, size=9.5)
    pdf.para("Your answers in this summary are the ones you kept, not the alternative.", size=9, colour=MUTED)
