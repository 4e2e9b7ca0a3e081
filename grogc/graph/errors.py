"""Errors raised while reading, building or writing graphs."""

from __future__ import annotations

from pathlib import Path

from grogc.errors import GrogError


class GraphFormatError(GrogError):
    """A graph input or g.csr file is malformed; the message says where and why.

    Messages follow the compiler's diagnostic shape, ``FILE:LINE: error: WHAT``
    (``FILE: error: WHAT`` when no line applies), so editors can jump to them.
    """


def at(path: str | Path | None, line: int | None, message: str) -> GraphFormatError:
    """Build a GraphFormatError located at ``path`` and ``line`` (1-based)."""
    name = str(path) if path is not None else "<input>"
    where = f"{name}:{line}" if line is not None else name
    return GraphFormatError(f"{where}: error: {message}")
