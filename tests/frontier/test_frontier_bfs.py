"""PROPAGATE's BFS kernel (runtime_c/frontier_bfs.c): x + c to the fixpoint
(min with c >= 0, max with c <= 0) as a direction-optimising multi-source
BFS, when nobody reads the round count.  Which loops take it and which must
not (a loop that reads its rounds, a negative constant for min, an i64
constant that could overflow), each against -O0 (the reference interpreter,
op by op) and on 1 and 2 threads to the same bits; graphs big enough for the
parallel push, the split push from a hub and the pull."""

from __future__ import annotations

import networkx as nx
import numpy as np
import pytest

import grogc
from grogc.binding.runtime import FRONTIER_KINDS, ProfileRequest
from grogc.frontend.parser import parse_module, select_entry
from grogc.graph import Graph
from grogc.graph.generators import generate
from grogc.interpreter import interpret
from grogc.library import algorithm_path

I64_MAX = np.iinfo(np.int64).max


def program(init: str, *, dtype="i64", agg="min", const="1", mask="", rounds=False, direction="in") -> str:
    """A propagation loop; init defines %x0 from %ids, %n, %is_src; mask:
    "" (none), "keep" (nodes with id % 3 == 0 keep their value) or "take"
    (only those nodes change)."""
    comb = {"min": "core.min", "max": "core.max"}[agg]
    test = {"min": "core.lt", "max": "core.gt"}[agg]
    select = {"": "", "keep": "    %nx = core.select %pin, %x, %y : nodes<T>\n",
              "take": "    %nx = core.select %pin, %y, %x : nodes<T>\n"}[mask]
    nxt = "%nx" if mask else "%y"
    carried, types, yields, results = ("%x = %x0, %k = %zero", "nodes<T>, i64", f"%any, {nxt}, %k1", "%r, %rk") \
        if rounds else ("%x = %x0", "nodes<T>", f"%any, {nxt}", "%r")
    text = f"""func @prop(%src: node) {{
  %ids = graph.node_ids : nodes<i64>
  %n = graph.node_count : i64
  %zero = core.const 0 : i64
  %one = core.const 1 : i64
  %three = core.const 3 : i64
  %is_src = core.eq %ids, %src : nodes<bool>
  %third = core.div %ids, %three : nodes<i64>
  %back = core.mul %third, %three : nodes<i64>
  %pin = core.eq %back, %ids : nodes<bool>
  %c = core.const {const} : T
  {init}
  {results} = control.while %n iter_args({carried}) : {types} {{
    %f = core.add %x, %c : nodes<T>
    %p = graph.pull %f {{agg = "{agg}", dir = "{direction}"}} : nodes<T>
    %y = {comb} %x, %p : nodes<T>
{select}    %t = {test} {nxt}, %x : nodes<bool>
    %any = core.reduce %t {{op = "any"}} : bool
{"    %k1 = core.add %k, %one : i64" + chr(10) if rounds else ""}    control.yield {yields}
  }}
  attr.output "x", %r
{'  attr.output "rounds", %rk' + chr(10) if rounds else ''}}}
"""
    return text.replace("nodes<T>", f"nodes<{dtype}>").replace(": T\n", f": {dtype}\n")


def run_checked(text: str, graph: Graph, source: int) -> np.ndarray:
    """-O2 on 1 and 2 threads, the same bits as -O0; the frontier records of
    the 2-thread run (one per round, or per BFS step)."""
    want = interpret(select_entry(parse_module(text, "<prop>")), graph, {"src": source})
    plan = grogc.compile(text, opt_level=2)
    assert "PROPAGATE" in plan.listing(), plan.listing()
    prof = ProfileRequest()
    one, two = plan.run(graph, threads=1, src=source), plan.run(graph, threads=2, src=source, profile=prof)
    for key in want:
        w = np.asarray(want[key])
        for got in (one, two):
            assert w.dtype == np.asarray(got[key]).dtype
            assert w.tobytes() == np.asarray(got[key]).tobytes(), (key, w, got[key], text)
    return prof.result.frontier


