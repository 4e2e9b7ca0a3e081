"""Centralities: pagerank, hits, katz, eigenvector, degree (NetworkX's semantics).

The iterative ones run the backend's programs (programs/*.gir), which take
NetworkX's vectors (nstart, personalization, dangling, beta) as node
attributes, and raise PowerIterationFailedConvergence exactly when NetworkX
would: when the loop used up max_iter rounds (a NaN or inf error counts as
not converged, as NetworkX's `err < N * tol` is then false).
"""

from __future__ import annotations

import math

import networkx as nx
import numpy as np

from grogc.nx_backend.run import converged, node_dict, node_vector, run


def _check_rounds(G, max_iter) -> None:
    """NetworkX's loops run max_iter rounds; none at all cannot converge."""
    if max_iter <= 0:
        raise nx.PowerIterationFailedConvergence(max_iter)


def _normalised(G, mapping, default: float = 0.0) -> np.ndarray:
    x = node_vector(G, mapping, default)
    return x / x.sum()


def pagerank(G, alpha=0.85, personalization=None, max_iter=100, tol=1.0e-6, nstart=None, weight="weight",
             dangling=None):
    n = len(G)
    if n == 0:
        return {}
    x0 = np.full(n, 1.0 / n) if nstart is None else _normalised(G, nstart)
    if personalization is None:
        p = np.full(n, 1.0 / n)
    else:
        p = node_vector(G, personalization)
        if p.sum() == 0:
            raise ZeroDivisionError
        p /= p.sum()
    dw = p if dangling is None else _normalised(G, dangling)
    _check_rounds(G, max_iter)
    result = run("nx/pagerank", G, attrs={"nstart": x0, "personalization": p, "dangling": dw}, weight=weight,
                 alpha=float(alpha), max_iter=int(max_iter), tol=float(tol))
    if not converged(result):
        raise nx.PowerIterationFailedConvergence(max_iter)
    return node_dict(G, result["pagerank"])


def hits(G, max_iter=100, tol=1.0e-8, nstart=None, normalized=True):
    if len(G) == 0:
        return {}, {}
    _check_rounds(G, max_iter)
    result = run("hits", G, weight="weight", max_iter=int(max_iter), tol=float(tol))
    if not converged(result):
        raise nx.PowerIterationFailedConvergence(max_iter)
    return node_dict(G, result["hub"]), node_dict(G, result["authority"])


def katz_centrality(G, alpha=0.1, beta=1.0, max_iter=1000, tol=1.0e-6, nstart=None, normalized=True, weight=None):
    n = len(G)
    if n == 0:
        return {}
    try:
        b = np.full(n, float(beta))
    except (TypeError, ValueError, AttributeError) as err:
        if set(beta) != set(G.nodes):
            raise nx.NetworkXError("beta dictionary must have a value for every node") from err
        b = node_vector(G, beta)
    x0 = np.zeros(n) if nstart is None else node_vector(G, nstart)
    _check_rounds(G, max_iter)
    result = run("nx/katz", G, attrs={"nstart": x0, "beta": b}, weight=weight, alpha=float(alpha), max_iter=int(max_iter),
                 tol=float(tol))
    if not converged(result):
        raise nx.PowerIterationFailedConvergence(max_iter)
    x = result["katz"]
    if normalized:
        norm = math.hypot(*x.tolist())  # NetworkX's own norm, to the last bit
        x = x * (1.0 / norm) if norm else x
    return node_dict(G, x)


def eigenvector_centrality(G, max_iter=100, tol=1.0e-6, nstart=None, weight=None):
    n = len(G)
    if n == 0:
        raise nx.NetworkXPointlessConcept("cannot compute centrality for the null graph")
    if nstart is None:
        x0 = np.full(n, 1.0 / n)
    else:
        if all(v == 0 for v in nstart.values()):
            raise nx.NetworkXError("initial vector cannot have all zero values")
        x0 = node_vector(G, nstart) / sum(nstart.values())
    _check_rounds(G, max_iter)
    result = run("nx/eigenvector", G, attrs={"nstart": x0}, weight=weight, max_iter=int(max_iter), tol=float(tol))
    if not converged(result):
        raise nx.PowerIterationFailedConvergence(max_iter)
    return node_dict(G, result["eigenvector"])


def _degree_centrality(G, which):
    if len(G) <= 1:
        return {v: 1 for v in G.nodes}
    out = run("degree_centrality", G)
    return node_dict(G, which(out))


def degree_centrality(G):
    return _degree_centrality(G, lambda out: out["in"] + out["out"] if G.is_directed() else out["out"])


def in_degree_centrality(G):
    return _degree_centrality(G, lambda out: out["in"])


def out_degree_centrality(G):
    return _degree_centrality(G, lambda out: out["out"])
