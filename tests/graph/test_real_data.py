"""The real graphs in ../shared/data import with the counts their SOURCE.md states."""

import networkx as nx
import pytest

from grogc.graph.importers import ImportOptions, import_graph

from .conftest import SHARED, needs_runtime, same_graph

DATA = SHARED / "data"
pytestmark = [needs_runtime, pytest.mark.skipif(not DATA.is_dir(), reason=f"shared data folder {DATA} is absent")]

# (path, options, n, stored arcs m, edges as imported, directed, weighted)
REAL = [
    ("wiki-vote/wiki-Vote.txt.gz", {}, 7115, 103689, 103689, True, False),
    ("ca-astroph/ca-AstroPh.txt.gz", {"undirected": True}, 18772, 2 * 198110 - 60, 198110, False, False),
    ("facebook-musae/musae_facebook_edges.csv.gz", {"undirected": True}, 22470, 2 * 171002 - 179, 171002, False, False),
    ("rome99/rome99.gr", {}, 3353, 8870 - 11, 8870 - 11, True, True),
    ("karate/karate.mtx", {}, 34, 156, 78, False, False),
    ("email-eu-core/email-Eu-core.txt", {}, 1005, 25571, 25571, True, False),
]


@pytest.mark.parametrize("rel,opts,n,m,edges,directed,weighted", REAL, ids=[r[0].split("/")[0] for r in REAL])
def test_real_graph_counts(rel, opts, n, m, edges, directed, weighted):
    g = import_graph(DATA / rel, options=ImportOptions(**opts))
    assert (g.n, g.m, g.num_edges, g.directed, g.weighted) == (n, m, edges, directed, weighted)


def test_karate_matches_networkx():
    g = import_graph(DATA / "karate/karate.mtx")
    G = nx.relabel_nodes(nx.karate_club_graph(), {v: v + 1 for v in range(34)})
    for _, _, d in G.edges(data=True):
        d.clear()
    assert same_graph(g.to_networkx(), G)


def test_rome99_keeps_minimum_of_parallel_arcs():
    g = import_graph(DATA / "rome99/rome99.gr")
    best = {}
    for line in (DATA / "rome99/rome99.gr").read_text().splitlines():
        if line.startswith("a "):
            _, u, v, w = line.split()
            best[(int(u), int(v))] = min(best.get((int(u), int(v)), float("inf")), float(w))
    assert {(u, v): d["weight"] for u, v, d in g.to_networkx().edges(data=True)} == best


LDBC = sorted(p.name for p in (DATA / "ldbc").iterdir() if p.is_dir()) if (DATA / "ldbc").is_dir() else []


@pytest.mark.parametrize("name", LDBC)
def test_ldbc_graphs(name):
    folder = DATA / "ldbc" / name
    g = import_graph(folder / f"{name}.properties")
    vertices = [int(x) for x in (folder / f"{name}.v").read_text().split()]
    edges = [line.split() for line in (folder / f"{name}.e").read_text().splitlines() if line.strip()]
    assert g.node_ids.tolist() == vertices
    assert g.num_edges == len(edges)
    assert g.directed == ("directed" in name and "undirected" not in name)
    assert g.weighted == (len(edges[0]) == 3 and ("example" in name or "sssp" in name))
