"""cse: commutative ops match in either order, others never; scopes nest."""

from __future__ import annotations

HEAD = 'func @f(%s: f64 = 1.0) {\n  %x = graph.degree {dir = "out"} : nodes<f64>\n  %y = graph.degree {dir = "in"} : nodes<f64>\n'


def count(printed: str, needle: str) -> int:
    return sum(needle in line for line in printed.splitlines())


def test_commutative_ops_match_in_either_order(opt):
    text = HEAD + """  %a = core.add %x, %y : nodes<f64>
  %b = core.add %y, %x : nodes<f64>
  %c = core.sub %a, %b : nodes<f64>
  attr.output "o", %c
}
"""
    printed = opt(text, "cse")[1]
    assert count(printed, "core.add") == 1 and "%c = core.sub %a, %a" in printed


def test_non_commutative_ops_never_swap(opt):
    text = HEAD + """  %a = core.sub %x, %y : nodes<f64>
  %b = core.sub %y, %x : nodes<f64>
  %p = core.div %x, %y : nodes<f64>
  %q = core.div %y, %x : nodes<f64>
  %l = core.lt %x, %y : nodes<bool>
  %g = core.lt %y, %x : nodes<bool>
  %c = core.add %a, %b : nodes<f64>
  %d = core.add %p, %q : nodes<f64>
  %e = core.and %l, %g : nodes<bool>
  attr.output "o", %c
  attr.output "p", %d
  attr.output "q", %e
}
"""
    printed = opt(text, "cse")[1]
    assert count(printed, "core.sub") == 2 and count(printed, "core.div") == 2 and count(printed, "core.lt") == 2


def test_attributes_and_constant_spelling_distinguish(opt):
    text = """func @f() {
  %a = core.const 0.0 : f64
  %b = core.const -0.0 : f64
  %c = core.const 0.0 : f64
  %d = graph.degree {dir = "in"} : nodes<f64>
  %e = graph.degree {dir = "out"} : nodes<f64>
  %s = core.add %a, %b : f64
  %t = core.add %s, %c : f64
  %u = core.add %d, %e : nodes<f64>
  attr.output "t", %t
  attr.output "u", %u
}
"""
    printed = opt(text, "cse")[1]
    assert count(printed, "core.const") == 2 and "%t = core.add %s, %a" in printed
    assert count(printed, "graph.degree") == 2


def test_side_effects_and_regions_are_never_merged(opt):
    text = HEAD + """  %k = core.const 2 : i64
  %r1 = control.repeat %k iter_args(%a = %x) : nodes<f64> {
    control.yield %a
  }
  %r2 = control.repeat %k iter_args(%b = %x) : nodes<f64> {
    control.yield %b
  }
  attr.output "o", %r1
  attr.output "p", %r2
}
"""
    printed = opt(text, "cse")[1]
    assert count(printed, "control.repeat") == 2 and count(printed, "attr.output") == 2


def test_scopes_inner_reuses_outer_never_the_reverse(opt):
    text = HEAD + """  %k = core.const 2 : i64
  %m = core.mul %x, %s : nodes<f64>
  %r = control.repeat %k iter_args(%a = %x) : nodes<f64> {
    %r2 = control.repeat %k iter_args(%b = %a) : nodes<f64> {
      %m2 = core.mul %s, %x : nodes<f64>
      %w = core.mul %b, %y : nodes<f64>
      %v = core.add %m2, %w : nodes<f64>
      control.yield %v
    }
    %w2 = core.mul %a, %y : nodes<f64>
    %z = core.add %r2, %w2 : nodes<f64>
    control.yield %z
  }
  %w3 = core.mul %y, %x : nodes<f64>
  %out = core.add %r, %w3 : nodes<f64>
  %out2 = core.add %out, %m : nodes<f64>
  attr.output "o", %out2
}
"""
    printed = opt(text, "cse")[1]
    assert "%m2 = " not in printed and "%v = core.add %m, %w" in printed
    # %w (inner, reads %b) and %w2 (reads %a) differ; %w3 lives outside, where nothing inner is visible
    assert "%w = core.mul %b, %y" in printed and "%w2 = core.mul %a, %y" in printed and "%w3 = core.mul %y, %x" in printed
