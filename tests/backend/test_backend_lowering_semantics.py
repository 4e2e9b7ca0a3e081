"""Plans mean what their IR means: every golden case at -O0 and -O2, run by a
slot-level plan executor (swapping back edges, 2-node blocks), agrees with
the reference interpreter on graphs with self-loops, duplicates and
isolated nodes."""

from __future__ import annotations

import networkx as nx
import numpy as np
import pytest

import grogc
from grogc.interpreter import interpret
from grogc.backend.outputs import finish_outputs
from grogc.backend.params import bind_params
from grogc.graph import Graph

from backend_helpers import GOLDEN, assert_outputs_agree, golden_cases, golden_function, inputs_for, messy_graph
from plan_executor import execute_plan


def _graphs():
    undirected = Graph.from_networkx(nx.karate_club_graph())
    weighted = Graph.from_edges(np.array([1, 2, 3, 3, 5]), np.array([2, 3, 1, 5, 5]),
                                weights=np.array([0.5, 2.0, 1.5, 3.0, 1.0]), directed=True)
    return {"messy": messy_graph(), "karate": undirected, "weighted": weighted}


GRAPHS = _graphs()


@pytest.mark.parametrize("level", [0, 2])
@pytest.mark.parametrize("case", golden_cases())
def test_plan_agrees_with_interpreter(case, level):
    plan = grogc.compile(GOLDEN / case / "input.gir", opt_level=level)
    for gname, graph in GRAPHS.items():
        params, attrs = inputs_for(plan.param_specs, plan.attr_specs, graph)
        want = interpret(golden_function(case), graph, params, attrs)
        bound = bind_params(plan.param_specs, params, graph)
        got = finish_outputs(graph, execute_plan(plan.data, graph, bound, attrs), plan.output_specs)
        assert_outputs_agree(got, want, f"{case} -O{level} on {gname}")
