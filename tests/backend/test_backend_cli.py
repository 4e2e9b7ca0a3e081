"""grogc compile / grogc run, output files and input errors, end to end."""

from __future__ import annotations

import json

import numpy as np
import pytest
from typer.testing import CliRunner

from grogc.cli import app
from grogc.graph import Graph

from backend_helpers import GOLDEN, messy_graph

runner = CliRunner()


@pytest.fixture
def graph_file(tmp_path):
    path = tmp_path / "g.csr"
    messy_graph().save(path)
    return path


def _run(*args):
    return runner.invoke(app, [str(a) for a in args])


def test_compile_writes_a_plan_and_run_prints_a_summary(tmp_path, graph_file):
    plan = tmp_path / "pr.plan"
    result = _run("compile", GOLDEN / "pagerank" / "input.gir", "-o", plan, "-O0")
    assert result.exit_code == 0, result.output
    assert "pipeline '(none)'" in result.output and plan.is_file()
    result = _run("run", plan, "--graph", graph_file)
    assert result.exit_code == 0, result.output
    assert "graph: n = 5, edges = 8, directed" in result.output
    assert "first 5 of 5 nodes" in result.output and "pagerank" in result.output


def test_run_csv_has_original_ids_and_scalars_go_to_the_terminal(tmp_path, graph_file):
    out = tmp_path / "bfs.csv"
    result = _run("run", GOLDEN / "bfs" / "input.gir", "--graph", graph_file, "--param", "source=10", "-o", out,
                  "--reference")
    assert result.exit_code == 0, result.output
    assert "rounds = " in result.output
    lines = out.read_text().splitlines()
    assert lines[0] == "node,level"
    # 10 -> 11, 10 -> 2, then 2 -> 3; 50 is unreachable
    assert lines[1:] == ["2,1", "3,2", "10,0", "11,1", "50,-1"]


def test_run_formats_npz_json_npy(tmp_path, graph_file):
    gir = GOLDEN / "components" / "input.gir"
    for name in ("c.npz", "c.json", "c.npy"):
        result = _run("run", gir, "--graph", graph_file, "-o", tmp_path / name)
        assert result.exit_code == 0, result.output
    npz = np.load(tmp_path / "c.npz")
    assert npz["nodes"].tolist() == [2, 3, 10, 11, 50]
    doc = json.loads((tmp_path / "c.json").read_text())
    assert doc["nodes"] == [2, 3, 10, 11, 50] and doc["outputs"]["component"] == npz["component"].tolist()
    assert np.load(tmp_path / "c.npy").tolist() == npz["component"].tolist() == [0, 0, 0, 0, 4]


def test_npy_with_several_outputs_is_an_error(tmp_path, graph_file):
    result = _run("run", GOLDEN / "bfs" / "input.gir", "--graph", graph_file, "-p", "source=2", "-o", tmp_path / "x.npy")
    assert result.exit_code == 1
    assert "a .npy file holds one output, but the program has 2: level, rounds" in str(result.exception)


@pytest.mark.parametrize("param, message", [
    ("alpha=high", "parameter 'alpha' (f64) must be a number, got 'high'"),
    ("beta=1", "unknown parameter 'beta' (parameters: alpha, max_iter, tol)"),
    ("alpha", "--param expects NAME=VALUE, got 'alpha'"),
    ("max_iter=2.5", "parameter 'max_iter' (i64) must be an integer, got '2.5'"),
])
def test_bad_params_are_clear_errors(graph_file, param, message):
    result = _run("run", GOLDEN / "pagerank" / "input.gir", "--graph", graph_file, "--param", param)
    assert result.exit_code == 1
    assert message in str(result.exception)


def test_missing_param_and_unknown_node(graph_file):
    result = _run("run", GOLDEN / "bfs" / "input.gir", "--graph", graph_file)
    assert "parameter 'source' (node) has no default and was not given (--param source=VALUE)" in str(result.exception)
    result = _run("run", GOLDEN / "bfs" / "input.gir", "--graph", graph_file, "-p", "source=4")
    assert "parameter 'source': node 4 is not in the graph" in str(result.exception)


