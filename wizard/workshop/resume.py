"""Save and resume without the server keeping anything: the person holds the only copy.

Owns: the answers file a person downloads (`answers_file`, exactly what `img-wizard evaluate`
reads), reading an uploaded answers file or PDF summary back (`read_upload`) with its own
byte caps and one plain-language message for anything wrong, and turning a `Profile` into
the flat {question path: value} answers the browser wizard stores (`flat_answers`).

Uploads are untrusted. JSON is parsed only by pydantic (`model_validate_json`), which refuses
deep nesting cleanly where `json.loads` would raise RecursionError; nothing here echoes the
file's content or name in a message.

Must not know: Streamlit, the clock (`today` is an argument).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from pydantic import BaseModel, ConfigDict, ValidationError

from wizard.domain.profile import SCHEMA_VERSION, Profile, field_errors, parse_profile
from wizard.domain.questions import BY_PATH

#: Caps far below Streamlit's own upload limit (server.maxUploadSize = 1 MB). A real answers
#: file is 1-3 KB; a real PDF summary 30-200 KB (about 4 times that leaves room for a viewer
#: that re-saves it).
MAX_JSON_BYTES = 64 * 1024
MAX_PDF_BYTES = 768 * 1024
#: How many problems an "impossible answers" message names before it says "and N more".
MAX_NAMED_PROBLEMS = 3

FILE_STEM = "img-pathway-answers"
_BOM = b"\xef\xbb\xbf"

# One message per way a file can be wrong. Each says what is wrong and what to do, and that
# the answers on screen were left as they were.
KEPT = "Your answers on screen were not changed."
EMPTY = "This file is empty. Choose the answers file (.json) or the PDF summary this wizard saved."
TOO_LARGE_JSON = (
    f"This file is larger than an answers file can be ({MAX_JSON_BYTES // 1024} KB). "
    "Choose the .json answers file this wizard saved."
)
TOO_LARGE_PDF = (
    f"This PDF is larger than a summary from this wizard can be ({MAX_PDF_BYTES // 1024} KB). "
    "Choose the PDF summary this wizard made, or the .json answers file."
)
NOT_READABLE = (
    "This file is not an answers file from this wizard (it is not readable JSON). "
    "Choose the .json answers file or the PDF summary this wizard saved."
)
NOT_OURS = (
    "This file was not saved by this wizard (it has no answers in the wizard's format). "
    "Choose the .json answers file or the PDF summary this wizard saved."
)
NEWER = (
    "This answers file was saved by a newer version of the wizard, which this one cannot read. "
    "Ask the advisor for the newer version, or answer the questions again."
)
UNKNOWN_VERSION = (
    "This answers file has a version number this wizard does not know. "
    "Choose the .json answers file or the PDF summary this wizard saved."
)
PDF_WITHOUT_ANSWERS = (
    "This PDF does not carry saved answers. Choose the PDF summary this wizard made "
    "(it holds your answers), or the .json answers file."
)
IMPOSSIBLE = "This answers file has {what} the wizard cannot accept"


@dataclass(frozen=True)
class ResumeError:
    """Why an upload was refused: one message for a person, already in plain words."""

    message: str

    def __str__(self) -> str:
        return self.message


class _Envelope(BaseModel):
    """Just enough to tell an answers file from other JSON before validating every answer."""

    model_config = ConfigDict(extra="allow")
    schema_version: Any = None


# ------------------------------------------------------------------ saving


def answers_file(profile: Profile) -> str:
    """The answers file's text: `Profile.model_dump_json`, the format `img-wizard evaluate` reads.

    Unanswered questions are left out (they read back as unanswered), so the file shows a
    person only what they said.
    """
    return profile.model_dump_json(indent=2, exclude_none=True) + "\n"


def file_name(on: date) -> str:
    return f"{FILE_STEM}-{on.isoformat()}.json"


# ------------------------------------------------------------------ reading back


def _label(path: str) -> str:
    q = BY_PATH.get(path)
    if q is not None:
        return q.label.rstrip("?:. ")
    return "the file's layout" if not path else "an answer the wizard does not ask"


def _impossible(exc: ValidationError) -> ResumeError:
    problems = field_errors(exc)
    named = [f"{_label(path)}: {message}" for path, message in list(problems.items())[:MAX_NAMED_PROBLEMS]]
    more = len(problems) - len(named)
    what = "an answer" if len(problems) == 1 else "answers"
    text = IMPOSSIBLE.format(what=what) + " — " + "; ".join(named)
    if more > 0:
        text += f"; and {more} more"
    return ResumeError(f"{text}. Check the file, or answer the questions again. {KEPT}")


def _from_json(raw: bytes, *, today: date) -> Profile | ResumeError:
    raw = raw.removeprefix(_BOM)
    if not raw.strip():
        return ResumeError(f"{EMPTY} {KEPT}")
    try:
        envelope = _Envelope.model_validate_json(raw)
    except ValidationError as exc:
        kinds = {e["type"] for e in exc.errors(include_input=False, include_url=False)}
        # json_invalid: not JSON, bad UTF-8, nested too deep; model_type: JSON but not an object
        return ResumeError(f"{NOT_READABLE if 'json_invalid' in kinds else NOT_OURS} {KEPT}")
    version = envelope.schema_version
    if version is None:
        return ResumeError(f"{NOT_OURS} {KEPT}")
    if type(version) is int and version > SCHEMA_VERSION:
        return ResumeError(f"{NEWER} {KEPT}")
    if type(version) is not int or version != SCHEMA_VERSION:
        return ResumeError(f"{UNKNOWN_VERSION} {KEPT}")
    try:
        return parse_profile(raw, today=today)
    except ValidationError as exc:
        return _impossible(exc)


def read_upload(data: bytes, *, today: date) -> Profile | ResumeError:
    """An uploaded answers file (.json) or PDF summary as a validated `Profile`, or why not.

    The kind is told from the content (a PDF starts with ``%PDF``), never from the file name.
    """
    if not data:
        return ResumeError(f"{EMPTY} {KEPT}")
    if data.startswith(b"%PDF"):
        if len(data) > MAX_PDF_BYTES:
            return ResumeError(f"{TOO_LARGE_PDF} {KEPT}")
        from wizard.outputs.report import answers_from_pdf

        try:
            text = answers_from_pdf(data)
        except Exception:
            text = None
        if text is None:
            return ResumeError(f"{PDF_WITHOUT_ANSWERS} {KEPT}")
        return _from_json(text.encode("utf-8"), today=today)
    if len(data) > MAX_JSON_BYTES:
        return ResumeError(f"{TOO_LARGE_JSON} {KEPT}")
    return _from_json(data, today=today)


# ------------------------------------------------------------------ into the wizard's store


def flat_answers(profile: Profile) -> dict[str, Any]:
    """{question path: value} for every answered question (enums as members, dates as dates),
    the shape the browser wizard keeps; unanswered questions are left out."""
    out: dict[str, Any] = {}

    def walk(model: BaseModel, prefix: str) -> None:
        for name in type(model).model_fields:
            value = getattr(model, name)
            path = f"{prefix}{name}"
            if isinstance(value, BaseModel):
                walk(value, f"{path}.")
            elif value is not None and path in BY_PATH:
                out[path] = value

    walk(profile, "")
    return out
