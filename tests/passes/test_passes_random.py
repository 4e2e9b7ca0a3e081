"""Random programs: -O0 and -O2 (and each pass alone) give the same results
through the reference interpreter, and every pass keeps the IR valid."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings

from gir_strategies import programs
from grogc.interpreter import interpret
from grogc.frontend.parser import parse_module
from grogc.ir.printer import print_function
from grogc.passes import PASSES, optimize

PARAM_VALUES = {"f64": 0.5, "i64": 2, "bool": True, "node": 0}


def run(fn, graph):
    """The interpreter with every parameter that has no default given."""
    params = {p.name: PARAM_VALUES[p.type_name] for p in fn.params if p.default is None}
    return interpret(fn, graph, params)


SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


@SETTINGS
@given(programs(safe=True))
def test_o2_matches_o0(graph, same, text):
    reference = run(parse_module(text).functions[0], graph)
    fn = parse_module(text).functions[0]
    optimize(fn, 2, verify_each=True)
    same(reference, run(fn, graph))
    again = parse_module(print_function(fn)).functions[0]  # the optimised IR round-trips
    same(reference, run(again, graph))


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(programs(safe=True))
def test_each_pass_alone_keeps_results(graph, same, text):
    reference = run(parse_module(text).functions[0], graph)
    for name in PASSES:
        fn = parse_module(text).functions[0]
        optimize(fn, pipeline=name, verify_each=True)
        same(reference, run(fn, graph))


@settings(max_examples=40, deadline=None)
@given(programs(safe=False))
def test_passes_keep_any_program_valid(text):
    fn = parse_module(text).functions[0]
    optimize(fn, 2, verify_each=True)
    optimize(fn, 2, verify_each=True)  # running the pipeline again on its own output is fine too


AGGRESSIVE = "canonicalize,cse,licm,fuse-elementwise,fuse-neighbor{edge-producers=true avg-degree=1.0 gather-cost=1.0},dce"


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(programs(safe=True))
def test_per_edge_producers_keep_results(graph, same, text):
    """With a cost model that folds producers readily, results still agree."""
    reference = run(parse_module(text).functions[0], graph)
    fn = parse_module(text).functions[0]
    optimize(fn, pipeline=AGGRESSIVE, verify_each=True)
    same(reference, run(fn, graph))


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(programs(safe=True))
def test_per_edge_producers_run_in_the_c_runtime(graph, same, text):
    """The plans of that pipeline (FUSED_PULLs with per-edge producers) run
    in the C runtime and agree with the interpreter on the original program."""
    from grogc.driver.api import compile_function

    fn = parse_module(text).functions[0]
    reference = run(fn, graph)
    params = {p.name: PARAM_VALUES[p.type_name] for p in fn.params if p.default is None}
    plan = compile_function(parse_module(text).functions[0], passes=AGGRESSIVE)
    same(reference, plan.run(graph, **params), rtol=1e-9)
