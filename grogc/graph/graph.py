"""The Graph: a CSR graph in both edge directions, with the user's node ids.

Loaded from a g.csr, every array is a read-only view of the memory-mapped
file; built in memory (from_edges, from_networkx, from_scipy) the arrays are
ordinary NumPy arrays.  Internal vertex i is original id ``node_ids[i]``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np

from grogc.graph.build import CsrArrays, build_csr
from grogc.graph.csr_format import read_csr, write_csr
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
    def load(cls, path: str | Path, *, verify: bool = True) -> "Graph":
        """Memory-map a g.csr (checked: see csr_format.read_csr)."""
        header, arrays = read_csr(path, verify=verify)
        csr = CsrArrays(directed=header.directed, num_edges=header.num_edges, **arrays)
        return cls(csr, Path(path))

    def save(self, path: str | Path) -> None:
        """Write this graph as a g.csr (atomically: temporary file + rename)."""
        write_csr(path, self._a.as_dict(), directed=self.directed, num_edges=self.num_edges)

    # ----- construction ----------------------------------------------------
    @classmethod
    def from_edges(cls, src, dst, weights=None, directed: bool = True, *, nodes=None,
                   keep_multi: bool = False, drop_self_loops: bool = False) -> "Graph":
        """A graph from edge endpoints given as ORIGINAL ids (any int64).

        ``weights``: one float per edge, or None.  ``nodes``: extra vertex ids
        that exist even without edges.  Duplicate edges keep the minimum
        weight unless ``keep_multi``.
        """
        src = _as_ids(src, "src")
        dst = _as_ids(dst, "dst")
        if len(src) != len(dst):
            raise GraphFormatError(f"error: src has {len(src)} entries but dst has {len(dst)}")
        if weights is not None:
            weights = np.asarray(weights, dtype=np.float64).ravel()
            if len(weights) != len(src):
                raise GraphFormatError(f"error: weights has {len(weights)} entries for {len(src)} edges")
            if not np.all(np.isfinite(weights)):
                raise GraphFormatError("error: weights must be finite numbers")
        extra = _as_ids(nodes, "nodes") if nodes is not None else None
        return cls(build_csr(src, dst, weights, directed=directed, extra_ids=extra,
                             keep_multi=keep_multi, drop_self_loops=drop_self_loops))

    @classmethod
    def from_networkx(cls, G, weight: str | None = "weight") -> "Graph":
        """A graph from a NetworkX (Di)Graph.

        Integer node labels are kept as original ids.  Any other labels are
        sorted (by ``sorted``, else by ``str``) and numbered 0..n-1 in that
        order; the labels are then available as ``graph.labels``.  The graph
        is weighted when every edge has the ``weight`` attribute.
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
            w = np.array([d[weight] for _, _, d in edges], dtype=np.float64)
        node_arr = np.fromiter(ids.values(), dtype=np.int64, count=len(ids))
        g = cls.from_edges(src, dst, w, directed=G.is_directed(), nodes=node_arr, keep_multi=G.is_multigraph())
        g.labels = labels
        return g

    @classmethod
    def from_scipy(cls, A, directed: bool = True) -> "Graph":
        """A graph from a square SciPy sparse matrix: entry (i, j) is arc i -> j.

        Vertices are 0..N-1 (N = A.shape[0], isolated ones included).  The
        graph is weighted unless every stored value is 1 (a pattern).  With
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
                              nodes=np.arange(A.shape[0], dtype=np.int64))

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
    arr = np.asarray(values).ravel()
    if arr.size and not np.issubdtype(arr.dtype, np.integer):
        if np.issubdtype(arr.dtype, np.floating) and np.all(arr == np.floor(arr)):
            return arr.astype(np.int64)
        raise GraphFormatError(f"error: {name} must hold integer node ids, got dtype {arr.dtype}")
    if arr.dtype == np.uint64 and arr.size and arr.max() > np.iinfo(np.int64).max:
        raise GraphFormatError(f"error: {name} holds ids above 2^63-1; node ids are signed 64-bit integers")
    return arr.astype(np.int64, copy=False)
