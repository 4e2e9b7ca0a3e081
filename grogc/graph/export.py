"""Writing a Graph back out as a text edge list (SNAP style) in original ids.

One line per edge, `source target[ weight]`, after a `#` header saying
whether the graph is directed.  A directed graph writes every arc; an
undirected one each edge once (source <= target), so re-importing with
--undirected gives the same g.csr.  Weights are written in Python's shortest
round-trip form, so they come back bit for bit.  Isolated vertices cannot be
expressed in an edge list and are not written.
"""

from __future__ import annotations

from pathlib import Path
from typing import Callable, TextIO

import numpy as np

from grogc.fileio import atomic_output
from grogc.graph.graph import Graph

_VERTEX_BLOCK = 1 << 16  # vertices formatted per write


def export_edges(graph: Graph, path: str | Path, progress: Callable[[int, int], None] | None = None) -> int:
    """Write the edge list atomically (temporary file + rename); returns lines written."""
    with atomic_output(Path(path), "w", encoding="ascii", newline="\n") as f:
        return write_edges(graph, f, progress)


def write_edges(graph: Graph, f: TextIO, progress: Callable[[int, int], None] | None = None) -> int:
    """Write the edge list to an open text stream (standard output, for `-o -`); returns lines written."""
    written = 0
    kind = "directed" if graph.directed else "undirected"
    f.write(f"# grogc export: {kind}, {graph.n} nodes, {graph.num_edges} edges\n")
    for start in range(0, graph.n, _VERTEX_BLOCK):
        stop = min(graph.n, start + _VERTEX_BLOCK)
        lo, hi = int(graph.out_offsets[start]), int(graph.out_offsets[stop])
        src = np.repeat(np.arange(start, stop, dtype=np.int64), np.diff(graph.out_offsets[start:stop + 1]))
        dst = graph.out_targets[lo:hi].astype(np.int64)
        keep = slice(None) if graph.directed else (src <= dst)
        s = graph.node_ids[src[keep]].tolist()
        d = graph.node_ids[dst[keep]].tolist()
        if graph.weighted:
            w = graph.out_weights[lo:hi][keep].tolist()
            f.write("".join(f"{a} {b} {c!r}\n" for a, b, c in zip(s, d, w)))
        else:
            f.write("".join(f"{a} {b}\n" for a, b in zip(s, d)))
        written += len(s)
        if progress:
            progress(stop, graph.n)
    return written
