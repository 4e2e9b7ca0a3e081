"""Diagnostics: an error with a source location, printed the way compilers do.

    FILE:LINE:COL: error: message
      the source line
          ^
    FILE:LINE:COL: note: ...
"""

from __future__ import annotations

from grogc.errors import GrogError
from grogc.ir.core import Loc


class IRError(GrogError):
    """An error in a program, at a location if known, with optional notes."""

    def __init__(self, message: str, loc: Loc | None = None, notes: list[tuple[str, Loc | None]] | None = None):
        super().__init__(message)
        self.message = message
        self.loc = loc
        self.notes = notes or []
        self.source: str | None = None  # the program text, for the caret line

    def with_source(self, source: str) -> "IRError":
        self.source = source
        return self

    def __str__(self) -> str:
        return render(self.message, self.loc, self.source, self.notes)


def _caret(loc: Loc, source: str | None) -> list[str]:
    if source is None:
        return []
    lines = source.splitlines()
    if not 1 <= loc.line <= len(lines):
        return []
    text = lines[loc.line - 1].rstrip("\n")
    pad = "".join("\t" if ch == "\t" else " " for ch in text[: max(loc.col - 1, 0)])
    return [text, pad + "^"]


def render(message: str, loc: Loc | None, source: str | None = None, notes=()) -> str:
    head = f"{loc}: error: {message}" if loc else f"error: {message}"
    out = [head]
    if loc:
        out += _caret(loc, source)
    for note, note_loc in notes:
        out.append(f"{note_loc}: note: {note}" if note_loc else f"note: {note}")
        if note_loc:
            out += _caret(note_loc, source)
    return "\n".join(out)
