"""Every library algorithm against NetworkX on three random graphs and the
edge cases, through both executors (library_helpers.run_both).  The
tolerances are the ones docs/algorithms.md documents."""

from __future__ import annotations

import math

import networkx as nx
import numpy as np
import pytest
from library_helpers import all_small_graphs, max_abs_error, run_both, run_by_node, same_partition

from grogc.graph import Graph

GRAPHS = all_small_graphs()
DIRECTED = {k: G for k, G in GRAPHS.items() if G.is_directed()}
UNDIRECTED = {k: G for k, G in GRAPHS.items() if not G.is_directed()}
NONEMPTY = {k: G for k, G in GRAPHS.items() if len(G)}


def _ids(d):
    return sorted(d)


def _source(G):
    return min(G)


@pytest.mark.parametrize("key", _ids(GRAPHS))
def test_pagerank(key):
    G = GRAPHS[key]
    got = run_by_node("pagerank", G)["pagerank"]
    assert max_abs_error(got, nx.pagerank(G, weight=None) if len(G) else {}) < 1e-12


@pytest.mark.parametrize("key", ["weighted", "weighted_undirected"])
def test_pagerank_weighted(key):
    G = GRAPHS[key]
    assert max_abs_error(run_by_node("pagerank", G, weighted=True)["pagerank"], nx.pagerank(G)) < 1e-12
    # weighted=false ignores the weights
    assert max_abs_error(run_by_node("pagerank", G)["pagerank"], nx.pagerank(G, weight=None)) < 1e-12


def test_pagerank_parameters():
    G = GRAPHS["directed"]
    got = run_by_node("pagerank", G, alpha=0.6, max_iter=7, tol=1e-12)["pagerank"]
    with pytest.raises(nx.PowerIterationFailedConvergence):
        nx.pagerank(G, alpha=0.6, max_iter=7, tol=1e-12)
    ref = nx.pagerank(G, alpha=0.6, max_iter=1000, tol=1e-12)
    assert 1e-9 < max_abs_error(got, ref) < 1e-3  # 7 rounds: close, not converged


@pytest.mark.parametrize("key", _ids(NONEMPTY))
def test_personalized_pagerank(key):
    G = GRAPHS[key]
    s = _source(G)
    got = run_by_node("personalized_pagerank", G, source=s)["pagerank"]
    assert max_abs_error(got, nx.pagerank(G, personalization={s: 1}, weight=None)) < 1e-12


@pytest.mark.parametrize("key", _ids(GRAPHS))
def test_components(key):
    G = GRAPHS[key]
    got = run_by_node("components", G)["component"]
    parts = list(nx.weakly_connected_components(G) if G.is_directed() else nx.connected_components(G))
    assert same_partition(got, parts)
    assert all(got[v] == min(part) for part in parts for v in part)  # labelled by the smallest original id


@pytest.mark.parametrize("key", _ids(GRAPHS))
def test_scc(key):
    G = GRAPHS[key]
    got = run_by_node("scc", G)["component"]
    parts = list(nx.strongly_connected_components(G) if G.is_directed() else nx.connected_components(G))
    assert same_partition(got, parts)
    assert all(got[v] == min(part) for part in parts for v in part)


@pytest.mark.parametrize("key", _ids(NONEMPTY))
def test_bfs(key):
    G = GRAPHS[key]
    s = _source(G)
    ref = nx.single_source_shortest_path_length(G, s)
    assert run_by_node("bfs", G, source=s)["level"] == {v: ref.get(v, -1) for v in G}


@pytest.mark.parametrize("key", _ids(NONEMPTY))
def test_sssp(key):
    G = GRAPHS[key]
    s = _source(G)
    ref = nx.single_source_dijkstra_path_length(G, s)
    got = run_by_node("sssp", G, source=s)["dist"]
    assert set(got) == set(G)
    for v in G:
        assert got[v] == pytest.approx(ref.get(v, math.inf), rel=1e-12), v


def _cdlp(G, max_iter=100):
    """Issue 6's label propagation on NetworkX: synchronous; the most
    frequent label among in- and out-neighbours (a multiset), ties to the
    smallest; own label without neighbours; stops after a round without change."""
    labels = {v: v for v in G}
    for _ in range(max_iter):
        nxt = {}
        for v in G:
            nbrs = list(G.predecessors(v)) + list(G.successors(v)) if G.is_directed() else list(G.neighbors(v))
            if not nbrs:
                nxt[v] = labels[v]
                continue
            counts: dict = {}
            for u in nbrs:
                counts[labels[u]] = counts.get(labels[u], 0) + 1
            best = max(counts.values())
            nxt[v] = min(label for label, c in counts.items() if c == best)
        changed = nxt != labels
        labels = nxt
        if not changed:
            break
    return labels


@pytest.mark.parametrize("key", _ids(GRAPHS))
def test_label_propagation(key):
    G = GRAPHS[key]
    assert run_by_node("label_propagation", G)["label"] == _cdlp(G)
    assert run_by_node("label_propagation", G, max_iter=1)["label"] == _cdlp(G, 1)


@pytest.mark.parametrize("key", _ids(UNDIRECTED))
def test_triangles(key):
    G = GRAPHS[key]
    assert run_by_node("triangles", G)["triangles"] == nx.triangles(G)


