"""hits and a repeated top singular value: nx.hits's answer is then not
unique (ARPACK's random start picks one), so can_run declines; the check
agrees with a dense SVD on every small graph here."""

from __future__ import annotations

import networkx as nx
import numpy as np
import pytest

from grogc.nx_backend.graph import convert_from_nx
from grogc.nx_backend.hits_check import TIE, adjacency, top_singular_value_repeated
from grogc.nx_backend.interface import backend_interface


def _graphs():
    out = {
        "path": nx.path_graph(6), "grid": nx.grid_2d_graph(3, 4), "even cycle": nx.cycle_graph(6),
        "odd cycle": nx.cycle_graph(7), "directed cycle": nx.cycle_graph(5, create_using=nx.DiGraph),
        "two arcs": nx.DiGraph([(0, 1), (2, 3)]), "K4": nx.complete_graph(4),
        "K4 + K4": nx.disjoint_union(nx.complete_graph(4), nx.complete_graph(4)),
        "K4 + K3": nx.disjoint_union(nx.complete_graph(4), nx.complete_graph(3)),
        "star": nx.star_graph(5), "directed star": nx.DiGraph([(0, v) for v in range(1, 6)]),
    }
    for seed in range(12):
        directed = seed % 2 == 0
        G = nx.gnm_random_graph(15, 30 + seed, seed=seed, directed=directed)
        out[f"random {seed}"] = G
        out[f"random {seed} twice"] = nx.disjoint_union(G, G)  # equal blocks: repeated
        H = G.copy()
        for i, (u, v) in enumerate(H.edges):
            H[u][v]["weight"] = 1.0 + (i % 3)
        out[f"weighted {seed}"] = H
    return out


GRAPHS = _graphs()


def _dense_repeated(G) -> bool:
    s = np.linalg.svd(nx.to_numpy_array(G, nodelist=list(G), weight="weight"), compute_uv=False)
    return bool(s[1] >= s[0] * (1 - TIE))


@pytest.mark.parametrize("name", sorted(GRAPHS))
def test_check_agrees_with_a_dense_svd(name):
    G = GRAPHS[name]
    expected = _dense_repeated(G)
    assert top_singular_value_repeated(adjacency(G)) == expected
    assert top_singular_value_repeated(adjacency(convert_from_nx(G, preserve_edge_attrs=True))) == expected


def test_both_outcomes_occur():
    answers = {_dense_repeated(G) for G in GRAPHS.values()}
    assert answers == {True, False}
    assert _dense_repeated(GRAPHS["path"]) and not _dense_repeated(GRAPHS["odd cycle"])


def test_networkx_answer_is_not_reproducible_where_declined():
    """Why it declines: two nx.hits calls on a path give different vectors."""
    G = GRAPHS["path"]
    first, second = nx.hits(G)[0], nx.hits(G)[0]
    third = nx.hits(G)[0]
    assert max(abs(first[v] - second[v]) + abs(first[v] - third[v]) for v in G) > 1e-6


def test_can_run_declines_repeated_and_runs_simple():
    for name, G in GRAPHS.items():
        reason = backend_interface.can_run("hits", (G,), {})
        if _dense_repeated(G):
            assert "top singular value is repeated" in reason, name
        else:
            assert reason is True, (name, reason)
    H = convert_from_nx(GRAPHS["grid"], preserve_edge_attrs=True)
    assert "repeated" in backend_interface.can_run("hits", (H,), {}) and H.hits_repeated is True
