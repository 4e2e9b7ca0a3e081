"""A diverging iteration is not a converged one.

The library's iterative algorithms loop while NOT (err < limit): a NaN err
(katz with alpha above 1/lambda_max overflows to inf, then inf - inf = NaN)
runs the loop to its round limit, so the run reports it as not converged,
`grogc run` warns, and the NetworkX backend raises
PowerIterationFailedConvergence, as NetworkX does (its test is
`err < N * tol`, false for NaN).  With `core.ge %err, %limit` the same loop
stopped "by its condition" and called NaN converged: the contrast test
below keeps that pitfall visible.
"""

from __future__ import annotations

import gzip

import networkx as nx
import numpy as np
import pytest
from typer.testing import CliRunner

import grogc
from grogc.cli import app
from grogc.frontend.parser import parse_file
from grogc.graph import Graph
from grogc.library import algorithm_path, algorithm_source

ITERATIVE = ["pagerank", "personalized_pagerank", "katz", "eigenvector", "hits"]
K12 = nx.complete_graph(12)  # lambda_max = 11: katz diverges for alpha > 1/11

try:  # the CliRunner of click >= 8.2 always keeps stderr apart
    runner = CliRunner(mix_stderr=False)
except TypeError:
    runner = CliRunner()


def _condition_ops(name: str) -> list[str]:
    """The op names that compute the library loop's yielded condition, from
    the yield back to the comparison."""
    fn = parse_file(algorithm_path(name)).functions[0]
    loop = next(op for op in fn.walk() if op.name == "control.while")
    body = loop.regions[0].ops
    by_result = {r: op for op in body for r in op.results}
    chain, value = [], body[-1].operands[0]
    while value in by_result:
        op = by_result[value]
        chain.append(op.name)
        if op.name != "core.not":
            break
        value = op.operands[0]
    return chain


@pytest.mark.parametrize("name", ITERATIVE)
def test_loop_condition_is_not_less_than(name):
    assert _condition_ops(name) == ["core.not", "core.lt"]


def _diverging_katz(g: Graph, **params):
    out = grogc.compile("katz").run(g, alpha=0.5, **params)
    (loop,) = out.loops
    return out, loop


def test_diverging_katz_runs_to_its_round_limit_and_is_not_converged():
    out, loop = _diverging_katz(Graph.from_networkx(K12))
    assert np.isnan(out["katz"]).any()  # the iteration really reached NaN
    assert loop.stopped == "limit" and loop.rounds == 1000 and not out.converged
    with pytest.raises(nx.PowerIterationFailedConvergence):
        nx.katz_centrality(K12, alpha=0.5)
    # below 1/lambda_max it converges, in the same number of rounds as NetworkX's loop
    ok = grogc.compile("katz").run(Graph.from_networkx(K12), alpha=0.05)
    assert ok.converged and ok.loops[0].stopped == "condition"
    rounds = ok.loops[0].rounds
    nx.katz_centrality(K12, alpha=0.05, max_iter=rounds)
    with pytest.raises(nx.PowerIterationFailedConvergence):
        nx.katz_centrality(K12, alpha=0.05, max_iter=rounds - 1)


def test_the_ge_condition_calls_nan_converged():
    """The contrast: the former condition stops the diverged loop early."""
    source = algorithm_source("katz")
    old = source.replace("%close = core.lt %err, %limit : bool\n    %more = core.not %close : bool",
                         "%more = core.ge %err, %limit : bool")
    assert old != source
    out = grogc.compile(old).run(Graph.from_networkx(K12), alpha=0.5)
    assert out.loops[0].stopped == "condition" and out.loops[0].rounds < 1000 and out.converged


def test_hits_overflowing_to_nan_is_not_converged():
    G = nx.gnm_random_graph(20, 60, seed=1, directed=True)
    nx.set_edge_attributes(G, 1e300, "weight")  # hub scores overflow to inf, then scale to NaN
    out = grogc.compile("hits").run(Graph.from_networkx(G))
    assert np.isnan(out["hub"]).all() and out.loops[0].stopped == "limit" and not out.converged


def test_grogc_run_warns_that_diverging_katz_did_not_converge(tmp_path):
    path = tmp_path / "k12.txt"
    path.write_text("".join(f"{u} {v}\n{v} {u}\n" for u, v in K12.edges))
    res = runner.invoke(app, ["run", "katz", "--graph", str(path), "-p", "alpha=0.5"])
    assert res.exit_code == 0, res.stderr
    assert "warning: a loop did not converge: it stopped at its round limit (1000 rounds)" in res.stderr
    assert "warning: output 'katz' holds NaN" in res.stderr


def test_nx_backend_raises_for_diverging_katz():
    from grogc.nx_backend.centrality import katz_centrality
    from grogc.nx_backend.graph import convert_from_nx

    with pytest.raises(nx.PowerIterationFailedConvergence):
        katz_centrality(convert_from_nx(K12), alpha=0.5)
    with pytest.raises(nx.PowerIterationFailedConvergence):
        nx.katz_centrality(K12, alpha=0.5)


def test_katz_on_wiki_vote_diverges_and_says_so(shared_data, tmp_path):
    """The issue's case: katz's default alpha 0.1 is above 1/lambda_max on
    wiki-Vote; the error passes 1e308 near round 470 and turns NaN."""
    from grogc.graph.importers import ImportOptions, import_graph
    from grogc.nx_backend.centrality import katz_centrality
    from grogc.nx_backend.graph import convert_from_nx

    src = shared_data / "wiki-vote" / "wiki-Vote.txt.gz"
    g = import_graph(src, options=ImportOptions())
    out = grogc.compile("katz").run(g)
    assert np.isnan(out["katz"]).any()
    assert out.loops[0].stopped == "limit" and out.loops[0].rounds == 1000 and not out.converged
    res = runner.invoke(app, ["run", "katz", "--graph", str(src)])
    assert res.exit_code == 0 and "warning: a loop did not converge" in res.stderr, res.stderr
    with gzip.open(src, "rt") as f:
        G = nx.parse_edgelist((line for line in f if not line.startswith("#")), nodetype=int,
                              create_using=nx.DiGraph)
    with pytest.raises(nx.PowerIterationFailedConvergence):
        katz_centrality(convert_from_nx(G))
    # NetworkX's own loop: the same growth (its 1000 Python rounds take minutes, so a few suffice)
    with pytest.raises(nx.PowerIterationFailedConvergence):
        nx.katz_centrality(G, max_iter=20)
