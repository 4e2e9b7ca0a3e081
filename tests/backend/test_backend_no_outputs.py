"""A program without `attr.output`: valid GIR, but `grogc run` says there is
nothing to show (no empty table), `-o` refuses to write an empty file, and
`grogc compile` notes it on stderr."""

from __future__ import annotations

import numpy as np
import pytest
from typer.testing import CliRunner

from grogc.backend.outputs import NO_OUTPUTS, summary_lines, top_rows_table, write_outputs
from grogc.cli import app
from grogc.errors import GrogError
from grogc.graph import Graph

from backend_helpers import GOLDEN

runner = CliRunner()
KARATE = GOLDEN.parent / "examples" / "karate.mtx"
NO_OUTPUT_GIR = "func @quiet() {\n  %ids = graph.node_ids : nodes<i64>\n}\n"
SCALAR_GIR = ('func @total() {\n  %ids = graph.node_ids : nodes<i64>\n'
              '  %s = core.reduce %ids {op = "sum"} : i64\n  attr.output "s", %s\n}\n')


@pytest.fixture
def gir(tmp_path):
    path = tmp_path / "quiet.gir"
    path.write_text(NO_OUTPUT_GIR)
    return path


def _run(*args):
    return runner.invoke(app, [str(a) for a in args])


def test_message_text():
    assert NO_OUTPUTS == "the program names no outputs (attr.output); nothing to show"


def test_run_says_there_is_nothing_to_show(gir):
    result = _run("run", gir, "--graph", KARATE, "--no-cache")
    assert result.exit_code == 0, result.output
    assert result.stdout == ("graph: n = 34, edges = 78, undirected\n"
                             "the program names no outputs (attr.output); nothing to show\n")
    assert result.stderr == ""  # a plain message, no warning
    assert "┏" not in result.output and "first 10" not in result.output


def test_run_with_output_file_is_an_error_and_writes_nothing(gir, tmp_path):
    out = tmp_path / "out.csv"
    result = _run("run", gir, "--graph", KARATE, "--no-cache", "-o", out)
    assert result.exit_code == 1
    assert str(result.exception) == f"error: the program names no outputs (attr.output); nothing to write to {out}"
    assert not out.exists()


def test_compile_notes_it_on_stderr(gir, tmp_path):
    plan = tmp_path / "quiet.plan"
    result = _run("compile", gir, "-o", plan)
    assert result.exit_code == 0, result.output
    assert plan.is_file()
    assert result.stderr == "note: @quiet names no outputs (attr.output); running it will show nothing\n"
    result = _run("run", plan, "--graph", KARATE)
    assert result.exit_code == 0 and NO_OUTPUTS in result.stdout


def test_compile_of_a_program_with_outputs_says_nothing_on_stderr(tmp_path):
    result = _run("compile", GOLDEN / "pagerank" / "input.gir", "-o", tmp_path / "pr.plan")
    assert result.exit_code == 0 and result.stderr == ""


def test_scalar_only_program_prints_no_empty_table(tmp_path):
    path = tmp_path / "total.gir"
    path.write_text(SCALAR_GIR)
    result = _run("run", path, "--graph", KARATE, "--no-cache")
    assert result.exit_code == 0, result.output
    assert result.stdout == "graph: n = 34, edges = 78, undirected\ns = 561\n"


def test_library_functions():
    g = Graph.from_edges([1, 2], [2, 3])
    assert summary_lines(g, {}) == ["graph: n = 3, edges = 2, directed", NO_OUTPUTS]
    assert top_rows_table(g, {}) is None
    assert top_rows_table(g, {"s": 3}) is None
    assert top_rows_table(g, {"v": np.arange(3)}) is not None
    with pytest.raises(GrogError, match="nothing to write"):
        write_outputs("x.json", g, {})


def test_narrow_table_keeps_its_title_on_one_line(tmp_path):
    path = tmp_path / "one.gir"
    path.write_text('func @one() {\n  %ids = graph.node_ids : nodes<i64>\n  attr.output "a", %ids\n}\n')
    result = _run("run", path, "--graph", KARATE, "--no-cache")
    assert result.exit_code == 0, result.output
    assert "first 10 of 34 nodes" in result.stdout
