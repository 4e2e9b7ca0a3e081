"""The Graph: a CSR graph in both edge directions, with the user's node ids.

Loaded from a g.csr, every array is a read-only view of the file's bytes,
read into private memory (csr_format._read_file says why not a mapping); built in memory (from_edges, from_networkx, from_scipy) the arrays are
ordinary NumPy arrays.  Internal vertex i is original id ``node_ids[i]``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np

from grogc.graph.build import CsrArrays, build_csr
from grogc.graph.csr_format import bad_file, read_csr, write_csr
from grogc.graph.csr_full_check import check_transpose
from grogc.graph.errors import GraphFormatError


class Graph:
    """A directed or undirected, optionally weighted graph in CSR form.

    Attributes:
        n: number of vertices.
        m: number of stored arcs (length of out_targets).  An undirected edge
            {u, v} is stored as two arcs, a self-loop {v, v} as one, so
            m = 2 * (non-loop edges) + (self-loops).
        num_edges: edges as imported: the arcs of a directed graph; each edge
            once (a self-loop once) for an undirected graph.
        directed: whether edges have a direction.
        weighted: whether out_weights/in_weights are present.
        out_offsets: int64[n + 1]; the out-arcs of v are
            out_targets[out_offsets[v]:out_offsets[v + 1]].
        out_targets: uint32[m] (uint64 when n >= 2^32), ascending within a row.
        in_offsets, in_sources: the same for in-arcs; for an undirected graph
            these are the very same arrays as out_offsets/out_targets.
        out_weights, in_weights: float64[m] aligned with out_targets /
            in_sources, or None when unweighted.
        node_ids: int64[n], strictly ascending original ids.
        path: the g.csr this graph was loaded from, or None.
        labels: for from_networkx with non-integer labels, the sorted labels
            (labels[i] is node_ids[i]'s label); otherwise None.
    """

    def __init__(self, arrays: CsrArrays, path: Path | None = None) -> None:
        self._a = arrays
        self.path = path
        self.labels: list | None = None
        self.n = len(arrays.node_ids)
        self.m = len(arrays.out_targets)
        self.num_edges = arrays.num_edges
        self.directed = arrays.directed
        self.weighted = arrays.out_weights is not None
        self.out_offsets = arrays.out_offsets
        self.out_targets = arrays.out_targets
        self.in_offsets = arrays.in_offsets
        self.in_sources = arrays.in_sources
        self.out_weights = arrays.out_weights
        self.in_weights = arrays.in_weights
        self.node_ids = arrays.node_ids

    def __repr__(self) -> str:
        kind = "directed" if self.directed else "undirected"
        w = ", weighted" if self.weighted else ""
        return f"Graph(n={self.n}, m={self.m}, {kind}{w})"

    # ----- files -----------------------------------------------------------
    @classmethod
    def load(cls, path: str | Path, *, verify: bool = True, full_check: bool = False,
             allow_negative_weights: bool = False) -> "Graph":
        """Read a g.csr (checked: see csr_format.read_csr and csr_checks;
        ``full_check`` adds csr_full_check)."""
        header, arrays = read_csr(path, verify=verify or full_check, allow_negative_weights=allow_negative_weights)
        if full_check:
            check_transpose(bad_file(Path(path)), arrays, header.n, header.directed, header.num_edges)
        csr = CsrArrays(directed=header.directed, num_edges=header.num_edges, **arrays)
        return cls(csr, Path(path))

    def save(self, path: str | Path) -> None:
        """Write this graph as a g.csr (atomically: temporary file + rename)."""
        write_csr(path, self._a.as_dict(), directed=self.directed, num_edges=self.num_edges)

    # ----- construction ----------------------------------------------------
    @classmethod
    def from_edges(cls, src, dst, weights=None, directed: bool = True, *, nodes=None,
                   keep_multi: bool = False, drop_self_loops: bool = False,
                   allow_negative_weights: bool = False) -> "Graph":
        """A graph from edge endpoints given as ORIGINAL ids (any int64).

        ``src``, ``dst``: 1-D sequences of the same length holding integers
        (integral floats such as 3.0 are accepted; 1.5, NaN, strings, bools
        are not).  ``weights``: one finite number per edge (1-D, the same
        length), or None.  Negative weights are an error unless
        ``allow_negative_weights`` (like ``grogc graph import
        --allow-negative-weights``).  ``nodes``: extra vertex ids (1-D) that
        exist even without edges.  Duplicate edges keep the minimum weight
        unless ``keep_multi``.  Every problem raises GraphFormatError.
        """
        src = _as_ids(src, "src")
        dst = _as_ids(dst, "dst")
        if src.shape != dst.shape:
            raise GraphFormatError(f"error: src and dst must have the same length, got shapes {src.shape} and {dst.shape}")
        if weights is not None:
            weights = _as_weights(weights, src, dst, allow_negative_weights)
        extra = _as_ids(nodes, "nodes") if nodes is not None else None
        return cls(build_csr(src, dst, weights, directed=directed, extra_ids=extra,
                             keep_multi=keep_multi, drop_self_loops=drop_self_loops))

    @classmethod
    def from_networkx(cls, G, weight: str | None = "weight", *,
                      allow_negative_weights: bool = False) -> "Graph":
        """A graph from a NetworkX (Di)Graph (a MultiGraph keeps parallel edges).

        When every node label is an int (bools excluded), the labels are the
        original ids and ``graph.labels`` is None.  Otherwise (strings, tuples,
        or ints mixed with other labels) ALL labels are sorted (by
        ``sorted``; when they do not compare, by ``str``) and label
        ``labels[i]`` gets original id i, so node_ids is 0..n-1 and
        ``graph.labels`` is that sorted list.  Results are reported in
        original ids (ids 0..n-1 here): map them back with ``graph.labels``,
        e.g. ``dict(zip(graph.labels, out["pagerank"]))`` for a per-node
        output and ``graph.labels[out["parent"][i]]`` for a node-id output
        (-1 means "none").  A ``node`` parameter is given as the id too:
        ``graph.labels.index("a")``.

        The graph is weighted when every edge has the ``weight`` attribute;
        negative weights are an error unless ``allow_negative_weights``.
        """
        nodes = list(G.nodes())
        labels = None
        if all(isinstance(v, (int, np.integer)) and not isinstance(v, bool) for v in nodes):
            ids = {v: int(v) for v in nodes}
        else:
            try:
                labels = sorted(nodes)
            except TypeError:
                labels = sorted(nodes, key=str)
            ids = {v: i for i, v in enumerate(labels)}
        edges = list(G.edges(data=True))
        src = np.fromiter((ids[u] for u, _, _ in edges), dtype=np.int64, count=len(edges))
        dst = np.fromiter((ids[v] for _, v, _ in edges), dtype=np.int64, count=len(edges))
        w = None
        if weight and edges and all(weight in d for _, _, d in edges):
            w = _as_weights([d[weight] for _, _, d in edges], src, dst, allow_negative=True)
            if not allow_negative_weights and w.min() < 0:  # name the edge by its labels
                i = int(np.argmax(w < 0))
                u, v, _ = edges[i]
                raise GraphFormatError(f"error: negative weight {float(w[i])!r} on edge {u!r} -> {v!r}; negative "
                                       "weights are not allowed unless allow_negative_weights=True")
        node_arr = np.fromiter(ids.values(), dtype=np.int64, count=len(ids))
        g = cls.from_edges(src, dst, w, directed=G.is_directed(), nodes=node_arr, keep_multi=G.is_multigraph(),
                           allow_negative_weights=allow_negative_weights)
        g.labels = labels
        return g

    @classmethod
    def from_scipy(cls, A, directed: bool = True, *, allow_negative_weights: bool = False) -> "Graph":
        """A graph from a square SciPy sparse matrix: entry (i, j) is arc i -> j.

        Vertices are 0..N-1 (N = A.shape[0], isolated ones included).  The
        graph is weighted unless every stored value is 1 (a pattern); negative
        values are an error unless ``allow_negative_weights``.  With
        ``directed=False`` the matrix is read as an edge list and symmetrised.
        """
        import scipy.sparse as sp

        if A.shape[0] != A.shape[1]:
            raise GraphFormatError(f"error: adjacency matrix must be square, got {A.shape[0]} x {A.shape[1]}")
        coo = sp.coo_array(A)
        coo.sum_duplicates()
        data = np.asarray(coo.data, dtype=np.float64)
        w = None if np.all(data == 1.0) else data
        return cls.from_edges(coo.row.astype(np.int64), coo.col.astype(np.int64), w, directed=directed,
                              nodes=np.arange(A.shape[0], dtype=np.int64),
                              allow_negative_weights=allow_negative_weights)

    def to_networkx(self):
        """A NetworkX DiGraph/Graph with original ids and a 'weight' attribute when weighted."""
        import networkx as nx

        G = nx.DiGraph() if self.directed else nx.Graph()
        G.add_nodes_from(self.node_ids.tolist())
        src, dst = self.arcs()
        s = self.node_ids[src].tolist()
        d = self.node_ids[dst].tolist()
        if self.weighted:
            G.add_weighted_edges_from(zip(s, d, self.out_weights.tolist()))
        else:
            G.add_edges_from(zip(s, d))
        return G

    def without_weights(self) -> "Graph":
        """The same graph unweighted, sharing this one's index arrays (no copy)."""
        if not self.weighted:
            return self
        return Graph(CsrArrays(self.out_offsets, self.out_targets, self.in_offsets, self.in_sources, None, None,
                               self.node_ids, self.directed, self.num_edges), self.path)

    # ----- ids ---------------------------------------------------------------
    def internal_id(self, original_id: int) -> int:
        """The internal id of an original node id; GraphFormatError if absent."""
        key = int(original_id)
        i = int(np.searchsorted(self.node_ids, key))
        if i == self.n or int(self.node_ids[i]) != key:
            raise GraphFormatError(f"error: node id {key} is not in the graph")
        return i

    def original_ids(self, internal: Any) -> np.ndarray:
        """Original ids (int64) of an array of internal ids."""
        idx = np.asarray(internal, dtype=np.int64)
        if idx.size and (idx.min() < 0 or idx.max() >= self.n):
            raise GraphFormatError(f"error: internal ids must lie in [0, {self.n})")
        return self.node_ids[idx]

    # ----- views -------------------------------------------------------------
    def arcs(self) -> tuple[np.ndarray, np.ndarray]:
        """(sources, targets) of every stored out-arc, as int64 internal ids."""
        src = np.repeat(np.arange(self.n, dtype=np.int64), np.diff(self.out_offsets))
        return src, self.out_targets.astype(np.int64)

    def out_degrees(self) -> np.ndarray:
        """Stored out-arcs per vertex (a self-loop counts once)."""
        return np.diff(self.out_offsets)

    def in_degrees(self) -> np.ndarray:
        """Stored in-arcs per vertex (a self-loop counts once)."""
        return np.diff(self.in_offsets)


def _as_ids(values, name: str) -> np.ndarray:
    """A 1-D int64 array of node ids, or GraphFormatError naming the problem."""
    arr = np.asarray(values)
    if arr.ndim != 1:
        raise GraphFormatError(f"error: {name} must be a 1-D sequence of node ids, got an array of shape {arr.shape}")
    if not arr.size:
        return arr.astype(np.int64)
    if arr.dtype.kind in "iu":
        if arr.dtype == np.uint64 and arr.max() > np.iinfo(np.int64).max:
            raise GraphFormatError(f"error: {name} holds ids above 2^63-1; node ids are signed 64-bit integers")
        return arr.astype(np.int64, copy=False)
    if arr.dtype.kind == "f":
        bad = ~np.isfinite(arr) | (arr != np.floor(arr)) | (np.abs(arr) >= 2.0**63)
        if bad.any():
            i = int(np.argmax(bad))
            raise GraphFormatError(f"error: {name} must hold integer node ids, but {name}[{i}] is {arr[i].item()!r}")
        return arr.astype(np.int64)
    if arr.dtype.kind == "O":  # Python ints too big for int64, or mixed types
        for i, v in enumerate(arr):
            if not (isinstance(v, (int, np.integer)) and not isinstance(v, (bool, np.bool_))):
                raise GraphFormatError(f"error: {name} must hold integer node ids, but {name}[{i}] is {v!r}")
        raise GraphFormatError(f"error: {name} holds ids outside the signed 64-bit range")
    what = {"U": "strings", "S": "bytes", "b": "booleans"}.get(arr.dtype.kind, "values")
    hint, i = "", 0
    if arr.dtype.kind in "US":  # numpy turned a mixed list into strings: name the first non-integer
        hint = "; to number labels, use Graph.from_networkx"
        i = next((k for k, v in enumerate(arr.tolist()) if not _looks_int(v)), 0)
    raise GraphFormatError(f"error: {name} must hold integer node ids, got {what} (dtype {arr.dtype}, "
                           f"{name}[{i}] is {arr[i].item()!r}){hint}")


def _looks_int(v) -> bool:
    try:
        int(v)
    except (TypeError, ValueError):
        return False
    return True


def _as_weights(weights, src: np.ndarray, dst: np.ndarray, allow_negative: bool) -> np.ndarray:
    """A float64 weight per edge: 1-D, as long as src, finite, and (unless
    allow_negative) not below zero; GraphFormatError otherwise."""
    arr = np.asarray(weights)
    if arr.ndim != 1 or arr.shape != src.shape:
        raise GraphFormatError(f"error: weights must be a 1-D sequence with one weight per edge, "
                               f"got shape {arr.shape} for src/dst of shape {src.shape}")
    if arr.size and arr.dtype.kind not in "iuf":
        raise GraphFormatError(f"error: weights must be numbers, got dtype {arr.dtype} (weights[0] is {arr[0].item()!r})")
    arr = arr.astype(np.float64)
    bad = ~np.isfinite(arr)
    if bad.any():
        i = int(np.argmax(bad))
        raise GraphFormatError(f"error: weights must be finite numbers, but weights[{i}] is {float(arr[i])!r} "
                               f"(edge {int(src[i])} -> {int(dst[i])})")
    if not allow_negative and arr.size and arr.min() < 0:
        i = int(np.argmax(arr < 0))
        raise GraphFormatError(f"error: negative weight {float(arr[i])!r} on edge {int(src[i])} -> {int(dst[i])} (weights[{i}]); "
                               "negative weights are not allowed unless allow_negative_weights=True")
    return arr
