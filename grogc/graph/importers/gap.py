"""GAP Benchmark Suite serialized graphs (.sg unweighted, .wsg weighted).

Layout (GAP's WriteSerializedGraph, native little-endian):
  bool directed (1 byte), int64 arcs, int64 nodes,
  int64 out_offsets[nodes + 1], out_neighbors[arcs],
  and, when directed, int64 in_offsets[nodes + 1], in_neighbors[arcs].
A neighbour is int32 (.sg) or an int32 (node, weight) pair (.wsg).  An
undirected graph stores both directions; each edge is read once (u <= v).
Vertices are 0..nodes-1.
"""

from __future__ import annotations

import gzip
import os
import zlib
from pathlib import Path

import numpy as np

from grogc.graph.budget import check_build
from grogc.graph.errors import at
from grogc.graph.importers.options import EdgeData, ImportOptions
from grogc.graph.importers.text import Progress

HEAD = 17


def _expected_size(path: Path, head: bytes, weighted: bool) -> tuple[bool, int, int, int]:
    """(directed, arcs, nodes, file size the header implies)."""
    flag = head[0]
    arcs, n = (int(x) for x in np.frombuffer(head, "<i8", 2, 1))
    if flag > 1 or arcs < 0 or n < 0:
        raise at(path, None, f"not a GAP serialized graph (directed byte {flag}, arcs {arcs}, nodes {n})")
    directed = flag == 1
    part = (n + 1) * 8 + arcs * (8 if weighted else 4)
    return directed, arcs, n, HEAD + part * (2 if directed else 1)


def _size_error(path: Path, directed: bool, weighted: bool, n: int, arcs: int, expected: int, size: int,
                exact: bool = True):
    what = "truncated file" if size < expected else "trailing bytes"
    have = f"{size}" if exact or size < expected else f"more than {expected}"
    return at(path, None, f"{what}: a {'directed' if directed else 'undirected'} "
                          f"{'.wsg' if weighted else '.sg'} with {n} nodes and {arcs} arcs "
                          f"takes {expected} bytes, the file has {have}")


def _load(path: Path, weighted: bool):
    """(directed, arcs, nodes, buffer of exactly the implied size).

    A plain file is read once its size matches the header; a gzip one is
    decompressed into a buffer of the size its header implies (checked
    first), reading at most one byte more, so a lying header or a gzip bomb
    never makes it allocate more."""
    try:
        with open(path, "rb") as f:
            gzipped = f.read(2) == b"\x1f\x8b"
            size = os.fstat(f.fileno()).st_size
        if not gzipped:  # read, not mapped: a mapped file truncated meanwhile would SIGBUS
            if size < HEAD:
                raise at(path, None, f"truncated file: {size} bytes, shorter than the 17-byte GAP header")
            with open(path, "rb") as f:
                head = f.read(HEAD)
                directed, arcs, n, expected = _expected_size(path, head, weighted)
                if size != expected:
                    raise _size_error(path, directed, weighted, n, arcs, expected, size)
                check_build(path, None, n, arcs, weighted=weighted, what="the GAP header declares a graph")
                buf = np.empty(expected, np.uint8)
                buf[:HEAD] = np.frombuffer(head, np.uint8)
                got = HEAD + _read_into(f, memoryview(buf)[HEAD:])
            if got != expected:
                raise at(path, None, "the file changed while it was being read; another process is writing it")
            return directed, arcs, n, buf
        with gzip.open(path, "rb") as f:
            head = f.read(HEAD)
            if len(head) < HEAD:
                raise at(path, None, f"truncated file: {len(head)} bytes, shorter than the 17-byte GAP header")
            directed, arcs, n, expected = _expected_size(path, head, weighted)
            # Checked before decompressing: the buffer is as big as the header says.
            check_build(path, None, n, arcs, weighted=weighted, what="the GAP header declares a graph")
            buf = np.empty(expected, np.uint8)
            buf[:HEAD] = np.frombuffer(head, np.uint8)
            got = HEAD + _read_into(f, memoryview(buf)[HEAD:])
            if got < expected or f.read(1):
                raise _size_error(path, directed, weighted, n, arcs, expected, got if got < expected else got + 1,
                                  exact=False)
            return directed, arcs, n, buf
    except (EOFError, gzip.BadGzipFile, zlib.error) as err:
        raise at(path, None, f"truncated or corrupt gzip data ({err})") from None
    except OSError as err:
        raise at(path, None, f"cannot open: {err.strerror}") from None


def _read_into(f, view: memoryview) -> int:
    """Fill `view` from `f` in bounded pieces; the bytes read (fewer at EOF)."""
    done = 0
    while done < len(view):
        k = f.readinto(view[done:done + (1 << 24)])
        if not k:
            break
        done += k
    return done


def read_gap(path: Path, opts: ImportOptions, progress: Progress | None = None) -> EdgeData:
    weighted = path.name.removesuffix(".gz").endswith(".wsg")
    if opts.weighted and not weighted:
        raise at(path, None, "--weighted was given but a .sg file has no weights (use .wsg)")
    directed, arcs, n, buf = _load(path, weighted)
    offsets = np.frombuffer(buf, "<i8", n + 1, HEAD)
    if offsets[0] != 0 or offsets[-1] != arcs or np.any(np.diff(offsets) < 0):
        raise at(path, None, "out-offsets are not monotone from 0 to the arc count")
    body = np.frombuffer(buf, "<i4", arcs * (2 if weighted else 1), HEAD + (n + 1) * 8)
    dst = (body[0::2] if weighted else body).astype(np.int64)
    w = body[1::2].astype(np.float64) if weighted else None
    if arcs and (dst.min() < 0 or dst.max() >= n):
        raise at(path, None, f"a neighbour id lies outside 0..{n - 1}")
    if w is not None and not opts.allow_negative_weights and arcs and w.min() < 0:
        raise at(path, None, f"negative weight {int(w.min())} (negative weights are not allowed here)")
    src = np.repeat(np.arange(n, dtype=np.int64), np.diff(offsets))
    if not directed:
        once = src <= dst
        src, dst = src[once], dst[once]
        w = w[once] if w is not None else None
    return EdgeData(src, dst, w, directed=directed, nodes=np.arange(n, dtype=np.int64))
