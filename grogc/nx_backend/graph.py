"""The backend graph type: a NetworkX graph converted once to a grogc Graph.

NetworkX calls `convert_from_nx` and keeps the result in its conversion
cache (`G.__networkx_cache__`), so a second call on the same unchanged graph
converts nothing.  Users may also convert once themselves:

    H = grogc.nx_backend.from_networkx(G)      # or nx.utils.backends ... convert
    nx.pagerank(H); nx.core_number(H)          # dispatch to grogc: H is a grogc graph

Conversion is vectorised: the adjacency dicts are walked by C-level
iterators (`map`, `itertools.chain`) into NumPy arrays, never a Python loop
per edge, and the CSR is built by grogc's O(m) builder.  Internal vertex i
is `nodes[i]`, the i-th node in G's own order, so a result vector zips with
`nodes` into the dict NetworkX would return.
"""

from __future__ import annotations

from itertools import chain
from operator import methodcaller

import numpy as np

from grogc.graph import Graph

BACKEND_NAME = "grogc"


class GrogcGraph:
    """A NetworkX-facing view of a grogc Graph.

    graph: the grogc Graph (node ids 0..n-1 = positions in `nodes`);
    nodes: the user's nodes in G's order; weight: the edge attribute the
    weights came from (None: every edge weighs 1); negative_weights: some
    weight is below zero; self_loops: number of self-loop edges;
    graph_attrs: G.graph when it was asked to be preserved.
    """

    __networkx_backend__ = BACKEND_NAME

    def __init__(self, graph: Graph, nodes: list, *, weight: str | None = None, negative_weights: bool = False,
                 self_loops: int = 0, graph_attrs: dict | None = None):
        self.graph = graph
        self.nodes = nodes
        self.weight = weight
        self.negative_weights = negative_weights
        self.self_loops = self_loops
        self.graph_attrs = graph_attrs if graph_attrs is not None else {}
        self._index: dict | None = None
        self._plain: Graph | None = None
        self.__networkx_cache__: dict = {}

    # what NetworkX's decorators (not_implemented_for, ...) ask of a graph
    def is_directed(self) -> bool:
        return self.graph.directed

    def is_multigraph(self) -> bool:
        return False

    def number_of_nodes(self) -> int:
        return len(self.nodes)

    def number_of_edges(self) -> int:
        return self.graph.num_edges

    def __len__(self) -> int:
        return len(self.nodes)

    def __iter__(self):
        return iter(self.nodes)

    def __contains__(self, node) -> bool:
        try:
            return node in self.index
        except TypeError:  # an unhashable "node" is in no graph
            return False

    def view(self, weight: str | None) -> Graph:
        """The Graph to run on when the caller asks for edge attribute
        `weight` (None: unweighted).  NetworkX's cache hands a conversion
        made with weights to calls that asked for none, so a call that did
        not ask gets the same CSR without weights (shared arrays, made once)."""
        if weight is not None and weight == self.weight:
            return self.graph
        if self._plain is None:
            self._plain = self.graph.without_weights()
        return self._plain

    @property
    def index(self) -> dict:
        """node -> internal id (built on first use)."""
        if self._index is None:
            self._index = dict(zip(self.nodes, range(len(self.nodes))))
        return self._index

    def __repr__(self) -> str:
        return f"GrogcGraph({self.graph!r}, weight={self.weight!r})"


def _weight_spec(edge_attrs, preserve_edge_attrs) -> tuple[str | None, float]:
    """(edge attribute, default) to read weights from; (None, 1) for none."""
    if edge_attrs:
        (name, default), = list(edge_attrs.items())[:1]
        return name, (1.0 if default is None else default)
    if preserve_edge_attrs:  # hits preserves {"G": {"weight": 1}}; True means every attribute
        return "weight", 1.0
    return None, 1.0


