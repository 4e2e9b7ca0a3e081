"""Every input format against the same graph built by NetworkX."""

import gzip

import networkx as nx
import numpy as np
import pytest

from grogc.graph import Graph, GraphFormatError
from grogc.graph.importers import ImportOptions, import_graph

from .conftest import needs_runtime, same_graph

pytestmark = needs_runtime


def reference(directed=True, weighted=True):
    """A small graph with sparse ids, a self-loop and an isolated-free edge set."""
    G = nx.DiGraph() if directed else nx.Graph()
    edges = [(10, 3000, 1.5), (3000, 7, 0.25), (7, 10, 2.0), (10, 10, 4.0), (42, 3000, 0.0), (7, 42, 9.5)]
    for u, v, w in edges:
        if weighted:
            G.add_edge(u, v, weight=w)
        else:
            G.add_edge(u, v)
    return G


def write_snap(path, G, sep=" "):
    lines = ["# a comment", "% another", ""]
    for u, v, d in G.edges(data=True):
        lines.append(sep.join(str(x) for x in ([u, v, d["weight"]] if "weight" in d else [u, v])))
    path.write_text("\n".join(lines) + "\n")


@pytest.mark.parametrize("directed", [True, False])
@pytest.mark.parametrize("weighted", [True, False])
def test_snap_matches_networkx(tmp_path, directed, weighted):
    G = reference(directed, weighted)
    write_snap(tmp_path / "g.txt", G, sep="\t")
    g = import_graph(tmp_path / "g.txt", options=ImportOptions(undirected=not directed))
    assert same_graph(g.to_networkx(), G)


def test_snap_gzip_and_no_final_newline(tmp_path):
    G = reference()
    write_snap(tmp_path / "g.txt", G)
    data = (tmp_path / "g.txt").read_bytes().rstrip(b"\n")
    (tmp_path / "g.txt.gz").write_bytes(gzip.compress(data))
    assert same_graph(import_graph(tmp_path / "g.txt.gz").to_networkx(), G)


def test_mtx_general_real_and_symmetric_pattern(tmp_path):
    (tmp_path / "a.mtx").write_text("%%MatrixMarket matrix coordinate real general\n% c\n5 5 3\n1 2 0.5\n2 3 1.5\n3 1 2\n")
    g = import_graph(tmp_path / "a.mtx")
    G = nx.DiGraph()
    G.add_nodes_from([1, 2, 3, 4, 5])  # isolated nodes from the size line are kept
    G.add_weighted_edges_from([(1, 2, 0.5), (2, 3, 1.5), (3, 1, 2.0)])
    assert same_graph(g.to_networkx(), G)
    (tmp_path / "b.mtx").write_text("%%MatrixMarket matrix coordinate pattern symmetric\n4 4 3\n2 1\n3 1\n3 3\n")
    h = import_graph(tmp_path / "b.mtx")
    H = nx.Graph([(2, 1), (3, 1), (3, 3)])
    H.add_node(4)
    assert not h.directed and same_graph(h.to_networkx(), H)
    assert h.m == 5 and h.num_edges == 3


def test_mtx_integer_field(tmp_path):
    (tmp_path / "a.mtx").write_text("%%MatrixMarket matrix coordinate integer general\n2 2 1\n1 2 7\n")
    g = import_graph(tmp_path / "a.mtx")
    assert g.out_weights.tolist() == [7.0]


@pytest.mark.parametrize("weighted", [True, False])
def test_csv_with_header_and_named_columns(tmp_path, weighted):
    G = reference(True, weighted)
    rows = ["weight,dst,src" if weighted else "dst,src"]
    for u, v, d in G.edges(data=True):
        rows.append(f"{d['weight']},{v},{u}" if weighted else f"{v},{u}")
    (tmp_path / "g.csv").write_text("\n".join(rows) + "\n")
    assert same_graph(import_graph(tmp_path / "g.csv").to_networkx(), G)
    (tmp_path / "h.csv").write_text("from,to\n1,2\n2,3\n")
    h = import_graph(tmp_path / "h.csv", options=ImportOptions(csv_src="to", csv_dst="from"))
    assert same_graph(h.to_networkx(), nx.DiGraph([(2, 1), (3, 2)]))


def test_csv_without_header(tmp_path):
    (tmp_path / "g.csv").write_text("1,2\n2,3\n")
    assert same_graph(import_graph(tmp_path / "g.csv").to_networkx(), nx.DiGraph([(1, 2), (2, 3)]))


def test_dimacs(tmp_path):
    (tmp_path / "g.gr").write_text("c road\np sp 4 3\na 1 2 10\na 2 3 5\nc mid\na 1 2 3\n")
    g = import_graph(tmp_path / "g.gr")
    G = nx.DiGraph()
    G.add_nodes_from([1, 2, 3, 4])
    G.add_weighted_edges_from([(1, 2, 3.0), (2, 3, 5.0)])  # the duplicate keeps the minimum weight
    assert same_graph(g.to_networkx(), G)


