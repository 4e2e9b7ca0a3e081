"""The NetworkX backend against NetworkX itself: results, types, exceptions,
conversion and its cache, can_run's reasons, get_info's light import."""

from __future__ import annotations

import inspect
import subprocess
import sys
import types
from importlib.metadata import EntryPoint

import networkx as nx
import numpy as np
import pytest

from grogc.nx_backend import FUNCTIONS, get_info
from grogc.nx_backend.graph import GrogcGraph, convert_from_nx, convert_to_nx
from grogc.nx_backend.interface import backend_interface


@pytest.fixture
def grogc_backend(monkeypatch):
    """grogc registered as a NetworkX backend in this process, whether or not
    it is pip-installed (as NetworkX's conftest registers its loopback)."""
    from networkx.utils import backends

    ep = EntryPoint("grogc", "grogc.nx_backend.interface:backend_interface", "networkx.backends")
    monkeypatch.setitem(backends.backends, "grogc", ep)
    monkeypatch.setitem(backends.backend_info, "grogc", get_info())
    if hasattr(backends._dispatchable, "_call_if_any_backends_installed"):  # NetworkX 3.5+ picks one at import
        monkeypatch.setattr(backends._dispatchable, "__call__", backends._dispatchable._call_if_any_backends_installed)
    monkeypatch.setattr(nx.config, "cache_converted_graphs", True)
    nx.config.warnings_to_ignore.add("cache")
    return backend_interface


def _graphs():
    """Small graphs NetworkX and grogc must agree on: directed and not,
    weighted, labelled by strings and tuples, with isolated nodes."""
    und = nx.gnm_random_graph(40, 90, seed=3)
    und.add_nodes_from([100, 101])
    dig = nx.gnm_random_graph(40, 120, seed=4, directed=True)
    wdig = nx.DiGraph(dig)
    rng = np.random.default_rng(5)
    for u, v in wdig.edges:
        wdig[u][v]["weight"] = float(rng.uniform(0.5, 3.0))
    labelled = nx.relabel_nodes(und, {v: f"n{v}" for v in und})
    tuples = nx.grid_2d_graph(4, 5)
    return {"undirected": und, "directed": dig, "weighted": wdig, "strings": labelled, "tuples": tuples}


GRAPHS = _graphs()


def _same(a, b):
    """Bit-identical: equal values of the same types, in the same order."""
    assert list(a.items()) == list(b.items())
    assert [type(x) for x in a.values()] == [type(x) for x in b.values()]


def _close(a, b, tol=1e-9):
    assert a.keys() == b.keys()
    for k in a:
        assert type(a[k]) is type(b[k]), (k, a[k], b[k])
        assert abs(a[k] - b[k]) <= tol, (k, a[k], b[k])


@pytest.mark.parametrize("name", sorted(GRAPHS))
def test_centralities_match_networkx(grogc_backend, name):
    G = GRAPHS[name]
    _close(nx.pagerank(G, backend="grogc"), nx.pagerank(G), 1e-12)
    _close(nx.pagerank(G, weight=None, backend="grogc"), nx.pagerank(G, weight=None), 1e-12)
    first = next(iter(G))
    pers = {first: 2.0, list(G)[3]: 1.0}
    kw = {"personalization": pers, "nstart": {v: 1.0 + i % 3 for i, v in enumerate(G)}, "dangling": {first: 1}}
    _close(nx.pagerank(G, backend="grogc", **kw), nx.pagerank(G, **kw), 1e-12)
    _close(nx.katz_centrality(G, alpha=0.02, backend="grogc"), nx.katz_centrality(G, alpha=0.02), 1e-12)
    beta = {v: 1.0 + (i % 4) for i, v in enumerate(G)}
    _close(nx.katz_centrality(G, alpha=0.02, beta=beta, weight="weight", normalized=False, backend="grogc"),
           nx.katz_centrality(G, alpha=0.02, beta=beta, weight="weight", normalized=False), 1e-9)
    _close(nx.eigenvector_centrality(G, max_iter=1000, backend="grogc"), nx.eigenvector_centrality(G, max_iter=1000), 1e-12)
    _same(nx.degree_centrality(G, backend="grogc"), nx.degree_centrality(G))
    if G.is_directed():
        _same(nx.in_degree_centrality(G, backend="grogc"), nx.in_degree_centrality(G))
        _same(nx.out_degree_centrality(G, backend="grogc"), nx.out_degree_centrality(G))
    if name == "tuples":  # a bipartite grid: the top singular value repeats, so the vectors are not unique
        assert "top singular value is repeated" in backend_interface.can_run("hits", (G,), {})
        return
    hubs, auths = nx.hits(G, backend="grogc", max_iter=1000)
    nx_hubs, nx_auths = nx.hits(G, max_iter=1000)
    _close(hubs, nx_hubs, 1e-6)
    _close(auths, nx_auths, 1e-6)


