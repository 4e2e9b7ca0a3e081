"""The library's bfs, sssp and components (all frontier loops at -O2) against
NetworkX on the shapes propagation finds hard or odd, 1 and 2 threads to the
same bits; what explain says about loops; the runtime refusing bad PROPAGATEs."""

from __future__ import annotations

import networkx as nx
import numpy as np
import pytest

import grogc
from grogc.binding.runtime import RuntimeFault, encode, execute
from grogc.explain import explain_program, render
from grogc.graph import Graph
from grogc.library import algorithm_path


def _grid():
    return nx.convert_node_labels_to_integers(nx.grid_2d_graph(7, 9))


def _messy():
    g = nx.MultiDiGraph()
    g.add_weighted_edges_from([(0, 1, 2.0), (0, 1, 0.5), (1, 1, 1.0), (1, 2, 1.5), (2, 0, 0.25), (3, 3, 4.0),
                               (4, 5, 1.0), (5, 6, 3.0), (4, 6, 5.0)])
    g.add_node(7)
    return g


SHAPES = {
    "path": lambda: nx.path_graph(40, create_using=nx.DiGraph),
    "grid": _grid,
    "star": lambda: nx.star_graph(30),
    "disconnected": lambda: nx.disjoint_union(nx.cycle_graph(5), nx.path_graph(4, create_using=nx.Graph)),
    "self-loops and duplicates": _messy,
}
PLANS = {name: grogc.compile(str(algorithm_path(name))) for name in ("bfs", "sssp", "components")}


def _run(name, g, **params):
    one, two = PLANS[name].run(g, threads=1, **params), PLANS[name].run(g, threads=2, **params)
    for key in one:
        assert np.asarray(one[key]).tobytes() == np.asarray(two[key]).tobytes(), (name, key)
    return one


@pytest.mark.parametrize("shape", SHAPES)
def test_library_agrees_with_networkx(shape):
    G = SHAPES[shape]()
    g = Graph.from_networkx(G)
    ids = g.node_ids.tolist()
    simple = nx.DiGraph(G) if G.is_directed() else nx.Graph(G)
    for source in (ids[0], ids[len(ids) // 2]):
        level = _run("bfs", g, source=source)["level"]
        want = nx.single_source_shortest_path_length(simple, source)
        assert level.tolist() == [want.get(v, -1) for v in ids]
        dist = _run("sssp", g, source=source)["dist"]
        if G.is_multigraph():  # the lightest of parallel arcs counts
            light = nx.DiGraph()
            light.add_nodes_from(G)
            for u, v, w in G.edges(data="weight"):
                if not light.has_edge(u, v) or w < light[u][v]["weight"]:
                    light.add_edge(u, v, weight=w)
            simple_w = light
        else:
            simple_w = simple
        want_d = nx.single_source_dijkstra_path_length(simple_w, source, weight="weight")
        assert np.allclose(dist, [want_d.get(v, np.inf) for v in ids], rtol=1e-12)
    comp = _run("components", g)["component"]
    parts = nx.weakly_connected_components(G) if G.is_directed() else nx.connected_components(G)
    label = {v: min(c) for c in parts for v in c}
    assert comp.tolist() == [label[v] for v in ids]


LEVEL_FORM = """func @bfs(%source: node) {
  %ids = graph.node_ids : nodes<i64>
  %n = graph.node_count : i64
  %zero = core.const 0 : i64
  %one = core.const 1 : i64
  %none = core.const -1 : i64
  %is_source = core.eq %ids, %source : nodes<bool>
  %level0 = core.select %is_source, %zero, %none : nodes<i64>
  %levels, %depth = control.while %n iter_args(%lvl = %level0, %d = %zero) : nodes<i64>, i64 {
    %frontier = core.eq %lvl, %d : nodes<bool>
    %reached = graph.pull %frontier {agg = "or", dir = "in"} : nodes<bool>
    %unvisited = core.eq %lvl, %none : nodes<bool>
    %new = core.and %reached, %unvisited : nodes<bool>
    %d_next = core.add %d, %one : i64
    %next = core.select %new, %d_next, %lvl : nodes<i64>
    %grew = core.reduce %new {op = "any"} : bool
    control.yield %grew, %next, %d_next
  }
  attr.output "level", %levels
}
"""


def test_explain_names_the_failed_condition_and_shows_frontier_loops(tmp_path):
    near = tmp_path / "level_bfs.gir"
    near.write_text(LEVEL_FORM)
    text = render(explain_program(near), "text", timings=False)
    assert 'not_frontier = "the next value takes %d_next where %new says so, and %d_next is' in text
    plan_text = explain_program(near).plan.listing()  # the plan keeps the whole reason in the loop's comment
    assert "%d_next is not min, max, or or and of x and a pull" in plan_text
    text = render(explain_program(algorithm_path("sssp")), "text", timings=False)
    assert "graph.propagate" in text and "PROPAGATE" in text


def test_round_counter_keeps_its_O0_value():
    text = (algorithm_path("sssp").read_text()
            .replace("iter_args(%d = %dist0) : nodes<f64>", "iter_args(%d = %dist0, %k = %z) : nodes<f64>, i64")
            .replace("%dist = control.while", "%z = core.const 0 : i64\n  %one = core.const 1 : i64\n"
                     "  %dist, %rounds = control.while")
            .replace("control.yield %changed, %next", "%k1 = core.add %k, %one : i64\n"
                     "    control.yield %changed, %next, %k1")
            .replace('attr.output "dist", %dist', 'attr.output "dist", %dist\n  attr.output "rounds", %rounds'))
    g = Graph.from_networkx(nx.path_graph(25, create_using=nx.DiGraph))
    o0, o2 = grogc.compile(text, opt_level=0), grogc.compile(text, opt_level=2)
    assert "PROPAGATE" in o2.listing() and "REPEAT" in o2.listing()
    assert o0.run(g, source=0)["rounds"] == o2.run(g, source=0)["rounds"] == 25


@pytest.mark.parametrize("field, value, message", [
    ("attr0", 4, "agg (attr0) is 4, but must lie in 0..3"),
    ("attr2", 3, "flags (attr2) are 3, but must lie in 0..31 with f (bits 0-1) at most 2"),
    ("c", 0, "input c (the mask) is slot 0"),
    ("a", 3, "input a (the count) is slot 3"),
])
def test_runtime_refuses_bad_propagate(field, value, message):
    plan = grogc.compile(str(algorithm_path("sssp")))
    prog = encode(plan.data)
    at = [i for i, row in enumerate(prog.code) if row["opcode"] == grogc.ops.BY_NAME["PROPAGATE"].code][0]
    prog.code[at][field] = value
    g = Graph.from_networkx(nx.path_graph(4))
    with pytest.raises(RuntimeFault) as err:
        execute(g, prog, {"source": 0}, {}, threads=1)
    assert message in str(err.value)
