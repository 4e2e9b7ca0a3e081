"""Reading numeric text edge lists in big chunks of whole lines.

A TextInput opens a plain or gzip file, lets an importer read its preamble
(headers, banners) line by line, then hands the rest to the C parser a chunk
at a time.  Line numbers are tracked throughout so every error names its
line; a truncated gzip stream is reported as such.

Memory stays bounded whatever the input: no line may be longer than
MAX_LINE_BYTES (a gzip whose one comment line unpacks to gigabytes is an
error after reading that much, not a MemoryError), a line spanning chunks is
carried once rather than re-copied per chunk, and the records read so far
are checked against the machine's memory (budget.py) after every chunk.
"""

from __future__ import annotations

import gzip
import os
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

import numpy as np

from grogc.errors import GrogError
from grogc.graph import _native
from grogc.graph.budget import check_build
from grogc.graph.errors import GraphFormatError, at

CHUNK_BYTES = 1 << 24
# No graph file needs longer lines (an edge is a few dozen bytes; a header a
# few hundred); anything longer is not the file the user meant.
MAX_LINE_BYTES = 1 << 20

# progress(done_bytes, total_bytes)
Progress = Callable[[int, int], None]


@dataclass
class Parsed:
    """Records parsed from the data lines of a text input."""

    src: np.ndarray  # int64 ids from the source column
    dst: np.ndarray | None  # int64 ids from the target column, None for vertex lists
    weight: np.ndarray | None  # float64 weights, None when there is no weight column
    lines: int  # last line number read


