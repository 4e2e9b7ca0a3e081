"""canonicalize: folding with the shared semantics, exact identities only."""

from __future__ import annotations

import math

import pytest

from grogc.frontend.parser import parse_module
from grogc.passes.canonicalize import _exact_reciprocal


def body(printed: str) -> list[str]:
    return [line.strip() for line in printed.splitlines()[1:-1]]


def scalar_fold(opt, expr_lines: str, out: str) -> list[str]:
    text = f"func @f() {{\n{expr_lines}\n  attr.output \"o\", %{out}\n}}\n"
    return body(opt(text, "canonicalize")[1])


@pytest.mark.parametrize("lines, expected", [
    ("%a = core.const 7 : i64\n%b = core.const 2 : i64\n%r = core.div %a, %b : i64", "%r = core.const 3 : i64"),
    ("%a = core.const -7 : i64\n%b = core.const 2 : i64\n%r = core.div %a, %b : i64", "%r = core.const -4 : i64"),
    ("%a = core.const 9223372036854775807 : i64\n%b = core.const 1 : i64\n%r = core.add %a, %b : i64",
     "%r = core.const -9223372036854775808 : i64"),
    ("%a = core.const 1.0 : f64\n%b = core.const 0.0 : f64\n%r = core.div %a, %b : f64", "%r = core.const inf : f64"),
    ("%a = core.const 0.0 : f64\n%r = core.recip %a : f64", "%r = core.const 0.0 : f64"),
    ("%a = core.const -2.5 : f64\n%r = core.cast %a : i64", "%r = core.const -2 : i64"),
    ("%a = core.const 2 : i64\n%b = core.const 10 : i64\n%r = core.pow %a, %b : i64", "%r = core.const 1024 : i64"),
    ("%a = core.const nan : f64\n%b = core.const 1.0 : f64\n%r = core.min %a, %b : f64", "%r = core.const nan : f64"),
    ("%a = core.const nan : f64\n%b = core.const nan : f64\n%r = core.ne %a, %b : bool", "%r = core.const true : bool"),
    ("%a = core.const true : bool\n%b = core.const 1.5 : f64\n%c = core.const 2.5 : f64\n%r = core.select %a, %b, %c : f64",
     "%r = core.const 1.5 : f64"),
])
def test_folds_scalars(opt, lines, expected):
    assert expected in scalar_fold(opt, lines, "r")


@pytest.mark.parametrize("lines", [
    "%a = core.const 7 : i64\n%b = core.const 0 : i64\n%r = core.div %a, %b : i64",  # run-time error stays
    "%a = core.const 2 : i64\n%b = core.const -1 : i64\n%r = core.pow %a, %b : i64",
    "%a = core.const nan : f64\n%r = core.cast %a : i64",
    "%a = core.const 1.0e300 : f64\n%r = core.cast %a : i64",
    "%a = core.const 0.5 : f64\n%r = core.exp %a : f64",  # libm is not correctly rounded
    "%a = core.const 2.0 : f64\n%b = core.const 0.5 : f64\n%r = core.pow %a, %b : f64",
])
def test_never_folds_what_could_fault_or_differ(opt, lines):
    out = scalar_fold(opt, lines, "r")
    assert not any(line.startswith("%r = core.const") for line in out)


VEC = 'func @f(%s: f64) {{\n  %x = graph.degree {{dir = "out"}} : nodes<f64>\n  %i = graph.node_ids : nodes<i64>\n' \
      '  %b = core.gt %x, %s : nodes<bool>\n{lines}\n  attr.output "o", %r\n}}\n'