def _path(n: int) -> Graph:
    return Graph.from_edges(np.arange(n - 1), np.arange(1, n), directed=True)


IDS = "%x0 = core.add %ids, %zero : nodes<i64>"
IDS_F64 = "%x0 = core.cast %ids : nodes<f64>"
SOURCE = "%x0 = core.select %is_src, %zero, %n : nodes<i64>"

def rounds_at_O0(text_with_rounds: str, graph: Graph, source: int) -> int:
    return int(interpret(select_entry(parse_module(text_with_rounds, "<p>")), graph, {"src": source})["rounds"])


# On a 50-node path with x0 = node ids and c >= 0 nothing changes: the rounds
# as written stop after one round and record one; the BFS kernel records one
# step per distinct source value (the 46 to 48 nodes that offer better than
# the worst value).
TAKES = {
    "i64 min +1": dict(init=IDS),
    "i64 min +3, dir out": dict(init=IDS, const="3", direction="out"),
    "f64 min +1.0": dict(init=IDS_F64, dtype="f64", const="1.0"),
    "i64 max -1": dict(init=IDS, agg="max", const="-1"),
    "f64 max -2.0": dict(init=IDS_F64, dtype="f64", agg="max", const="-2.0"),
}
# These run their rounds as written: one record per round the -O0 loop runs.
REFUSES = {
    "reads its rounds": dict(init=IDS, rounds=True),
    "min with a negative constant": dict(init=IDS, const="-1"),
    "max with a positive constant": dict(init=IDS, agg="max", const="1"),
}


@pytest.mark.parametrize("case", sorted(TAKES))
def test_order_free_x_plus_c_loops_take_the_bfs_kernel(case):
    g = _path(50)
    records = run_checked(program(**TAKES[case]), g, 0)
    assert rounds_at_O0(program(**TAKES[case], rounds=True), g, 0) == 1
    assert len(records) > 40, f"{case}: {len(records)} records, the BFS kernel takes one step per source value"
    assert {FRONTIER_KINDS[k] for k in records["kind"]} == {"push"}


@pytest.mark.parametrize("case", sorted(REFUSES))
def test_loops_the_bfs_kernel_must_not_take_keep_their_rounds(case):
    g = _path(50)
    records = run_checked(program(**REFUSES[case]), g, 0)
    assert len(records) == rounds_at_O0(program(**{**REFUSES[case], "rounds": True}), g, 0)


def test_an_i64_offer_that_could_overflow_keeps_the_wrapping_rounds():
    # x + 1 wraps at I64_MAX to the least i64, which min then spreads: only
    # the rounds as written give those values, so the kernel declines
    near = f"%big = core.const {I64_MAX} : i64\n  %x0 = core.select %is_src, %zero, %big : nodes<i64>"
    g = _path(30)
    out = run_checked(program(near), g, 0)
    assert len(out) > 0
    want = interpret(select_entry(parse_module(program(near), "<p>")), g, {"src": 0})["x"]
    assert want.min() < 0, "the oracle no longer wraps: the case tests nothing"
    # one below the bound: no offer overflows, the kernel runs, the values are plain levels
    safe = f"%big = core.const {I64_MAX - 1} : i64\n  %x0 = core.select %is_src, %zero, %big : nodes<i64>"
    records = run_checked(program(safe), g, 0)
    assert len(records) == 30 and set(records["size"]) == {1}


def _hub_graph() -> Graph:
    """A Kronecker graph, a hub with 9,000 leaves (a push from one node with
    enough edges to be split across threads, yet under m / ALPHA of them, so
    it is pushed) of which 50 touch the graph, and a short tail off the hub."""
    k = generate("kron", 13, 16, 3)
    off, tgt = np.asarray(k.out_offsets), np.asarray(k.out_targets)
    src = np.repeat(np.arange(k.n), np.diff(off))
    hub = k.n
    leaves = np.arange(k.n + 1, k.n + 9_001)
    tail = np.arange(k.n + 9_001, k.n + 9_060)
    s = np.concatenate([src, np.full(len(leaves), hub), leaves[:50], [hub], tail[:-1]])
    d = np.concatenate([tgt, leaves, np.arange(50), [tail[0]], tail[1:]])
    return Graph.from_edges(s, d, directed=False, nodes=np.arange(k.n + 9_060))


