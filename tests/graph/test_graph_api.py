"""Graph API: construction, ids, save/load round trip, NetworkX agreement."""

import networkx as nx
import numpy as np
import pytest
import scipy.sparse as sp

from grogc.graph import Graph, GraphFormatError
from grogc.graph import _native
from grogc.graph.build import build_csr


def _nx_equal(a, b) -> bool:
    """Same nodes, same edges, same weights (attributes other than weight ignored)."""
    if a.is_directed() != b.is_directed() or set(a.nodes) != set(b.nodes):
        return False
    ea = {(u, v) if a.is_directed() else frozenset((u, v)): d.get("weight") for u, v, d in a.edges(data=True)}
    eb = {(u, v) if b.is_directed() else frozenset((u, v)): d.get("weight") for u, v, d in b.edges(data=True)}
    return ea == eb


def test_from_edges_relabels_in_ascending_original_order():
    g = Graph.from_edges([900, 5, -3], [5, 900, 900])
    assert g.node_ids.tolist() == [-3, 5, 900]
    assert g.n == 3 and g.m == 3 and g.directed and not g.weighted
    assert g.out_offsets.tolist() == [0, 1, 2, 3]
    assert g.out_targets.tolist() == [2, 2, 1]
    assert g.in_offsets.tolist() == [0, 0, 1, 3]
    assert g.in_sources.tolist() == [2, 0, 1]
    assert g.out_targets.dtype == np.uint32


def test_undirected_self_loop_stored_once_and_num_edges():
    g = Graph.from_edges([1, 2, 2], [2, 2, 3], directed=False)
    # arcs: 1-2, 2-1, 2-2 (once), 2-3, 3-2
    assert g.m == 5 and g.num_edges == 3
    assert g.in_sources is g.out_targets
    assert g.out_degrees().tolist() == [1, 3, 1]


def test_duplicates_keep_minimum_weight_unless_keep_multi():
    g = Graph.from_edges([1, 1, 1], [2, 2, 2], [5.0, 2.0, 7.0])
    assert g.m == 1 and g.out_weights.tolist() == [2.0]
    multi = Graph.from_edges([1, 1, 1], [2, 2, 2], [5.0, 2.0, 7.0], keep_multi=True)
    assert multi.m == 3 and multi.out_weights.tolist() == [5.0, 2.0, 7.0]


def test_undirected_reverse_duplicate_is_the_same_edge():
    g = Graph.from_edges([1, 2], [2, 1], [3.0, 1.5], directed=False)
    assert g.num_edges == 1 and g.m == 2
    assert g.out_weights.tolist() == [1.5, 1.5]


def test_drop_self_loops():
    g = Graph.from_edges([1, 1], [1, 2], drop_self_loops=True)
    assert g.m == 1 and g.node_ids.tolist() == [1, 2]


def test_huge_sparse_ids_round_trip(tmp_path):
    ids = np.array([2**62, -(2**62), 7, 2**63 - 1, -(2**63)], dtype=np.int64)
    g = Graph.from_edges(ids, np.roll(ids, 1), np.arange(5.0), directed=True)
    assert g.node_ids.tolist() == sorted(ids.tolist())
    g.save(tmp_path / "g.csr")
    h = Graph.load(tmp_path / "g.csr")
    assert _nx_equal(h.to_networkx(), g.to_networkx())
    assert h.internal_id(2**63 - 1) == 4
    assert h.original_ids([0, 4]).tolist() == [-(2**63), 2**63 - 1]


def test_internal_id_unknown_names_the_id():
    g = Graph.from_edges([1], [2])
    with pytest.raises(GraphFormatError, match="node id 3 is not in the graph"):
        g.internal_id(3)


def test_loaded_arrays_are_read_only_views(tmp_path):
    Graph.from_edges([1, 2], [2, 3], [1.0, 2.0]).save(tmp_path / "g.csr")
    g = Graph.load(tmp_path / "g.csr")
    assert not g.out_targets.flags.writeable
    assert g.out_targets.base is not None  # a view of the mapping, not a copy


@pytest.mark.parametrize("directed", [True, False])
def test_networkx_round_trip(directed):
    G = nx.gnm_random_graph(60, 200, seed=3, directed=directed)
    for i, (u, v) in enumerate(G.edges()):
        G[u][v]["weight"] = float(i % 7)
    g = Graph.from_networkx(G)
    assert g.weighted and g.directed == directed
    assert _nx_equal(g.to_networkx(), G)


def test_from_networkx_string_labels_are_sorted():
    G = nx.Graph([("b", "a"), ("c", "b")])
    g = Graph.from_networkx(G)
    assert g.labels == ["a", "b", "c"]
    assert g.node_ids.tolist() == [0, 1, 2]
    assert g.num_edges == 2


def test_from_scipy_keeps_isolated_vertices_and_weights():
    A = sp.csr_array(([2.0, 3.0], ([0, 2], [2, 0])), shape=(4, 4))
    g = Graph.from_scipy(A)
    assert g.n == 4 and g.m == 2 and g.weighted
    assert g.out_weights.tolist() == [2.0, 3.0]
    pattern = Graph.from_scipy(sp.csr_array(([1.0], ([1], [3])), shape=(5, 5)))
    assert not pattern.weighted and pattern.n == 5


def test_from_edges_rejects_non_integer_ids():
    with pytest.raises(GraphFormatError, match="src must hold integer node ids"):
        Graph.from_edges([1.5], [2])


@pytest.mark.skipif(not _native.available(), reason="C runtime not compiled (pip install -e .)")
@pytest.mark.parametrize("directed", [True, False])
@pytest.mark.parametrize("keep_multi", [True, False])
@pytest.mark.parametrize("weighted", [True, False])
def test_native_build_matches_numpy_reference(directed, keep_multi, weighted):
    rng = np.random.default_rng(7)
    s, d = rng.integers(0, 40, 3000), rng.integers(0, 40, 3000)
    w = rng.integers(0, 5, 3000).astype(float) if weighted else None
    a = build_csr(s, d, w, directed=directed, keep_multi=keep_multi, use_native=True).as_dict()
    b = build_csr(s, d, w, directed=directed, keep_multi=keep_multi, use_native=False).as_dict()
    for key in a:
        assert (a[key] is None and b[key] is None) or np.array_equal(a[key], b[key]), key
