"""Library algorithms against NetworkX on the real graphs of ../shared/data
that suit them (the C runtime on -O2 plans, checked against the interpreter)."""

from __future__ import annotations

import networkx as nx
import pytest

from library_helpers import by_node, max_abs_error, run_both, same_partition

from grogc.graph.importers import ImportOptions, import_graph


def _load(shared_data, rel, **opts):
    g = import_graph(shared_data / rel, options=ImportOptions(**opts))
    return g, g.to_networkx()


def test_karate(shared_data):
    g, G = _load(shared_data, "karate/karate.mtx")
    out = lambda name, key, **p: by_node(g, run_both(name, g, **p)[key])  # noqa: E731
    assert max_abs_error(out("pagerank", "pagerank"), nx.pagerank(G)) < 1e-12
    assert out("triangles", "triangles") == nx.triangles(G)
    assert max_abs_error(out("clustering", "clustering"), nx.clustering(G)) < 1e-15
    assert out("core_number", "core") == nx.core_number(G)
    assert max_abs_error(out("eigenvector", "eigenvector"), nx.eigenvector_centrality(G)) < 1e-12
    assert max_abs_error(out("katz", "katz"), nx.katz_centrality(G)) < 1e-12
    assert max_abs_error(out("degree_centrality", "in"), nx.degree_centrality(G)) < 1e-15


def test_email_eu_core_directed_with_self_loops(shared_data):
    g, G = _load(shared_data, "email-eu-core/email-Eu-core.txt")
    out = lambda name, key, **p: by_node(g, run_both(name, g, **p)[key])  # noqa: E731
    assert max_abs_error(out("pagerank", "pagerank"), nx.pagerank(G)) < 1e-12
    assert same_partition(out("scc", "component"), nx.strongly_connected_components(G))
    assert same_partition(out("components", "component"), nx.weakly_connected_components(G))
    assert max_abs_error(out("degree_centrality", "in"), nx.in_degree_centrality(G)) < 1e-15
    hub, auth = nx.hits(G)
    got = run_both("hits", g)
    assert max_abs_error(by_node(g, got["hub"]), hub) < 1e-6
    assert max_abs_error(by_node(g, got["authority"]), auth) < 1e-6


def test_rome99_weighted_shortest_paths_and_pagerank(shared_data):
    g, G = _load(shared_data, "rome99/rome99.gr")
    source = int(g.node_ids[0])
    ref = nx.single_source_dijkstra_path_length(G, source)
    got = by_node(g, run_both("sssp", g, source=source)["dist"])
    assert max_abs_error(got, {v: float(ref.get(v, float("inf"))) for v in G}) < 1e-9
    assert max_abs_error(by_node(g, run_both("pagerank", g, weighted=True)["pagerank"]), nx.pagerank(G)) < 1e-12


def test_wiki_vote_pagerank_and_scc(shared_data):
    g, G = _load(shared_data, "wiki-vote/wiki-Vote.txt.gz")
    assert max_abs_error(by_node(g, run_both("pagerank", g)["pagerank"]), nx.pagerank(G)) < 1e-12
    assert same_partition(by_node(g, run_both("scc", g)["component"]), nx.strongly_connected_components(G))
