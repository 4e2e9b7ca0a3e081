"""When the backend declines a call, and why (NetworkX's `can_run` hook).

A reason string makes NetworkX fall back to its own implementation (or
fail, as its settings say) and log the reason at DEBUG level.  Graph-wide
reasons come first, then each function's argument checks (a table: name ->
checks, each returning a reason or None).
"""

from __future__ import annotations

import inspect
from itertools import chain
from operator import methodcaller


def _multigraph(G):
    if G.is_multigraph():
        return "grogc converts simple graphs only (a multigraph's parallel edges would be merged)"
    return None


def _callable_weight(a):
    if callable(a.get("weight")):
        return "a callable weight cannot be compiled: grogc reads weights from an edge attribute"
    return None


def _weighted_clustering(a):
    if a.get("weight") is not None:
        return "weighted clustering (geometric means of edge weights) is not in grogc's library"
    return None


def _directed(name):
    def check(a):
        if a["G"].is_directed():
            return (f"{name} on a directed graph is not in grogc's library (its clustering is LDBC's "
                    "directed LCC, not NetworkX's)")
        return None
    return check


def _hits(a):
    if a.get("nstart") is not None:
        return "hits with nstart: NetworkX hands it to ARPACK as a start vector, which grogc does not use"
    if not a.get("normalized", True):
        return "hits with normalized=False returns ARPACK's own scaling of the singular vectors"
    if a["G"].number_of_edges() == 0:
        return "hits on a graph without edges: NetworkX's ARPACK call decides what happens"
    return None


def _dijkstra_negative(a):
    """Dijkstra on negative weights is undefined: NetworkX's code may raise
    ValueError or return something; only running it gives the same.  A
    converted graph knows its sign; a NetworkX graph is scanned at C speed."""
    G, weight = a["G"], a.get("weight")
    if weight is None:
        return None
    if hasattr(G, "negative_weights"):
        negative = G.negative_weights and G.weight == weight
    else:
        weights = map(methodcaller("get", weight, 1), chain.from_iterable(map(dict.values, G._adj.values())))
        negative = min(weights, default=0) < 0
    if negative:
        return "negative weights: Dijkstra's result is undefined there, so NetworkX's own code runs"
    return None


CHECKS = {
    "pagerank": (_callable_weight,),
    "hits": (_hits,),
    "katz_centrality": (_callable_weight,),
    "eigenvector_centrality": (_callable_weight,),
    "single_source_dijkstra_path_length": (_callable_weight, _dijkstra_negative),
    "single_source_bellman_ford_path_length": (_callable_weight,),
    "clustering": (_weighted_clustering, _directed("clustering")),
    "average_clustering": (_weighted_clustering, _directed("average_clustering")),
    "transitivity": (_directed("transitivity"),),
}


def reason_not_to_run(func, name: str, args, kwargs) -> str | None:
    """Why the backend cannot run `name` with these arguments, or None."""
    try:
        bound = inspect.signature(func).bind(*args, **kwargs)
    except TypeError as err:  # NetworkX's own code will raise the right error
        return f"arguments do not match {name}'s signature ({err})"
    bound.apply_defaults()
    a = bound.arguments
    for check in (lambda a: _multigraph(a["G"]), *CHECKS.get(name, ())):
        reason = check(a)
        if reason:
            return reason
    return None
