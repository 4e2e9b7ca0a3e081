"""fuse-elementwise and fuse-neighbor: shapes, legality, streams, results."""

from __future__ import annotations

from pathlib import Path

import pytest

from grogc.interpreter import interpret
from grogc.frontend.parser import parse_module
from grogc.passes.fuse_neighbor import FuseNeighbor
from grogc.passes.stats import streams_per_iteration

GOLDEN = Path(__file__).resolve().parents[2] / "golden"


def region_of(printed: str, header_start: str) -> list[str]:
    """The lines of the fused op whose header starts with `header_start`."""
    lines = [line.strip() for line in printed.splitlines()]
    start = next(i for i, ln in enumerate(lines) if ln.startswith(header_start))
    end = next(i for i in range(start, len(lines)) if lines[i] == "}")
    return lines[start + 1:end]


def test_pagerank_shape_and_streams(opt, graph, same):
    text = (GOLDEN / "pagerank" / "input.gir").read_text()
    fn, printed, report = opt(text)
    ew = region_of(printed, "%contrib, %dsum = fuse.elementwise : nodes<f64>, f64 {")
    assert [ln.split(" = ")[1].split()[0] for ln in ew[:-1]] == ["core.mul", "core.select", "core.reduce"]
    nb = region_of(printed, "%next, %err = fuse.neighbor : nodes<f64>, f64 {")
    assert nb[0].startswith("%nsum = graph.pull %contrib")
    assert [ln.split(" = ")[0] for ln in nb[1:-1]] == ["%t", "%damped", "%next_1", "%delta", "%absd", "%err_1"]
    assert nb[-1] == "fuse.yield %next_1, %err_1"
    # issue 3's model: hand-written C needs 5 (pull input gathers counted as one stream)
    assert streams_per_iteration(fn) == (7, 2)
    assert report.stats[0]["vector_streams_per_iter"] == 21
    same(interpret(parse_module(text).functions[0], graph), interpret(fn, graph), rtol=1e-9)


def test_components_pull_with_min_ne_any_fused(opt, graph, same):
    """Without the frontier pass (which turns this loop into graph.propagate)."""
    text = (GOLDEN / "components" / "input.gir").read_text()
    fn, printed, _ = opt(text, "canonicalize,cse,licm,fuse-elementwise,fuse-neighbor,dce")
    nb = region_of(printed, "%next, %any = fuse.neighbor : nodes<i64>, bool {")
    assert [ln.split(" = ")[1].split()[0] for ln in nb[:-1]] == ["graph.pull", "core.min", "core.ne", "core.reduce"]
    assert streams_per_iteration(fn) == (2, 4)  # %l read (per node and gathered), %next written; dir = all walks both CSRs
    same(interpret(parse_module(text).functions[0], graph), interpret(fn, graph))


TWO_RESULTS = """func @f() {
  %x = graph.degree {dir = "out"} : nodes<f64>
  %y = core.mul %x, %x : nodes<f64>
  %z = core.add %y, %x : nodes<f64>
  %s = core.reduce %z {op = "max"} : f64
  %m = core.reduce %x {op = "min"} : f64
  attr.output "z", %z
  attr.output "s", %s
  attr.output "m", %m
}
"""


def test_one_fused_op_with_a_vector_and_two_reductions(opt, graph, same):
    fn, printed, _ = opt(TWO_RESULTS, "fuse-elementwise")
    assert "%z, %s, %m = fuse.elementwise : nodes<f64>, f64, f64 {" in printed
    assert printed.count("fuse.elementwise") == 1
    assert streams_per_iteration(fn) == (3, 0)  # degree writes %x; the fused op reads it once, writes %z
    same(interpret(parse_module(TWO_RESULTS).functions[0], graph), interpret(fn, graph))


def test_a_reduction_is_never_read_inside_its_region(opt, graph, same):
    text = """func @f() {
  %x = graph.degree {dir = "out"} : nodes<f64>
  %s = core.reduce %x {op = "sum"} : f64
  %y = core.div %x, %s : nodes<f64>
  %z = core.abs %y : nodes<f64>
  attr.output "z", %z
}
"""
    fn, printed, _ = opt(text, "fuse-elementwise")
    assert "%s = core.reduce %x" in printed  # stays outside: %y needs the finished sum
    assert "%z = fuse.elementwise : nodes<f64> {" in printed
    same(interpret(parse_module(text).functions[0], graph), interpret(fn, graph))


def test_convexity_keeps_an_op_between_two_members_outside(opt, graph, same):
    # %p (a pull) sits between %a and %b on the path a -> p -> b: fusing a and b would need p inside
    text = """func @f() {
  %x = graph.degree {dir = "out"} : nodes<f64>
  %a = core.abs %x : nodes<f64>
  %p = graph.pull %a {agg = "sum", dir = "in"} : nodes<f64>
  %b = core.add %p, %x : nodes<f64>
  attr.output "b", %b
}
"""
    fn, printed, _ = opt(text, "fuse-elementwise")
    assert "fuse.elementwise" not in printed
    fn, printed, _ = opt(text, "fuse-elementwise,fuse-neighbor")
    assert "%b = fuse.neighbor : nodes<f64> {" in printed and "%a = core.abs %x" in printed
    same(interpret(parse_module(text).functions[0], graph), interpret(fn, graph))


