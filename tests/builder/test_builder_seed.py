"""The seed design's examples: arithmetic on init_nodes, neighbour
aggregation, loops, parameters and outputs, each checked against the IR the
GIR parser builds for the equivalent text."""

from __future__ import annotations

import numpy as np
import pytest

from grogc.builder import AlgorithmBuilder, Handle, module_difference
from grogc.frontend.parser import parse_module
from grogc.ir.types import BOOL, F64, I64, NODES_BOOL, NODES_F64, NODES_I64


def same_ir(b: AlgorithmBuilder, text: str) -> None:
    """The builder's IR equals the parsed text, structurally and as printed."""
    expected = parse_module(text)
    difference = module_difference(b.ir(), expected)
    assert difference is None, difference
    assert str(b) == text


def test_seed_arithmetic_on_init_nodes():
    b = AlgorithmBuilder("pagerank")
    x = b.init_nodes(1.0)
    y = x * 2.0 + 1.0
    b.attr.attach("output", y)
    assert (x.type, y.type) == (NODES_F64, NODES_F64)
    same_ir(b, """func @pagerank() {
  %0 = core.const 1.0 : f64
  %1 = core.fill %0 : nodes<f64>
  %2 = core.const 2.0 : f64
  %3 = core.mul %1, %2 : nodes<f64>
  %4 = core.const 1.0 : f64
  %5 = core.add %3, %4 : nodes<f64>
  attr.output "output", %5
}
""")


def test_reflected_and_unary_operators_keep_operand_order():
    b = AlgorithmBuilder("ops")
    x = b.init_nodes(2.0, name="x")
    b.output("r", (2.0 * x).named("a") - (1.0 / x).named("c") + (-x) + abs(x) + 3.0 ** x)
    text = str(b)
    assert "%a = core.mul %1, %x" in text  # 2.0 * x: the constant stays on the left
    assert "%c = core.div %2, %x" in text
    assert "core.neg %x" in text and "core.abs %x" in text and "core.pow" in text


def test_int_literal_meets_f64_as_f64_constant():
    b = AlgorithmBuilder("weak")
    x = b.init_nodes(1.0, name="x")
    y = (x * 2).named("y")
    assert y.type == NODES_F64
    assert str(b).splitlines()[3:5] == ["  %1 = core.const 2.0 : f64", "  %y = core.mul %x, %1 : nodes<f64>"]


def test_comparisons_and_logic_give_bool_handles():
    b = AlgorithmBuilder("cmp")
    ids = b.node_ids(name="ids")
    lo = ids >= 2
    hi = ids < 10
    mid = (lo & hi) | ~ids.eq(5)
    assert (lo.type, mid.type) == (NODES_BOOL, NODES_BOOL)
    assert ids.ne(3).type == NODES_BOOL
    assert (5 > ids).type == NODES_BOOL  # reflected: becomes ids < 5
    text = str(b)
    for op in ("core.ge", "core.lt", "core.and", "core.or", "core.not", "core.eq", "core.ne"):
        assert op in text
    assert "core.lt %ids, %" in text.split("core.ne")[1]