@pytest.mark.parametrize("name", sorted(GRAPHS))
def test_components_and_paths_match_networkx(grogc_backend, name):
    G = GRAPHS[name]
    source = next(iter(G))
    if G.is_directed():
        for f in (nx.weakly_connected_components, nx.strongly_connected_components):
            got = f(G, backend="grogc")
            assert isinstance(got, types.GeneratorType)
            assert sorted(map(sorted, got)) == sorted(map(sorted, f(G)))
        assert list(nx.weakly_connected_components(G, backend="grogc")) == list(nx.weakly_connected_components(G))
        assert nx.number_strongly_connected_components(G, backend="grogc") == nx.number_strongly_connected_components(G)
        assert nx.is_strongly_connected(G, backend="grogc") == nx.is_strongly_connected(G)
    else:
        got = nx.connected_components(G, backend="grogc")
        assert isinstance(got, types.GeneratorType)
        assert list(got) == list(nx.connected_components(G))  # the same order too
        assert nx.number_connected_components(G, backend="grogc") == nx.number_connected_components(G)
        assert nx.node_connected_component(G, source, backend="grogc") == nx.node_connected_component(G, source)
    for f in (nx.single_source_shortest_path_length, nx.single_source_dijkstra_path_length,
              nx.single_source_bellman_ford_path_length):
        got, want = f(G, source, backend="grogc"), f(G, source)
        assert got == want
        assert [type(x) for x in got.values()] == [type(x) for x in want.values()]
    assert nx.single_source_shortest_path_length(G, source, cutoff=2, backend="grogc") == \
        nx.single_source_shortest_path_length(G, source, cutoff=2)


@pytest.mark.parametrize("name", ["undirected", "strings", "tuples"])
def test_clustering_family_matches_networkx_exactly(grogc_backend, name):
    G = GRAPHS[name]
    v = next(iter(G))
    for f in (nx.triangles, nx.clustering, nx.core_number):
        got, want = f(G, backend="grogc"), f(G)
        assert got == want and [type(x) for x in got.values()] == [type(x) for x in want.values()]
    assert nx.triangles(G, v, backend="grogc") == nx.triangles(G, v)
    assert nx.clustering(G, [v], backend="grogc") == nx.clustering(G, [v])
    assert nx.average_clustering(G, backend="grogc") == nx.average_clustering(G)
    if any(nx.triangles(G).values()):
        assert nx.average_clustering(G, count_zeros=False, backend="grogc") == nx.average_clustering(G, count_zeros=False)
    else:  # no triangles: nothing left to average, in both
        for backend in ("grogc", "networkx"):
            with pytest.raises(ZeroDivisionError):
                nx.average_clustering(G, count_zeros=False, backend=backend)
    assert nx.transitivity(G, backend="grogc") == nx.transitivity(G)


def _degree_graphs():
    """Where in * s + out * s and (in + out) * s round differently, plus
    self-loops, isolated nodes, and the n <= 1 and n = 2 cases."""
    out = []
    for seed, n in ((1, 7), (2, 13), (3, 49), (4, 100)):
        for directed in (True, False):
            G = nx.gnp_random_graph(n, 0.2, seed=seed, directed=directed)
            G.add_edges_from([(0, 0), (n - 1, n - 1)])
            G.add_node(n + 5)
            out.append(G)
    return out + [nx.Graph(), nx.DiGraph([(1, 1)]), nx.Graph([(1, 2)]), nx.DiGraph([("a", "b"), ("b", "a")])]


def test_degree_centrality_is_bit_identical(grogc_backend):
    rounded_twice = 0
    for G in _degree_graphs():
        for f in (nx.degree_centrality, nx.in_degree_centrality, nx.out_degree_centrality):
            if f is not nx.degree_centrality and not G.is_directed():
                continue
            _same(f(G, backend="grogc"), f(G))
        if G.is_directed() and len(G) > 1:  # the former sum of two scaled halves is not always NetworkX's value
            s = 1.0 / (len(G) - 1.0)
            rounded_twice += sum(G.in_degree(v) * s + G.out_degree(v) * s != d * s for v, d in G.degree())
    assert rounded_twice > 0  # so these graphs tell the two apart


def _weighted(G, weights):
    G = G.copy()
    for (u, v), w in zip(G.edges, weights):
        if w is not None:  # None: the edge has no weight attribute (NetworkX's default 1)
            G[u][v]["weight"] = w
    return G


