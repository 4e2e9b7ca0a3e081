"""core.isnan and core.isinf, added through the op records (docs/adding-an-op.md).

Against NumPy on every special double (NaN, +-inf, +-0, denormals, the
largest finite), in the C runtime at -O0 and -O2 (fused), with 1 and 2
threads, in a FUSED_PULL's per-edge producer, folded on constants, and
refused on anything but f64.
"""

from __future__ import annotations

import numpy as np
import pytest

import grogc
from grogc.builder import AlgorithmBuilder
from grogc.frontend.parser import parse_module
from grogc.graph import Graph
from grogc.interpreter import interpret
from grogc.ir.diagnostics import IRError
from grogc.passes import optimize

SPECIAL = np.array([np.nan, np.inf, -np.inf, 0.0, -0.0, 5e-324, -1.5, 1.7976931348623157e308, np.nan, 3.0])

PROGRAM = """
func @classes() {
  %x = attr.load "x" : nodes<f64>
  %nan = core.isnan %x : nodes<bool>
  %inf = core.isinf %x : nodes<bool>
  %either = core.or %nan, %inf : nodes<bool>
  %count = core.reduce %either {op = "count"} : i64
  %nan_nbrs = graph.pull %nan {agg = "or", dir = "in"} : nodes<bool>
  attr.output "nan", %nan
  attr.output "inf", %inf
  attr.output "count", %count
  attr.output "nan_nbrs", %nan_nbrs
}
"""


def ring(n: int) -> Graph:
    src = np.arange(n)
    return Graph.from_edges(src, (src + 1) % n, directed=True)


@pytest.mark.parametrize("opt_level", [0, 2])
@pytest.mark.parametrize("threads", [1, 2])
def test_against_numpy_in_the_runtime(opt_level, threads):
    g = ring(len(SPECIAL))
    plan = grogc.compile(PROGRAM, opt_level=opt_level, cache=False)
    out = plan.run(g, attrs={"x": SPECIAL}, threads=threads)
    np.testing.assert_array_equal(out["nan"], np.isnan(SPECIAL))
    np.testing.assert_array_equal(out["inf"], np.isinf(SPECIAL))
    assert out["count"] == int(np.sum(np.isnan(SPECIAL) | np.isinf(SPECIAL)))
    np.testing.assert_array_equal(out["nan_nbrs"], np.roll(np.isnan(SPECIAL), 1))
    want = interpret(parse_module(PROGRAM).functions[0], g, attrs={"x": SPECIAL})
    for key in want:
        np.testing.assert_array_equal(np.asarray(out[key]), np.asarray(want[key]))


def test_as_a_per_edge_producer():
    """With producers folded readily, isnan/isinf run per edge in a FUSED_PULL."""
    text = """
func @edges() {
  %x = attr.load "x" : nodes<f64>
  %nan = core.isnan %x : nodes<bool>
  %nan_nbrs = graph.pull %nan {agg = "count", dir = "in"} : nodes<i64>
  %inf = core.isinf %x : nodes<bool>
  %inf_nbrs = graph.pull %inf {agg = "or", dir = "in"} : nodes<bool>
  attr.output "nan_nbrs", %nan_nbrs
  attr.output "inf_nbrs", %inf_nbrs
}
"""
    g = ring(len(SPECIAL))
    plan = grogc.compile(text, passes="fuse-neighbor{edge-producers=true avg-degree=1.0 gather-cost=1.0}",
                         cache=False)
    fused = [op for op in plan.data["ops"] if op["op"] == "FUSED_PULL" and op.get("producer_len")]
    assert {"ISNAN", "ISINF"} <= {inner["op"] for op in fused for inner in op["body"][:op["producer_len"]]}
    out = plan.run(g, attrs={"x": SPECIAL})
    np.testing.assert_array_equal(out["nan_nbrs"], np.roll(np.isnan(SPECIAL), 1).astype(np.int64))
    np.testing.assert_array_equal(out["inf_nbrs"], np.roll(np.isinf(SPECIAL), 1))


def test_folded_on_constants():
    fn = parse_module("""
func @f() {
  %zero = core.const 0.0 : f64
  %q = core.div %zero, %zero : f64
  %n = core.isnan %q : bool
  %i = core.isinf %q : bool
  attr.output "n", %n
  attr.output "i", %i
}
""").functions[0]
    optimize(fn, 2)
    consts = {op.results[0].name: op.attrs["value"] for op in fn.walk() if op.name == "core.const"}
    assert consts["n"] is True and consts["i"] is False


@pytest.mark.parametrize("operand", ["i64", "nodes<bool>"])
def test_only_f64(operand):
    literal = "1" if operand == "i64" else "true"
    scalar = operand.removeprefix("nodes<").removesuffix(">")
    fill = f"\n  %v = core.fill %c : {operand}" if operand.startswith("nodes") else ""
    name = "v" if fill else "c"
    result = "nodes<bool>" if fill else "bool"
    text = f"func @f() {{\n  %c = core.const {literal} : {scalar}{fill}\n  %r = core.isnan %{name} : {result}\n}}\n"
    with pytest.raises(IRError, match=rf"'core.isnan' op operand #0 has type {operand}, but this op needs f64"):
        parse_module(text)


def test_builder_methods():
    b = AlgorithmBuilder("classes")
    x = b.load_attr("x")
    b.output("nan", b.isnan(x))
    b.output("inf", x.isinf())
    out = b.compile().run(ring(len(SPECIAL)), attrs={"x": SPECIAL})
    np.testing.assert_array_equal(out["nan"], np.isnan(SPECIAL))
    np.testing.assert_array_equal(out["inf"], np.isinf(SPECIAL))
