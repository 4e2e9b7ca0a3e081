"""PULL with every agg x dir x weight, DEGREE, TRIANGLES against plain Python."""

from __future__ import annotations

from collections import Counter

import networkx as nx
import numpy as np
import pytest
from rt_plans import PlanBuilder, op

from grogc.binding.runtime import execute

AGGS = ["sum", "mean", "min", "max", "count", "or", "and", "mode"]


def neighbour_values(g, x, v, direction, weight):
    out = []
    sides = {"in": [(g.in_offsets, g.in_sources, g.in_weights)],
             "out": [(g.out_offsets, g.out_targets, g.out_weights)]}
    sides["all"] = sides["in"] + sides["out"]
    for off, idx, w in sides[direction]:
        for e in range(off[v], off[v + 1]):
            we = w[e] if w is not None else 1.0
            xu = x[idx[e]]
            out.append(xu if weight == "none" else we * xu if weight == "mul" else we + xu)
    return out


def reference_pull(g, x, agg, direction, weight):
    res = []
    for v in range(g.n):
        vals = neighbour_values(g, x, v, direction, weight)
        if agg == "sum":
            res.append(sum(vals) if vals else 0)
        elif agg == "mean":
            res.append(float(np.mean(vals)) if vals else 0.0)
        elif agg == "min":
            res.append(min(vals) if vals else (np.inf if x.dtype == np.float64 else np.iinfo(np.int64).max))
        elif agg == "max":
            res.append(max(vals) if vals else (-np.inf if x.dtype == np.float64 else np.iinfo(np.int64).min))
        elif agg == "count":
            res.append(sum(1 for t in vals if t))
        elif agg == "or":
            res.append(any(vals))
        elif agg == "and":
            res.append(all(vals))
        else:
            if not vals:
                res.append(x[v])
            else:
                counts = Counter(vals)
                top = max(counts.values())
                res.append(min(k for k, c in counts.items() if c == top))
    return np.array(res)


def pull_plan(dtype, agg, direction, weight):
    pb = PlanBuilder()
    k = pb.attr("x", dtype)
    x = pb.v(dtype)
    out_dtype = {"mean": "f64", "count": "i64"}.get(agg, dtype)
    y = pb.v(out_dtype)
    ops = [{"op": "LOAD_ATTR", "out": x, "in": [], "imm": k}, op("PULL", y, x, agg=agg, dir=direction, weight=weight)]
    return pb.plan(ops, {"y": y})


def cases():
    for agg in AGGS:
        for dtype in ("f64", "i64", "bool"):
            if agg in ("or", "and") and dtype != "bool":
                continue
            if agg in ("sum", "mean", "min", "max") and dtype == "bool":
                continue
            for weight in ("none", "mul", "add"):
                if weight != "none" and (dtype != "f64" or agg not in ("sum", "mean", "min", "max")):
                    continue
                for direction in ("in", "out", "all"):
                    yield agg, dtype, direction, weight


VALUES = {"f64": np.array([0.5, -1.0, 2.0, 0.0, 2.0, 7.25, 3.0]),
          "i64": np.array([3, -2, 3, 0, 9, -2, 5]),
          "bool": np.array([True, False, True, False, False, True, True])}


@pytest.mark.parametrize("agg,dtype,direction,weight", list(cases()))
def test_pull_matches_reference(small_graph, agg, dtype, direction, weight):
    x = VALUES[dtype]
    got = execute(small_graph, pull_plan(dtype, agg, direction, weight), attrs={"x": x})["y"]
    want = reference_pull(small_graph, x, agg, direction, weight)
    if got.dtype == np.float64:
        np.testing.assert_allclose(got, want.astype(np.float64), rtol=1e-12)
    else:
        np.testing.assert_array_equal(got, want.astype(got.dtype))


def test_pull_mode_nan_and_ties(digraph):
    # node 2's in-neighbours are 1, 2 (self-loop) and 3; all distinct -> smallest wins
    x = np.array([1.0, 5.0, np.nan, 4.0, 0.0, 0.0, 9.0])
    got = execute(digraph, pull_plan("f64", "mode", "in", "none"), attrs={"x": x})["y"]
    assert got[2] == 4.0
    assert got[6] == 9.0  # isolated: its own value


@pytest.mark.parametrize("direction", ["in", "out", "all"])
@pytest.mark.parametrize("weighted", [False, True])
def test_degree(small_graph, direction, weighted):
    pb = PlanBuilder()
    d = pb.v("f64")
    got = execute(small_graph, pb.plan([op("DEGREE", d, dir=direction, weighted=weighted)], {"d": d}))["d"]
    ones = np.ones(small_graph.n)
    want = [sum(neighbour_values(small_graph, ones, v, direction, "mul" if weighted else "none"))
            for v in range(small_graph.n)]
    np.testing.assert_allclose(got, want)


def test_triangles_match_networkx(small_graph):
    pb = PlanBuilder()
    t = pb.v("i64")
    got = execute(small_graph, pb.plan([op("TRIANGLES", t)], {"t": t}))["t"]
    G = nx.Graph(small_graph.to_networkx())
    G.remove_edges_from(nx.selfloop_edges(G))
    tri = nx.triangles(G)
    assert got.tolist() == [tri[int(i)] for i in small_graph.node_ids]
    assert got.sum() > 0


