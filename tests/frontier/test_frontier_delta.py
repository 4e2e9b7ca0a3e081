"""Delta-stepping (runtime_c/delta_step.c) on graphs large enough for its
parallel team (more than 131,072 arcs + nodes) and with buckets wide enough
for team steps (over 256 nodes) as well as thin ones (the master alone):
1 and 2 threads give the same bits, and those bits are SciPy's Dijkstra's
(the least rounded left-to-right path sum, which any relaxation order
reaches) and -O0's dense loop's.  Stress cases: many equal-length paths whose
sums round differently, zero weights, a single huge weight, weights spanning
twelve orders of magnitude (the bucket window's overflow), and a user's
Delta far too small or far too large."""

from __future__ import annotations

import numpy as np
import pytest
import scipy.sparse as sp
from scipy.sparse import csgraph

import grogc
from grogc.binding.runtime import FRONTIER_KINDS, ProfileRequest
from grogc.graph import Graph
from grogc.graph.generators import generate
from grogc.library import algorithm_path

SSSP = algorithm_path("sssp").read_text()
BUCKET = FRONTIER_KINDS.index("bucket")


def _grid(k: int, weights) -> Graph:
    idx = np.arange(k * k).reshape(k, k)
    src = np.concatenate([idx[:, :-1].ravel(), idx[:-1, :].ravel()])
    dst = np.concatenate([idx[:, 1:].ravel(), idx[1:, :].ravel()])
    return Graph.from_edges(src, dst, weights(len(src)), directed=False, nodes=np.arange(k * k))


def _kron_reweighted(scale: int, fn) -> Graph:
    g = generate("kron", scale, 16, 1, weighted=True)
    off, tgt = np.asarray(g.out_offsets), np.asarray(g.out_targets)
    src = np.repeat(np.arange(g.n), np.diff(off))
    keep = src < tgt
    w = np.asarray(g.out_weights)[keep]
    return Graph.from_edges(src[keep], tgt[keep], fn(w), directed=False, nodes=np.arange(g.n))


def _rng(seed):
    return np.random.default_rng(seed)


