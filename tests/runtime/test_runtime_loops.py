"""Loops, fused bodies, determinism, whole programs, GIL release, profiling."""

from __future__ import annotations

import threading
import time

import networkx as nx
import numpy as np
import pytest
from rt_plans import PlanBuilder, components_plan, op, pagerank_plan

from grogc.binding.runtime import ProfileRequest, encode, execute
from grogc.graph import Graph


def counter_plan(kind, count, cap_cond=None):
    """i = 0; loop: i = i + 1; (while: continue while i < cap_cond)."""
    pb = PlanBuilder()
    n = pb.param("count", "i64", count)
    zero, one = pb.const(0, "i64"), pb.const(1, "i64")
    i, nxt = pb.s("i64"), pb.s("i64")
    body = [op("ADD", nxt, i, one)]
    loop = {"op": kind, "in": [n], "carries": [[zero, i, nxt]], "body": body}
    if kind == "WHILE":
        cap, more = pb.const(cap_cond, "i64"), pb.s("bool")
        body.append(op("LT", more, nxt, cap))
        loop["cond"] = more
    return pb.plan([loop], {"i": i})


@pytest.mark.parametrize("count,want", [(0, 0), (-3, 0), (1, 1), (17, 17)])
def test_repeat_runs_exactly_count_times(digraph, count, want):
    assert execute(digraph, counter_plan("REPEAT", count))["i"] == want


@pytest.mark.parametrize("max_iter,cap,want", [(100, 5, 5), (3, 5, 3), (0, 5, 0), (-1, 5, 0), (10, 0, 1)])
def test_while_stops_by_condition_or_max_iter(digraph, max_iter, cap, want):
    # the body always runs once before the condition is looked at (cap 0 -> 1 round)
    assert execute(digraph, counter_plan("WHILE", max_iter, cap))["i"] == want


def test_carries_that_yield_each_other_swap(digraph):
    """(a, b) = (b, a) three times on vectors, plus a counter: parallel assignment."""
    pb = PlanBuilder()
    three = pb.const(3, "i64")
    a0, b0, a, b = pb.v(), pb.v(), pb.v(), pb.v()
    ops = [op("FILL", a0, pb.const(1.0)), op("FILL", b0, pb.const(2.0)),
           {"op": "REPEAT", "in": [three], "carries": [[a0, a, b], [b0, b, a]], "body": []}]
    r = execute(digraph, pb.plan(ops, {"a": a, "b": b}))
    assert r["a"].tolist() == [2.0] * 7 and r["b"].tolist() == [1.0] * 7


def test_nested_loops_and_a_vector_carry(digraph):
    """outer 4 x inner 3 adds of 1.0 to a vector; inner count comes from the outer counter."""
    pb = PlanBuilder()
    four, one_i, one = pb.const(4, "i64"), pb.const(1, "i64"), pb.const(1.0)
    k0 = pb.const(0, "i64")
    x0, x, xn, y, yn = pb.v(), pb.v(), pb.v(), pb.v(), pb.v()
    k, kn = pb.s("i64"), pb.s("i64")
    inner = {"op": "REPEAT", "in": [kn], "carries": [[x, y, yn]], "body": [op("ADD", yn, y, one)]}
    outer = {"op": "REPEAT", "in": [four], "carries": [[x0, x, xn], [k0, k, kn]],
             "body": [op("ADD", kn, k, one_i), inner, op("COPY", xn, y)]}
    r = execute(digraph, pb.plan([op("FILL", x0, pb.const(0.0)), outer], {"x": x, "k": k}))
    assert r["k"] == 4
    assert r["x"].tolist() == [1.0 + 2 + 3 + 4] * 7


def test_fused_map_with_reductions_and_a_prologue(digraph):
    pb = PlanBuilder()
    two = pb.const(2.0)
    ids, x, t, y = pb.v("i64"), pb.v(), pb.b(), pb.v()
    half, s, mx, cnt = pb.s(), pb.s(), pb.s(), pb.s("i64")
    body = [op("DIV", half, pb.const(1.0), two),  # scalar: runs once before the blocks
            op("MUL", t, x, half), op("ADD", y, t, two), op("REDUCE", s, y, op="sum"),
            op("REDUCE", mx, t, op="max"), op("REDUCE", cnt, t, op="count")]
    ops = [op("NODE_IDS", ids), op("CAST", x, ids), {"op": "FUSED_MAP", "reduce_outs": [cnt, s, mx], "body": body}]
    r = execute(digraph, pb.plan(ops, {"y": y, "s": s, "mx": mx, "cnt": cnt}))
    want = np.arange(7) * 0.5 + 2
    assert r["y"].tolist() == want.tolist()
    assert (r["s"], r["mx"], r["cnt"]) == (want.sum(), 3.0, 6)


