"""The library's graph kernels (docs/algorithms.md, "Kernels"): graph.triangles,
graph.neighborhood_arcs, graph.neighbor_count, graph.core_number, graph.scc,
graph.wcc.  Oracles, on awkward graphs (sparse ids, isolated nodes,
self-loops, duplicate arcs, directed and undirected, graphs large enough
for the parallel paths):
- the interpreter's reference kernels (grogc/ops/reference_library.py),
  with 1 and 2 threads;
- the GIR formulations kept in examples/ (min-label propagation, peeling,
  forward-backward colouring), through the interpreter and the C runtime;
- NetworkX, and the LDBC reference outputs for WCC and LCC."""

from __future__ import annotations

import dataclasses
from functools import lru_cache
from pathlib import Path

import networkx as nx
import numpy as np
import pytest

import grogc.driver.api as api
from grogc.ops import reference_library as rl
from grogc.interpreter import interpret
from grogc.ops.reference_graph import triangles as reference_triangles
from grogc.frontend.parser import parse_file
from grogc.graph import Graph
from grogc.graph.generators import generate

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
KERNELS = ("triangles", "neighborhood_arcs", "neighbor_count", "core_number", "scc", "wcc")
REFERENCE = {"triangles": reference_triangles, "neighborhood_arcs": rl.neighborhood_arcs,
             "neighbor_count": rl.neighbor_count, "core_number": rl.core_number, "scc": rl.scc, "wcc": rl.wcc}
# The op and the GIR program that computes the same thing by propagation.
FORMULATIONS = {"core_number": ("core_number.gir", "core"), "scc": ("scc.gir", "component"),
                "wcc": ("components_min_label.gir", "component")}


@lru_cache(maxsize=None)
def kernel_plan():
    body = "\n".join(f"  %{k} = graph.{k} : nodes<i64>\n  attr.output \"{k}\", %{k}" for k in KERNELS)
    return api.compile(f"func @kernels() {{\n{body}\n}}\n", opt_level=2, cache=False)


@lru_cache(maxsize=None)
def example_plan(name: str):
    return api.compile(EXAMPLES / name, opt_level=2, cache=False)


def _messy(directed: bool, seed: int, nodes: int = 30, arcs: int = 110) -> Graph:
    """Random arcs on sparse ids, a repeated self-loop, a repeated arc, a
    two-way link, an isolated node (duplicates kept)."""
    rng = np.random.default_rng(seed)
    src = np.concatenate([rng.integers(0, nodes, arcs), [3, 3, 7, 7, 9, 10]])
    dst = np.concatenate([rng.integers(0, nodes, arcs), [3, 3, 8, 8, 10, 9]])
    return Graph.from_edges(src * 5 + 2, dst * 5 + 2, directed=directed, keep_multi=True, nodes=[10_000])


def _kron_messy(directed: bool) -> Graph:
    """Kronecker scale 12 (4,096 ids, more than a block: the parallel paths
    run), with self-loops and duplicate arcs added, ids spread out."""
    g = generate("kron", 12, 6, seed=5, directed=directed)
    src = np.repeat(np.arange(g.n), np.diff(g.out_offsets))
    dst = np.asarray(g.out_targets, dtype=np.int64)
    if not directed:
        keep = src <= dst
        src, dst = src[keep], dst[keep]
    extra = np.arange(0, g.n, 97)
    src = np.concatenate([src, extra, src[:500]])
    dst = np.concatenate([dst, extra, dst[:500]])
    return Graph.from_edges(src * 3 + 1, dst * 3 + 1, directed=directed, keep_multi=True, nodes=[3 * g.n + 7])


def _path(n: int) -> Graph:
    return Graph.from_edges(np.arange(n - 1), np.arange(1, n), directed=True)


def awkward_graphs() -> dict:
    return {
        "messy_directed": _messy(True, 1), "messy_undirected": _messy(False, 2),
        "dense_directed": _messy(True, 3, nodes=12, arcs=90), "dense_undirected": _messy(False, 4, nodes=12, arcs=60),
        "empty": Graph.from_edges([], [], directed=True), "one_node": Graph.from_edges([], [], nodes=[42]),
        "only_loops": Graph.from_edges([5, 5, 9], [5, 5, 9], directed=False, keep_multi=True),
        "cycle_and_tail": Graph.from_edges([0, 1, 2, 2, 3, 4], [1, 2, 0, 3, 4, 3], directed=True),
        "path": _path(60),
    }


