"""The reference interpreter against NetworkX and against GIR.md's rules."""

from __future__ import annotations

import networkx as nx
import numpy as np
import pytest

from grogc.interpreter import RunError, interpret
from grogc.backend.params import ParamError
from grogc.graph import Graph

from backend_helpers import function, golden_function, messy_graph


def _dangling_digraph() -> nx.DiGraph:
    G = nx.gnp_random_graph(40, 0.08, seed=3, directed=True)
    G.add_nodes_from([100, 101])  # isolated, hence dangling
    G.remove_edges_from(list(G.out_edges(5)))  # one more dangling node with in-edges
    return G


def test_pagerank_matches_networkx():
    G = _dangling_digraph()
    out = interpret(golden_function("pagerank"), Graph.from_networkx(G), {})
    expected = nx.pagerank(G, alpha=0.85, tol=1e-6, max_iter=100)
    got = dict(zip(Graph.from_networkx(G).node_ids.tolist(), out["pagerank"].tolist()))
    assert set(got) == set(expected)
    assert max(abs(got[k] - expected[k]) for k in expected) < 1e-6
    assert abs(sum(got.values()) - 1.0) < 1e-9


def test_pagerank_alpha_parameter_changes_result():
    G = _dangling_digraph()
    g = Graph.from_networkx(G)
    out = interpret(golden_function("pagerank"), g, {"alpha": 0.5})
    expected = nx.pagerank(G, alpha=0.5, tol=1e-6)
    assert np.allclose(out["pagerank"], [expected[k] for k in g.node_ids.tolist()], atol=1e-6)


def test_components_same_partition_as_networkx():
    G = nx.DiGraph()
    G.add_edges_from([(1, 2), (3, 2), (7, 8), (9, 9), (20, 21), (21, 22)])
    G.add_node(40)
    g = Graph.from_networkx(G)
    labels = interpret(golden_function("components"), g, {})["component"]
    ids = g.node_ids.tolist()
    mine = {}
    for node, label in zip(ids, labels.tolist()):
        mine.setdefault(label, set()).add(node)
    assert sorted(map(sorted, mine.values())) == sorted(map(sorted, nx.weakly_connected_components(G)))


def test_while_zero_rounds_returns_initial_values():
    out = interpret(golden_function("pagerank"), messy_graph(), {"max_iter": 0})
    assert np.allclose(out["pagerank"], 1 / 5)


PULLS = """
func @p(%s: node = 10) {
  %ids = graph.node_ids : nodes<i64>
  %f = core.cast %ids : nodes<f64>
  %sum_in = graph.pull %f {agg = "sum", dir = "in"} : nodes<f64>
  %cnt_all = graph.pull %ids {agg = "count", dir = "all"} : nodes<i64>
  %min_out = graph.pull %ids {agg = "min", dir = "out"} : nodes<i64>
  %mean_in = graph.pull %f {agg = "mean", dir = "in"} : nodes<f64>
  %mode_in = graph.pull %ids {agg = "mode", dir = "in"} : nodes<i64>
  %deg = graph.degree {dir = "all"} : nodes<f64>
  %src = core.eq %ids, %s : nodes<bool>
  %reach = graph.pull %src {agg = "or", dir = "in"} : nodes<bool>
  attr.output "sum_in", %sum_in
  attr.output "cnt_all", %cnt_all
  attr.output "min_out", %min_out
  attr.output "mean_in", %mean_in
  attr.output "mode_in", %mode_in
  attr.output "deg", %deg
  attr.output "reach", %reach
  attr.output "src", %s
}
"""


def test_pull_semantics_on_messy_graph():
    # internal ids: 2->0, 3->1, 10->2, 11->3, 50->4
    # arcs: 10->11 (x2), 10->2, 11->2, 2->2, 2->3, 3->10, 11->3
    g = messy_graph()
    out = interpret(function(PULLS), g, {})
    assert out["sum_in"].tolist() == [0 + 2 + 3, 0 + 3, 1, 2 + 2, 0]
    assert out["cnt_all"].tolist() == [3, 2, 3, 3, 0]  # non-zero ids among in+out neighbours (id 0 not counted)
    assert out["min_out"].tolist() == [0, 2, 0, 0, np.iinfo(np.int64).max]
    assert out["mean_in"].tolist() == pytest.approx([5 / 3, 1.5, 1.0, 2.0, 0.0])
    assert out["mode_in"].tolist() == [0, 0, 1, 2, 4]  # ties to the smallest; no neighbours: itself
    assert out["deg"].tolist() == [5.0, 3.0, 4.0, 4.0, 0.0]  # in + out; the self-loop once in each
    assert out["reach"].tolist() == [True, False, False, True, False]  # successors of node 10
    assert out["src"] == 2  # a node param is the internal id inside


