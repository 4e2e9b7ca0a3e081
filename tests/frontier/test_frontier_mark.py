"""scc.gir's loops as frontier loops (docs/frontier.md): the colouring loop
(a select pinning masked nodes to a constant) becomes graph.propagate, the
marking loop graph.propagate_mark.  examples/scc.gir against NetworkX;
generated marking programs -O0 (the reference interpreter, op by op) against
-O2 (PROPAGATE_MARK in the C runtime), 1 and 2 threads to the same bits;
what the pass says when a condition fails; the runtime refusing bad
PROPAGATE_MARKs, stopping on a cancel, and keeping per-round records."""

from __future__ import annotations

from pathlib import Path

import networkx as nx
import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import grogc
from grogc.binding.run_control import RunCancelled, RunControl
from grogc.binding.runtime import RuntimeFault, encode, execute
from grogc.frontend.parser import parse_module, select_entry
from grogc.graph import Graph
from grogc.interpreter import interpret
from grogc.passes.manager import optimize
from frontier_oracle import assert_O2_equals_O0, small_graphs
from cancel_watch import cancel_after_rounds

SCC_TEXT = (Path(grogc.__file__).resolve().parents[1] / "examples" / "scc.gir").read_text()
SCC_PLAN = grogc.compile(SCC_TEXT, opt_level=2)


def _ops(plan) -> list[str]:
    out = []

    def walk(ops):
        for op in ops:
            out.append(op["op"])
            walk(op.get("body", []))
    walk(plan.data["ops"])
    return out


def test_both_scc_loops_become_frontier_loops():
    ops = _ops(SCC_PLAN)
    assert ops.count("PROPAGATE") == 1 and ops.count("PROPAGATE_MARK") == 1
    assert ops.count("WHILE") == 1  # only the outer loop is left
    assert "not_frontier" not in SCC_PLAN.listing()


def _messy():
    g = nx.MultiDiGraph()
    g.add_edges_from([(0, 1), (0, 1), (1, 0), (1, 1), (2, 2), (2, 3), (3, 4), (4, 2), (4, 2), (5, 5), (6, 0)])
    g.add_node(7)
    return g


SHAPES = {
    "path": lambda: nx.path_graph(30, create_using=nx.DiGraph),
    "reversed path": lambda: nx.DiGraph(nx.path_graph(30, create_using=nx.DiGraph).reverse()),
    "cycle": lambda: nx.cycle_graph(25, create_using=nx.DiGraph),
    "two cycles and a bridge": lambda: nx.DiGraph([(0, 1), (1, 2), (2, 0), (2, 3), (3, 4), (4, 5), (5, 3)]),
    "self-loops and duplicate edges": _messy,
    "random sparse": lambda: nx.gnp_random_graph(120, 0.012, directed=True, seed=7),
    "random dense": lambda: nx.gnp_random_graph(80, 0.05, directed=True, seed=11),
    "isolated nodes": lambda: nx.empty_graph(6, create_using=nx.DiGraph),
}


@pytest.mark.parametrize("shape", SHAPES)
def test_scc_gir_agrees_with_networkx_and_O0(shape):
    G = SHAPES[shape]()
    g = Graph.from_networkx(G)
    one, two = SCC_PLAN.run(g, threads=1)["component"], SCC_PLAN.run(g, threads=2)["component"]
    assert one.tobytes() == two.tobytes()
    label = {v: min(c) for c in nx.strongly_connected_components(G) for v in c}
    assert one.tolist() == [label[v] for v in g.node_ids.tolist()]
    want = interpret(select_entry(parse_module(SCC_TEXT, "<scc>")), g, {})["component"]
    assert np.asarray(want).tobytes() == one.tobytes()


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.integers(1, 40), st.floats(0.0, 0.2), st.integers(0, 2**31))
def test_scc_gir_on_random_directed_graphs(n, p, seed):
    G = nx.gnp_random_graph(n, p, directed=True, seed=seed)
    g = Graph.from_networkx(G)
    got = SCC_PLAN.run(g, threads=2)["component"]
    label = {v: min(c) for c in nx.strongly_connected_components(G) for v in c}
    assert got.tolist() == [label[v] for v in g.node_ids.tolist()]


