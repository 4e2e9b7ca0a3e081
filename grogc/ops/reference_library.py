"""Reference (NumPy/SciPy) kernels of the library's graph ops
(docs/gir-extensions.md): graph.directed, graph.self_loops,
graph.neighbor_count, graph.neighborhood_arcs.  The interpreter's oracle for
runtime_c/kernels_library.c; they share no code."""

from __future__ import annotations

import numpy as np


def directed(graph) -> bool:
    return bool(graph.directed)


def _arcs(graph) -> tuple[np.ndarray, np.ndarray]:
    src = np.repeat(np.arange(graph.n, dtype=np.int64), np.diff(np.asarray(graph.out_offsets)))
    return src, np.asarray(graph.out_targets, dtype=np.int64)


def self_loops(graph) -> np.ndarray:
    """Stored arcs v -> v per node."""
    src, dst = _arcs(graph)
    return np.bincount(src[src == dst], minlength=graph.n).astype(np.int64)


def _simple(graph):
    """(B, S): B[u, w] = 1 for each distinct arc u -> w, u != w; S = the
    neighbour sets, B + B^T as 0/1."""
    import scipy.sparse as sp

    n = graph.n
    src, dst = _arcs(graph)
    keep = src != dst
    b = sp.coo_array((np.ones(int(keep.sum())), (src[keep], dst[keep])), shape=(n, n)).tocsr()
    b = (b > 0).astype(np.int64)
    s = ((b + b.T) > 0).astype(np.int64)
    return b, s


def neighbor_count(graph) -> np.ndarray:
    """|N(v)|: in and out neighbours as a set, v excluded."""
    _, s = _simple(graph)
    return np.diff(s.indptr).astype(np.int64)


def neighborhood_arcs(graph) -> np.ndarray:
    """Distinct arcs u -> w (u != w) with u, w in N(v): sum_{u,w} S[v,u] B[u,w] S[v,w]."""
    b, s = _simple(graph)
    return np.asarray((s @ b).multiply(s).sum(axis=1)).ravel().astype(np.int64)
