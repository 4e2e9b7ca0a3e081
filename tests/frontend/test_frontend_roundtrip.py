"""print(parse(x)) is a fixed point; parse(print(ir)) gives back an equal IR."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings

from gir_strategies import programs
from golden_stages import cases
from grogc.frontend.parser import parse_module
from grogc.ir.compare import module_difference
from grogc.ir.printer import print_module
from grogc.ops import OPS

CASES = cases()


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_print_is_a_fixed_point(case):
    once = print_module(parse_module((case / "input.gir").read_text(), str(case)))
    twice = print_module(parse_module(once, "printed"))
    assert once == twice


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_parse_of_print_is_structurally_equal(case):
    ir = parse_module((case / "input.gir").read_text(), str(case))
    again = parse_module(print_module(ir), "printed")
    assert module_difference(ir, again) is None


def test_golden_cases_use_every_v1_op_and_both_loop_forms():
    used = set()
    nested = False
    for case in CASES:
        for fn in parse_module((case / "input.gir").read_text()).functions:
            for op in fn.walk():
                used.add(op.name)
                if op.name.startswith("control.") and op.regions:
                    nested |= any(inner.regions for inner in op.regions[0].walk() if inner is not op)
    v1 = {name for name in OPS if not name.startswith("fuse.")}
    assert v1 - used == set()
    assert nested, "no golden case nests a loop in a loop"


def test_comparison_sees_a_changed_attribute():
    a = parse_module('func @f() {\n  %d = graph.degree {dir = "in"} : nodes<f64>\n}\n')
    b = parse_module('func @f() {\n  %d = graph.degree {dir = "out"} : nodes<f64>\n}\n')
    assert "attributes" in module_difference(a, b)


def test_integer_literal_of_an_f64_constant_is_a_double():
    ir = parse_module("func @f() {\n  %c = core.const 1 : f64\n}\n")
    (op,) = ir.functions[0].body.ops
    assert type(op.attrs["value"]) is float
    assert print_module(ir) == "func @f() {\n  %c = core.const 1.0 : f64\n}\n"


def test_comparison_tells_int_from_float_attributes():
    a = parse_module("func @f(%x: f64 = 1.0) {\n}\n")
    b = parse_module("func @f(%x: i64 = 1) {\n}\n")
    assert module_difference(a, b) == "@f: parameter %x: f64 = 1.0 against %x: i64 = 1"


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(programs(safe=False))
def test_random_programs_round_trip(text):
    ir = parse_module(text, "random.gir")
    printed = print_module(ir)
    again = parse_module(printed, "printed.gir")
    assert module_difference(ir, again) is None, printed
    assert print_module(again) == printed
