"""The catalogue: names, parameters (with defaults) and outputs exactly as
issue 6 lists them, read from the parsed .gir files; lookup errors; the CLI."""

from __future__ import annotations

import re
import subprocess
import sys

import pytest

from grogc.errors import GrogError
from grogc.library import algorithm_info, algorithm_names, algorithm_path, algorithm_source, is_algorithm, list_algorithms

# name -> (parameters as `name: type = default`, outputs): the issue's table.
EXPECTED = {
    "pagerank": (["alpha: f64 = 0.85 in [0, 1]", "max_iter: i64 = 100 in [0, inf)", "tol: f64 = 1.0e-6 in [0, inf)", "weighted: bool = false"], ["pagerank"]),
    "personalized_pagerank": (["source: node", "alpha: f64 = 0.85 in [0, 1]", "max_iter: i64 = 100 in [0, inf)", "tol: f64 = 1.0e-6 in [0, inf)"], ["pagerank"]),
    "components": ([], ["component"]),
    "scc": ([], ["component"]),
    "bfs": (["source: node"], ["level"]),
    "sssp": (["source: node"], ["dist"]),
    "label_propagation": (["max_iter: i64 = 100 in [0, inf)"], ["label"]),
    "core_number": ([], ["core"]),
    "triangles": ([], ["triangles"]),
    "clustering": ([], ["clustering"]),
    "degree_centrality": ([], ["in", "out"]),
    "hits": (["max_iter: i64 = 100 in [0, inf)", "tol: f64 = 1.0e-8 in [0, inf)"], ["hub", "authority"]),
    "katz": (["alpha: f64 = 0.1 in [0, inf)", "beta: f64 = 1.0", "max_iter: i64 = 1000 in [0, inf)", "tol: f64 = 1.0e-6 in [0, inf)", "normalized: bool = true"], ["katz"]),
    "eigenvector": (["max_iter: i64 = 100 in [0, inf)", "tol: f64 = 1.0e-6 in [0, inf)"], ["eigenvector"]),
}


@pytest.mark.parametrize("name", sorted(set(EXPECTED) & set(algorithm_names())))
def test_parameters_and_outputs_are_the_issues(name):
    info = algorithm_info(name)
    params, outputs = EXPECTED[name]
    assert [p.text() for p in info.params] == params
    assert list(info.outputs) == outputs
    assert info.summary and "\n" not in info.summary


def test_every_listed_algorithm_is_shipped():
    assert sorted(EXPECTED) == algorithm_names()
    assert [a.name for a in list_algorithms()] == sorted(EXPECTED)


def test_source_and_path():
    assert algorithm_path("bfs").name == "bfs.gir"
    assert algorithm_source("bfs").count("func @bfs(") == 1


@pytest.mark.parametrize("bad, close", [("pagerankk", "pagerank"), ("pagernk", "pagerank"), ("Components", "components"),
                                        ("core-number", "core_number")])
def test_a_mistyped_name_gets_a_suggestion(bad, close):
    with pytest.raises(GrogError, match=re.escape(f"error: no library algorithm '{bad}'; did you mean {close}?")):
        algorithm_path(bad)


@pytest.mark.parametrize("bad", ["zzz", "../library/bfs", "func @x() {}", ""])
def test_unknown_name_lists_the_library(bad):
    assert not is_algorithm(bad)
    with pytest.raises(GrogError, match=re.escape(f"no library algorithm named '{bad}'; the library has: bfs, ")):
        algorithm_path(bad)


def _grogc(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "grogc", *args], capture_output=True, text=True, timeout=120)


def test_cli_algorithms_lists_one_line_each():
    done = _grogc("algorithms")
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert len(lines) == len(algorithm_names())
    pr = next(line for line in lines if line.startswith("pagerank "))
    assert "alpha: f64 = 0.85 in [0, 1]" in pr and "weighted: bool = false" in pr and "-> pagerank" in pr


def test_cli_runs_a_library_algorithm_by_name(tmp_path):
    edges = tmp_path / "g.txt"
    edges.write_text("1 2\n2 3\n3 1\n3 4\n")
    out = tmp_path / "levels.csv"
    done = _grogc("run", "bfs", "--graph", str(edges), "-p", "source=2", "-o", str(out))
    assert done.returncode == 0, done.stderr
    assert out.read_text().splitlines() == ["node,level", "1,2", "2,0", "3,1", "4,2"]


def test_python_api_compiles_a_library_name():
    import grogc

    assert grogc.compile("triangles", cache=False).entry == "triangles"


@pytest.mark.parametrize("name", algorithm_names())
def test_each_algorithm_has_a_golden_case_holding_its_file(name):
    from golden_stages import GOLDEN

    own = GOLDEN / name
    case = own if (own / "input.gir").is_file() and (own / "input.gir").read_text() == algorithm_source(name) \
        else GOLDEN / f"lib_{name}"  # a hand-written case of that name came first
    assert (case / "input.gir").read_text() == algorithm_source(name)
    assert (case / "plan.txt").is_file() and (case / "parse.gir").is_file()