LARGE = {"kron_directed": lambda: _kron_messy(True), "kron_undirected": lambda: _kron_messy(False),
         "long_path": lambda: _path(50_000)}


@lru_cache(maxsize=None)
def graph(name: str) -> Graph:
    small = awkward_graphs()
    return small[name] if name in small else LARGE[name]()


ALL = list(awkward_graphs()) + list(LARGE)


@pytest.mark.parametrize("name", ALL)
def test_kernels_equal_the_reference_kernels_for_1_and_2_threads(name):
    g = graph(name)
    for threads in (1, 2):
        got = kernel_plan().run(g, threads=threads)
        for k in KERNELS:
            assert got[k].dtype == np.int64
            np.testing.assert_array_equal(got[k], REFERENCE[k](g), err_msg=f"{k}, {threads} thread(s)")


def test_the_interpreter_runs_the_reference_kernels():
    g = graph("messy_directed")
    fn = parse_file(EXAMPLES.parent / "grogc" / "library" / "components.gir").functions[0]
    # interpret() reports node-id outputs as original ids
    np.testing.assert_array_equal(interpret(fn, g, {})["component"], g.node_ids[rl.wcc(g)])


@pytest.mark.parametrize("name", list(awkward_graphs()) + ["kron_undirected"])
@pytest.mark.parametrize("op", sorted(FORMULATIONS))
def test_kernels_equal_their_gir_formulations(name, op):
    """The op == the propagation program in examples/, on the interpreter
    (-O0 IR) and on the C runtime (-O2 plan)."""
    g = graph(name)
    if op == "scc" and g.n > 1000:
        pytest.skip("forward-backward colouring is quadratic on chains of singleton components")
    file, output = FORMULATIONS[op]
    expected = kernel_plan().run(g)[op]
    if op != "core_number":  # the programs write labels as original ids ({node_ids = true})
        expected = g.node_ids[expected]
    np.testing.assert_array_equal(example_plan(file).run(g)[output], expected)
    if g.n <= 1000:
        fn = parse_file(EXAMPLES / file).functions[0]
        np.testing.assert_array_equal(interpret(fn, g, {})[output], expected)


# ---- NetworkX ---------------------------------------------------------------------


def _nx_graph(g: Graph, multi: bool = False):
    """g as a NetworkX graph on original ids (directed graphs as DiGraph)."""
    kind = (nx.MultiDiGraph if multi else nx.DiGraph) if g.directed else (nx.MultiGraph if multi else nx.Graph)
    G = kind()
    ids = g.node_ids
    G.add_nodes_from(ids.tolist())
    src = np.repeat(np.arange(g.n), np.diff(g.out_offsets))
    G.add_edges_from(zip(ids[src].tolist(), ids[np.asarray(g.out_targets)].tolist()))
    return G


def _labels(g: Graph, internal: np.ndarray) -> dict:
    """Original id -> original id of its label."""
    return dict(zip(g.node_ids.tolist(), g.node_ids[internal].tolist()))


def _nx_labels(parts) -> dict:
    labels = {}
    for part in parts:
        smallest = min(part)
        labels.update(dict.fromkeys(part, smallest))
    return labels


@pytest.mark.parametrize("name", ALL)
def test_components_match_networkx(name):
    g = graph(name)
    G = _nx_graph(g)
    got = kernel_plan().run(g, threads=2)
    weak = nx.weakly_connected_components(G) if g.directed else nx.connected_components(G)
    strong = nx.strongly_connected_components(G) if g.directed else nx.connected_components(G)
    assert _labels(g, got["wcc"]) == _nx_labels(weak)
    assert _labels(g, got["scc"]) == _nx_labels(strong)


