"""LDBC Graphalytics conformance: all 14 graphs in ../shared/data/ldbc pass
with LDBC's rules on both executors; the rules reject the mistaken variants;
the CLI prints the table and exits 1 on a failure."""

from __future__ import annotations

import shutil
import subprocess
import sys

import pytest

from grogc.errors import GrogError
from grogc.ldbc.formats import compare, format_value, read_output
from grogc.ldbc.properties import read_graph_folder
from grogc.ldbc.runner import graph_folders, validate_folder

GRAPHS = ["example-directed", "example-undirected"] + [f"test-{a}-{d}" for a in ("bfs", "cdlp", "lcc", "pr", "sssp", "wcc")
                                                       for d in ("directed", "undirected")]


@pytest.mark.parametrize("name", GRAPHS)
@pytest.mark.parametrize("reference", [False, True], ids=["runtime", "interpreter"])
def test_graph_passes(shared_data, name, reference, tmp_path):
    report = validate_folder(shared_data / "ldbc" / name, tmp_path, reference=reference)
    assert report.results and report.passed, [r.detail for r in report.results if not r.passed]
    assert {r.algorithm for r in report.results} == set(read_graph_folder(shared_data / "ldbc" / name).algorithms)
    for r in report.results:
        assert r.output.name == f"{name}-{r.algorithm}" and r.output.is_file()


def test_outputs_are_in_ldbc_format(shared_data, tmp_path):
    validate_folder(shared_data / "ldbc" / "example-directed", tmp_path)
    sssp = (tmp_path / "example-directed-SSSP").read_text().splitlines()
    assert sssp[:2] == ["1 0.000000000000000e+00", "2 Infinity"]
    assert format_value("BFS", 9223372036854775807) == "9223372036854775807"
    bfs = read_output(tmp_path / "example-directed-BFS", "BFS")
    assert bfs == read_output(shared_data / "ldbc" / "example-directed" / "example-directed-BFS", "BFS")


def test_all_fourteen_graphs_are_found(shared_data):
    assert [p.name for p in graph_folders(shared_data / "ldbc")] == sorted(GRAPHS)


# ---- the rules ---------------------------------------------------------------


def test_exact_rules():
    assert compare("BFS", {1: 0, 2: 1}, {1: 0, 2: 1}) is None
    assert compare("CDLP", {1: 0, 2: 2}, {1: 0, 2: 1}) == \
        "1 of 2 vertices differ (exact); first: vertex 2: got 2, reference 1"


def test_wcc_needs_a_bijection_not_equal_labels():
    assert compare("WCC", {1: 7, 2: 7, 3: 9}, {1: 1, 2: 1, 3: 3}) is None
    assert compare("WCC", {1: 7, 2: 7, 3: 7}, {1: 1, 2: 1, 3: 3}).startswith("1 of 3 vertices differ (equivalence)")
    assert compare("WCC", {1: 7, 2: 8, 3: 9}, {1: 1, 2: 1, 3: 3}).startswith("1 of 3 vertices differ")


def test_epsilon_rule_is_relative_and_zero_and_infinity_are_exact():
    inf = float("inf")
    assert compare("PR", {1: 1.00009, 2: 0.0, 3: inf}, {1: 1.0, 2: 0.0, 3: inf}) is None
    assert compare("PR", {1: 1.00011}, {1: 1.0}) is not None
    assert compare("LCC", {1: 1e-300}, {1: 0.0}) is not None
    assert compare("SSSP", {1: 1e300}, {1: inf}) is not None


def test_vertex_sets_must_agree():
    assert compare("BFS", {1: 0}, {1: 0, 2: 1}) == "vertex sets differ: missing [2], extra []"


def test_a_wrong_reference_fails_and_the_cli_exits_1(shared_data, tmp_path):
    folder = tmp_path / "example-directed"
    shutil.copytree(shared_data / "ldbc" / "example-directed", folder)
    bfs = folder / "example-directed-BFS"
    bfs.write_text(bfs.read_text().replace("\n2 ", "\n2 4", 1))
    report = validate_folder(folder, algorithms=("BFS", "WCC"))
    assert [r.passed for r in report.results] == [False, True]
    done = subprocess.run([sys.executable, "-m", "grogc", "ldbc", "validate", str(folder)], capture_output=True, text=True,
                          timeout=120)
    assert done.returncode == 1
    assert "FAIL" in done.stdout and "5 passed, 1 failed" in done.stdout


def test_bad_folders_say_what_is_wrong(tmp_path):
    with pytest.raises(GrogError, match="holds no LDBC graph folder"):
        graph_folders(tmp_path)
    (tmp_path / "g.properties").write_text("graph.g.directed = maybe\n")
    with pytest.raises(GrogError, match="graph.g.directed must be true or false, got 'maybe'"):
        read_graph_folder(tmp_path)
