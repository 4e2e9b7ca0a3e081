"""Every kind of bad GIR has its own message at its own location."""

from __future__ import annotations

import pytest

from grogc.frontend.parser import parse_module, select_entry
from grogc.ir.diagnostics import IRError

LOOP = "func @f(%k: i64 = 2) {{\n  %z = core.const 0.0 : f64\n  %r = control.{kind} %k iter_args(%s = %z) : f64 {{\n{body}  }}\n}}\n"

# name: (source, line, col, text the first line must contain)
CASES = {
    "syntax error": (
        "func @f() {\n  %a = core.const 1.0 : f64\n  %b = core.add %a %a : f64\n}\n",
        3, 23, "syntax error: unexpected ':'; expected ',' or '='"),
    "unexpected character": (
        "func @f() {\n  %a = core.const 1.0 : f64 $\n}\n", 2, 29, "syntax error: unexpected character '$'"),
    "unexpected end of input": (
        "func @f() {\n  %a = core.const 1.0 : f64\n", 2, 28, "syntax error: unexpected end of input"),
    "unknown dialect": (
        "func @f() {\n  %a = foo.bar : f64\n}\n", 2, 8, "unknown dialect 'foo' in 'foo.bar'"),
    "unknown op": (
        "func @f() {\n  %a = core.plus : f64\n}\n", 2, 8, "unknown op 'core.plus' (the core dialect has: abs, add,"),
    "unknown attribute": (
        'func @f() {\n  %d = graph.degree {dir = "in", weight = true} : nodes<f64>\n}\n',
        2, 3, "'graph.degree' op has no attribute 'weight' (valid: dir, weighted)"),
    "missing attribute": (
        "func @f() {\n  %d = graph.degree : nodes<f64>\n}\n", 2, 3, "'graph.degree' op needs attribute 'dir'"),
    "bad attribute value": (
        'func @f() {\n  %d = graph.degree {dir = "up"} : nodes<f64>\n}\n',
        2, 3, "'graph.degree' op attribute 'dir' must be one of \"in\", \"out\", \"all\"; got \"up\""),
    "attribute of the wrong kind": (
        'func @f() {\n  %d = graph.degree {dir = "in", weighted = 1} : nodes<f64>\n}\n',
        2, 3, "'graph.degree' op attribute 'weighted' must be a bool, got 1"),
    "wrong operand count": (
        "func @f() {\n  %a = core.const 1.0 : f64\n  %b = core.add %a, %a, %a : f64\n}\n",
        3, 3, "'core.add' op expects 2 operand(s), got 3"),
    "type mismatch": (
        "func @f() {\n  %a = core.const 1.0 : f64\n  %b = core.const 1 : i64\n  %c = core.add %a, %b : f64\n}\n",
        4, 3, "'core.add' op operand #1 has type i64, but operand #0 has type f64"),
    "wrong annotated result type": (
        "func @f() {\n  %a = core.const 1.0 : f64\n  %x = core.fill %a : nodes<f64>\n  %c = core.add %x, %a : f64\n}\n",
        4, 3, "'core.add' op result #0 is annotated f64, but its type is nodes<f64>"),
    "missing result type": (
        "func @f() {\n  %a = core.const 1.0\n}\n", 2, 3, "'core.const' op defines 1 value(s) but has no result type"),
    "literal that does not fit": (
        "func @f() {\n  %a = core.const 1.5 : i64\n}\n", 2, 3, "'core.const' op literal 1.5 does not fit type i64"),
    "literal where a value is needed": (
        "func @f() {\n  %a = core.const 1.0 : f64\n  %b = core.add %a, 2.0 : f64\n}\n",
        3, 21, "'core.add' op operand #1 is a literal"),
    "use before definition": (
        "func @f() {\n  %c = core.add %a, %a : f64\n  %a = core.const 1.0 : f64\n}\n",
        2, 17, "use of %a before its definition"),
    "undefined value": (
        "func @f() {\n  %c = core.add %q, %q : f64\n}\n", 2, 17, "use of undefined value %q"),
    "redefinition": (
        "func @f() {\n  %a = core.const 1.0 : f64\n  %a = core.const 2.0 : f64\n}\n", 3, 3, "redefinition of %a"),
    "region-local value used outside": (
        LOOP.format(kind="repeat", body="    %t = core.add %s, %s : f64\n    control.yield %t\n")[:-2]
        + "  %u = core.add %t, %r : f64\n}\n",
        7, 17, "%t is defined inside a region and is not visible here"),
    "loop without yield": (
        LOOP.format(kind="repeat", body="    %t = core.add %s, %s : f64\n"),
        4, 5, "'control.repeat' op body must end with 'control.yield'"),
    "yield arity": (
        LOOP.format(kind="repeat", body="    control.yield %s, %s\n"),
        4, 5, "'control.yield' op yields 2 loop value(s), but the loop carries 1"),
    "yield type": (
        LOOP.format(kind="repeat", body="    control.yield %k\n"),
        4, 5, "'control.yield' op operand #0 %k has type i64, but loop value #0 has type f64"),
    "while condition not bool": (
        LOOP.format(kind="while", body="    control.yield %s, %s\n"),
        4, 5, "'control.yield' op operand #0 (the while condition) has type f64, but must be a bool scalar"),
    "loop count not i64": (
        "func @f() {\n  %z = core.const 0.0 : f64\n  %r = control.repeat %z iter_args(%s = %z) : f64 {\n    control.yield %s\n  }\n}\n",
        3, 3, "'control.repeat' op operand #0 (the iteration count) has type f64, but must be i64"),
    "yield outside a loop": (
        "func @f() {\n  %z = core.const 0.0 : f64\n  control.yield %z\n}\n", 3, 3, "'control.yield' op must be the last op of a loop body"),
    "parameter default of the wrong type": (
        "func @f(%k: i64 = 2.5) {\n}\n", 1, 9, "parameter %k has type i64, but its default 2.5 is not an i64"),
    "output inside a loop": (
        LOOP.format(kind="repeat", body='    attr.output "s", %s\n    control.yield %s\n'),
        4, 5, "'attr.output' op must be at the top level of the function"),
    "output named twice": (
        'func @f() {\n  %z = core.const 0.0 : f64\n  attr.output "s", %z\n  attr.output "s", %z\n}\n',
        4, 3, "'attr.output' op output \"s\" is already named"),
    "pull of a scalar": (
        'func @f() {\n  %z = core.const 0.0 : f64\n  %p = graph.pull %z {agg = "sum", dir = "in"} : nodes<f64>\n}\n',
        3, 3, "'graph.pull' op operand #0 has type f64, but graph.pull aggregates a node vector"),
    "function defined twice": (
        "func @f() {\n}\nfunc @f() {\n}\n", 3, 6, "function @f is defined twice"),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_diagnostic(name):
    source, line, col, text = CASES[name]
    with pytest.raises(IRError) as info:
        parse_module(source, "bad.gir")
    rendered = str(info.value)
    first = rendered.splitlines()[0]
    assert first.startswith(f"bad.gir:{line}:{col}: error: "), rendered
    assert text in first, rendered
    # The source line and a caret under the column follow.
    lines = rendered.splitlines()
    assert lines[1] == source.splitlines()[line - 1]
    assert lines[2] == " " * (col - 1) + "^"


def test_notes_point_at_the_first_definition():
    source, *_ = CASES["redefinition"]
    with pytest.raises(IRError) as info:
        parse_module(source, "bad.gir")
    assert "bad.gir:2:3: note: previously defined here" in str(info.value)


def test_several_functions_need_an_entry():
    module = parse_module("func @a() {\n}\nfunc @b() {\n}\n", "two.gir")
    with pytest.raises(IRError, match=r"two.gir defines several functions \(@a, @b\); choose one with --entry NAME"):
        select_entry(module)
    assert select_entry(module, "b").name == "b"
    assert select_entry(module, "@a").name == "a"
    with pytest.raises(IRError, match=r"no function @c in two.gir \(functions: @a, @b\)"):
        select_entry(module, "c")


def test_a_string_attribute_with_a_newline_is_refused():
    from grogc.ir.core import Function, Block, Operation
    from grogc.ir.types import NODES_F64
    from grogc.ir.verifier import verify_function

    op = Operation("attr.load", [], [NODES_F64], ["x"], {"name": "two\nlines"})
    fn = Function("f", [], Block(ops=[op]))
    with pytest.raises(IRError, match=r"'attr.load' op attribute 'name' holds a newline, which a GIR string cannot contain"):
        verify_function(fn)
