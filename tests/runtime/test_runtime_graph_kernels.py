"""The C graph kernels of the library (kernels_triangles.c, kernels_cores.c,
kernels_scc.c, kernels_wcc.c) against the reference kernels, on graphs with
every awkward feature and rows stored out of order, with 1 and 2 threads.
Small enough to run again under the sanitizers (test_runtime_sanitize.py);
the NetworkX and GIR-formulation oracles are in
tests/library/test_library_kernels.py."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest

import grogc.driver.api as api
from grogc.graph import Graph
from grogc.graph.generators import generate
from grogc.ops import reference_graph as rg
from grogc.ops import reference_library as rl

REFERENCE = {"triangles": rg.triangles, "neighborhood_arcs": rl.neighborhood_arcs,
             "neighbor_count": rl.neighbor_count, "core_number": rl.core_number, "scc": rl.scc, "wcc": rl.wcc}
PROGRAM = "func @k() {\n" + "\n".join(f"  %{k} = graph.{k} : nodes<i64>\n  attr.output \"{k}\", %{k}"
                                      for k in REFERENCE) + "\n}\n"


def _reverse_rows(offsets, idx):
    idx = np.array(idx)
    for v in range(len(offsets) - 1):
        idx[offsets[v]:offsets[v + 1]] = idx[offsets[v]:offsets[v + 1]][::-1].copy()
    return idx


def _unsorted(g: Graph) -> Graph:
    """g with every row reversed (a hand-made g.csr may store rows in any order)."""
    a = g._a
    return Graph(dataclasses.replace(a, out_targets=_reverse_rows(a.out_offsets, a.out_targets),
                                     in_sources=_reverse_rows(a.in_offsets, a.in_sources)))


def _messy(directed: bool, seed: int) -> Graph:
    rng = np.random.default_rng(seed)
    src = np.concatenate([rng.integers(0, 40, 200), [1, 1, 2, 2, 5, 6]])
    dst = np.concatenate([rng.integers(0, 40, 200), [1, 1, 3, 3, 6, 5]])
    return Graph.from_edges(src * 7 + 3, dst * 7 + 3, directed=directed, keep_multi=True, nodes=[1_000])


def graphs() -> dict:
    kron_d = generate("kron", 12, 4, seed=2, directed=True)
    kron_u = generate("kron", 12, 4, seed=2, directed=False)
    return {"messy_directed": _messy(True, 1), "messy_undirected": _messy(False, 2),
            "messy_directed_unsorted": _unsorted(_messy(True, 3)),
            "messy_undirected_unsorted": _unsorted(_messy(False, 4)),
            "kron_directed": kron_d, "kron_undirected": kron_u, "kron_directed_unsorted": _unsorted(kron_d),
            "empty": Graph.from_edges([], [], directed=False),
            "isolated": Graph.from_edges([], [], nodes=[4, 8, 15]),
            "path": Graph.from_edges(np.arange(4_999), np.arange(1, 5_000), directed=True)}


GRAPHS = graphs()


@pytest.fixture(scope="module")
def plan():
    return api.compile(PROGRAM, opt_level=2, cache=False)


@pytest.mark.parametrize("name", sorted(GRAPHS))
@pytest.mark.parametrize("threads", [1, 2])
def test_graph_kernels_equal_the_reference(plan, name, threads):
    g = GRAPHS[name]
    got = plan.run(g, threads=threads)
    for k, reference in REFERENCE.items():
        np.testing.assert_array_equal(got[k], reference(g), err_msg=k)


@pytest.mark.parametrize("kernel", sorted(REFERENCE))
def test_a_cancel_stops_each_kernel(kernel):
    """Cancelled before the run: the kernel returns early and the run reports
    the cancel, never the partial counts; the same plan then runs normally."""
    from grogc.binding.run_control import RunCancelled, RunControl

    plan = api.compile(f"func @k() {{\n  %x = graph.{kernel} : nodes<i64>\n  attr.output \"x\", %x\n}}\n",
                       cache=False)
    g = GRAPHS["kron_undirected"]
    ctl = RunControl()
    ctl.cancel()
    with pytest.raises(RunCancelled):
        plan.run(g, control=ctl)
    np.testing.assert_array_equal(plan.run(g)["x"], REFERENCE[kernel](g))
