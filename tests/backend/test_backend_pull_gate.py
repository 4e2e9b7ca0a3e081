"""A plan's PULL with the optional weight gate (in[1]): lowering emits it,
the plan reader checks it (bool scalar, only with weight mul/add), each
refusal with its message."""

from __future__ import annotations

import copy

import msgpack
import pytest

import grogc
from grogc.backend.plan import Plan
from grogc.backend.plan_schema import PlanError

GATED = """func @g(%on: bool = true, %s: f64 = 1.0) {
  %x = core.fill %s : nodes<f64>
  %p = graph.pull %x, %on {agg = "sum", dir = "in", weight = "mul"} : nodes<f64>
  attr.output "p", %p
}
"""


@pytest.fixture(scope="module")
def plan() -> Plan:
    return grogc.compile(GATED, opt_level=0)


def _pull(data: dict) -> dict:
    return next(op for op in data["ops"] if op["op"] == "PULL")


def _load(plan: Plan, edit) -> Plan:
    data = copy.deepcopy(plan.data)
    edit(data)
    return Plan.from_bytes(msgpack.packb(data, use_bin_type=True), "x.plan")


def test_lowering_puts_the_gate_in_the_second_input(plan):
    pull = _pull(plan.data)
    on = next(p["slot"] for p in plan.data["params"] if p["name"] == "on")
    assert pull["in"][1] == on and pull["attrs"]["weight"] == "mul"
    assert _load(plan, lambda d: None).data == plan.data


def _edit(pull_edit):
    return lambda d: pull_edit(_pull(d), d)


BAD = {
    "f64 gate": (_edit(lambda p, d: p["in"].__setitem__(1, next(x["slot"] for x in d["params"] if x["name"] == "s"))),
                 "holds f64, but this needs bool"),
    "vector gate": (_edit(lambda p, d: p["in"].__setitem__(1, p["in"][0])), "is a vector slot, but this needs a scalar slot"),
    "gate with weight none": (_edit(lambda p, d: p["attrs"].__setitem__("weight", "none")),
                              "a weight gate needs weight 'mul' or 'add', got 'none'"),
    "three inputs": (_edit(lambda p, d: p["in"].append(p["in"][1])), "PULL reads 1 to 2 slot(s), got 3"),
}


@pytest.mark.parametrize("name", sorted(BAD))
def test_plan_reader_refuses_a_bad_gate(plan, name):
    edit, text = BAD[name]
    with pytest.raises(PlanError) as info:
        _load(plan, edit)
    assert text in str(info.value)
    assert "ops[" in str(info.value) and ".in" in str(info.value)
