"""Is the top singular value of a graph's adjacency matrix repeated?

nx.hits takes the top singular vectors from ARPACK (`svds(A, k=1)`) started
from a random vector (SciPy draws it afresh on every call).  When the top
singular value is simple the vectors are unique and grogc's power iteration
finds the same ones; when it is repeated, any unit vector of its singular
subspace is an answer, and NetworkX's differs from call to call (on a path
graph by up to 0.36 between two calls).  No backend can reproduce that, so
can_run declines those graphs.

The test is exact in structure: AᵀA splits into one block per connected
component of the hub-authority graph (hub copy u -- authority copy v for
every arc u -> v), and each block is irreducible, so by Perron-Frobenius its
top eigenvalue is simple.  The top singular value is therefore repeated
exactly when two components share the largest one (a connected bipartite
undirected graph is such a case: its double cover has two mirror
components).  Components are told apart by cheap bounds (max row or column
norm <= sigma <= Frobenius norm) and only the contenders get an SVD.
"""

from __future__ import annotations

import numpy as np
import scipy.sparse as sp
from scipy.sparse.csgraph import connected_components
from scipy.sparse.linalg import svds

TIE = 1e-9  # relative: top singular values this close count as one repeated value
DENSE_MAX = 2000  # a contender at most this size gets a dense SVD, a larger one ARPACK from a fixed start


def _component_sigma(A: sp.csr_array, rows: np.ndarray, cols: np.ndarray) -> float:
    block = A[rows][:, cols]
    if max(block.shape) <= DENSE_MAX:
        return float(np.linalg.norm(block.toarray(), 2))
    return float(svds(block.astype(np.float64), k=1, v0=np.ones(min(block.shape)), tol=1e-12,
                      return_singular_vectors=False)[0])


def top_singular_value_repeated(A) -> bool:
    """True when the largest singular value of sparse n x n matrix A is
    repeated (within TIE)."""
    A = sp.csr_array(A, dtype=np.float64)
    A.eliminate_zeros()
    n = A.shape[0]
    coo = A.tocoo()
    r, c, w = coo.row, coo.col, coo.data
    if w.size == 0:
        return False
    double = sp.coo_array((np.ones_like(w), (r, n + c)), shape=(2 * n, 2 * n))
    _, labels = connected_components(double, directed=False)
    comp = labels[r]  # each arc's component
    ids, comp = np.unique(comp, return_inverse=True)
    if ids.size == 1:
        return False
    sq = w * w
    upper = np.sqrt(np.bincount(comp, weights=sq))  # Frobenius norm of each block
    row_norm = np.sqrt(np.bincount(r, weights=sq, minlength=n))
    col_norm = np.sqrt(np.bincount(c, weights=sq, minlength=n))
    lower = np.zeros(ids.size)
    np.maximum.at(lower, comp, np.maximum(row_norm[r], col_norm[c]))
    best = lower.max()
    contenders = np.flatnonzero(upper >= best * (1 - TIE))
    if contenders.size < 2:
        return False
    sigmas = []
    for k in contenders:
        arcs = comp == k
        sigmas.append(_component_sigma(A, np.unique(r[arcs]), np.unique(c[arcs])))
    top, second = sorted(sigmas, reverse=True)[:2]
    return second >= top * (1 - TIE)


def adjacency(G, weight: str = "weight") -> sp.csr_array:
    """nx.hits's matrix A (edge attribute `weight`, missing: 1): from a
    GrogcGraph's CSR, or built from a NetworkX graph as nx.hits builds it."""
    if hasattr(G, "view"):
        g = G.view(weight)
        w = g.out_weights if g.out_weights is not None else np.ones(g.m)
        return sp.csr_array((w, g.out_targets, g.out_offsets), shape=(g.n, g.n))
    import networkx as nx  # only for a graph not yet converted

    return nx.to_scipy_sparse_array(G, nodelist=list(G), weight=weight, dtype=float)


def hits_declined(G) -> bool:
    """top_singular_value_repeated for nx.hits's matrix of G; a GrogcGraph
    keeps the answer (it does not change)."""
    if not hasattr(G, "view"):
        return top_singular_value_repeated(adjacency(G))
    if getattr(G, "hits_repeated", None) is None:
        G.hits_repeated = top_singular_value_repeated(adjacency(G))
    return G.hits_repeated
