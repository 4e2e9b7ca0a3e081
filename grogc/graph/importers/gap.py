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
from pathlib import Path

import numpy as np

from grogc.graph.errors import at
from grogc.graph.importers.options import EdgeData, ImportOptions
from grogc.graph.importers.text import Progress

HEAD = 17


def _load_bytes(path: Path) -> bytes | np.ndarray:
    try:
        with open(path, "rb") as f:
            magic = f.read(2)
        if magic == b"\x1f\x8b":
            with gzip.open(path, "rb") as f:
                return f.read()
        return np.memmap(path, dtype=np.uint8, mode="r") if path.stat().st_size else b""
    except (EOFError, gzip.BadGzipFile) as err:
        raise at(path, None, f"truncated or corrupt gzip data ({err})") from None
    except OSError as err:
        raise at(path, None, f"cannot open: {err.strerror}") from None


def read_gap(path: Path, opts: ImportOptions, progress: Progress | None = None) -> EdgeData:
    weighted = path.name.removesuffix(".gz").endswith(".wsg")
    if opts.weighted and not weighted:
        raise at(path, None, "--weighted was given but a .sg file has no weights (use .wsg)")
    buf = _load_bytes(path)
    size = len(buf)
    if size < HEAD:
        raise at(path, None, f"truncated file: {size} bytes, shorter than the 17-byte GAP header")
    flag = int(np.frombuffer(buf, np.uint8, 1, 0)[0])
    arcs, n = (int(x) for x in np.frombuffer(buf, "<i8", 2, 1))
    if flag > 1 or arcs < 0 or n < 0:
        raise at(path, None, f"not a GAP serialized graph (directed byte {flag}, arcs {arcs}, nodes {n})")
    directed = flag == 1
    neigh = 8 if weighted else 4
    part = (n + 1) * 8 + arcs * neigh
    expected = HEAD + part * (2 if directed else 1)
    if size != expected:
        what = "truncated file" if size < expected else "trailing bytes"
        raise at(path, None, f"{what}: a {'directed' if directed else 'undirected'} "
                             f"{'.wsg' if weighted else '.sg'} with {n} nodes and {arcs} arcs "
                             f"takes {expected} bytes, the file has {size}")
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
