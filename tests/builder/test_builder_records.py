"""The builder emits every op, its method named by the op's record (issue 11).

Plain methods (element-wise ops typed by a DtypeRule, sources of one fixed
type) are derived from the records, so the library extensions
(graph.directed, graph.self_loops, graph.neighbor_count,
graph.neighborhood_arcs) are reachable from Python, and a program using them
compiles and runs in the C runtime with the interpreter's results.
"""

from __future__ import annotations

import numpy as np
import pytest

from grogc.builder import AlgorithmBuilder, BuilderTypeError
from grogc.builder.handles import Handle
from grogc.graph import Graph
from grogc.interpreter import interpret
from grogc.ops import OPS

INTERNAL = ("fused", "terminator", "fixpoint")  # introduced by passes, or the loop machinery's yield


@pytest.mark.parametrize("name", sorted(n for n, d in OPS.items() if d.cls not in INTERNAL))
def test_every_op_has_a_builder_method(name):
    method = OPS[name].builder
    assert method and callable(getattr(AlgorithmBuilder, method, None)), f"{name}: no builder method {method!r}"


@pytest.mark.parametrize("name", sorted(n for n, d in OPS.items() if d.cls == "elementwise" and d.dtypes
                                        and d.arity in ((1, 1), (2, 2))))
def test_element_wise_ops_are_handle_methods(name):
    assert callable(getattr(Handle, OPS[name].builder, None))


def test_library_extensions_from_the_builder_run_like_the_interpreter():
    b = AlgorithmBuilder("extensions")
    directed = b.directed(name="directed")
    loops, nbrs, arcs = b.self_loops(name="loops"), b.neighbor_count(name="nbrs"), b.neighborhood_arcs(name="arcs")
    b.output("directed", directed)
    b.output("loops", loops)
    b.output("nbrs", nbrs)
    b.output("arcs", arcs)
    g = Graph.from_edges(np.array([0, 0, 1, 2, 2, 3]), np.array([1, 2, 2, 0, 2, 0]), directed=True)
    fn = b.ir().functions[0]
    for op in ("graph.directed", "graph.self_loops", "graph.neighbor_count", "graph.neighborhood_arcs"):
        assert any(o.name == op for o in fn.walk())
    expected = interpret(fn, g)
    got = b.compile().run(g)
    assert bool(expected["directed"]) and list(expected["loops"]) == [0, 0, 1, 0]
    for key in expected:
        np.testing.assert_array_equal(np.asarray(got[key]), np.asarray(expected[key]))


def test_derived_methods_check_types_from_the_record():
    b = AlgorithmBuilder("bad")
    x = b.node_ids(name="ids")
    with pytest.raises(BuilderTypeError, match=r"core.sqrt needs f64; use .cast\('f64'\)"):
        b.sqrt(x)
    with pytest.raises(BuilderTypeError, match="core.and needs bool operands"):
        b.and_(b.const(1.0), b.const(2.0))