@pytest.mark.parametrize("key", _ids(DIRECTED))
def test_triangles_on_directed_graphs_use_the_undirected_projection(key):
    G = GRAPHS[key]
    assert run_by_node("triangles", G)["triangles"] == nx.triangles(G.to_undirected())


def _hits_reference(G):
    if G.number_of_edges() == 0:
        return {v: 0.0 for v in G}, {v: 0.0 for v in G}  # NetworkX's SVD cannot run: ours gives zeros
    return nx.hits(G, max_iter=1000, tol=1e-12)


@pytest.mark.parametrize("key", ["directed", "weighted", "isolated", "empty", "one_node"])
def test_hits(key):
    G = GRAPHS[key]
    out = run_by_node("hits", G, max_iter=1000, tol=1e-14)
    hub, auth = _hits_reference(G)
    assert max_abs_error(out["hub"], hub) < 1e-9
    assert max_abs_error(out["authority"], auth) < 1e-9


def test_hits_defaults_against_networkx():
    G = GRAPHS["directed"]
    out = run_by_node("hits", G)
    hub, auth = nx.hits(G)
    assert max_abs_error(out["hub"], hub) < 1e-6
    assert max_abs_error(out["authority"], auth) < 1e-6


@pytest.mark.parametrize("key", _ids(GRAPHS))
def test_katz(key):
    G = GRAPHS[key]
    got = run_by_node("katz", G)["katz"]
    assert max_abs_error(got, nx.katz_centrality(G) if len(G) else {}) < 1e-12
    raw = run_by_node("katz", G, alpha=0.05, beta=2.0, normalized=False)["katz"]
    assert max_abs_error(raw, nx.katz_centrality(G, alpha=0.05, beta=2.0, normalized=False) if len(G) else {}) < 1e-12


@pytest.mark.parametrize("key", ["directed", "undirected", "weighted_undirected", "self_loops_undirected", "one_node",
                                 "components"])
def test_eigenvector(key):
    G = GRAPHS[key]
    got = run_by_node("eigenvector", G, max_iter=1000)["eigenvector"]
    assert max_abs_error(got, nx.eigenvector_centrality(G, max_iter=1000)) < 1e-12


def test_eigenvector_on_the_empty_graph_is_empty():
    assert run_by_node("eigenvector", GRAPHS["empty"])["eigenvector"] == {}  # NetworkX refuses the empty graph


@pytest.mark.parametrize("key", _ids(GRAPHS))
def test_degree_centrality(key):
    G = GRAPHS[key]
    out = run_by_node("degree_centrality", G)
    # bit-identical: each is one integer degree times s = 1 / (n - 1), NetworkX's `d * s`
    assert out["degree"] == nx.degree_centrality(G)  # directed: in + out, added before scaling
    if G.is_directed():
        assert out["in"] == nx.in_degree_centrality(G)
        assert out["out"] == nx.out_degree_centrality(G)
    else:  # a self-loop counts twice, as in G.degree
        assert out["in"] == out["out"] == nx.degree_centrality(G)


@pytest.mark.parametrize("key", _ids(UNDIRECTED))
def test_clustering(key):
    G = GRAPHS[key]
    assert max_abs_error(run_by_node("clustering", G)["clustering"], nx.clustering(G)) < 1e-15


def _ldbc_lcc(G):
    """LDBC Graphalytics' LCC on a directed graph (SOURCE.md of ../shared/data/ldbc)."""
    out = {}
    for v in G:
        nbrs = (set(G.predecessors(v)) | set(G.successors(v))) - {v}
        d = len(nbrs)
        arcs = sum(1 for u in nbrs for w in G.successors(u) if w != u and w in nbrs)
        out[v] = arcs / (d * (d - 1)) if d >= 2 else 0.0
    return out


@pytest.mark.parametrize("key", _ids(DIRECTED))
def test_clustering_on_directed_graphs_is_ldbc_lcc(key):
    G = GRAPHS[key]
    assert max_abs_error(run_by_node("clustering", G)["clustering"], _ldbc_lcc(G)) < 1e-15


@pytest.mark.parametrize("key", [k for k in _ids(GRAPHS) if not nx.number_of_selfloops(GRAPHS[k])])
def test_core_number(key):
    G = GRAPHS[key]
    assert run_by_node("core_number", G)["core"] == nx.core_number(G)


def test_core_number_counts_a_directed_two_way_link_twice():
    G = nx.DiGraph([(1, 2), (2, 1), (2, 3), (3, 1), (1, 3)])
    assert run_by_node("core_number", G)["core"] == nx.core_number(G) == {1: 3, 2: 3, 3: 3}


@pytest.mark.parametrize("src, dst, expected", [
    ([5], [5], {5: 1}),                      # one node, one self-loop: the first round (k = 0) peels nothing
    ([5, 6], [5, 7], {5: 1, 6: 1, 7: 1}),
    ([1, 2, 3], [2, 3, 1], {1: 2, 2: 2, 3: 2}),
], ids=["self-loop only", "loop and an edge", "triangle"])
def test_core_number_needs_up_to_n_plus_one_rounds(src, dst, expected):
    g = Graph.from_edges(np.array(src), np.array(dst), directed=False)
    core = run_both("core_number", g)["core"]
    assert dict(zip(g.node_ids.tolist(), core.tolist())) == expected