GRAPHS = {
    # many paths of one real length whose float sums differ with the order of the arcs
    "grid, weights 0.1 0.2 0.3 0.7": lambda: _grid(300, lambda m: _rng(1).choice([0.1, 0.2, 0.3, 0.7], m)),
    "grid, a quarter of the weights 0": lambda: _grid(300, lambda m: _rng(2).choice([0.0, 0.0, 1.0, 0.1, 2.5], m)),
    "grid, one huge weight": lambda: _grid(300, lambda m: np.where(np.arange(m) == m // 2, 1e300, 1.0)),
    "kron 14, integers 1..255": lambda: _kron_reweighted(14, lambda w: np.floor(w * 255.0) + 1.0),
    "kron 14, [0, 1)": lambda: generate("kron", 14, 16, 1, weighted=True),
    "kron 14, 1 to 1e12": lambda: _kron_reweighted(14, lambda w: 10.0 ** np.floor(w * 13.0)),
    "kron 14, weights with rounding": lambda: _kron_reweighted(14, lambda w: w * 0.1 + 1e-9),
}


def _source(g: Graph) -> int:
    return int(g.node_ids[int(np.argmax(np.diff(np.asarray(g.out_offsets))))])


def _dijkstra(g: Graph, source: int) -> np.ndarray:
    A = sp.csr_matrix((np.asarray(g.out_weights), np.asarray(g.out_targets), np.asarray(g.out_offsets)),
                      shape=(g.n, g.n))
    return csgraph.dijkstra(A, indices=int(np.flatnonzero(np.asarray(g.node_ids) == source)[0]))


def _bucket_sizes(plan, g, threads, **params):
    req = ProfileRequest()
    out = plan.run(g, threads=threads, profile=req, **params)
    rec = req.result.frontier
    return out, rec["size"][rec["kind"] == BUCKET]


@pytest.mark.parametrize("name", GRAPHS)
def test_delta_stepping_is_dijkstra_to_the_bit_on_any_thread_count(name):
    g = GRAPHS[name]()
    assert g.m + g.n > 131_072, "too small for the parallel team"
    plan = grogc.compile(SSSP)
    source = _source(g)
    one, sizes1 = _bucket_sizes(plan, g, 1, source=source)
    two, sizes2 = _bucket_sizes(plan, g, 2, source=source)
    assert len(sizes1) and len(sizes2), "the run did not take delta-stepping"
    assert one["dist"].tobytes() == two["dist"].tobytes()
    want = _dijkstra(g, source)
    assert one["dist"].tobytes() == want.tobytes(), np.flatnonzero(one["dist"] != want)[:10]


def test_team_and_solo_steps_both_run_and_match_O0():
    g = GRAPHS["grid, weights 0.1 0.2 0.3 0.7"]()
    source = _source(g)
    want = grogc.compile(SSSP, opt_level=0).run(g, threads=2, source=source)["dist"]
    for delta, wide in (("1.0e9", True), ("0.05", False)):  # one bucket of everything; thin buckets
        text = SSSP.replace("iter_args(%d = %dist0) : nodes<f64> {",
                            f"iter_args(%d = %dist0) {{delta = {delta}}} : nodes<f64> {{")
        assert text != SSSP
        plan = grogc.compile(text)
        one, sizes1 = _bucket_sizes(plan, g, 1, source=source)
        two, sizes2 = _bucket_sizes(plan, g, 2, source=source)
        assert (sizes2.max() > 256) == wide, sizes2.max()  # team steps need buckets over 256 nodes
        assert one["dist"].tobytes() == two["dist"].tobytes() == want.tobytes()


def test_a_tiny_user_delta_spills_into_the_overflow_and_still_agrees():
    # Delta 1e-7 with weights near 1: bucket numbers reach 10^9, far beyond the 1024-bucket window
    g = _kron_reweighted(14, lambda w: w + 1.0)
    source = _source(g)
    text = SSSP.replace("iter_args(%d = %dist0) : nodes<f64> {", "iter_args(%d = %dist0) {delta = 1.0e-7} : nodes<f64> {")
    plan = grogc.compile(text)
    one, two = plan.run(g, threads=1, source=source), plan.run(g, threads=2, source=source)
    want = _dijkstra(g, source)
    assert one["dist"].tobytes() == two["dist"].tobytes() == want.tobytes()


MASKED = """func @masked(%source: node) {
  %ids = graph.node_ids : nodes<i64>
  %n = graph.node_count : i64
  %seven = core.const 7 : i64
  %q = core.div %ids, %seven : nodes<i64>
  %back = core.mul %q, %seven : nodes<i64>
  %pin = core.eq %back, %ids : nodes<bool>
  %is_source = core.eq %ids, %source : nodes<bool>
  %inf = core.const inf : f64
  %zero = core.const 0.0 : f64
  %dist0 = core.select %is_source, %zero, %inf : nodes<f64>
  %dist = control.while %n iter_args(%d = %dist0) : nodes<f64> {
    %cand = graph.pull %d {agg = "min", dir = "in", weight = "add"} : nodes<f64>
    %m = core.min %d, %cand : nodes<f64>
    %next = core.select %pin, %d, %m : nodes<f64>
    %better = core.lt %next, %d : nodes<bool>
    %changed = core.reduce %better {op = "any"} : bool
    control.yield %changed, %next
  }
  attr.output "dist", %dist
}
"""


def test_pinned_nodes_keep_their_value_on_the_team_as_in_O0():
    g = GRAPHS["kron 14, integers 1..255"]()
    source = _source(g)
    plan = grogc.compile(MASKED)
    assert "PROPAGATE" in plan.listing()
    want = grogc.compile(MASKED, opt_level=0).run(g, threads=2, source=source)["dist"]
    one, sizes = _bucket_sizes(plan, g, 1, source=source)
    two = plan.run(g, threads=2, source=source)
    assert len(sizes), "the run did not take delta-stepping"
    assert one["dist"].tobytes() == two["dist"].tobytes() == want.tobytes()
    assert np.isfinite(want).sum() > 1000  # the pins leave most of the graph reachable: not vacuous


@pytest.mark.parametrize("directed", [True, False])
def test_on_a_graph_without_weights_sssp_runs_as_a_bfs_and_is_still_dijkstra(directed):
    """No weights: every arc weighs 1, so x + w is x + 1.0 to the bit and the
    loop takes the BFS kernel's steps (push and pull), not buckets."""
    g0 = generate("kron", 12, 8, 3)
    off, tgt = np.asarray(g0.out_offsets), np.asarray(g0.out_targets)
    src = np.repeat(np.arange(g0.n), np.diff(off))
    g = Graph.from_edges(src, tgt, directed=directed, nodes=np.arange(g0.n))
    assert not g.weighted
    source = _source(g)
    plan = grogc.compile(SSSP)
    want = grogc.compile(SSSP, opt_level=0).run(g, threads=2, source=source)["dist"]
    for threads in (1, 2):
        req = ProfileRequest()
        got = plan.run(g, threads=threads, profile=req, source=source)["dist"]
        kinds = {FRONTIER_KINDS[k] for k in req.result.frontier["kind"]}
        assert kinds <= {"push", "pull"} and "push" in kinds, kinds
        assert got.tobytes() == want.tobytes()
    A = sp.csr_matrix((np.ones(g.m), np.asarray(g.out_targets), np.asarray(g.out_offsets)), shape=(g.n, g.n))
    assert got.tobytes() == csgraph.dijkstra(A, indices=source).tobytes()