def _path_type_cases():
    base = nx.gnm_random_graph(25, 70, seed=8, directed=True)
    m = base.number_of_edges()
    rng = np.random.default_rng(9)
    ints = [int(x) for x in rng.integers(1, 5, m)]
    return {
        "integral floats": _weighted(base, [float(x) for x in ints]),  # 2.0: NetworkX's lengths are floats
        "floats": _weighted(base, rng.uniform(0.5, 2.0, m).tolist()),
        "unit floats": _weighted(base, [1.0] * m),  # stored unweighted, still floats
        "ints": _weighted(base, ints),
        "ints and missing": _weighted(base, [x if i % 3 else None for i, x in enumerate(ints)]),
        "none": base,
        "undirected floats": _weighted(nx.Graph(base), [2.0] * m),
    }


@pytest.mark.parametrize("case", sorted(_path_type_cases()))
def test_path_lengths_have_networkx_types(grogc_backend, case):
    G = _path_type_cases()[case]
    source = next(iter(G))
    for f in (nx.single_source_dijkstra_path_length, nx.single_source_bellman_ford_path_length):
        want = f(G, source)
        assert len(want) > 5
        for got in (f(G, source, backend="grogc"), f(convert_from_nx(G, edge_attrs={"weight": 1}), source)):
            assert got == want  # ties may come in another order
            assert all(type(got[v]) is type(want[v]) for v in want), {v: (got[v], want[v]) for v in want}
    expected = {"floats": float, "integral floats": float, "unit floats": float, "undirected floats": float}
    assert {type(d) for v, d in want.items() if v != source} == {expected.get(case, int)}


def test_path_lengths_decline_weights_of_mixed_or_other_types(grogc_backend):
    base = nx.gnm_random_graph(10, 20, seed=2, directed=True)
    mixed = _weighted(base, [1, 2.5] * 10)
    numpy = _weighted(base, [np.float64(2.0)] * 20)
    for name in ("single_source_dijkstra_path_length", "single_source_bellman_ford_path_length"):
        assert "mix ints and floats" in backend_interface.can_run(name, (mixed, 0), {})
        assert "mix ints and floats" in backend_interface.can_run(name, (convert_from_nx(mixed, {"weight": 1}), 0), {})
        assert "float64" in backend_interface.can_run(name, (numpy, 0), {})
        assert backend_interface.can_run(name, (mixed, 0), {"weight": None}) is True
    with pytest.raises(NotImplementedError, match="grogc"):
        nx.single_source_dijkstra_path_length(mixed, 0, backend="grogc")


def test_networkx_exceptions(grogc_backend):
    with pytest.raises(nx.PowerIterationFailedConvergence):
        nx.pagerank(nx.path_graph(50, create_using=nx.DiGraph), max_iter=2, backend="grogc")
    with pytest.raises(nx.PowerIterationFailedConvergence):  # diverges: alpha above 1/lambda_max
        nx.katz_centrality(nx.complete_graph(10), alpha=0.5, backend="grogc")
    with pytest.raises(nx.PowerIterationFailedConvergence):
        nx.eigenvector_centrality(nx.path_graph(10), max_iter=0, backend="grogc")
    with pytest.raises(nx.NodeNotFound, match="Source 99 is not in G"):
        nx.single_source_shortest_path_length(nx.path_graph(3), 99, backend="grogc")
    with pytest.raises(nx.NodeNotFound):
        nx.single_source_dijkstra_path_length(nx.path_graph(3), 99, backend="grogc")
    with pytest.raises(nx.NetworkXNotImplemented, match="self loops"):
        nx.core_number(nx.Graph([(1, 1), (1, 2)]), backend="grogc")
    with pytest.raises(nx.NetworkXNotImplemented):
        nx.connected_components(nx.DiGraph([(1, 2)]), backend="grogc")
    with pytest.raises(nx.NetworkXUnbounded):
        nx.single_source_bellman_ford_path_length(nx.DiGraph([(1, 2, {"weight": -3}), (2, 1, {"weight": 1})]), 1,
                                                  backend="grogc")
    with pytest.raises(nx.NetworkXError, match="beta dictionary"):
        nx.katz_centrality(nx.path_graph(3), beta={0: 1}, backend="grogc")
    with pytest.raises(nx.NetworkXPointlessConcept):
        nx.eigenvector_centrality(nx.Graph(), backend="grogc")
    with pytest.raises(ZeroDivisionError):
        nx.pagerank(nx.path_graph(3), personalization={0: 0}, backend="grogc")