def _int_positions(nodes: list, adj, arcs: int) -> np.ndarray | None:
    """Positions in `nodes` of every neighbour in adjacency order, when all
    nodes are ints that fit int64 (the common case): the labels are read
    as an array and mapped by sorting, with no dict lookup per edge (which
    costs several times more on a graph of millions of edges).  None
    otherwise."""
    if not all(type(v) is int for v in nodes):  # bools and other types take the dict path
        return None
    try:
        labels = np.array(nodes, dtype=np.int64)
        keys = np.fromiter(chain.from_iterable(adj.values()), dtype=np.int64, count=arcs)
    except OverflowError:
        return None
    if np.array_equal(labels, np.arange(len(nodes))):
        return keys
    order = np.argsort(labels, kind="stable")
    return order[np.searchsorted(labels[order], keys)]


def from_networkx(G, weight: str | None = None, default: float = 1.0, *, graph_attrs: bool = False) -> GrogcGraph:
    """Convert a NetworkX Graph or DiGraph (not a multigraph) to a GrogcGraph,
    reading edge weights from attribute `weight` (missing: `default`)."""
    if G.is_multigraph():
        raise TypeError("grogc's NetworkX backend does not convert multigraphs (parallel edges would be merged)")
    nodes = list(G)
    n = len(nodes)
    adj = G._adj  # for a DiGraph, the successors
    degree = np.fromiter(map(len, adj.values()), dtype=np.int64, count=n)
    arcs = int(degree.sum())
    src = np.repeat(np.arange(n, dtype=np.int64), degree)
    dst = _int_positions(nodes, adj, arcs)
    index = None
    if dst is None:  # labels other than int64s: look each neighbour up
        index = dict(zip(nodes, range(n)))
        dst = np.fromiter(map(index.__getitem__, chain.from_iterable(adj.values())), dtype=np.int64, count=arcs)
    w = None
    if weight is not None and arcs:
        w = np.fromiter(map(methodcaller("get", weight, default), chain.from_iterable(map(dict.values, adj.values()))),
                        dtype=np.float64, count=arcs)
        if np.all(w == 1.0):
            w = None  # a graph of unit weights is unweighted: the plain kernels
    directed = G.is_directed()
    if not directed:  # each undirected edge is in the adjacency twice: keep one copy
        keep = src <= dst
        src, dst = src[keep], dst[keep]
        w = None if w is None else w[keep]
    graph = Graph.from_edges(src, dst, w, directed=directed, nodes=np.arange(n, dtype=np.int64),
                             allow_negative_weights=True)
    out = GrogcGraph(graph, nodes, weight=None if w is None else weight,
                     negative_weights=bool(w is not None and w.size and w.min() < 0),
                     self_loops=int(np.count_nonzero(src == dst)), graph_attrs=dict(G.graph) if graph_attrs else None)
    out._index = index  # None: built on first use
    return out


def convert_from_nx(G, edge_attrs=None, node_attrs=None, preserve_edge_attrs=False, preserve_node_attrs=False,
                    preserve_graph_attrs=False, name=None, graph_name=None) -> GrogcGraph:
    """NetworkX's conversion hook (backend_interface.convert_from_nx)."""
    if isinstance(G, GrogcGraph):
        return G
    weight, default = _weight_spec(edge_attrs, preserve_edge_attrs)
    return from_networkx(G, weight, default, graph_attrs=bool(preserve_graph_attrs))


def convert_to_nx(obj, *, name=None):
    """A GrogcGraph back to a NetworkX (Di)Graph; anything else unchanged."""
    if not isinstance(obj, GrogcGraph):
        return obj
    import networkx as nx

    g = obj.graph
    G = nx.DiGraph() if g.directed else nx.Graph()
    G.graph.update(obj.graph_attrs)
    G.add_nodes_from(obj.nodes)
    src, dst = g.arcs()
    if not g.directed:
        keep = src <= dst
        src, dst = src[keep], dst[keep]
        weights = None if g.out_weights is None else g.out_weights[keep]
    else:
        weights = g.out_weights
    nodes = obj.nodes
    pairs = zip(map(nodes.__getitem__, src.tolist()), map(nodes.__getitem__, dst.tolist()))
    if weights is None:
        G.add_edges_from(pairs)
    else:
        G.add_edges_from((u, v, {obj.weight: w}) for (u, v), w in zip(pairs, weights.tolist()))
    return G