@pytest.mark.parametrize("name", ALL)
def test_triangles_and_clustering_match_networkx(name):
    g = graph(name)
    U = nx.Graph(_nx_graph(g))  # undirected and simple; nx ignores self-loops here
    got = kernel_plan().run(g, threads=2)
    ids = g.node_ids.tolist()
    assert dict(zip(ids, got["triangles"].tolist())) == nx.triangles(U)
    if not g.directed:
        clustering = grogc_clustering(g)
        expected = nx.clustering(U)
        assert max((abs(clustering[v] - expected[v]) for v in ids), default=0.0) <= 1e-15


def grogc_clustering(g: Graph) -> dict:
    out = api.compile("clustering", opt_level=2).run(g, threads=2)["clustering"]
    return dict(zip(g.node_ids.tolist(), out.tolist()))


@pytest.mark.parametrize("name", ALL)
def test_core_number_matches_networkx(name):
    """nx.core_number refuses self-loops: compare on the graph without them
    (duplicates dropped too: NetworkX's degree of a simple graph)."""
    g = graph(name)
    src = np.repeat(np.arange(g.n), np.diff(g.out_offsets))
    dst = np.asarray(g.out_targets, dtype=np.int64)
    keep = src != dst
    simple = Graph.from_edges(g.node_ids[src[keep]], g.node_ids[dst[keep]], directed=g.directed, nodes=g.node_ids)
    got = kernel_plan().run(simple, threads=2)["core_number"]
    assert dict(zip(simple.node_ids.tolist(), got.tolist())) == nx.core_number(_nx_graph(simple))


def test_a_long_path_is_linear():
    """50,000 singleton strong components in a chain: one DFS, no recursion."""
    got = kernel_plan().run(graph("long_path"), threads=2)
    np.testing.assert_array_equal(got["scc"], np.arange(50_000))
    np.testing.assert_array_equal(got["wcc"], np.zeros(50_000, dtype=np.int64))
    np.testing.assert_array_equal(got["core_number"], np.r_[1, np.full(49_998, 1), 1])


def test_unsorted_rows_are_sorted_before_intersecting():
    """A hand-made g.csr need not hold its rows sorted: the simple view
    sorts a copy first, so the counts do not change."""
    for name in ("messy_directed", "messy_undirected", "kron_directed"):
        g = graph(name)
        a = g._a
        reversed_rows = Graph(dataclasses.replace(a, out_targets=_reverse_rows(a.out_offsets, a.out_targets),
                                                  in_sources=_reverse_rows(a.in_offsets, a.in_sources)))
        assert not np.array_equal(reversed_rows.out_targets, g.out_targets)
        expected = kernel_plan().run(g)
        for threads in (1, 2):
            got = kernel_plan().run(reversed_rows, threads=threads)
            for k in KERNELS:
                np.testing.assert_array_equal(got[k], expected[k], err_msg=f"{name}: {k}")


def _reverse_rows(offsets, idx):
    idx = np.array(idx)
    for v in range(len(offsets) - 1):
        idx[offsets[v]:offsets[v + 1]] = idx[offsets[v]:offsets[v + 1]][::-1].copy()
    return idx


# ---- LDBC -------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["example-directed", "example-undirected", "test-wcc-directed", "test-wcc-undirected",
                                  "test-lcc-directed", "test-lcc-undirected"])
def test_ldbc_references(shared_data, name):
    """WCC and LCC against LDBC's reference outputs, with 1 and 2 threads."""
    from grogc.graph.importers import import_graph
    from grogc.ldbc.formats import compare, read_output
    from grogc.ldbc.properties import read_graph_folder

    spec = read_graph_folder(shared_data / "ldbc" / name)
    g = import_graph(spec.properties)
    ids = g.node_ids.tolist()
    for threads in (1, 2):
        for algorithm, program, output in (("WCC", "components", "component"), ("LCC", "clustering", "clustering")):
            if algorithm not in spec.algorithms:
                continue
            values = api.compile(program, opt_level=2).run(g, threads=threads)[output]
            if algorithm == "WCC":
                values = g.node_ids[values]
            got = dict(zip(ids, values.tolist()))
            assert compare(algorithm, got, read_output(spec.reference_output(algorithm), algorithm)) is None, \
                (algorithm, threads)