def test_can_run_says_why_it_declines(grogc_backend):
    G = nx.path_graph(4)
    assert backend_interface.can_run("pagerank", (G,), {}) is True
    assert "multigraph" in backend_interface.can_run("pagerank", (nx.MultiGraph(G),), {})
    assert "callable weight" in backend_interface.can_run("pagerank", (G,), {"weight": lambda u, v, d: 1})
    assert "directed" in backend_interface.can_run("clustering", (nx.DiGraph(G),), {})
    assert "weighted clustering" in backend_interface.can_run("clustering", (G,), {"weight": "weight"})
    assert "nstart" in backend_interface.can_run("hits", (G,), {"nstart": {0: 1}})
    negative = nx.DiGraph([(0, 1, {"weight": -1})])
    assert "negative" in backend_interface.can_run("single_source_dijkstra_path_length", (negative, 0), {})
    # declined with backend="grogc": NetworkX says so, with the backend's reason in its log
    with pytest.raises(NotImplementedError, match="grogc"):
        nx.pagerank(nx.MultiGraph(G), backend="grogc")
    # declined under backend_priority: NetworkX's own code runs
    nx.config.backend_priority.algos = ["grogc"]
    try:
        assert nx.clustering(nx.DiGraph(G)) == nx.clustering.orig_func(nx.DiGraph(G))
    finally:
        nx.config.backend_priority.algos = []


def test_conversion_is_cached_and_a_backend_graph_dispatches(grogc_backend, monkeypatch):
    from grogc.nx_backend import graph as graph_module

    G = nx.gnm_random_graph(30, 60, seed=1)
    calls = []
    real = graph_module.from_networkx
    monkeypatch.setattr(graph_module, "from_networkx", lambda *a, **k: calls.append(1) or real(*a, **k))
    nx.pagerank(G, weight=None, backend="grogc")
    nx.pagerank(G, weight=None, backend="grogc")
    nx.core_number(G, backend="grogc")
    assert len(calls) == 1  # NetworkX's cache held the conversion
    G.add_edge(0, 29)  # mutation clears NetworkX's cache
    nx.core_number(G, backend="grogc")
    assert len(calls) == 2
    H = convert_from_nx(G)
    assert isinstance(H, GrogcGraph) and H.__networkx_backend__ == "grogc"
    assert nx.core_number(H) == nx.core_number(G)  # a grogc graph dispatches by itself
    back = convert_to_nx(H)
    assert nx.utils.graphs_equal(back, G)


def test_conversion_keeps_nodes_weights_and_order():
    G = nx.DiGraph()
    G.add_nodes_from(["z", ("t", 1), 3])
    G.add_edge("z", 3, weight=2.5)
    G.add_edge(3, ("t", 1), weight=1.0)
    H = convert_from_nx(G, edge_attrs={"weight": 1})
    assert H.nodes == ["z", ("t", 1), 3] and H.weight == "weight"
    assert H.graph.directed and H.graph.out_weights.tolist() == [2.5, 1.0]
    assert H.view(None).out_weights is None and H.view("weight") is H.graph
    assert H.view(None).out_targets is H.graph.out_targets  # the unweighted view shares the CSR
    assert nx.utils.graphs_equal(convert_to_nx(H), G)
    assert convert_from_nx(nx.path_graph(3)).graph.num_edges == 2  # each undirected edge once
    with pytest.raises(TypeError, match="multigraph"):
        convert_from_nx(nx.MultiGraph([(1, 2)]))


def test_dispatched_functions_have_networkx_signatures():
    for name in FUNCTIONS:
        ours = list(inspect.signature(getattr(backend_interface, name)).parameters)
        theirs = [p for p in inspect.signature(getattr(nx, name)).parameters if p != "backend" and p != "backend_kwargs"]
        assert ours == theirs, name


def test_get_info_loads_no_runtime():
    code = ("import sys, grogc.nx_backend as b; info = b.get_info(); "
            "assert info['backend_name'] == 'grogc' and 'pagerank' in info['functions']; "
            "print(sorted(m for m in sys.modules if m.startswith('grogc.')))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert "grogc.backend" not in out and "grogc.graph" not in out, out
    assert set(get_info()["functions"]) == set(FUNCTIONS)


@pytest.mark.parametrize("nodes", [[10, 3, 7, -2], [0, 1, 2, 3], [2**70, 1, 5, 6], [True, 3, 4, 5], [3, "a", 4, 5]])
def test_conversion_maps_every_kind_of_label(nodes):
    G = nx.DiGraph()
    G.add_nodes_from(nodes)
    G.add_edges_from([(nodes[0], nodes[2]), (nodes[2], nodes[1]), (nodes[3], nodes[0]), (nodes[1], nodes[1])])
    H = convert_from_nx(G)
    assert H.nodes == nodes
    src, dst = H.graph.arcs()
    assert sorted(zip(src.tolist(), dst.tolist())) == sorted((nodes.index(u), nodes.index(v)) for u, v in G.edges)
    assert H.self_loops == 1


def test_docs_list_every_function_and_known_difference():
    from pathlib import Path

    from grogc.nx_backend.testing import KNOWN_DIFFERENCES

    text = (Path(__file__).resolve().parents[2] / "docs" / "networkx.md").read_text()
    missing = [name for name in FUNCTIONS if f"`{name}`" not in text]
    missing += [test for _, test in KNOWN_DIFFERENCES if test.split(".")[-1] not in text]
    assert not missing, missing