@pytest.fixture(scope="module")
def big_graph():
    G = nx.gnm_random_graph(30000, 200000, seed=7, directed=True)
    return G, Graph.from_networkx(G)


def test_pagerank_plan_matches_networkx(big_graph):
    G, g = big_graph
    r = execute(g, pagerank_plan(), {"alpha": 0.85, "max_iter": 100, "tol": 1e-6}, threads=2)["pagerank"]
    pr = nx.pagerank(G, alpha=0.85, tol=1e-6)
    np.testing.assert_allclose(r, [pr[int(v)] for v in g.node_ids], rtol=0, atol=1e-9)


def test_components_plan_matches_networkx(big_graph):
    G, g = big_graph
    labels = execute(g, components_plan(), threads=2)["component"]
    comps = list(nx.weakly_connected_components(G))
    assert len(set(labels.tolist())) == len(comps)
    pos = {int(v): i for i, v in enumerate(g.node_ids)}
    for comp in comps:
        got = {labels[pos[v]] for v in comp}
        assert got == {min(pos[v] for v in comp)}


def test_reductions_are_bitwise_identical_for_1_and_2_threads(big_graph):
    _, g = big_graph
    plan = encode(pagerank_plan())
    params = {"max_iter": 20, "tol": 0.0}
    one = execute(g, plan, params, threads=1)["pagerank"]
    two = execute(g, plan, params, threads=2)["pagerank"]
    assert one.tobytes() == two.tobytes()
    pb = PlanBuilder()
    x, s = pb.v(), pb.s()
    ops = [{"op": "LOAD_ATTR", "out": x, "in": [], "imm": pb.attr("x", "f64")}, op("REDUCE", s, x, op="sum")]
    vals = np.random.default_rng(1).standard_normal(g.n) * 1e6
    sums = {t: execute(g, pb.plan(ops, {"s": s}), attrs={"x": vals}, threads=t)["s"] for t in (1, 2, 3)}
    assert sums[1] == sums[2] == sums[3]
    assert abs(sums[1] - vals.sum()) < 1e-6 * np.abs(vals).sum()


def test_execute_releases_the_gil(big_graph):
    _, g = big_graph
    plan = encode(pagerank_plan())
    ticks = []
    done = threading.Event()

    def ticker():
        while not done.is_set():
            ticks.append(time.perf_counter())
            time.sleep(0.001)

    execute(g, plan, {"max_iter": 2, "tol": 0.0})
    start = time.perf_counter()
    t = threading.Thread(target=ticker)
    t.start()
    execute(g, plan, {"max_iter": 300, "tol": 0.0}, threads=1)
    end = time.perf_counter()
    done.set()
    t.join()
    during = [x for x in ticks if start < x < end]
    assert end - start > 0.05
    assert len(during) >= 10, f"only {len(during)} ticks in {end - start:.3f}s: the GIL was held"


def test_profile_counts_calls_and_traces_values(digraph):
    plan = encode(pagerank_plan())
    req = ProfileRequest(trace_cap=10000)
    execute(digraph, plan, {"max_iter": 5, "tol": 0.0}, profile=req)
    res = req.result
    names = res.opcodes
    fused_pull = names.index("FUSED_PULL")
    assert res.calls[fused_pull] == 5 and res.calls[fused_pull + 1] == 5  # the body's PULL
    assert res.calls[names.index("WHILE")] == 1
    assert res.seconds[names.index("WHILE")] >= res.seconds[fused_pull] > 0
    assert res.bytes[fused_pull] > 0
    assert res.addresses[fused_pull] == "ops[9].body[2]"
    rounds = [r for r in res.trace if names[r["addr"]] == "ADD" and res.addresses[r["addr"]].endswith("body[3]")]
    assert [int(r["iteration"]) for r in rounds] == [0, 1, 2, 3, 4]
    assert all(r["depth"] == 1 for r in rounds)
    assert abs(rounds[-1]["mean"] - 1 / 7) < 1e-12  # the ranks sum to 1
    assert not res.trace_truncated
    small = ProfileRequest(trace_cap=3)
    execute(digraph, plan, {"max_iter": 5, "tol": 0.0}, profile=small)
    assert len(small.result.trace) == 3 and small.result.trace_truncated
