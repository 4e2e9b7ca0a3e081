"""licm: invariant pure ops leave loops, through nesting; faults never move."""

from __future__ import annotations

from grogc.interpreter import interpret
from grogc.frontend.parser import parse_module

NESTED = """func @f(%k: i64 = 2, %alpha: f64 = 0.5) {
  %x = graph.degree {dir = "out"} : nodes<f64>
  %r = control.repeat %k iter_args(%a = %x) : nodes<f64> {
    %s = control.repeat %k iter_args(%b = %a) : nodes<f64> {
      %one = core.const 1.0 : f64
      %keep = core.sub %one, %alpha : f64
      %scaled = core.mul %x, %keep : nodes<f64>
      %mix = core.mul %a, %keep : nodes<f64>
      %y = core.add %b, %mix : nodes<f64>
      %z = core.add %y, %scaled : nodes<f64>
      control.yield %z
    }
    control.yield %s
  }
  %after = core.mul %r, %alpha : nodes<f64>
  attr.output "o", %after
}
"""


def test_hoists_through_nested_loops(opt, graph, same):
    fn, printed, _ = opt(NESTED, "licm")
    lines = [line.strip() for line in printed.splitlines()]
    outer = lines.index("%r = control.repeat %k iter_args(%a = %x) : nodes<f64> {")
    inner = lines.index("%s = control.repeat %k iter_args(%b = %a) : nodes<f64> {")
    for name in ("%one", "%keep", "%scaled"):  # invariant in both loops: to the top
        assert next(i for i, ln in enumerate(lines) if ln.startswith(name + " =")) < outer
    mix = next(i for i, ln in enumerate(lines) if ln.startswith("%mix ="))
    assert outer < mix < inner  # reads %a: invariant only in the inner loop
    assert "%after = core.mul %r, %alpha" in printed  # used after the loop, untouched
    same(interpret(parse_module(NESTED).functions[0], graph), interpret(fn, graph))


def test_side_effects_and_faults_stay_in_a_zero_count_loop(opt, graph):
    text = """func @f(%k: i64 = 0) {
  %ids = graph.node_ids : nodes<i64>
  %zero = core.const 0 : i64
  %r = control.repeat %k iter_args(%a = %ids) : nodes<i64> {
    %q = core.div %ids, %zero : nodes<i64>
    %p = core.add %a, %q : nodes<i64>
    control.yield %p
  }
  attr.output "o", %r
}
"""
    fn, printed, _ = opt(text, "licm")
    lines = [line.strip() for line in printed.splitlines()]
    loop = next(i for i, ln in enumerate(lines) if "control.repeat" in ln)
    assert next(i for i, ln in enumerate(lines) if ln.startswith("%q =")) > loop
    assert list(interpret(fn, graph)["o"]) == list(range(graph.n))  # zero rounds: no division ran


def test_pagerank_invariants(opt):
    printed = opt(open(__file__.rsplit("/tests/", 1)[0] + "/golden/pagerank/input.gir").read(), "licm")[1]
    top = printed.split("control.while")[0]
    for name in ("%keep", "%teleport", "%limit"):
        assert f"{name} = " in top
