"""Convergence and unintended NaN/inf: Plan.run's RunResult says how each
loop ended (without a profile), and `grogc run` warns on stderr."""

from __future__ import annotations

import math
from pathlib import Path

import networkx as nx
import numpy as np
import pytest
from typer.testing import CliRunner

import grogc
from grogc.backend.run_report import LoopReport, RunResult, run_warnings
from grogc.cli import app
from grogc.graph import Graph

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"

try:  # the CliRunner of click >= 8.2 always keeps stderr apart
    runner = CliRunner(mix_stderr=False)
except TypeError:
    runner = CliRunner()

CYCLE = Graph.from_edges([1, 2, 3, 4], [2, 3, 4, 1])
COMPLETE = Graph.from_networkx(nx.complete_graph(12))


def test_converging_run_reports_its_rounds():
    out = grogc.compile("pagerank").run(CYCLE)
    assert isinstance(out, dict) and isinstance(out, RunResult) and set(out) == {"pagerank"}
    (loop,) = out.loops
    assert loop.kind == "WHILE" and loop.stopped == "condition" and loop.rounds == 1
    assert "control.while" in loop.op and out.converged and run_warnings(out) == []


def test_round_limit_is_not_converged_and_rounds_agree_with_networkx():
    G = nx.path_graph(30, create_using=nx.DiGraph)
    out = grogc.compile("pagerank").run(Graph.from_networkx(G), max_iter=3)
    assert not out.converged and out.loops[0].rounds == 3 and out.loops[0].stopped == "limit"
    with pytest.raises(nx.PowerIterationFailedConvergence):
        nx.pagerank(G, max_iter=3, weight=None)
    (line,) = run_warnings(out)
    assert line.startswith("warning: a loop did not converge: it stopped at its round limit (3 rounds)")
    # NetworkX converges in k rounds exactly when grogc does: max_iter = k passes, k - 1 fails
    rounds = grogc.compile("pagerank").run(Graph.from_networkx(G)).loops[0].rounds
    nx.pagerank(G, max_iter=rounds, weight=None)
    with pytest.raises(nx.PowerIterationFailedConvergence):
        nx.pagerank(G, max_iter=rounds - 1, weight=None)


def test_loop_report_matches_the_profile():
    from grogc.binding.runtime import ProfileRequest

    req = ProfileRequest()
    out = grogc.compile("katz").run(COMPLETE, profile=req)
    i = req.result.addresses.index(out.loops[0].path)
    assert out.loops[0].rounds == int(req.result.loop_rounds[i])


def test_no_rounds_to_run_is_not_a_failure_to_converge():
    empty = Graph.from_edges([], [], nodes=[])
    # min-label propagation in GIR: a while loop whose cap (n) is 0 on the empty graph
    out = grogc.compile(EXAMPLES / "components_min_label.gir").run(empty)
    assert out.loops[0].rounds == 0 and out.converged and run_warnings(out) == []
    assert LoopReport("ops[0]", "x", "REPEAT", 5, "limit").converged


def test_diverging_katz_warns_nan_and_intended_infinity_does_not():
    out = grogc.compile("katz").run(COMPLETE, alpha=0.5)  # alpha > 1/lambda_max = 1/11
    lines = run_warnings(out)
    assert any("holds NaN" in line or "holds inf" in line for line in lines), lines
    sssp = grogc.compile("sssp").run(Graph.from_edges([1], [2], nodes=[3]), source=1)
    assert math.isinf(sssp["dist"][2]) and run_warnings(sssp) == []  # sssp's inf means "unreachable"
    assert run_warnings({"x": np.array([1.0, math.inf])}) == []  # a reference run cannot tell: NaN only
    assert run_warnings({"x": np.array([math.nan])})[0].startswith("warning: output 'x' holds NaN (1 of 1 values)")


def test_grogc_run_warns_on_stderr_with_exit_0(tmp_path):
    path = tmp_path / "k12.txt"
    path.write_text("".join(f"{u} {v}\n{v} {u}\n" for u, v in nx.complete_graph(12).edges))  # both ways
    res = runner.invoke(app, ["run", "katz", "--graph", str(path), "-p", "alpha=0.5"])
    assert res.exit_code == 0
    assert "warning: output 'katz' holds" in res.stderr and "warning" not in res.stdout
    chain = tmp_path / "chain.txt"
    chain.write_text("".join(f"{v} {v + 1}\n" for v in range(30)))
    res = runner.invoke(app, ["run", "pagerank", "--graph", str(chain), "-p", "max_iter=3"])
    assert res.exit_code == 0 and "did not converge" in res.stderr and "(3 rounds)" in res.stderr
    res = runner.invoke(app, ["run", "pagerank", "--graph", str(chain)])
    assert res.exit_code == 0 and "warning" not in res.stderr