def test_triangles_on_a_random_graph():
    from grogc.graph import Graph

    G = nx.gnm_random_graph(400, 3000, seed=3, directed=True)
    g = Graph.from_networkx(G)
    pb = PlanBuilder()
    t = pb.v("i64")
    got = execute(g, pb.plan([op("TRIANGLES", t)], {"t": t}), threads=2)["t"]
    tri = nx.triangles(nx.Graph(G.to_undirected()))
    assert got.tolist() == [tri[int(i)] for i in g.node_ids]


def test_top_level_pull_on_a_skewed_graph_matches_scipy():
    """More nodes than one block: the edge-balanced split is exercised."""
    import scipy.sparse as sp

    from grogc.graph import Graph

    rng = np.random.default_rng(5)
    n = 20000
    src = np.concatenate([rng.integers(0, n, 60000), np.zeros(30000, np.int64)])  # node 0 is a hub
    dst = np.concatenate([rng.integers(0, n, 60000), rng.integers(0, n, 30000)])
    g = Graph.from_edges(src, dst, directed=True, nodes=np.arange(n), keep_multi=True)
    x = rng.random(n)
    got = execute(g, pull_plan("f64", "sum", "out", "none"), attrs={"x": x}, threads=2)["y"]
    A = sp.csr_array((np.ones(len(src)), (src, dst)), shape=(n, n))
    np.testing.assert_allclose(got, A @ x, rtol=1e-12)


class _CopiedInCsr:
    """An undirected graph whose in-CSR is a COPY of its out-CSR (not the
    same arrays), so the runtime cannot take its one-list shortcut."""

    def __init__(self, g):
        for k in ("n", "m", "num_edges", "directed", "out_offsets", "out_targets", "out_weights"):
            setattr(self, k, getattr(g, k))
        self.in_offsets, self.in_sources = g.in_offsets.copy(), g.in_sources.copy()
        self.in_weights = None if g.in_weights is None else g.in_weights.copy()


@pytest.mark.parametrize("agg,dtype", [("min", "i64"), ("max", "f64"), ("or", "bool"), ("and", "bool"),
                                       ("mode", "i64"), ("mode", "bool"), ("sum", "i64"), ("count", "bool")])
def test_pull_all_on_shared_csr_equals_two_lists(agg, dtype):
    # an undirected graph passes one CSR as both in and out; dir "all" with an
    # idempotent aggregate then walks it once: same answer as walking both
    from rt_graphs import make_graph

    g = make_graph(directed=False, weighted=dtype == "f64")
    assert g.in_offsets is g.out_offsets
    x = VALUES[dtype]
    plan = pull_plan(dtype, agg, "all", "none")
    shared = execute(g, plan, attrs={"x": x})["y"]
    copied = execute(_CopiedInCsr(g), plan, attrs={"x": x})["y"]
    np.testing.assert_array_equal(shared, copied)
    np.testing.assert_array_equal(shared, reference_pull(g, x, agg, "all", "none").astype(shared.dtype))


def test_mode_on_long_neighbour_lists_matches_numpy():
    """Hubs with thousands of neighbours: the inlined quicksort path of mode
    (short lists take insertion sort), with many ties and negative values."""
    import numpy as np

    from grogc.binding.runtime import execute
    from grogc.graph import Graph

    rng = np.random.default_rng(7)
    n = 3000
    src = rng.integers(0, n, 40000)
    dst = np.where(rng.random(40000) < 0.5, 0, rng.integers(0, n, 40000))  # node 0 is a hub
    g = Graph.from_edges(src, dst, directed=True, keep_multi=True, nodes=np.arange(n))
    labels = rng.integers(-5, 6, n).astype(np.int64) * 1000
    plan = {"magic": "GROGPLAN", "format_version": 1, "compiler_version": "test", "entry": "t", "source_hash": "",
            "pipeline": "", "params": [], "attrs": [{"name": "x", "dtype": "i64"}],
            "slots": [{"kind": "vector", "dtype": "i64"}, {"kind": "vector", "dtype": "i64"}], "constants": [],
            "ops": [{"op": "LOAD_ATTR", "out": 0, "in": [], "imm": 0},
                    {"op": "PULL", "out": 1, "in": [0], "attrs": {"agg": "mode", "dir": "in", "weight": "none"}}],
            "outputs": [{"name": "m", "slot": 1, "node_ids": False}], "stats": {}}
    got = execute(g, plan, attrs={"x": labels})["m"]
    offsets, sources = np.asarray(g.in_offsets), np.asarray(g.in_sources)
    for v in range(n):
        nb = labels[sources[offsets[v]:offsets[v + 1]]]
        if len(nb) == 0:
            assert got[v] == labels[v]
            continue
        values, counts = np.unique(nb, return_counts=True)  # sorted: argmax takes the smallest of the ties
        assert got[v] == values[np.argmax(counts)], v