def test_attr_from_csv_and_npy(tmp_path, graph_file):
    g = Graph.load(graph_file)
    csv = tmp_path / "score.csv"
    csv.write_text("node,score\n2,0.5\n3,1.5\n10,2.5\n11,0.0\n50,4.0\n")
    npy = tmp_path / "score.npy"
    np.save(npy, np.array([0.5, 1.5, 2.5, 0.0, 4.0]))
    outs = []
    for source in (csv, npy):
        out = tmp_path / f"a_{source.suffix[1:]}.json"
        result = _run("run", GOLDEN / "attributes" / "input.gir", "--graph", graph_file, "-p", "threshold=1.0",
                      "--attr", f"score={source}", "-o", out)
        assert result.exit_code == 0, result.output
        outs.append(json.loads(out.read_text()))
    assert outs[0] == outs[1]
    assert outs[0]["outputs"]["weighted_in"] == [2.5 + 0.0 + 0.5, 0.5 + 0.0, 1.5, 2.5 * 2, 0.0]
    assert g.n == 5
    bad = tmp_path / "bad.csv"
    bad.write_text("2,0.5\n7,1.0\n")
    result = _run("run", GOLDEN / "attributes" / "input.gir", "--graph", graph_file, "-p", "threshold=1",
                  "--attr", f"score={bad}")
    assert f"{bad}:2: error: node 7 is not in the graph" in str(result.exception)
    result = _run("run", GOLDEN / "attributes" / "input.gir", "--graph", graph_file, "-p", "threshold=1",
                  "--attr", f"weight={npy}")
    assert "--attr expects NAME=FILE with NAME one of the program's attributes (score), got" in str(result.exception)


def test_reference_needs_gir(tmp_path, graph_file):
    plan = tmp_path / "c.plan"
    _run("compile", GOLDEN / "components" / "input.gir", "-o", plan)
    result = _run("run", plan, "--graph", graph_file, "--reference")
    assert "--reference runs GIR source with the interpreter" in str(result.exception)


def test_compile_o2_and_bad_level(tmp_path):
    result = _run("compile", GOLDEN / "pagerank" / "input.gir", "-o", tmp_path / "p.plan")
    assert result.exit_code == 0 and "vector slots 7 → 5, scalar 9, block 1; bytes per node 49 → 33" in result.output
    result = _run("compile", GOLDEN / "pagerank" / "input.gir", "-o", tmp_path / "p.plan", "-O7")
    assert result.exit_code == 2  # a usage error, like any out-of-range option
    assert "Invalid value for '-O'" in result.output


def test_json_output_is_strict_json_with_null_for_nan_and_infinity(tmp_path):
    # sssp on a graph with an unreachable node: dist = inf there, the normal case
    g = Graph.from_edges([0, 1], [1, 2], nodes=[0, 1, 2, 3])
    gpath = tmp_path / "g.csr"
    g.save(gpath)
    out = tmp_path / "d.json"
    result = _run("run", "sssp", "--graph", gpath, "-p", "source=0", "-o", out)
    assert result.exit_code == 0, result.output
    text = out.read_text()
    assert "Infinity" not in text and "NaN" not in text
    doc = json.loads(text, parse_constant=lambda c: pytest.fail(f"not JSON: {c}"))
    assert doc["outputs"]["dist"] == [0.0, 1.0, 2.0, None]


def test_json_values_nan_inf_and_scalars_become_null():
    from grogc.backend.outputs import _json_value

    assert _json_value(np.array([1.5, np.nan, -np.inf, np.inf])) == [1.5, None, None, None]
    assert _json_value(np.float64("nan")) is None and _json_value(2.5) == 2.5
    assert _json_value(np.array([1, 2], dtype=np.int64)) == [1, 2]
    assert _json_value(np.array([True, False])) == [True, False]
