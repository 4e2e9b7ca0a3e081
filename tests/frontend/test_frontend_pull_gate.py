"""graph.pull's optional weight gate (operand #1): what the verifier accepts,
what it refuses and with which message, and that it round-trips."""

from __future__ import annotations

import pytest

from grogc.frontend.parser import parse_module
from grogc.ir.diagnostics import IRError
from grogc.ir.printer import print_module

PROGRAM = (
    "func @f(%on: bool = true) {{\n"
    "  %x = core.const 1.0 : f64\n"
    "  %k = core.const 2 : i64\n"
    "  %v = core.fill %x : nodes<f64>\n"
    "  %b = core.fill %on : nodes<bool>\n"
    "  %p = graph.pull {operands} {{agg = \"sum\", dir = \"in\"{weight}}} : nodes<f64>\n"
    "}}\n"
)


def source(operands: str, weight: str = "mul") -> str:
    return PROGRAM.format(operands=operands, weight=f', weight = "{weight}"' if weight != "none" else "")


# name: (operands, weight, text the error's first line must contain)
BAD = {
    "f64 gate": ("%v, %x", "mul", "'graph.pull' op operand #1 (the weight gate) has type f64, but must be bool"),
    "i64 gate": ("%v, %k", "add", "'graph.pull' op operand #1 (the weight gate) has type i64, but must be bool"),
    "vector gate": ("%v, %b", "mul",
                    "'graph.pull' op operand #1 (the weight gate) has type nodes<bool>, but must be bool"),
    "gate on an unweighted pull": ("%v, %on", "none",
                                   "'graph.pull' op operand #1 (the weight gate) has type bool, "
                                   "but weight 'none' has no weights to switch"),
    "three operands": ("%v, %on, %on", "mul", "'graph.pull' op expects 1 to 2 operand(s), got 3"),
}


@pytest.mark.parametrize("name", sorted(BAD))
def test_bad_gate_is_refused_with_its_message(name):
    operands, weight, text = BAD[name]
    with pytest.raises(IRError) as info:
        parse_module(source(operands, weight), "bad.gir")
    first = str(info.value).splitlines()[0]
    assert first.startswith("bad.gir:6:3: error: "), first
    assert text in first, first


@pytest.mark.parametrize("weight", ["mul", "add"])
def test_gated_pull_verifies_and_round_trips(weight):
    text = source("%v, %on", weight)
    printed = print_module(parse_module(text, "ok.gir"))
    assert f'graph.pull %v, %on {{agg = "sum", dir = "in", weight = "{weight}"}} : nodes<f64>' in printed
    assert print_module(parse_module(printed, "again.gir")) == printed


def test_ungated_pull_is_unchanged():
    printed = print_module(parse_module(source("%v"), "ok.gir"))
    assert 'graph.pull %v {agg = "sum", dir = "in", weight = "mul"} : nodes<f64>' in printed
