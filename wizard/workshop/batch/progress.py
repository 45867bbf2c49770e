"""Progress of a long batch: the callback type and a plain-text bar for the terminal.

Must not know: attendee data (a bar shows counts only).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

Progress = Callable[[int, int], None]  # (done, total)


class TextProgress:
    """`progress(done, total)` drawn as `\rLABEL [#####-----] 512/1000` on a terminal; on a
    pipe or file only the final line is written. No attendee data is ever shown."""

    def __init__(self, label: str, stream: Any, width: int = 30):
        self.label = label
        self.stream = stream
        self.width = width
        try:
            self.tty = bool(stream.isatty())
        except (AttributeError, ValueError):
            self.tty = False

    def __call__(self, done: int, total: int) -> None:
        if self.tty:
            filled = self.width * done // max(total, 1)
            bar = "#" * filled + "-" * (self.width - filled)
            self.stream.write(f"\r{self.label} [{bar}] {done}/{total}")
            if done >= total:
                self.stream.write("\n")
            self.stream.flush()
        elif done >= total:
            self.stream.write(f"{self.label}: {done}/{total}\n")
            self.stream.flush()
