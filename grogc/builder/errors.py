"""Builder errors, reported at the line of the user's Python code.

Every op the builder creates carries the `Loc` of the first stack frame
outside this package (the user's line), and every mistake is raised there:

    algo.py:12: error: cannot add nodes<f64> and nodes<i64> (no implicit conversion; use .cast('f64'))
        y = x + ids

`BuilderTypeError` is also a `TypeError` and `BuilderValueError` a
`ValueError`, so Python code may catch them the usual way; all are
`GrogError`s, so the CLI prints them without a traceback.
"""

from __future__ import annotations

import functools
import linecache
import sys
from pathlib import Path

from grogc.errors import GrogError
from grogc.ir.core import Loc

_PACKAGE_DIR = str(Path(__file__).resolve().parent)


def user_loc() -> Loc:
    """The location of the innermost frame outside grogc/builder."""
    frame = sys._getframe(1)
    while frame is not None and _inside_builder(frame.f_code.co_filename):
        frame = frame.f_back
    if frame is None:  # called from nowhere but the builder itself
        return Loc("<builder>", 0, 0)
    return Loc(frame.f_code.co_filename, frame.f_lineno, _column(frame))


@functools.lru_cache(maxsize=256)
def _inside_builder(filename: str) -> bool:
    try:
        return str(Path(filename).resolve().parent) == _PACKAGE_DIR
    except (OSError, ValueError):
        return False


def _column(frame) -> int:
    """1-based column of the expression running in `frame` (Python 3.11+
    knows it per instruction); 1 when unknown."""
    positions = getattr(frame.f_code, "co_positions", None)
    if positions is None:
        return 1
    index = frame.f_lasti // 2
    for i, (_, _, col, _) in enumerate(positions()):
        if i == index:
            return (col or 0) + 1
    return 1


class BuilderError(GrogError):
    """A mistake in a builder program; `loc` is the user's line."""

    def __init__(self, message: str, loc: Loc | None = None):
        self.message = message
        self.loc = loc if loc is not None else user_loc()
        super().__init__(self._render())

    def _render(self) -> str:
        head = f"{self.loc.file}:{self.loc.line}: error: {self.message}"
        source = linecache.getline(self.loc.file, self.loc.line).rstrip("\n")
        return f"{head}\n    {source.strip()}" if source.strip() else head

    def __str__(self) -> str:
        return self._render()


class BuilderTypeError(BuilderError, TypeError):
    """Operand types that do not fit an op (both types are named)."""


class BuilderValueError(BuilderError, ValueError):
    """A bad attribute value, name, literal or parameter default."""
