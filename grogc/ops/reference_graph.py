"""Graph kernels of the reference interpreter, in plain NumPy/SciPy.

Written for clarity, not speed: each kernel builds the edge list it needs
(target v, neighbour u, weight w) and aggregates with ufunc.at / bincount.
They share nothing with the C runtime; docs/interpreter.md lists the
tolerances between the two.
"""

from __future__ import annotations

import numpy as np

I64_MIN, I64_MAX = np.iinfo(np.int64).min, np.iinfo(np.int64).max


def neighbour_lists(graph, direction: str) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(v, u, w) for every stored arc seen from v in `direction`:
    "in" pairs v with its predecessors u, "out" with its successors, "all"
    with both (a multiset).  w is the arc's weight, 1.0 when unweighted."""
    if direction == "all":
        parts = [neighbour_lists(graph, d) for d in ("in", "out")]
        return tuple(np.concatenate([p[i] for p in parts]) for i in range(3))
    offsets, others, weights = (
        (graph.in_offsets, graph.in_sources, graph.in_weights)
        if direction == "in"
        else (graph.out_offsets, graph.out_targets, graph.out_weights)
    )
    v = np.repeat(np.arange(graph.n, dtype=np.int64), np.diff(np.asarray(offsets, dtype=np.int64)))
    u = np.asarray(others, dtype=np.int64)
    w = np.ones(len(u)) if weights is None else np.asarray(weights, dtype=np.float64)
    return v, u, w


def degree(graph, direction: str, weighted: bool) -> np.ndarray:
    """Stored arcs (or their weight sum) per node in `direction`, as f64."""
    v, _, w = neighbour_lists(graph, direction)
    return np.bincount(v, weights=w if weighted else None, minlength=graph.n).astype(np.float64)


def _identity(agg: str, dtype: np.dtype):
    if agg == "min":
        return np.inf if dtype == np.float64 else I64_MAX
    if agg == "max":
        return -np.inf if dtype == np.float64 else I64_MIN
    return {"or": False, "and": True}.get(agg, 0)


def pull(graph, x: np.ndarray, agg: str, direction: str, weight: str, gate: bool = True) -> np.ndarray:
    """For every node v, `agg` over its neighbours u of x[u] (combined with
    the arc weight by `weight`); a node without neighbours gets the identity.
    `gate` false: every arc weighs 1, exactly as on an unweighted graph."""
    n = graph.n
    v, u, w = neighbour_lists(graph, direction)
    if not gate:
        w = np.ones(len(u))
    vals = x[u]
    if weight == "mul":
        vals = w * vals
    elif weight == "add":
        vals = w + vals
    if agg == "mode":
        return _mode(n, v, vals, x)
    if agg == "count":
        out = np.zeros(n, dtype=np.int64)
        np.add.at(out, v, (vals != 0).astype(np.int64))
        return out
    if agg == "mean":
        total = np.zeros(n, dtype=np.float64)
        np.add.at(total, v, vals.astype(np.float64))
        count = np.bincount(v, minlength=n)
        return np.divide(total, count, out=np.zeros(n), where=count > 0)
    out = np.full(n, _identity(agg, vals.dtype), dtype=vals.dtype)
    ufunc = {"sum": np.add, "min": np.minimum, "max": np.maximum, "or": np.logical_or, "and": np.logical_and}[agg]
    ufunc.at(out, v, vals)
    return out


def _mode(n: int, v: np.ndarray, vals: np.ndarray, x: np.ndarray) -> np.ndarray:
    """Most frequent neighbour value per node, ties to the smallest value;
    x[v] itself for a node without neighbours."""
    out = x.copy()
    if len(v) == 0:
        return out
    order = np.lexsort((vals, v))  # by node, then by value
    sv, sx = v[order], vals[order]
    new_run = np.ones(len(sv), dtype=bool)
    new_run[1:] = (sv[1:] != sv[:-1]) | (sx[1:] != sx[:-1])
    starts = np.flatnonzero(new_run)
    counts = np.diff(np.append(starts, len(sv)))
    run_v, run_x = sv[starts], sx[starts]
    # Per node: the run with the largest count; among equal counts the first
    # run, which holds the smallest value (runs are sorted by value).
    best = np.lexsort((np.arange(len(starts)), -counts, run_v))
    first = np.ones(len(best), dtype=bool)
    first[1:] = run_v[best][1:] != run_v[best][:-1]
    chosen = best[first]
    out[run_v[chosen]] = run_x[chosen]
    return out


def triangles(graph) -> np.ndarray:
    """Triangles through each node, edges taken as undirected, self-loops
    and duplicate edges ignored (= networkx.triangles)."""
    import scipy.sparse as sp

    n = graph.n
    v, u, _ = neighbour_lists(graph, "out")
    keep = v != u
    a = sp.coo_array((np.ones(int(keep.sum())), (v[keep], u[keep])), shape=(n, n)).tocsr()
    a = ((a + a.T) > 0).astype(np.int64)
    paths = (a @ a).multiply(a)
    return (np.asarray(paths.sum(axis=1)).ravel() // 2).astype(np.int64)
