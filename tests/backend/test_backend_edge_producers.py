"""Every golden case compiled with per-edge producers (fuse-neighbor's
edge-producers=true, with the default cost model and with one that folds
every legal producer) runs in the C runtime and agrees with the reference
interpreter."""

from __future__ import annotations

import re

import pytest

from grogc.driver.api import compile_function
from grogc.backend.plan import Plan
from grogc.backend.plan_schema import PlanError, validate
from grogc.interpreter import interpret
from grogc.passes import LEVELS

from backend_helpers import assert_outputs_agree, golden_cases, golden_function, inputs_for, messy_graph

pytest.importorskip("grogc.binding.runtime", reason="the C runtime is not built")

PIPELINES = {
    "default-model": LEVELS[2].replace("fuse-neighbor", "fuse-neighbor{edge-producers=true}"),
    "fold-all": LEVELS[2].replace("fuse-neighbor", "fuse-neighbor{edge-producers=true avg-degree=1.0 gather-cost=1.0}"),
}


def _kron():
    from grogc.graph.generators import generate

    return generate("kron", 9, edge_factor=8, seed=5, directed=True, weighted=True, keep_multi=True,
                    keep_self_loops=True)


def _producers(ops) -> int:
    return sum((1 if op.get("producer_len") else 0) + _producers(op.get("body", [])) for op in ops)


@pytest.fixture(scope="module", params=list(PIPELINES))
def plans(request):
    return {case: compile_function(golden_function(case), passes=PIPELINES[request.param]) for case in golden_cases()}


@pytest.mark.parametrize("graph_name", ["messy", "kron"])
def test_golden_cases_agree_with_per_edge_producers(plans, graph_name):
    graph = messy_graph() if graph_name == "messy" else _kron()
    for case, plan in plans.items():
        params, attrs = inputs_for(plan.param_specs, plan.attr_specs, graph)
        want = interpret(golden_function(case), graph, params, attrs)
        assert_outputs_agree(plan.run(graph, attrs=attrs, **params), want, f"{case} on {graph_name}")


def test_the_fold_all_model_folds_producers_in_golden_cases():
    folded = {case for case in golden_cases()
              if _producers(compile_function(golden_function(case), passes=PIPELINES["fold-all"]).data["ops"])}
    assert {"bfs", "core_number"} <= folded, folded


def _bfs_plan() -> dict:
    return compile_function(golden_function("bfs"), passes=PIPELINES["fold-all"]).data


def _fused_pull(plan: dict) -> dict:
    loop = next(op for op in plan["ops"] if op["op"] == "WHILE")
    return next(op for op in loop["body"] if op["op"] == "FUSED_PULL")


def test_the_plan_marks_the_producer_and_the_listing_shows_it():
    plan = _bfs_plan()
    fp = _fused_pull(plan)
    assert fp["producer_len"] == 1 and fp["body"][0]["op"] == "EQ" and fp["body"][1]["op"] == "PULL"
    validate(plan)
    assert "producer=1" in Plan(plan).listing()


@pytest.mark.parametrize("value,message", [
    (7, "plan.ops[2].body[1].producer_len: 7 is not in 0..6"),
    (-1, "plan.ops[2].body[1].producer_len: -1 is not in 0..6"),
    (True, "plan.ops[2].body[1].producer_len: expected an integer, got bool True"),
    (2, "producer_len: 2 ops, but body[2] is GE, not the PULL (the producer ends right before it)"),
])
def test_the_plan_schema_checks_producer_len(value, message):
    plan = _bfs_plan()
    _fused_pull(plan)["producer_len"] = value
    with pytest.raises(PlanError, match=re.escape(message)):
        validate(plan)


def test_the_default_model_folds_a_fill_but_never_an_i64_division():
    """k = 0 producers fold by default; an i64 division does not, even by a
    non-zero constant (`may_trap` allows that, the runtime's producer rule
    sees only slots)."""
    text = """func @f(%s: i64 = 6) {
  %i = graph.node_ids : nodes<i64>
  %two = core.const 2 : i64
  %v = core.fill %s : nodes<i64>
  %h = core.div %v, %two : nodes<i64>
  %p = graph.pull %h {agg = "sum", dir = "all"} : nodes<i64>
  %q = core.add %p, %i : nodes<i64>
  %u = core.fill %two : nodes<i64>
  %r = graph.pull %u {agg = "max", dir = "in"} : nodes<i64>
  %t = core.add %r, %i : nodes<i64>
  attr.output "q", %q
  attr.output "t", %t
}
"""
    from backend_helpers import function

    plan = compile_function(function(text))
    fused = [op for op in plan.data["ops"] if op["op"] == "FUSED_PULL"]
    assert sorted(op.get("producer_len", 0) for op in fused) == [0, 1], plan.listing()
    graph = messy_graph()
    assert_outputs_agree(plan.run(graph), interpret(function(text), graph, {}), "fill and division")
