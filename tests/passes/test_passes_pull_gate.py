"""The passes with a gated pull (a bool scalar as operand #1): the library
PageRank fuses its pull with the epilogue at -O2; cse compares the gate too;
licm, dce and fuse-neighbor keep it; the results do not change."""

from __future__ import annotations

from grogc.interpreter import interpret
from grogc.frontend.parser import parse_module
from grogc.library import algorithm_path
from grogc.passes.stats import streams_per_iteration

HEAD = """func @f(%on: bool = true, %off: bool = false) {
  %i = graph.node_ids : nodes<i64>
  %x = core.cast %i : nodes<f64>
"""


def pulls(printed: str) -> list[str]:
    return [line.strip() for line in printed.splitlines() if "graph.pull" in line]


def test_library_pagerank_fuses_the_gated_pull_with_its_epilogue(opt):
    fn, printed, _ = opt(algorithm_path("pagerank").read_text())
    assert "control.repeat" not in printed
    loop = next(op for op in fn.walk() if op.name == "control.while")
    fused = [op for op in loop.regions[0].ops if op.name == "fuse.neighbor"]
    assert len(fused) == 1
    inner = [op.name for op in fused[0].regions[0].ops]
    assert inner[0] == "graph.pull" and "core.add" in inner and "core.reduce" in inner
    pull = fused[0].regions[0].ops[0]
    assert [v.name for v in pull.operands] == ["contrib", "weighted"]
    vector, edge = streams_per_iteration(fn)
    assert vector <= 7, printed
    assert edge == 3  # index array, gathers of contrib, the weights (counted: the gate may be on)


def test_cse_merges_equal_gates_only(opt):
    text = HEAD + """  %a = graph.pull %x, %on {agg = "sum", dir = "in", weight = "mul"} : nodes<f64>
  %b = graph.pull %x, %on {agg = "sum", dir = "in", weight = "mul"} : nodes<f64>
  %c = graph.pull %x, %off {agg = "sum", dir = "in", weight = "mul"} : nodes<f64>
  %d = graph.pull %x {agg = "sum", dir = "in", weight = "mul"} : nodes<f64>
  %s = core.add %a, %b : nodes<f64>
  %t = core.add %c, %d : nodes<f64>
  attr.output "s", %s
  attr.output "t", %t
}
"""
    printed = opt(text, "cse")[1]
    assert pulls(printed) == [
        '%a = graph.pull %x, %on {agg = "sum", dir = "in", weight = "mul"} : nodes<f64>',
        '%c = graph.pull %x, %off {agg = "sum", dir = "in", weight = "mul"} : nodes<f64>',
        '%d = graph.pull %x {agg = "sum", dir = "in", weight = "mul"} : nodes<f64>',
    ]
    assert "%s = core.add %a, %a" in printed


def test_licm_hoists_an_invariant_gated_pull_and_dce_drops_an_unused_one(opt):
    text = HEAD + """  %k = core.const 3 : i64
  %r = control.repeat %k iter_args(%y = %x) : nodes<f64> {
    %p = graph.pull %x, %on {agg = "max", dir = "all", weight = "add"} : nodes<f64>
    %dead = graph.pull %y, %on {agg = "sum", dir = "in", weight = "mul"} : nodes<f64>
    %z = core.add %y, %p : nodes<f64>
    control.yield %z
  }
  attr.output "r", %r
}
"""
    fn, printed, _ = opt(text, "licm,dce")
    top = [op.name for op in fn.body.ops]
    assert top.index("graph.pull") < top.index("control.repeat")
    assert len(pulls(printed)) == 1 and "%on" in pulls(printed)[0]


def test_optimised_gated_program_gives_the_same_results(opt, graph, same):
    text = HEAD + """  %one = core.const 1.0 : f64
  %a = graph.pull %x, %on {agg = "sum", dir = "in", weight = "mul"} : nodes<f64>
  %b = graph.pull %x, %off {agg = "min", dir = "all", weight = "add"} : nodes<f64>
  %c = core.add %a, %one : nodes<f64>
  %d = core.mul %b, %c : nodes<f64>
  %e = core.reduce %d {op = "sum"} : f64
  attr.output "d", %d
  attr.output "e", %e
}
"""
    before = parse_module(text).functions[0]
    after, printed, _ = opt(text)
    assert "fuse.neighbor" in printed
    for on, off in ((True, False), (False, True)):
        params = {"on": on, "off": off}
        same(interpret(after, graph, params, {}), interpret(before, graph, params, {}))