def test_max_ops_bounds_a_region(opt):
    text = "func @f() {\n  %x0 = graph.degree {dir = \"out\"} : nodes<f64>\n" + "".join(
        f"  %x{i + 1} = core.abs %x{i} : nodes<f64>\n" for i in range(6)) + '  attr.output "o", %x6\n}\n'
    printed = opt(text, "fuse-elementwise{max-ops=3}")[1]
    assert printed.count("fuse.elementwise") == 2
    assert max(len(region_of(printed, h)) - 1 for h in ("%x3 = fuse", "%x6 = fuse")) == 3


def test_fusion_inside_nested_loops(opt, graph, same):
    text = (GOLDEN / "nested_loops" / "input.gir").read_text()
    fn, printed, _ = opt(text)
    assert "%t, %total = fuse.neighbor" in printed and "%err = fuse.elementwise : f64 {" in printed
    same(interpret(parse_module(text).functions[0], graph), interpret(fn, graph), rtol=1e-9)


def test_pull_output_never_aliases_its_input(opt, graph, same):
    # the loop carries x; the epilogue computes the next x from the pull of x; both live in one fused op,
    # so the fused op must write a vector of its own (yielded) while other blocks still gather %xi
    text = """func @f(%k: i64 = 4) {
  %x0 = graph.node_ids : nodes<i64>
  %r = control.repeat %k iter_args(%xi = %x0) : nodes<i64> {
    %m = graph.pull %xi {agg = "max", dir = "in"} : nodes<i64>
    %n = core.max %m, %xi : nodes<i64>
    control.yield %n
  }
  attr.output "o", %r
}
"""
    fn, printed, _ = opt(text)
    nb = region_of(printed, "%n = fuse.neighbor : nodes<i64> {")
    assert nb[0] == '%m = graph.pull %xi {agg = "max", dir = "in"} : nodes<i64>'
    assert nb[-1] == "fuse.yield %n_1"  # the result is a value of its own, not %xi
    same(interpret(parse_module(text).functions[0], graph), interpret(fn, graph))


PRODUCER = """func @f(%s: f64 = 2.0) {{
  %x = graph.degree {{dir = "out"}} : nodes<f64>
  %v = {producer}
  %p = graph.pull %v {{agg = "sum", dir = "in"}} : nodes<f64>
  %q = core.abs %p : nodes<f64>
  attr.output "q", %q
}}
"""


@pytest.mark.parametrize("producer, folded", [
    ("core.fill %s : nodes<f64>", True),  # k = 0 vectors read: per-edge recompute is free of memory
    ("core.mul %x, %s : nodes<f64>", False),  # k = 1: d*c*F per node outweighs the two streams saved
])
def test_producer_cost_model(opt, graph, same, producer, folded):
    text = PRODUCER.format(producer=producer)
    assert "%v = core." in opt(text, "fuse-neighbor{edge-producers=false}")[1]  # the option turns folding off
    fn, printed, _ = opt(text, "fuse-neighbor")  # on by default: the cost model decides
    nb = region_of(printed, "%q = fuse.neighbor")
    assert (nb[0].startswith("%v = ")) is folded
    same(interpret(parse_module(text).functions[0], graph), interpret(fn, graph))


def test_cost_model_formula():
    model = FuseNeighbor()
    cheap = FuseNeighbor(avg_degree=1.0, gather_cost=1.0)
    fn = parse_module(PRODUCER.format(producer="core.mul %x, %s : nodes<f64>")).functions[0]
    producer = fn.body.ops[1]
    assert not model.producer_pays(producer)  # 68 > 66.25
    assert cheap.producer_pays(producer)  # on a graph of average degree 1, fold: 1.25 < 3.25


def test_no_producer_into_mode_or_trapping_or_shared(opt):
    mode = """func @f() {
  %i = graph.node_ids : nodes<i64>
  %c = core.const 3 : i64
  %v = core.fill %c : nodes<i64>
  %p = graph.pull %v {agg = "mode", dir = "in"} : nodes<i64>
  %q = core.add %p, %i : nodes<i64>
  attr.output "q", %q
}
"""
    assert "%v = core.fill" in opt(mode, "fuse-neighbor{edge-producers=true}")[1]
    shared = PRODUCER.format(producer="core.fill %s : nodes<f64>").replace('attr.output "q", %q', 'attr.output "q", %q\n  attr.output "v", %v')
    assert "%v = core.fill" in opt(shared, "fuse-neighbor{edge-producers=true}")[1]
