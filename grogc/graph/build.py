"""From edge arrays in original ids to the CSR arrays of a g.csr.

Three steps, each a function with one job:
  relabel     original int64 ids -> dense internal ids (ascending original id)
  build_out   arcs -> out-CSR (symmetrise, drop self-loops, merge duplicates)
  transpose   out-CSR -> in-CSR
The C helpers do build_out/transpose in O(m) with two counting sorts; the
NumPy versions here are the reference they are tested against and the
fallback when the runtime is not compiled or n >= 2^32.

Policies (documented in docs/graph-format.md):
  - a duplicate arc (same source and target) keeps the MINIMUM weight, what
    shortest-path users want; --keep-multi keeps every arc instead;
  - an undirected edge {u, v} is stored as u->v and v->u; an undirected
    self-loop {v, v} is stored ONCE in each CSR (adjacency semantics, like
    SciPy's sparse matrix of the graph), so m = 2 * non-loop edges + loops.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from grogc.graph import _native
from grogc.graph.csr_format import index_dtype

# A dense id table costs one byte + four per id in [min, max]; use it while
# that span is at most this many times the number of id occurrences.
_DENSE_SPAN_FACTOR = 4
_CHUNK = 1 << 22


@dataclass
class CsrArrays:
    """Everything a g.csr holds, in memory (see csr_format.ARRAYS)."""

    out_offsets: np.ndarray  # int64, n + 1
    out_targets: np.ndarray  # u32/u64, m, ascending within each row
    in_offsets: np.ndarray  # int64, n + 1
    in_sources: np.ndarray  # u32/u64, m, ascending within each row
    out_weights: np.ndarray | None  # float64, m, or None when unweighted
    in_weights: np.ndarray | None  # float64, m, or None
    node_ids: np.ndarray  # int64, n, strictly ascending original ids
    directed: bool
    num_edges: int  # directed: m; undirected: each edge once

    def as_dict(self) -> dict[str, np.ndarray | None]:
        return {k: getattr(self, k) for k in ("out_offsets", "out_targets", "in_offsets", "in_sources",
                                              "out_weights", "in_weights", "node_ids")}


def relabel(src: np.ndarray, dst: np.ndarray, extra_ids: np.ndarray | None = None):
    """Map original ids to internal ids 0..n-1 in ascending original-id order.

    ``extra_ids`` are vertices that exist even without edges (Matrix Market
    size, LDBC .v file).  Returns (node_ids int64, src_idx, dst_idx) with the
    index arrays in the graph's index dtype.
    """
    parts = [a for a in (src, dst, extra_ids) if a is not None and len(a)]
    if not parts:
        return np.empty(0, np.int64), np.empty(0, np.uint32), np.empty(0, np.uint32)
    lo = min(int(a.min()) for a in parts)
    hi = max(int(a.max()) for a in parts)
    occurrences = sum(len(a) for a in parts)
    span = hi - lo + 1
    if span <= _DENSE_SPAN_FACTOR * occurrences + 1024:
        present = np.zeros(span, dtype=bool)
        for a in parts:
            for i in range(0, len(a), _CHUNK):
                present[a[i:i + _CHUNK] - lo] = True
        node_ids = np.flatnonzero(present).astype(np.int64) + lo
        rank = np.cumsum(present, dtype=np.int64) - 1
        del present
        idt = index_dtype(len(node_ids))
        rank = rank.astype(idt)

        def lookup(a):
            out = np.empty(len(a), dtype=idt)
            for i in range(0, len(a), _CHUNK):
                out[i:i + _CHUNK] = rank[a[i:i + _CHUNK] - lo]
            return out
    else:  # sparse ids: sort them
        node_ids = np.unique(np.concatenate(parts))
        idt = index_dtype(len(node_ids))

        def lookup(a):
            return np.searchsorted(node_ids, a).astype(idt)
    return node_ids, lookup(src), lookup(dst)


def build_out_numpy(n, src, dst, weight, *, symmetric, drop_self_loops, keep_multi):
    """Reference out-CSR build (same result as the C grog_csr_build)."""
    idt = index_dtype(n)
    src = np.asarray(src, dtype=np.int64)
    dst = np.asarray(dst, dtype=np.int64)
    if drop_self_loops:
        keep = src != dst
        src, dst = src[keep], dst[keep]
        weight = weight[keep] if weight is not None else None
    if symmetric:
        rev = src != dst  # a self-loop is stored once
        src, dst = np.concatenate([src, dst[rev]]), np.concatenate([dst, src[rev]])
        if weight is not None:
            weight = np.concatenate([weight, weight[rev]])
    # Stable by (src, dst): parallel arcs keep input order; with dedup, the
    # minimum weight comes first and is the one kept.
    keys = (dst, src) if weight is None or keep_multi else (weight, dst, src)
    order = np.lexsort(keys)
    src, dst = src[order], dst[order]
    weight = weight[order] if weight is not None else None
    if not keep_multi and len(src):
        first = np.ones(len(src), dtype=bool)
        first[1:] = (src[1:] != src[:-1]) | (dst[1:] != dst[:-1])
        src, dst = src[first], dst[first]
        weight = weight[first] if weight is not None else None
    offsets = np.zeros(n + 1, dtype=np.int64)
    np.cumsum(np.bincount(src, minlength=n), out=offsets[1:])
    return offsets, dst.astype(idt), weight


def transpose_numpy(n, offsets, targets, weights):
    """Reference in-CSR of an out-CSR (same result as grog_csr_transpose)."""
    sources = np.repeat(np.arange(n, dtype=np.int64), np.diff(offsets))
    order = np.argsort(targets, kind="stable")
    t_offsets = np.zeros(n + 1, dtype=np.int64)
    np.cumsum(np.bincount(targets.astype(np.int64), minlength=n), out=t_offsets[1:])
    return t_offsets, sources[order].astype(targets.dtype), (weights[order] if weights is not None else None)


def build_csr(src_ids: np.ndarray, dst_ids: np.ndarray, weights: np.ndarray | None = None, *,
              directed: bool = True, extra_ids: np.ndarray | None = None, keep_multi: bool = False,
              drop_self_loops: bool = False, use_native: bool | None = None) -> CsrArrays:
    """All CSR arrays of a graph from edges given in ORIGINAL ids.

    ``weights`` (float64, one per edge) makes the graph weighted.
    ``use_native`` forces (True) or forbids (False) the C path; None picks C
    when it is compiled.
    """
    src_ids = np.asarray(src_ids, dtype=np.int64)
    dst_ids = np.asarray(dst_ids, dtype=np.int64)
    if weights is not None:
        weights = np.asarray(weights, dtype=np.float64)
    node_ids, src, dst = relabel(src_ids, dst_ids, extra_ids)
    del src_ids, dst_ids
    return build_internal(node_ids, src, dst, weights, directed=directed, keep_multi=keep_multi,
                          drop_self_loops=drop_self_loops, use_native=use_native)


def build_internal(node_ids: np.ndarray, src: np.ndarray, dst: np.ndarray, weights: np.ndarray | None, *,
                   directed: bool, keep_multi: bool = False, drop_self_loops: bool = False,
                   use_native: bool | None = None) -> CsrArrays:
    """All CSR arrays from arcs already in internal ids 0..len(node_ids)-1."""
    n = len(node_ids)
    native = _native.available() and n < 2**32 if use_native is None else use_native
    build, transpose = ((_native.csr_build, _native.csr_transpose) if native
                        else (build_out_numpy, transpose_numpy))
    out_off, out_tgt, out_w = build(n, src, dst, weights, symmetric=not directed,
                                    drop_self_loops=drop_self_loops, keep_multi=keep_multi)
    del src, dst
    if directed:
        in_off, in_src, in_w = transpose(n, out_off, out_tgt, out_w)
        num_edges = len(out_tgt)
    else:  # the in-CSR of a symmetric graph is the out-CSR itself
        in_off, in_src, in_w = out_off, out_tgt, out_w
        loops = count_self_loops(out_off, out_tgt)
        num_edges = (len(out_tgt) + loops) // 2
    return CsrArrays(out_off, out_tgt, in_off, in_src, out_w, in_w, node_ids, directed, num_edges)


def count_self_loops(offsets: np.ndarray, targets: np.ndarray) -> int:
    """Number of stored arcs v -> v."""
    n = len(offsets) - 1
    if n == 0 or len(targets) == 0:
        return 0
    total = 0
    for start in range(0, n, _CHUNK):
        stop = min(n, start + _CHUNK)
        rows = np.repeat(np.arange(start, stop, dtype=np.int64), np.diff(offsets[start:stop + 1]))
        total += int(np.count_nonzero(targets[offsets[start]:offsets[stop]] == rows))
    return total
