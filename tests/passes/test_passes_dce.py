"""dce: dead pure ops and dead loop carries at every depth; side effects stay."""

from __future__ import annotations


def test_dead_ops_in_nested_loops_and_dead_carries(opt, graph, same):
    text = """func @f(%k: i64 = 3) {
  %x = graph.degree {dir = "out"} : nodes<f64>
  %unused = core.mul %x, %x : nodes<f64>
  %zero = core.const 0.0 : f64
  %r, %junk = control.repeat %k iter_args(%a = %x, %j = %zero) : nodes<f64>, f64 {
    %s = control.repeat %k iter_args(%b = %a) : nodes<f64> {
      %dead_inner = core.abs %b : nodes<f64>
      %p = graph.pull %b {agg = "sum", dir = "in"} : nodes<f64>
      control.yield %p
    }
    %sum = core.reduce %s {op = "sum"} : f64
    %j2 = core.add %j, %sum : f64
    control.yield %s, %j2
  }
  attr.output "o", %r
}
"""
    from grogc.interpreter import interpret
    from grogc.frontend.parser import parse_module

    fn, printed, _ = opt(text, "dce")
    for gone in ("%unused", "%dead_inner", "%sum", "%j2", "%junk", "%zero"):
        assert gone not in printed
    assert "%r = control.repeat %k iter_args(%a = %x) : nodes<f64>" in printed
    same(interpret(parse_module(text).functions[0], graph), interpret(fn, graph))


def test_carry_used_only_by_itself_dies_but_one_read_after_the_loop_lives(opt):
    text = """func @f(%k: i64 = 3) {
  %x = graph.degree {dir = "out"} : nodes<f64>
  %one = core.const 1.0 : f64
  %r, %cnt, %self = control.while %k iter_args(%a = %x, %c = %one, %s = %one) : nodes<f64>, f64, f64 {
    %c2 = core.add %c, %one : f64
    %s2 = core.add %s, %one : f64
    %go = core.lt %c2, %one : bool
    control.yield %go, %a, %c2, %s2
  }
  attr.output "o", %r
}
"""
    printed = opt(text, "dce")[1]
    # %c feeds the while condition, so it lives; %s only feeds itself
    assert "iter_args(%a = %x, %c = %one) : nodes<f64>, f64" in printed
    assert "%s2" not in printed and "control.yield %go, %a, %c2" in printed


def test_side_effects_and_loops_without_live_results(opt):
    text = """func @f(%k: i64 = 0) {
  %x = graph.degree {dir = "out"} : nodes<f64>
  %r = control.repeat %k iter_args(%a = %x) : nodes<f64> {
    %b = core.neg %a : nodes<f64>
    control.yield %b
  }
  attr.output "o", %x
}
"""
    printed = opt(text, "dce")[1]
    assert "control.repeat" not in printed and 'attr.output "o", %x' in printed


def test_unused_fused_results_are_dropped(opt):
    text = """func @f() {
  %x = graph.degree {dir = "out"} : nodes<f64>
  %a, %b, %s = fuse.elementwise : nodes<f64>, nodes<f64>, f64 {
    %a1 = core.abs %x : nodes<f64>
    %b1 = core.neg %x : nodes<f64>
    %s1 = core.reduce %b1 {op = "sum"} : f64
    fuse.yield %a1, %b1, %s1
  }
  attr.output "o", %a
}
"""
    printed = opt(text, "dce")[1]
    assert "%a = fuse.elementwise : nodes<f64> {" in printed
    assert "%b1" not in printed and "%s1" not in printed and "fuse.yield %a1" in printed


def test_fused_neighbor_whose_pull_dies_becomes_elementwise():
    from grogc.frontend.parser import parse_module
    from grogc.ir.printer import print_function
    from grogc.ir.verifier import verify_function
    from grogc.passes import optimize

    fn = parse_module(
        "func @f() {\n"
        "  %ids = graph.node_ids : nodes<i64>\n"
        "  %a, %b = fuse.neighbor : nodes<i64>, nodes<i64> {\n"
        '    %p = graph.pull %ids {agg = "min", dir = "in"} : nodes<i64>\n'
        "    %q = core.add %ids, %ids : nodes<i64>\n"
        "    fuse.yield %p, %q\n"
        "  }\n"
        '  attr.output "q", %b\n'
        "}\n").functions[0]
    optimize(fn, pipeline="dce", verify_each=True)
    verify_function(fn)
    assert print_function(fn) == (
        "func @f() {\n"
        "  %ids = graph.node_ids : nodes<i64>\n"
        "  %b = fuse.elementwise : nodes<i64> {\n"
        "    %q = core.add %ids, %ids : nodes<i64>\n"
        "    fuse.yield %q\n"
        "  }\n"
        '  attr.output "q", %b\n'
        "}\n")
