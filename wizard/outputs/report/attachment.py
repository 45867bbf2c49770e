"""The `answers.json` attached to every PDF summary, and reading it back from an uploaded PDF.

Owns: the attachment's name, writing it (`attach_answers`) and finding it again without a PDF
library (`answers_from_pdf`), with size caps on what is read and inflated.

Must not know: the layout of the summary; whether the text read back is valid answers (the
caller validates it with `parse_profile`).
"""

from __future__ import annotations

import re
import zlib
from datetime import datetime

from fpdf import FPDF

from wizard.domain.profile import Profile

ATTACHMENT_NAME = "answers.json"
#: answers_from_pdf reads at most this much PDF, and inflates at most this much JSON.
MAX_PDF_BYTES = 20 * 1024 * 1024
MAX_ANSWERS_BYTES = 256 * 1024


def attach_answers(pdf: FPDF, profile: Profile, stamp: datetime) -> None:
    """Embed the answers as JSON, dated `stamp`, so the same inputs give the same bytes."""
    pdf.embed_file(
        bytes=profile.model_dump_json().encode("utf-8"),
        basename=ATTACHMENT_NAME,
        desc="Your answers, for resuming in the IMG Pathway Wizard",
        mime_type="application/json",
        creation_date=stamp,
        modification_date=stamp,
        compress=True,
    )


_STREAM = re.compile(rb">>\s*stream\r?\n")
_LENGTH = re.compile(rb"/Length\s+(\d+)\b(?!\s+\d+\s+R)")  # a direct length, not "6 0 R"


def answers_from_pdf(data: bytes) -> str | None:
    """The `answers.json` text attached by `build_pdf`, or None if there is none.

    No PDF library is needed: this scans for embedded-file streams (`/Type /EmbeddedFile`,
    which a PDF may never put inside an object stream, so re-saving by most viewers keeps
    them findable), inflates Flate-compressed ones with a size cap, and returns the first
    that is a JSON object with a `schema_version`. Encrypted PDFs and other filters give None.
    The caller must still validate the text (`parse_profile`): it is untrusted input.
    """
    if not data.startswith(b"%PDF") or len(data) > MAX_PDF_BYTES:
        return None
    import json

    for match in _STREAM.finditer(data):
        head = data.rfind(b" obj", 0, match.start())
        if head < 0:
            continue
        stream_dict = data[head : match.start() + 2]
        if b"/EmbeddedFile" not in stream_dict:
            continue
        start = match.end()
        length = _LENGTH.search(stream_dict)
        end = start + int(length.group(1)) if length else data.find(b"endstream", start)
        if end < start or end > len(data):
            continue
        raw = data[start:end]
        if b"/FlateDecode" in stream_dict:
            inflater = zlib.decompressobj()
            try:
                raw = inflater.decompress(raw, MAX_ANSWERS_BYTES + 1)
            except zlib.error:
                continue
            if len(raw) > MAX_ANSWERS_BYTES:
                continue
        elif b"/Filter" in stream_dict or len(raw) > MAX_ANSWERS_BYTES:
            continue
        try:
            text = raw.decode("utf-8").strip()
            parsed = json.loads(text)
        except (UnicodeDecodeError, ValueError, RecursionError):
            continue
        if isinstance(parsed, dict) and "schema_version" in parsed:
            return text
    return None