def test_integer_division_by_zero_is_a_runtime_error():
    fn = function("""func @d(%a: i64 = 7, %b: i64 = 0) {
  %q = core.div %a, %b : i64
  attr.output "q", %q
}""")
    with pytest.raises(RunError, match="integer division by zero"):
        interpret(fn, messy_graph(), {})
    assert interpret(fn, messy_graph(), {"a": -7, "b": 2})["q"] == -4  # floor division


def test_i64_wraps_and_cast_errors():
    fn = function("""func @w(%a: i64 = 9223372036854775807, %x: f64 = 2.5) {
  %one = core.const 1 : i64
  %s = core.add %a, %one : i64
  %t = core.cast %x : i64
  attr.output "s", %s
  attr.output "t", %t
}""")
    out = interpret(fn, messy_graph(), {"x": -2.7})
    assert out["s"] == -(2**63) and out["t"] == -2
    with pytest.raises(ParamError, match=r"parameter .x. \(f64\) must be a finite number, got nan"):
        interpret(fn, messy_graph(), {"x": float("nan")})
    nan_cast = function("""func @n(%x: f64 = 0.0) {
  %q = core.div %x, %x : f64
  %t = core.cast %q : i64
  attr.output "t", %t
}""")
    with pytest.raises(RunError, match="cannot cast nan to i64"):
        interpret(nan_cast, messy_graph(), {})


def test_reductions_and_recip_min_nan():
    fn = function("""func @r(%z: f64 = 0.0) {
  %deg = graph.degree {dir = "out"} : nodes<f64>
  %inv = core.recip %deg : nodes<f64>
  %nan = core.div %z, %z : f64
  %m = core.min %deg, %nan : nodes<f64>
  %mx = core.reduce %inv {op = "max"} : f64
  %c = core.reduce %deg {op = "count"} : i64
  attr.output "inv", %inv
  attr.output "m", %m
  attr.output "mx", %mx
  attr.output "c", %c
}""")
    out = interpret(fn, messy_graph(), {})
    assert out["inv"].tolist() == [0.5, 1.0, 1 / 3, 0.5, 0.0]
    assert np.isnan(out["m"]).all()
    assert out["mx"] == 1.0 and out["c"] == 4


def test_parameter_errors_name_the_parameter():
    fn = golden_function("pagerank")
    g = messy_graph()
    with pytest.raises(ParamError, match=r"unknown parameter 'beta' \(parameters: alpha, max_iter, tol\)"):
        interpret(fn, g, {"beta": 1.0})
    with pytest.raises(ParamError, match=r"parameter 'max_iter' \(i64\) must be an integer, got 2.5"):
        interpret(fn, g, {"max_iter": 2.5})
    with pytest.raises(ParamError, match=r"parameter 's': node 12 is not in the graph"):
        interpret(function(PULLS), g, {"s": 12})


def test_triangles_match_networkx():
    G = nx.gnp_random_graph(30, 0.25, seed=7, directed=True)
    G.add_edge(4, 4)
    fn = function("""func @t() {
  %t = graph.triangles : nodes<i64>
  attr.output "t", %t
}""")
    g = Graph.from_networkx(G)
    expected = nx.triangles(nx.Graph(G.to_undirected()).copy())
    assert interpret(fn, g, {})["t"].tolist() == [expected[k] for k in g.node_ids.tolist()]


def test_node_ids_output_translated_to_original_ids():
    fn = function("""func @o() {
  %ids = graph.node_ids : nodes<i64>
  %m = graph.pull %ids {agg = "max", dir = "in"} : nodes<i64>
  attr.output "parent", %m {node_ids = true}
}""")
    # max in-neighbour, as an original id; no in-neighbour gives INT64_MIN, reported as -1
    assert interpret(fn, messy_graph(), {})["parent"].tolist() == [11, 11, 3, 10, -1]


@pytest.mark.parametrize("ids", [[0, 1, 2, 3], [2, 5, 9, 40]])
def test_to_original_ids_in_range_out_of_range_and_empty(ids):
    from grogc.backend.outputs import to_original_ids

    g = Graph.from_edges(np.array(ids[:3]), np.array(ids[1:]), nodes=np.array(ids))
    table = np.array(ids)
    inside = np.array([3, 0, 2, 2, 1])
    assert to_original_ids(g, inside).tolist() == table[inside].tolist()
    assert to_original_ids(g, np.array([1, -1, 4, np.iinfo(np.int64).min, 0])).tolist() == [ids[1], -1, -1, -1, ids[0]]
    assert to_original_ids(g, np.array([], dtype=np.int64)).tolist() == []
    empty = Graph.from_edges(np.array([], dtype=np.int64), np.array([], dtype=np.int64))
    assert to_original_ids(empty, np.array([0, -1])).tolist() == [-1, -1]
