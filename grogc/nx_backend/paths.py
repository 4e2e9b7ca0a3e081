"""Single-source shortest path lengths (NetworkX's semantics).

Unweighted: the library's `bfs` (levels, -1 unreachable).  Weighted
(Dijkstra and Bellman-Ford alike): the library's `sssp`, Bellman-Ford by
min-plus pulls, at most n rounds.  A loop that is still improving after n
rounds has met a negative cycle: NetworkXUnbounded, as Bellman-Ford raises.
Results list reachable nodes only, nearest first (NetworkX's dicts are in
search order), lengths as Python ints when every weight is integral (as
NetworkX's sums of int weights are) and floats otherwise.
"""

from __future__ import annotations

import networkx as nx
import numpy as np

from grogc.nx_backend.run import run


def _by_distance(G, source: int, dist: np.ndarray, reached: np.ndarray, integral: bool) -> dict:
    """{node: distance} for the reached nodes, nearest first; the source is
    the int 0 (NetworkX starts it so, whatever the weights)."""
    idx = np.flatnonzero(reached)
    idx = idx[np.argsort(dist[idx], kind="stable")]
    values = dist[idx]
    values = (values.astype(np.int64) if integral else values.astype(np.float64)).tolist()
    out = dict(zip(map(G.nodes.__getitem__, idx.tolist()), values))
    out[G.nodes[source]] = 0
    return out


def single_source_shortest_path_length(G, source, cutoff=None):
    if source not in G:
        raise nx.NodeNotFound(f"Source {source} is not in G")
    src = G.index[source]
    level = run("bfs", G, source=src)["level"]
    reached = level >= 0
    if cutoff is not None:
        reached &= level <= cutoff
    return _by_distance(G, src, level, reached, True)


def _integral_weights(graph) -> bool:
    w = graph.out_weights
    return w is None or bool(np.all(w == np.floor(w)))


def _sssp(G, source, weight, cutoff=None) -> dict:
    src = G.index[source]
    result = run("sssp", G, weight=weight, source=src)
    if not result.converged:
        raise nx.NetworkXUnbounded("Negative cycle detected.")
    dist = result["dist"]
    reached = np.isfinite(dist)
    if cutoff is not None:
        reached &= dist <= cutoff
    return _by_distance(G, src, dist, reached, _integral_weights(G.view(weight)))


def single_source_dijkstra_path_length(G, source, cutoff=None, weight="weight"):
    if source not in G:
        raise nx.NodeNotFound(f"Node {source} not found in graph")
    return _sssp(G, source, weight, cutoff)


def single_source_bellman_ford_path_length(G, source, weight="weight"):
    if source not in G:
        raise nx.NodeNotFound(f"Source {source} not in G")
    return _sssp(G, source, weight)