@pytest.mark.parametrize("lines, expected", [
    ("%one = core.const 1.0 : f64\n%r = core.mul %one, %x : nodes<f64>", 'attr.output "o", %x'),
    ("%one = core.const 1.0 : f64\n%r = core.div %x, %one : nodes<f64>", 'attr.output "o", %x'),
    ("%z = core.const 0.0 : f64\n%r = core.sub %x, %z : nodes<f64>", 'attr.output "o", %x'),
    ("%z = core.const -0.0 : f64\n%r = core.add %x, %z : nodes<f64>", 'attr.output "o", %x'),
    ("%r = core.max %x, %x : nodes<f64>", 'attr.output "o", %x'),
    ("%n = core.neg %x : nodes<f64>\n%r = core.neg %n : nodes<f64>", 'attr.output "o", %x'),
    ("%t = core.const true : bool\n%r = core.and %b, %t : nodes<bool>", 'attr.output "o", %b'),
    ("%t = core.const true : bool\n%r = core.select %t, %x, %x : nodes<f64>", 'attr.output "o", %x'),
    ("%z = core.const 0 : i64\n%r = core.mul %i, %z : nodes<i64>", "%r = core.fill"),
    ("%r = core.sub %i, %i : nodes<i64>", "%r = core.fill"),
    ("%q = core.const 0.25 : f64\n%r = core.div %x, %q : nodes<f64>", "%r = core.mul %x, %c : nodes<f64>"),
])
def test_exact_identities(opt, lines, expected):
    printed = opt(VEC.format(lines="\n".join("  " + ln for ln in lines.splitlines())), "canonicalize,dce")[1]
    assert expected in printed
    if "core.mul %x, %c" in expected:
        assert "%c = core.const 4.0 : f64" in printed


@pytest.mark.parametrize("lines", [
    "%z = core.const 0.0 : f64\n%r = core.add %x, %z : nodes<f64>",  # -0.0 + 0.0 is +0.0
    "%z = core.const 0.0 : f64\n%r = core.mul %x, %z : nodes<f64>",  # nan * 0, inf * 0, -1 * 0
    "%r = core.sub %x, %x : nodes<f64>",  # inf - inf
    "%q = core.const 3.0 : f64\n%r = core.div %x, %q : nodes<f64>",  # 1/3 is rounded
    "%q = core.const 1.0e-310 : f64\n%r = core.div %x, %q : nodes<f64>",  # subnormal: 1/c overflows
])
def test_rejected_float_rewrites(opt, lines):
    printed = opt(VEC.format(lines="\n".join("  " + ln for ln in lines.splitlines())), "canonicalize,dce")[1]
    assert 'attr.output "o", %r' in printed and "%r = core." in printed
    assert "core.mul %x, %c" not in printed


def test_exact_reciprocal():
    assert _exact_reciprocal(8.0) == 0.125 and _exact_reciprocal(-0.5) == -2.0
    assert _exact_reciprocal(3.0) is None and _exact_reciprocal(0.0) is None and _exact_reciprocal(math.inf) is None
    assert _exact_reciprocal(2.0 ** -1074) is None  # 2**1074 overflows


def test_constants_move_right_and_folding_reaches_nested_loops(opt):
    text = """func @f(%k: i64 = 2) {
  %x = graph.degree {dir = "in"} : nodes<f64>
  %r = control.repeat %k iter_args(%a = %x) : nodes<f64> {
    %s = control.repeat %k iter_args(%b = %a) : nodes<f64> {
      %two = core.const 2.0 : f64
      %three = core.const 3.0 : f64
      %six = core.mul %two, %three : f64
      %y = core.mul %six, %b : nodes<f64>
      control.yield %y
    }
    control.yield %s
  }
  attr.output "o", %r
}
"""
    printed = opt(text, "canonicalize")[1]
    assert "%six = core.const 6.0 : f64" in printed
    assert "%y = core.mul %b, %six : nodes<f64>" in printed


def test_fixed_point_after_one_run(opt):
    fn, printed, _ = opt(open(__file__.rsplit("/tests/", 1)[0] + "/golden/math_ops/input.gir").read(), "canonicalize")
    again = opt(printed, "canonicalize")[1]
    assert again == printed
    parse_module(printed)
