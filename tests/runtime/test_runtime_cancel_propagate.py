"""PROPAGATE (the frontier pass's whole-loop instruction) stops on a cancel
or a time limit in the middle of its rounds, in each of its strategies: the
BFS steps (bfs), frontier rounds (a bfs that counts its rounds),
delta-stepping (sssp) and the dense rounds (sssp with a -0.0 weight), and it
reports its round as the progress of a loop.

Each run is on a long path, so it needs about one round per node: a run that
ignored the cancel would reach the last round (or never be cancelled at all,
and the watcher gives up), and these tests fail."""

from __future__ import annotations


import numpy as np
import pytest

import grogc
from grogc.binding.run_control import RunCancelled, RunControl, RunTimeout
from grogc.graph import Graph
from cancel_watch import cancel_after_rounds


def _path(n: int, weights=None) -> Graph:
    src = np.arange(n - 1)
    return Graph.from_edges(src, src + 1, weights=weights)


def _dense_weights(n: int) -> np.ndarray:
    w = np.ones(n - 1)
    w[n // 2] = -0.0  # a -0.0 weight: the dense rounds, each O(n + m)
    return w


# The library's bfs, counting its rounds: nobody may reorder them, so
# PROPAGATE runs the synchronous frontier rounds.
COUNTING_BFS = """func @bfs(%source: node) {
  %ids = graph.node_ids : nodes<i64>
  %n = graph.node_count : i64
  %zero = core.const 0 : i64
  %one = core.const 1 : i64
  %is_source = core.eq %ids, %source : nodes<bool>
  %dist0 = core.select %is_source, %zero, %n : nodes<i64>
  %dist, %rounds = control.while %n iter_args(%d = %dist0, %k = %zero) : nodes<i64>, i64 {
    %step = core.add %d, %one : nodes<i64>
    %near = graph.pull %step {agg = "min", dir = "in"} : nodes<i64>
    %next = core.min %d, %near : nodes<i64>
    %changed = core.lt %next, %d : nodes<bool>
    %any = core.reduce %changed {op = "any"} : bool
    %k1 = core.add %k, %one : i64
    control.yield %any, %next, %k1
  }
  attr.output "level", %dist
  attr.output "rounds", %rounds
}
"""

# (algorithm, nodes, weights): each run's rounds are about its node count
CASES = {
    "bfs-steps": ("bfs", 1_500_000, None),
    "frontier-rounds": (COUNTING_BFS, 1_500_000, None),
    "delta-stepping": ("sssp", 1_500_000, lambda n: np.ones(n - 1)),
    "dense-rounds": ("sssp", 20_000, _dense_weights),
}


def _run(case):
    name, n, weights = CASES[case]
    plan = grogc.compile(name)
    assert "PROPAGATE" in [op["op"] for op in plan.data["ops"]], "the frontier pass no longer makes a PROPAGATE"
    return plan, _path(n, weights(n) if weights else None), n


@pytest.mark.parametrize("case", sorted(CASES))
def test_a_cancel_from_another_thread_stops_a_propagation_midway(case):
    plan, graph, n = _run(case)
    ctl = RunControl()
    watcher, seen = cancel_after_rounds(ctl, 3)
    with pytest.raises(RunCancelled, match="^error: the run was cancelled$"):
        plan.run(graph, threads=2, control=ctl, source=0)
    watcher.join()
    assert seen[0] >= 3, "PROPAGATE reported no rounds as progress"
    assert ctl.round < n - 1, f"the propagation ran to its end ({ctl.round} rounds) despite the cancel"
    # the runtime still works, and gives the whole answer, after a cancelled run
    out = plan.run(_path(5), source=0)
    assert list(out.values())[0].tolist() == [0, 1, 2, 3, 4]


def test_a_time_limit_stops_a_propagation_midway():
    # the frontier rounds: the BFS steps of a path are too quick (about 0.1 s
    # for 1.5M nodes) to outlast a 0.05 s limit on every machine
    plan, graph, n = _run("frontier-rounds")
    ctl = RunControl()
    with pytest.raises(RunTimeout, match=r"^error: the run was stopped after its time limit of 0.05 s "
                                         r"\(in round \d+ of its outermost loop\)$"):
        plan.run(graph, timeout=0.05, control=ctl, source=0)
    assert 0 < ctl.round < n - 1