# ---- generated marking programs -------------------------------------------------------------


# on, off and ref: invariants of each dtype, scalars and vectors (f64 with NaN, -0.0, inf)
VALUES = {"i64": ("%ids", "%third", "%izero", "%none", "%n"),
          "f64": ("%idsf", "%halves", "%fzero", "%fnegzero", "%finf", "%fnan", "%nanvec")}
CMPS = ("eq", "ne", "lt", "le", "gt", "ge")
MARK_INITS = ("%is_src", "%mask", "%not_src")


@st.composite
def marking_programs(draw):
    dtype = draw(st.sampled_from(("i64", "f64")))
    on, off = draw(st.lists(st.sampled_from(VALUES[dtype]), min_size=2, max_size=2, unique=True))  # select(x, a, a) folds
    ref = draw(st.sampled_from(VALUES[dtype]))
    agg, direction = draw(st.sampled_from(("min", "max"))), draw(st.sampled_from(("in", "out", "all")))
    cmp = draw(st.sampled_from(CMPS))
    body = [f"%offer = core.select %x, {on}, {off} : nodes<{dtype}>",
            f'%p = graph.pull %offer {{agg = "{agg}", dir = "{direction}"}} : nodes<{dtype}>',
            f"%t = core.{cmp} %p, {ref} : nodes<bool>" if draw(st.booleans()) else
            f"%t = core.{cmp} {ref}, %p : nodes<bool>"]
    t = "%t"
    if draw(st.booleans()):
        gate = draw(st.sampled_from(("%mask", "%not_src")))
        body.append(f"%tg = core.and %t, {gate} : nodes<bool>" if draw(st.booleans()) else
                    f"%tg = core.and {gate}, %t : nodes<bool>")
        t = "%tg"
    comb = draw(st.sampled_from(("or", "and")))
    body.append(f"%nx = core.{comb} %x, {t} : nodes<bool>" if draw(st.booleans()) else
                f"%nx = core.{comb} {t}, %x : nodes<bool>")
    body.append("%c = core.ne %nx, %x : nodes<bool>" if draw(st.booleans()) else "%c = core.ne %x, %nx : nodes<bool>")
    body.append('%any = core.reduce %c {op = "any"} : bool')
    counter = draw(st.booleans())
    if counter:
        body.append("%k1 = core.add %k, %ione : i64")
    cap = draw(st.sampled_from(("%n", "0", "1", "2", "1000000")))
    carried = f"%x = {draw(st.sampled_from(MARK_INITS))}" + (", %k = %izero" if counter else "")
    inner = "\n".join("    " + line for line in body)
    return f"""func @mark(%src: node) {{
  %ids = graph.node_ids : nodes<i64>
  %n = graph.node_count : i64
  %izero = core.const 0 : i64
  %ione = core.const 1 : i64
  %none = core.const -1 : i64
  %three = core.const 3 : i64
  %fzero = core.const 0.0 : f64
  %fnegzero = core.const -0.0 : f64
  %fhalf = core.const 0.5 : f64
  %finf = core.const inf : f64
  %fnan = core.const nan : f64
  %cap = core.const {cap if cap != "%n" else 0} : i64
  %idsf = core.cast %ids : nodes<f64>
  %halves = core.mul %idsf, %fhalf : nodes<f64>
  %third = core.div %ids, %three : nodes<i64>
  %back = core.mul %third, %three : nodes<i64>
  %mask = core.ne %back, %ids : nodes<bool>
  %is_src = core.eq %ids, %src : nodes<bool>
  %not_src = core.not %is_src : nodes<bool>
  %nanvec = core.select %mask, %fnan, %idsf : nodes<f64>
  {"%r, %rk" if counter else "%r"} = control.while {cap if cap == "%n" else "%cap"} iter_args({carried}) : \
nodes<bool>{", i64" if counter else ""} {{
{inner}
    control.yield %any, %nx{", %k1" if counter else ""}
  }}
  attr.output "x", %r
{'  attr.output "rounds", %rk' + chr(10) if counter else ''}}}
"""


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(small_graphs(weighted=False), marking_programs(), st.data())
def test_O0_equals_O2_on_generated_marking_programs(graph, text, data):
    source = data.draw(st.integers(0, graph.n - 1))
    assert_O2_equals_O0(text, graph, {"src": source}, "PROPAGATE_MARK")