class TextInput:
    """A plain or gzip text file read as whole lines with line numbers."""

    def __init__(self, path: str | Path, progress: Progress | None = None) -> None:
        self.path = Path(path)
        try:
            self._raw = open(self.path, "rb")
        except OSError as err:
            raise GraphFormatError(f"{self.path}: error: cannot open: {err.strerror}") from None
        self.total = os.fstat(self._raw.fileno()).st_size
        self.gzipped = self._raw.read(2) == b"\x1f\x8b"
        self._raw.seek(0)
        self._stream = gzip.GzipFile(fileobj=self._raw, mode="rb") if self.gzipped else self._raw
        self.line = 0  # number of the last line handed out
        self._pending: bytes | None = None
        self._progress = progress

    def __enter__(self) -> "TextInput":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def close(self) -> None:
        self._stream.close()
        self._raw.close()

    def error(self, message: str, line: int | None = None) -> GraphFormatError:
        """An error located at ``line`` (default: the last line read)."""
        return at(self.path, self.line if line is None else line, message)

    def _read(self, size: int, line: bool = False) -> bytes:
        try:
            return self._stream.readline(size) if line else self._stream.read(size)
        except (EOFError, gzip.BadGzipFile, zlib.error) as err:
            raise at(self.path, None, f"truncated or corrupt gzip data ({err})") from None

    def too_long(self, line: int) -> GraphFormatError:
        return at(self.path, line, f"line longer than {MAX_LINE_BYTES // 2**20} MiB; no graph file has such "
                                   "lines (is this the right file, and is it text?)")

    def next_line(self) -> bytes | None:
        """The next line without its line break, or None at end of file."""
        if self._pending is not None:
            data, self._pending = self._pending, None
        else:
            data = self._read(MAX_LINE_BYTES + 1, line=True)
            if not data:
                return None
        self.line += 1
        if len(data) > MAX_LINE_BYTES:
            raise self.too_long(self.line)
        return data.rstrip(b"\r\n")

    def push_back(self, line: bytes) -> None:
        """Return one line so the data parser sees it again."""
        self._pending = line + b"\n"
        self.line -= 1

    def next_data_line(self, comments: bytes) -> bytes | None:
        """The next line that is neither blank nor a comment; None at EOF."""
        while (line := self.next_line()) is not None:
            s = line.strip()
            if s and s[:1] not in [comments[i:i + 1] for i in range(len(comments))]:
                return line
        return None

    def parse_rest(self, fmt, *, has_dst: bool = True, has_weight: bool = False) -> Parsed:
        """Parse every remaining line with the C parser (format ``fmt``)."""
        if not _native.available():
            raise GrogError("error: the grogc C runtime is not compiled; run `pip install -e .`")
        segments: list[tuple[np.ndarray, np.ndarray | None, np.ndarray | None, int]] = []
        cap = used = total = 0
        src = dst = w = None
        carry = self._pending or b""
        self._pending = None
        while True:
            block = self._read(CHUNK_BYTES)
            eof = not block
            if not eof and b"\n" not in block and b"\n" not in carry:
                # Still inside one line: keep the pieces, join once at its end
                # (re-joining every chunk would copy a long line quadratically).
                carry = self._long_line(carry, block)
                continue
            data = carry + block
            if eof:
                carry = b""
            else:
                cut = data.rfind(b"\n") + 1
                data, carry = data[:cut], data[cut:]
                if len(carry) > MAX_LINE_BYTES:
                    raise self.too_long(self.line + data.count(b"\n") + 1)
            if data:
                need = len(data) // 2 + 1  # every record takes at least 2 bytes
                if cap - used < need:
                    if src is not None:
                        segments.append((src, dst, w, used))
                    # Plain files: one segment sized for the whole file; pages
                    # never written are never touched, so this costs no memory.
                    cap = max(need, (self.total // 2 + 1) if not self.gzipped else 4 * need)
                    src = np.empty(cap, np.int64)
                    dst = np.empty(cap, np.int64) if has_dst else None
                    w = np.empty(cap, np.float64) if has_weight else None
                    used = 0
                count, lines, err = _native.parse_lines(
                    data, fmt, self.line + 1, src[used:], dst[used:] if dst is not None else None,
                    w[used:] if w is not None else None)
                if err is not None:
                    raise at(self.path, err[0] or None, err[2])
                used += count
                total += count
                self.line += lines
                check_build(self.path, self.line, 0, total, weighted=has_weight,
                            what=f"the first {self.line:,} lines already hold a graph")
            if self._progress:
                self._progress(self._raw.tell(), self.total)
            if eof:
                break
        if src is not None:
            segments.append((src, dst, w, used))
        return Parsed(*_join(segments, has_dst, has_weight), lines=self.line)


    def _long_line(self, carry: bytes, block: bytes) -> bytes:
        """`carry` + `block` (no line break in `block`), or the too-long error."""
        if len(carry) + len(block) > MAX_LINE_BYTES:
            raise self.too_long(self.line + 1)
        return carry + block


def _join(segments, has_dst: bool, has_weight: bool):
    if not segments:
        empty = np.empty(0, np.int64)
        return empty, (empty if has_dst else None), (np.empty(0) if has_weight else None)
    if len(segments) == 1:
        s, d, w, k = segments[0]
        return s[:k], (d[:k] if d is not None else None), (w[:k] if w is not None else None)
    cols = []
    for j, keep in ((0, True), (1, has_dst), (2, has_weight)):
        cols.append(np.concatenate([seg[j][:seg[3]] for seg in segments]) if keep else None)
    return tuple(cols)


def line_of_record(path: Path, index: int, is_data: Callable[[bytes], bool], start_line: int = 0) -> int:
    """The line number of the ``index``-th (0-based) data line after ``start_line``.

    Only used on the error path, to turn a record index found by a vectorised
    check back into a line number; it re-reads the file.
    """
    opener = gzip.open if _is_gzip(path) else open
    seen = -1
    with opener(path, "rb") as f:
        for number, line in enumerate(f, start=1):
            if number <= start_line or not is_data(line.strip()):
                continue
            seen += 1
            if seen == index:
                return number
    return start_line


def _is_gzip(path: Path) -> bool:
    with open(path, "rb") as f:
        return f.read(2) == b"\x1f\x8b"


def split_fields(line: bytes, delimiter: bytes | None = None) -> list[bytes]:
    """Fields of a preamble line (whitespace-separated unless a delimiter is given)."""
    if delimiter is None:
        return line.split()
    return [f.strip() for f in line.split(delimiter)]


def parse_int(inp: TextInput, token: bytes, what: str) -> int:
    """An integer from a preamble field, or an error naming the field."""
    try:
        return int(token)
    except ValueError:
        raise inp.error(f"bad number '{token.decode('utf-8', 'replace')}' for {what}") from None


__all__ = ["TextInput", "Parsed", "split_fields", "parse_int"]