@pytest.fixture(scope="module")
def hub_graph():
    return _hub_graph()


LARGE = {
    "bfs from the hub": SOURCE,
    "sources at many values": "%seven = core.const 7 : i64\n  %q7 = core.div %ids, %seven : nodes<i64>\n"
                              "  %b7 = core.mul %q7, %seven : nodes<i64>\n  %r7 = core.sub %ids, %b7 : nodes<i64>\n"
                              "  %x0 = core.mul %r7, %n : nodes<i64>",
    "ids": IDS,
}


@pytest.mark.parametrize("mask", ["", "keep", "take"])
@pytest.mark.parametrize("case", sorted(LARGE))
def test_bfs_kernel_equals_O0_on_a_large_graph(hub_graph, case, mask):
    records = run_checked(program(LARGE[case], const="2", mask=mask, direction="all"), hub_graph, int(hub_graph.n - 9_060))
    assert len(records) > 0


def test_library_bfs_pushes_then_pulls_and_agrees_with_networkx(hub_graph):
    plan = grogc.compile(str(algorithm_path("bfs")))
    G = nx.Graph()
    G.add_nodes_from(range(hub_graph.n))
    off, tgt = np.asarray(hub_graph.out_offsets), np.asarray(hub_graph.out_targets)
    G.add_edges_from(zip(np.repeat(np.arange(hub_graph.n), np.diff(off)).tolist(), tgt.tolist()))
    hub = int(np.argmax(np.diff(off)))
    ids = hub_graph.node_ids
    assert hub == hub_graph.n - 9_060
    kinds = []
    for source in (hub, 0):
        prof = ProfileRequest()
        one = plan.run(hub_graph, threads=1, source=int(ids[source]))["level"]
        two = plan.run(hub_graph, threads=2, source=int(ids[source]), profile=prof)["level"]
        assert one.tobytes() == two.tobytes()
        want = nx.single_source_shortest_path_length(G, source)
        assert one.tolist() == [want.get(v, -1) for v in range(hub_graph.n)]
        run = [FRONTIER_KINDS[k] for k in prof.result.frontier["kind"]]
        assert run[0] == "push", run
        kinds += run
    assert "pull" in kinds, kinds


def test_f64_min_plus_from_several_sources_at_fractional_values():
    g = generate("kron", 10, 4, 5)
    init = "%q = core.cast %ids : nodes<f64>\n  %qq = core.const 0.37 : f64\n  %x0 = core.mul %q, %qq : nodes<f64>"
    run_checked(program(init, dtype="f64", const="0.3"), g, 0)
    run_checked(program(init, dtype="f64", const="0.3", mask="keep", direction="out"), g, 0)


def test_a_long_tail_after_the_pull_phase_is_pushed():
    # one-node steps after a pull phase would each cost n as pulls
    k = generate("kron", 12, 16, 7)
    off, tgt = np.asarray(k.out_offsets), np.asarray(k.out_targets)
    hub = int(np.argmax(np.diff(off)))
    tail = np.arange(k.n, k.n + 500)
    s = np.concatenate([np.repeat(np.arange(k.n), np.diff(off)), [hub], tail[:-1]])
    d = np.concatenate([tgt, [tail[0]], tail[1:]])
    g = Graph.from_edges(s, d, directed=False, nodes=np.arange(k.n + 500))
    prof = ProfileRequest()
    level = grogc.compile(str(algorithm_path("bfs"))).run(g, threads=2, source=hub, profile=prof)["level"]
    assert level[-1] == level[tail[0]] + 499
    kinds = [FRONTIER_KINDS[k] for k in prof.result.frontier["kind"]]
    assert 0 < kinds.count("pull") < 6 and len(kinds) > 500, kinds