def write_gap(path, G, weighted):
    """A GAP serialized graph (layout of GAP's WriteSerializedGraph)."""
    n = G.number_of_nodes()
    A = nx.to_scipy_sparse_array(G, nodelist=range(n), weight="weight", format="csr")
    A.sort_indices()
    parts = [np.array([int(G.is_directed())], np.uint8).tobytes(), np.array([A.nnz, n], "<i8").tobytes()]

    def csr(M):
        neigh = M.indices.astype("<i4")
        if weighted:
            neigh = np.stack([neigh, M.data.astype("<i4")], axis=1).ravel()
        return [M.indptr.astype("<i8").tobytes(), neigh.tobytes()]
    parts += csr(A)
    if G.is_directed():
        parts += csr(A.T.tocsr())
    path.write_bytes(b"".join(parts))


@pytest.mark.parametrize("directed", [True, False])
@pytest.mark.parametrize("weighted", [True, False])
def test_gap(tmp_path, directed, weighted):
    G = nx.gnm_random_graph(30, 80, seed=5, directed=directed)
    for i, (u, v) in enumerate(G.edges()):
        G[u][v]["weight"] = float(1 + i % 9)
    name = "g.wsg" if weighted else "g.sg"
    write_gap(tmp_path / name, G, weighted)
    g = import_graph(tmp_path / name)
    if not weighted:
        for _, _, d in G.edges(data=True):
            d.clear()
    assert same_graph(g.to_networkx(), G)


def test_ldbc_from_any_of_its_files(tmp_path):
    (tmp_path / "t.properties").write_text(
        "graph.t.vertex-file = t.v\ngraph.t.edge-file = t.e\ngraph.t.directed = false\n"
        "graph.t.edge-properties.names = weight\ngraph.t.meta.vertices = 4\ngraph.t.meta.edges = 2\n")
    (tmp_path / "t.v").write_text("2\n5\n9\n100\n")
    (tmp_path / "t.e").write_text("2 5 0.5\n5 9 1.25\n")
    G = nx.Graph()
    G.add_nodes_from([2, 5, 9, 100])
    G.add_weighted_edges_from([(2, 5, 0.5), (5, 9, 1.25)])
    for name in ("t.properties", "t.v", "t.e"):
        assert same_graph(import_graph(tmp_path / name).to_networkx(), G)


def test_format_option_overrides_extension(tmp_path):
    (tmp_path / "edges.data").write_text("1 2\n")
    assert import_graph(tmp_path / "edges.data", fmt="snap").m == 1


def test_keep_multi_and_drop_self_loops(tmp_path):
    (tmp_path / "g.txt").write_text("1 2 3\n1 2 1\n2 2 5\n")
    assert import_graph(tmp_path / "g.txt").out_weights.tolist() == [1.0, 5.0]
    multi = import_graph(tmp_path / "g.txt", options=ImportOptions(keep_multi=True, drop_self_loops=True))
    assert multi.out_weights.tolist() == [3.0, 1.0]


def test_huge_sparse_ids_from_text(tmp_path):
    ids = [9223372036854775807, -9223372036854775808, 123456789012345, 0]
    (tmp_path / "g.txt").write_text("".join(f"{ids[i]} {ids[(i + 1) % 4]}\n" for i in range(4)))
    g = import_graph(tmp_path / "g.txt")
    assert g.node_ids.tolist() == sorted(ids)
    assert same_graph(g.to_networkx(), nx.DiGraph([(ids[i], ids[(i + 1) % 4]) for i in range(4)]))


def test_import_export_import_gives_identical_file(tmp_path):
    from grogc.graph.export import export_edges

    for directed in (True, False):
        G = nx.gnm_random_graph(200, 900, seed=11, directed=directed)
        g = Graph.from_networkx(nx.relabel_nodes(G, {v: v * 7919 + 3 for v in G}))
        g.save(tmp_path / "a.csr")
        export_edges(Graph.load(tmp_path / "a.csr"), tmp_path / "a.txt")
        g2 = import_graph(tmp_path / "a.txt", options=ImportOptions(undirected=not directed))
        g2.save(tmp_path / "b.csr")
        assert (tmp_path / "a.csr").read_bytes() == (tmp_path / "b.csr").read_bytes()


def test_weighted_export_round_trip_is_bit_exact(tmp_path):
    from grogc.graph.export import export_edges

    rng = np.random.default_rng(3)
    src, dst = rng.integers(-50, 50, 400), rng.integers(-50, 50, 400)
    g = Graph.from_edges(src, dst, rng.random(400) * 1e3, directed=False)
    g.save(tmp_path / "a.csr")
    export_edges(g, tmp_path / "a.txt")
    import_graph(tmp_path / "a.txt", options=ImportOptions(undirected=True)).save(tmp_path / "b.csr")
    assert (tmp_path / "a.csr").read_bytes() == (tmp_path / "b.csr").read_bytes()


def test_an_ldbc_graph_folder_imports_and_other_folders_are_named(shared_data, tmp_path):
    from grogc.graph.importers import import_graph

    folder = shared_data / "ldbc" / "example-directed"
    g = import_graph(folder)
    assert (g.n, g.num_edges, g.directed, g.weighted) == (10, 17, True, True)
    with pytest.raises(GraphFormatError, match=r"is a folder: name the input file .* this one holds 0\)"):
        import_graph(tmp_path)
