"""Reference (NumPy/SciPy) kernels of the library's graph ops
(docs/gir-extensions.md): graph.directed, graph.self_loops,
graph.neighbor_count, graph.neighborhood_arcs, graph.core_number, graph.scc,
graph.wcc.  The interpreter's oracle for runtime_c/kernels_library.c,
kernels_triangles.c, kernels_cores.c, kernels_scc.c and kernels_wcc.c; they
share no code."""

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


# ---- the library's algorithm kernels (graph.core_number, graph.scc, graph.wcc) ----
# Reference forms, different from the C ones on purpose: SciPy's component
# labelling for scc/wcc, and a heap of degrees for core_number (C: Tarjan,
# union-find, bucket peeling).


def _smallest_member(labels: np.ndarray) -> np.ndarray:
    """Component labels -> the smallest node (internal id) of each component."""
    n = labels.size
    smallest = np.full(int(labels.max()) + 1 if n else 0, n, dtype=np.int64)
    np.minimum.at(smallest, labels, np.arange(n, dtype=np.int64))
    return smallest[labels]


def _components(graph, connection: str) -> np.ndarray:
    import scipy.sparse as sp
    from scipy.sparse.csgraph import connected_components

    n = graph.n
    src, dst = _arcs(graph)
    a = sp.coo_array((np.ones(src.size), (src, dst)), shape=(n, n)).tocsr()
    _, labels = connected_components(a, directed=True, connection=connection)
    return _smallest_member(labels)


def scc(graph) -> np.ndarray:
    """The smallest internal id of each node's strongly connected component."""
    return _components(graph, "strong")


def wcc(graph) -> np.ndarray:
    """The smallest internal id of each node's weakly connected component."""
    return _components(graph, "weak")


def core_number(graph) -> np.ndarray:
    """Matula-Beck: remove a node of smallest remaining degree (a heap with
    lazy deletion), again and again; its core number is the largest degree
    seen at a removal so far.  A node's arcs are its out-arcs on an
    undirected graph (both ways stored), in + out on a directed one;
    duplicates count as stored, a loop counts while its node remains."""
    import heapq

    n = graph.n
    src, dst = _arcs(graph)
    if graph.directed:
        src, dst = np.concatenate([src, dst]), np.concatenate([dst, src])
    order = np.argsort(src, kind="stable")
    starts = np.searchsorted(src[order], np.arange(n + 1)).tolist()
    nbrs = dst[order].tolist()
    deg = np.diff(starts).tolist() if n else []
    heap = [(d, v) for v, d in enumerate(deg)]
    heapq.heapify(heap)
    removed = [False] * n
    core = np.zeros(n, dtype=np.int64)
    k = 0
    while heap:
        d, v = heapq.heappop(heap)
        if removed[v] or d != deg[v]:
            continue  # a stale entry
        k = max(k, d)
        core[v] = k
        removed[v] = True
        for u in nbrs[starts[v]:starts[v + 1]]:
            if not removed[u]:
                deg[u] -= 1
                heapq.heappush(heap, (deg[u], u))
    return core
