"""Triangles, clustering, average clustering, transitivity and core number
(NetworkX's semantics, undirected and unweighted for the clustering family;
can_run declines the rest).

The library's `triangles` counts T(v); NetworkX's t is 2T(v) and its d is
v's number of distinct neighbours other than v, so the coefficients are
computed from exact integers, 0 (an int, as NetworkX gives it) where T is 0.
"""

from __future__ import annotations

import networkx as nx
import numpy as np

from grogc.nx_backend.run import node_dict, run


def _selected(G, nodes) -> list[int]:
    """Internal ids of `nodes` as NetworkX's nbunch_iter reads it (None: all)."""
    if nodes is None:
        return list(range(len(G)))
    if nodes in G:
        return [G.index[nodes]]
    index = G.index
    try:
        return [index[v] for v in nodes if v in index]
    except TypeError as err:
        raise nx.NetworkXError(f"nbunch is not a node or a sequence of nodes: {err}") from err


def _counts(G) -> tuple[np.ndarray, np.ndarray]:
    """(T(v), distinct neighbours other than v) for every node, as int64."""
    tri = np.asarray(run("triangles", G)["triangles"], dtype=np.int64)
    g = G.graph
    src, dst = g.arcs()
    loops = np.bincount(src[src == dst], minlength=g.n)
    return tri, g.out_degrees().astype(np.int64) - loops


def triangles(G, nodes=None):
    tri, _ = _counts(G)
    if nodes is not None and nodes in G:
        return int(tri[G.index[nodes]])
    if nodes is None:
        return node_dict(G, tri)
    idx = _selected(G, nodes)
    return dict(zip(map(G.nodes.__getitem__, idx), tri[idx].tolist()))


def _coefficients(G, idx) -> list:
    tri, d = _counts(G)
    t, d = 2 * tri[idx], d[idx]
    with np.errstate(divide="ignore", invalid="ignore"):
        c = t / (d * (d - 1)).astype(np.float64)  # exact integers below 2^53: one correct rounding
    return [0 if ti == 0 else ci for ti, ci in zip(t.tolist(), c.tolist())]


def clustering(G, nodes=None, weight=None):
    idx = _selected(G, nodes)
    values = _coefficients(G, idx)
    if nodes is not None and nodes in G:
        return values[0]
    return dict(zip(map(G.nodes.__getitem__, idx), values))


def average_clustering(G, nodes=None, weight=None, count_zeros=True):
    c = _coefficients(G, _selected(G, nodes))
    if not count_zeros:
        c = [v for v in c if abs(v) > 0]
    return sum(c) / len(c)


def transitivity(G):
    if len(G) == 0:
        return 0
    tri, d = _counts(G)
    triangles_, contri = 2 * int(tri.sum()), int((d * (d - 1)).sum())
    return 0 if triangles_ == 0 else triangles_ / contri


def core_number(G):
    if G.self_loops > 0:
        raise nx.NetworkXNotImplemented("Input graph has self loops which is not permitted; "
                                        "Consider using G.remove_edges_from(nx.selfloop_edges(G)).")
    return node_dict(G, run("core_number", G)["core"])