def test_marking_on_a_larger_graph_uses_candidate_rounds_and_agrees_with_O0():
    """Kronecker-like skew and a long tail, so rounds after the first scan
    candidates (not every node) and the parallel paths run."""
    G = nx.DiGraph(nx.scale_free_graph(3000, seed=5))
    G.add_edges_from((3000 + i, 3000 + i + 1) for i in range(3000))
    G.add_edge(2999, 3000)
    g = Graph.from_networkx(G)
    one, two = SCC_PLAN.run(g, threads=1)["component"], SCC_PLAN.run(g, threads=2)["component"]
    assert one.tobytes() == two.tobytes()
    label = {v: min(c) for c in nx.strongly_connected_components(G) for v in c}
    assert one.tolist() == [label[v] for v in g.node_ids.tolist()]


# ---- what the pass says when a condition fails ---------------------------------------------------


def _reasons(text: str, passes: str = "canonicalize,cse,licm,frontier") -> list[str]:
    fn = select_entry(parse_module(text, "<t>"))
    optimize(fn, pipeline=passes)
    return [op.attrs["not_frontier"] for op in fn.walk() if "not_frontier" in op.attrs]


def test_a_pin_the_initial_value_does_not_share_is_refused():
    for old, new in [("%colour0 = core.select %dn, %big, %ids", "%colour0 = core.select %dn, %none, %ids"),
                     ("%colour0 = core.select %dn, %big, %ids", "%colour0 = core.select %dn, %ids, %big")]:
        reasons = _reasons(SCC_TEXT.replace(old, new))
        assert reasons == ["the next value selects between %big and %lower; a frontier loop keeps x where the mask "
                           "says so and takes the combine elsewhere (or pins it to a value x's initial value already "
                           "takes there)"], reasons


def test_a_pin_under_another_mask_is_refused():
    text = SCC_TEXT.replace("%colour0 = core.select %dn, %big, %ids",
                            "%odd = core.not %dn : nodes<bool>\n    %colour0 = core.select %odd, %big, %ids")
    assert any("selects between %big and %lower" in r for r in _reasons(text))


def test_marking_loop_reasons():
    # without licm the gate is computed in the loop
    assert _reasons(SCC_TEXT, "frontier") == [
        "the gate %open is computed in the loop; the marking form needs a value from before it"]
    text = SCC_TEXT.replace('%best = graph.pull %offer {agg = "max", dir = "out"} : nodes<i64>',
                            '%best0 = graph.pull %offer {agg = "max", dir = "out"} : nodes<i64>\n'
                            '      %best = core.add %best0, %none : nodes<i64>')
    assert _reasons(text) == ["the next value combines x with %joins_open, which is not a comparison of the pull "
                              "(and a gate)"]
    text = SCC_TEXT.replace("%grew = core.ne %mk_next, %mk", "%grew = core.eq %mk_next, %mk")
    assert _reasons(text) == ["the change test is core.eq, which does not say whether or moved x (use core.ne)"]


# ---- the runtime ------------------------------------------------------------------------------


