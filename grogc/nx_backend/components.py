"""Connected, weakly and strongly connected components (NetworkX's semantics).

The library's `components` and `scc` label each node by the smallest id in
its component.  Ids are positions in G's node order, so ordering the
components by label yields them in order of their first node in G: the
order NetworkX's connected_components yields them in.
"""

from __future__ import annotations

import networkx as nx
import numpy as np

from grogc.nx_backend.run import run


def _labels(G, strong: bool) -> np.ndarray:
    out = run("scc" if strong else "components", G)
    return out["component"]


def _groups(G, labels: np.ndarray):
    """Sets of nodes, one per label, in ascending label order."""
    order = np.argsort(labels, kind="stable")
    cuts = np.flatnonzero(np.diff(labels[order])) + 1
    nodes = G.nodes
    for part in np.split(order, cuts) if len(order) else ():
        yield set(map(nodes.__getitem__, part.tolist()))


def _count(labels: np.ndarray) -> int:
    return int(np.unique(labels).size)


def connected_components(G):
    yield from _groups(G, _labels(G, False))


def number_connected_components(G):
    return _count(_labels(G, False))


def is_connected(G):
    if len(G) == 0:
        raise nx.NetworkXPointlessConcept("Connectivity is undefined for the null graph.")
    return _count(_labels(G, False)) == 1


def node_connected_component(G, n):
    labels = _labels(G, False)
    mine = labels[G.index[n]]
    return set(map(G.nodes.__getitem__, np.flatnonzero(labels == mine).tolist()))


def weakly_connected_components(G):
    yield from _groups(G, _labels(G, False))


def number_weakly_connected_components(G):
    return _count(_labels(G, False))


def is_weakly_connected(G):
    if len(G) == 0:
        raise nx.NetworkXPointlessConcept("Connectivity is undefined for the null graph.")
    return _count(_labels(G, False)) == 1


def strongly_connected_components(G):
    yield from _groups(G, _labels(G, True))


def number_strongly_connected_components(G):
    return _count(_labels(G, True))


def is_strongly_connected(G):
    if len(G) == 0:
        raise nx.NetworkXPointlessConcept("Connectivity is undefined for the null graph.")
    return _count(_labels(G, True)) == 1
