"""The C runtime agrees with the reference interpreter on every golden case,
on three graphs, and a run is exactly one call into the C library."""

from __future__ import annotations

import numpy as np
import pytest

import grogc
from grogc.interpreter import interpret
from grogc.errors import GrogError

from backend_helpers import GOLDEN, assert_outputs_agree, golden_cases, golden_function, inputs_for, messy_graph

runtime = pytest.importorskip("grogc.binding.runtime", reason="the C runtime is not built")


def _kron():
    from grogc.graph.generators import generate

    return generate("kron", 8, edge_factor=8, seed=3, directed=True, weighted=True, keep_multi=True,
                    keep_self_loops=True)


def _real(shared_data):
    from grogc.graph.importers import import_graph

    return import_graph(shared_data / "email-eu-core" / "email-Eu-core.txt")


@pytest.fixture(scope="module")
def plans():
    return {case: grogc.compile(GOLDEN / case / "input.gir", opt_level=2) for case in golden_cases()}


def _agree(plans, graph, gname):
    for case, plan in plans.items():
        params, attrs = inputs_for(plan.param_specs, plan.attr_specs, graph)
        want = interpret(golden_function(case), graph, params, attrs)
        got = plan.run(graph, attrs=attrs, **params)
        assert_outputs_agree(got, want, f"{case} on {gname}")


def test_agrees_on_messy_graph(plans):
    _agree(plans, messy_graph(), "messy (self-loop, duplicate, isolated)")


def test_agrees_on_kronecker_graph(plans):
    _agree(plans, _kron(), "kron scale 8")


def test_agrees_on_real_graph(plans, shared_data):
    _agree(plans, _real(shared_data), "email-eu-core")


def test_o0_plans_agree_too():
    graph = messy_graph()
    for case in golden_cases():
        plan = grogc.compile(GOLDEN / case / "input.gir", opt_level=0)
        params, attrs = inputs_for(plan.param_specs, plan.attr_specs, graph)
        assert_outputs_agree(plan.run(graph, attrs=attrs, **params),
                             interpret(golden_function(case), graph, params, attrs), f"{case} -O0")


def test_a_run_is_exactly_one_call_into_the_c_library(plans, monkeypatch):
    calls = []
    real_lib = runtime.lib

    class CountingLib:
        def __getattr__(self, name):
            fn = getattr(real_lib, name)

            def counted(*args):
                calls.append(name)
                return fn(*args)

            return counted

    graph = messy_graph()
    runtime.graph_handle(graph)  # the graph is opened once per Graph, before the run
    monkeypatch.setattr(runtime, "lib", CountingLib())
    out = plans["pagerank"].run(graph)
    assert calls == ["grog_execute_ctl"]
    assert np.isclose(out["pagerank"].sum(), 1.0)


def test_runtime_fault_is_a_clear_error():
    plan = grogc.compile("""func @d(%a: i64 = 7, %b: i64 = 0) {
  %q = core.div %a, %b : i64
  attr.output "q", %q
}""", opt_level=0)
    with pytest.raises(GrogError, match="integer division by zero"):
        plan.run(messy_graph())