def test_floor_division_and_true_division():
    b = AlgorithmBuilder("divs")
    ids = b.node_ids(name="ids")
    halves = (ids // 2).named("halves")
    f = ids.cast("f64", name="f")
    q = (f // 2.0).named("q")
    assert halves.type == NODES_I64 and q.type == NODES_F64
    text = str(b)
    assert "%halves = core.div %ids, %0 : nodes<i64>" in text
    assert "%q = core.floor" in text


def test_neighbour_aggregation_and_graph_ops():
    b = AlgorithmBuilder("agg")
    w = b.load_attr("weight", "f64", name="w")
    deg = b.degree("in", weighted=True, name="deg")
    s = b.pull(w, "sum", dir="out", weight="mul", name="s")
    m = w.pull("mean", name="m")
    c = (w > 0.5).pull("count", dir="all", name="c")
    b.output("s", s)
    b.output("m", m)
    b.output("c", c)
    b.output("deg", deg)
    b.output("tri", b.triangles(name="tri"))
    b.output("edges", b.edge_count(name="e"))
    assert (s.type, m.type, c.type) == (NODES_F64, NODES_F64, NODES_I64)
    same_ir(b, """func @agg() {
  %w = attr.load "weight" : nodes<f64>
  %deg = graph.degree {dir = "in", weighted = true} : nodes<f64>
  %s = graph.pull %w {agg = "sum", dir = "out", weight = "mul"} : nodes<f64>
  %m = graph.pull %w {agg = "mean", dir = "in"} : nodes<f64>
  %0 = core.const 0.5 : f64
  %1 = core.gt %w, %0 : nodes<bool>
  %c = graph.pull %1 {agg = "count", dir = "all"} : nodes<i64>
  attr.output "s", %s
  attr.output "m", %m
  attr.output "c", %c
  attr.output "deg", %deg
  %tri = graph.triangles : nodes<i64>
  attr.output "tri", %tri
  %e = graph.edge_count : i64
  attr.output "edges", %e
}
""")


def test_reductions_select_and_cast():
    b = AlgorithmBuilder("red")
    ids = b.node_ids(name="ids")
    assert ids.sum().type == I64 and ids.min().type == I64 and ids.max().type == I64
    assert ids.count().type == I64
    flags = ids > 3
    assert flags.any().type == BOOL and flags.all().type == BOOL
    f = ids.cast("f64")
    assert f.type == NODES_F64 and f.sum().type == F64
    picked = b.select(flags, f, 0.0)
    assert picked.type == NODES_F64
    assert b.minimum(f, 1.0).type == NODES_F64 and f.maximum(f).type == NODES_F64
    assert f.sqrt().type == f.exp().type == f.log().type == f.floor().type == f.recip().type == NODES_F64


def test_parameters_with_defaults_and_node_parameter():
    b = AlgorithmBuilder("params")
    alpha = b.param("alpha", "f64", default=1)
    src = b.param("source", "node")
    flag = b.param("flag", "bool", default=True)
    assert alpha.type == F64 and src.type == I64 and flag.type == BOOL
    ids = b.node_ids(name="ids")
    b.output("is_source", b.select(ids.eq(src), alpha, 0.0, name="sel"))
    text = str(b)
    assert text.startswith("func @params(%alpha: f64 = 1.0, %source: node, %flag: bool = true) {")
    same_ir(b, text)


def test_while_loop_with_two_carried_values():
    b = AlgorithmBuilder("loops")
    cap = b.param("max_iter", "i64", default=10)
    x0 = b.init_nodes(1.0, name="x0")
    with b.while_loop(cap, xi=x0, k=0) as loop:
        assert isinstance(loop.xi, Handle) and loop["k"] is loop.k
        nxt = (loop.xi * 0.5).named("half")
        k1 = (loop.k + 1).named("k1")
        loop.yield_((k1 < 3).named("more"), xi=nxt, k=k1)
    x = loop.results.xi.named("x")
    rounds = loop.results["k"].named("rounds")
    assert [h.type for h in loop.results] == [NODES_F64, I64] and len(loop.results) == 2
    b.output("x", x)
    b.output("rounds", rounds)
    same_ir(b, """func @loops(%max_iter: i64 = 10) {
  %0 = core.const 1.0 : f64
  %x0 = core.fill %0 : nodes<f64>
  %1 = core.const 0 : i64
  %x, %rounds = control.while %max_iter iter_args(%xi = %x0, %k = %1) : nodes<f64>, i64 {
    %2 = core.const 0.5 : f64
    %half = core.mul %xi, %2 : nodes<f64>
    %3 = core.const 1 : i64
    %k1 = core.add %k, %3 : i64
    %4 = core.const 3 : i64
    %more = core.lt %k1, %4 : bool
    control.yield %more, %half, %k1
  }
  attr.output "x", %x
  attr.output "rounds", %rounds
}
""")


def test_explicit_name_moves_a_loop_keyword_name_aside():
    b = AlgorithmBuilder("moved")
    with b.repeat(2, x=b.init_nodes(1.0)) as loop:
        loop.yield_(x=loop.x)
    b.output("x", loop.results.x.named("x"))
    text = str(b)
    assert "%x = control.repeat %2 iter_args(%x_1 = %1) : nodes<f64> {" in text
    assert "control.yield %x_1" in text


def test_loop_keyword_names_are_made_unique():
    b = AlgorithmBuilder("twice")
    ids = b.node_ids(name="l")
    with b.repeat(1, l=ids) as first:
        first.yield_(l=first.l)
    with b.repeat(1, l=first.results.l) as second:
        second.yield_(l=second.l)
    b.output("l", second.results.l)
    text = str(b)
    assert "iter_args(%l_1 = %l)" in text and "iter_args(%l_2 = %1)" in text


def test_nested_repeat_inside_while():
    b = AlgorithmBuilder("nested")
    ids = b.node_ids(name="ids")
    with b.while_loop(5, l=ids) as outer:
        with b.repeat(2, m=outer.l) as inner:
            inner.yield_(m=inner.m.pull("min", dir="all", name="pm"))
        changed = inner.results.m.ne(outer.l, name="changed").any(name="again")
        outer.yield_(changed, l=inner.results.m)
    b.output("labels", outer.results.l.named("labels"))
    same_ir(b, """func @nested() {
  %ids = graph.node_ids : nodes<i64>
  %0 = core.const 5 : i64
  %labels = control.while %0 iter_args(%l = %ids) : nodes<i64> {
    %1 = core.const 2 : i64
    %2 = control.repeat %1 iter_args(%m = %l) : nodes<i64> {
      %pm = graph.pull %m {agg = "min", dir = "all"} : nodes<i64>
      control.yield %pm
    }
    %changed = core.ne %2, %l : nodes<bool>
    %again = core.reduce %changed {op = "any"} : bool
    control.yield %again, %2
  }
  attr.output "labels", %labels
}
""")


def test_ir_is_a_fresh_verified_copy_each_time():
    b = AlgorithmBuilder("copy")
    b.output("ids", b.node_ids())
    first, second = b.ir(), b.ir()
    assert first.functions[0] is not second.functions[0]
    first.functions[0].body.ops.clear()  # what a pass might do to its copy
    assert len(b.ir().functions[0].body.ops) == 2


def test_names_are_stable_and_renamable():
    def build():
        b = AlgorithmBuilder("stable")
        x = b.init_nodes(0.25)
        b.output("y", b.name(x + x, "y"))
        return str(b)

    assert build() == build()
    assert "%y = core.add %1, %1 : nodes<f64>" in build()


def test_printed_builder_runs_like_the_parsed_text():
    """Semantics are the parser's: the reference interpreter on the builder's IR."""
    from grogc.interpreter import interpret
    from grogc.graph import Graph

    g = Graph.from_edges(np.array([0, 1, 2]), np.array([1, 2, 0]), directed=True)
    b = AlgorithmBuilder("double_in")
    x = b.node_ids().cast("f64")
    b.output("y", (x.pull("sum") * 2 + 1).named("y"))
    out = interpret(b.ir().functions[0], g)
    assert out["y"].tolist() == [5.0, 1.0, 3.0]


def test_grogc_opt_reads_the_printed_builder(tmp_path):
    from typer.testing import CliRunner

    from grogc.cli import app

    b = AlgorithmBuilder("cli")
    cap = b.param("rounds", "i64", default=3)
    with b.repeat(cap, x=b.node_ids(name="ids")) as loop:
        loop.yield_(x=loop.x.pull("max", dir="all", name="m"))
    b.output("x", loop.results.x, node_ids=True)
    path = tmp_path / "cli.gir"
    path.write_text(str(b))
    result = CliRunner().invoke(app, ["opt", str(path)])
    assert result.exit_code == 0, result.output
    assert result.output == str(b)


def test_plan_serialization_and_run():
    """The seed's plan round trip: compile, bytes, back, run in the C runtime."""
    from grogc.interpreter import interpret
    from grogc.backend.plan import Plan
    from grogc.graph import Graph

    b = AlgorithmBuilder("spread")
    alpha = b.param("alpha", "f64", default=0.5)
    x = b.node_ids().cast("f64", name="x")
    with b.repeat(2, v=x) as loop:
        loop.yield_(v=(loop.v * alpha + loop.v.pull("sum", dir="in")).named("nv"))
    b.output("v", loop.results.v.named("v"))
    plan = b.compile()
    again = Plan.from_bytes(plan.to_bytes())
    assert again == plan and again.entry == "spread"
    assert [p.name for p in again.param_specs] == ["alpha"]
    g = Graph.from_edges(np.array([10, 20, 30, 30]), np.array([20, 30, 10, 20]), directed=True)
    expected = interpret(b.ir().functions[0], g, {"alpha": 0.25})["v"]
    got = again.run(g, alpha=0.25)["v"]
    assert np.allclose(got, expected) and got.tolist() != [0.0, 1.0, 2.0]


def test_graph_kernel_ops():
    b = AlgorithmBuilder("kernels")
    b.output("core", b.core_number(name="core"))
    b.output("strong", b.scc(name="strong"), node_ids=True)
    b.output("weak", b.wcc(name="weak"), node_ids=True)
    same_ir(b, """func @kernels() {
  %core = graph.core_number : nodes<i64>
  attr.output "core", %core
  %strong = graph.scc : nodes<i64>
  attr.output "strong", %strong {node_ids = true}
  %weak = graph.wcc : nodes<i64>
  attr.output "weak", %weak {node_ids = true}
}
""")
