"""The graph ops the library added to GIR (docs/gir-extensions.md): the C
kernels (runtime_c/kernels_library.c) against the reference kernels and
against direct definitions, on graphs with self-loops and duplicate arcs."""

from __future__ import annotations

import numpy as np
import pytest

import grogc.driver.api as api
from grogc.graph import Graph
from grogc.ops import reference_library as rl

PROGRAM = """
func @ext() {
  %d = graph.directed : bool
  %loops = graph.self_loops : nodes<i64>
  %count = graph.neighbor_count : nodes<i64>
  %arcs = graph.neighborhood_arcs : nodes<i64>
  attr.output "directed", %d
  attr.output "loops", %loops
  attr.output "count", %count
  attr.output "arcs", %arcs
}
"""


def _messy(directed: bool, seed: int) -> Graph:
    rng = np.random.default_rng(seed)
    src = rng.integers(0, 25, 120)
    dst = rng.integers(0, 25, 120)
    src = np.concatenate([src, [3, 3, 7, 7]])
    dst = np.concatenate([dst, [3, 3, 8, 8]])  # a repeated self-loop and a repeated arc
    return Graph.from_edges(src * 3 + 1, dst * 3 + 1, directed=directed, keep_multi=True, nodes=[500])


def _direct(g: Graph) -> dict:
    """The definitions, one node at a time."""
    succ = [set(g.out_targets[g.out_offsets[v]:g.out_offsets[v + 1]].tolist()) for v in range(g.n)]
    pred = [set(g.in_sources[g.in_offsets[v]:g.in_offsets[v + 1]].tolist()) for v in range(g.n)]
    loops = [int(np.sum(g.out_targets[g.out_offsets[v]:g.out_offsets[v + 1]] == v)) for v in range(g.n)]
    count, arcs = [], []
    for v in range(g.n):
        nbrs = (succ[v] | pred[v]) - {v}
        count.append(len(nbrs))
        arcs.append(sum(1 for u in nbrs for w in succ[u] if w != u and w in nbrs))
    return {"directed": g.directed, "loops": loops, "count": count, "arcs": arcs}


@pytest.mark.parametrize("directed", [True, False], ids=["directed", "undirected"])
@pytest.mark.parametrize("seed", [1, 2])
def test_kernels_match_the_definitions(directed, seed):
    g = _messy(directed, seed)
    expected = _direct(g)
    reference = api.run_reference(PROGRAM, g)
    compiled = api.compile(PROGRAM, cache=False).run(g)
    for out in (reference, compiled):
        assert bool(out["directed"]) is directed
        for key in ("loops", "count", "arcs"):
            assert np.asarray(out[key]).tolist() == expected[key], key
    assert rl.self_loops(g).tolist() == expected["loops"]


def test_kernels_are_the_same_for_any_thread_count():
    g = _messy(True, 3)
    plan = api.compile(PROGRAM, cache=False)
    one, two = plan.run(g, threads=1), plan.run(g, threads=2)
    for key in ("loops", "count", "arcs"):
        assert np.array_equal(one[key], two[key])


def test_ops_verify_their_result_type():
    from grogc.frontend.parser import parse_module
    from grogc.ir.diagnostics import IRError

    with pytest.raises(IRError, match="graph.neighbor_count"):
        parse_module("func @f() {\n  %c = graph.neighbor_count : nodes<f64>\n  attr.output \"c\", %c\n}\n", "x.gir")
