"""When the backend declines a call, and why (NetworkX's `can_run` hook).

A reason string makes NetworkX fall back to its own implementation (or
fail, as its settings say) and log the reason at DEBUG level.  Graph-wide
reasons come first, then each function's argument checks (a table: name ->
checks, each returning a reason or None).
"""

from __future__ import annotations

import inspect

from grogc.nx_backend.hits_check import hits_declined
from grogc.nx_backend.weight_types import UNWEIGHTED, edge_weights, length_type_problem, path_weight_types, types_of


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
    if hits_declined(a["G"]):
        return ("hits where the top singular value is repeated: the hub and authority vectors are not unique, and "
                "NetworkX's (from ARPACK's random start vector) differ from call to call")
    return None


def _path_weights(a) -> tuple[frozenset, bool]:
    """(the Python types of the weights a path function meets, whether one
    is negative).  A converted graph knows both; a NetworkX graph is scanned
    once, at C speed (NetworkX's search reads every weight too)."""
    G, weight = a["G"], a.get("weight")
    if weight is None:
        return UNWEIGHTED, False
    if hasattr(G, "weight_types_of"):
        return path_weight_types(G.weight_types_of(weight)), G.negative_weights and G.weight == weight
    values = list(edge_weights(G, weight))
    types = types_of(values)
    try:
        negative = min(values, default=0) < 0
    except TypeError:  # weights that do not compare: the type check declines them
        negative = False
    return types, negative


def _length_types(a):
    return length_type_problem(_path_weights(a)[0])


def _dijkstra_weights(a):
    """Lengths of NetworkX's types (weight_types.py), and no negative weight:
    Dijkstra's result is undefined there, NetworkX's code may raise
    ValueError or return something; only running it gives the same."""
    types, negative = _path_weights(a)
    problem = length_type_problem(types)
    if problem:
        return problem
    if negative:
        return "negative weights: Dijkstra's result is undefined there, so NetworkX's own code runs"
    return None


CHECKS = {
    "pagerank": (_callable_weight,),
    "hits": (_hits,),
    "katz_centrality": (_callable_weight,),
    "eigenvector_centrality": (_callable_weight,),
    "single_source_dijkstra_path_length": (_callable_weight, _dijkstra_weights),
    "single_source_bellman_ford_path_length": (_callable_weight, _length_types),
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