def _mark_at(prog) -> int:
    return [i for i, row in enumerate(prog.code) if row["opcode"] == grogc.ops.BY_NAME["PROPAGATE_MARK"].code][0]


@pytest.mark.parametrize("mutate, message", [
    (lambda p, at: p.code[at].__setitem__("attr2", 6), "cmp (attr2 bits 0-2) is 6, but must lie in 0..5"),
    (lambda p, at: p.code[at].__setitem__("list_len", 2), "list has 2 entries, but holds on, off, ref"),
    (lambda p, at: p.code[at].__setitem__("c", p.code[at]["out"]), "output and the gate are both slot"),
    (lambda p, at: p.lists.__setitem__(p.code[at]["list_off"], p.code[at]["out"]),
     "on (list[0]) is slot"),
    (lambda p, at: p.lists.__setitem__(p.code[at]["list_off"] + 2, p.code[at]["b"]), "ref (list[2])"),
    (lambda p, at: p.code[at].__setitem__("b", p.code[at]["a"]), "input b (the initial marks)"),
])
def test_runtime_refuses_bad_propagate_mark(mutate, message):
    prog = encode(SCC_PLAN.data)
    mutate(prog, _mark_at(prog))
    with pytest.raises(RuntimeFault) as err:
        execute(Graph.from_networkx(nx.cycle_graph(4, create_using=nx.DiGraph)), prog, {}, {}, threads=1)
    assert message in str(err.value)


BACKWARD_MARKS = """func @reach_last() {
  %ids = graph.node_ids : nodes<i64>
  %n = graph.node_count : i64
  %one = core.const 1 : i64
  %zero = core.const 0 : i64
  %last = core.sub %n, %one : i64
  %x0 = core.eq %ids, %last : nodes<bool>
  %x = control.while %n iter_args(%m = %x0) : nodes<bool> {
    %offer = core.select %m, %one, %zero : nodes<i64>
    %p = graph.pull %offer {agg = "max", dir = "out"} : nodes<i64>
    %t = core.eq %p, %one : nodes<bool>
    %nx = core.or %m, %t : nodes<bool>
    %c = core.ne %nx, %m : nodes<bool>
    %any = core.reduce %c {op = "any"} : bool
    control.yield %any, %nx
  }
  attr.output "x", %x
}
"""


def test_a_cancel_stops_a_marking_loop_midway():
    plan = grogc.compile(BACKWARD_MARKS, opt_level=2)
    assert "PROPAGATE_MARK" in _ops(plan)
    n = 1_500_000
    graph = Graph.from_edges(np.arange(n - 1), np.arange(1, n))
    ctl = RunControl()
    watcher, seen = cancel_after_rounds(ctl, 3)
    with pytest.raises(RunCancelled):
        plan.run(graph, threads=2, control=ctl)
    watcher.join()
    assert seen[0] >= 3, "PROPAGATE_MARK reported no rounds as progress"
    assert ctl.round < n - 1
    assert plan.run(Graph.from_edges(np.arange(4), np.arange(1, 5)))["x"].all()


def test_profile_keeps_a_record_per_round_and_the_run_report_counts_them():
    from grogc.binding.runtime import FRONTIER_KINDS, ProfileRequest

    g = Graph.from_edges(np.arange(199), np.arange(1, 200))
    req = ProfileRequest()
    out = grogc.compile(BACKWARD_MARKS, opt_level=2).run(g, profile=req, threads=2)
    assert out["x"].all()
    rec = req.result.frontier
    kinds = [FRONTIER_KINDS[k] for k in rec["kind"].tolist()]
    # round 1 scans every node; one node changes per round, so later rounds scan its one candidate
    assert len(rec) == 200 and kinds[0] == "all" and set(kinds[1:]) == {"pull"}
    assert rec["size"].tolist()[1:] == [1] * 199
    assert [(loop.kind, loop.rounds, loop.converged) for loop in out.loops] == [("PROPAGATE_MARK", 200, True)]
