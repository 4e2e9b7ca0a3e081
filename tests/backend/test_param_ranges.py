"""Parameter values are checked: declared ranges, finite floats, strict
command-line numbers; range declarations are checked too (issue 14, item 2)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

import grogc
from grogc.interpreter import interpret
from grogc.backend.params import ParamSpec, parse_param_text
from grogc.backend.plan_schema import PlanError, validate
from grogc.errors import GrogError
from grogc.frontend.parser import parse_module
from grogc.ir.printer import print_module

REPO = Path(__file__).resolve().parents[2]
RANGED = """func @r(%a: f64 = 0.5 {max = 1.0, min = 0.0}, %k: i64 = 3 {min = 1}, %t: f64 = 0.0 {max = 2.0}) {
  %s = core.mul %a, %t : f64
  attr.output "s", %s
  attr.output "k", %k
}
"""


def _graph():
    return grogc.Graph.from_edges([0, 1], [1, 2])


@pytest.mark.parametrize("given, message", [
    ({"a": -0.5}, "parameter 'a' (f64) = -0.5 is outside its range [0, 1]"),
    ({"a": 1.5}, "parameter 'a' (f64) = 1.5 is outside its range [0, 1]"),
    ({"k": 0}, "parameter 'k' (i64) = 0 is outside its range [1, inf)"),
    ({"t": 2.5}, "parameter 't' (f64) = 2.5 is outside its range (-inf, 2]"),
    ({"a": float("nan")}, "parameter 'a' (f64) must be a finite number, got nan"),
    ({"t": float("-inf")}, "parameter 't' (f64) must be a finite number, got -inf"),
    ({"a": 10**400}, "parameter 'a' (f64) must be a finite number, got 1000"),
])
def test_values_outside_the_range_are_refused_by_every_executor(given, message):
    plan = grogc.compile(RANGED, cache=False)
    with pytest.raises(GrogError, match=r"^error: " + message.replace("(", r"\(").replace(")", r"\)")
                       .replace("[", r"\[").replace("]", r"\]")):
        plan.run(_graph(), **given)
    fn = parse_module(RANGED).functions[0]
    with pytest.raises(GrogError, match="^error: " + message.split(" ")[0]):
        interpret(fn, _graph(), given)


def test_values_on_the_bounds_run():
    plan = grogc.compile(RANGED, cache=False)
    assert plan.run(_graph(), a=1.0, t=2.0, k=1) == {"s": 2.0, "k": 1}
    assert plan.run(_graph(), a=0, t=-1e300)["s"] == 0.0  # an int for f64; no lower bound on t


def test_ranges_print_parse_and_reach_the_plan():
    text = print_module(parse_module(RANGED))
    assert text == RANGED
    plan = grogc.compile(RANGED, cache=False)
    a, k, t = plan.data["params"]
    assert (a["min"], a["max"], k["min"], "max" not in k, t["max"], "min" not in t) == (0.0, 1.0, 1, True, 2.0, True)
    assert "// param a: f64 = 0.5 in [0, 1] -> " in plan.listing()
    assert grogc.backend.plan.Plan.from_bytes(plan.to_bytes()).param_specs[0].bounds == {"min": 0.0, "max": 1.0}


@pytest.mark.parametrize("decl, message", [
    ("%a: bool = true {min = 0}", "parameter %a: a bool parameter cannot declare a range (only f64 and i64 can)"),
    ("%a: node {min = 0}", "parameter %a: a node parameter cannot declare a range (only f64 and i64 can)"),
    ("%a: f64 = 0.5 {lo = 0}", "parameter %a: unknown range attribute 'lo' (a parameter takes: min, max)"),
    ("%a: i64 = 5 {min = 0.5}", "parameter %a: range bound min = 0.5 is not an integer (the parameter is i64)"),
    ("%a: f64 = 0.5 {min = 1.0, max = 0.0}", "parameter %a: range bound min = 1.0 is above max = 0.0"),
    ("%a: f64 = 5.0 {min = 0, max = 1}", "parameter %a: default 5.0 is outside the declared range [0, 1]"),
    ("%a: f64 = 0.5 {min = -inf}", "parameter %a: range bound min = -inf is not a finite number"),
    ('%a: f64 = 0.5 {min = "x"}', "parameter %a: range bound min = 'x' is not a finite number"),
    ("%a: f64 = 0.5 {min = 0, min = 0}", "parameter %a has range attribute 'min' twice"),
    ("%a: f64 = nan", "parameter %a has default nan, but parameter values must be finite"),
    ("%a: f64 = inf", "parameter %a has default inf, but parameter values must be finite"),
    ("%a: i64 = 99999999999999999999", "parameter %a has default 99999999999999999999, which is out of range for i64"),
    ("%a: f64 = 1e400", "float literal 1e400 is too large for f64 (write inf or -inf for an infinity)"),
])
def test_bad_declarations_are_errors_at_their_location(decl, message):
    with pytest.raises(GrogError) as err:
        parse_module(f"func @f({decl}) {{\n}}\n", "p.gir")
    assert str(err.value).splitlines()[0].startswith("p.gir:1:")
    assert str(err.value).splitlines()[0].endswith(f"error: {message}")


def test_an_overflowing_float_literal_in_an_op_is_an_error():
    with pytest.raises(GrogError, match=r"^q.gir:2:19: error: float literal -1e999 is too large for f64"):
        parse_module('func @f() {\n  %c = core.const -1e999 : f64\n  attr.output "c", %c\n}\n', "q.gir")


def test_a_plan_with_a_bad_range_is_refused():
    plan = grogc.compile(RANGED, cache=False)
    data = dict(plan.data, params=[dict(p) for p in plan.data["params"]])
    data["params"][0]["min"] = 2.0
    with pytest.raises(PlanError, match=r"plan.params\[0\]: parameter 'a': range bound min = 2.0 is above max = 1.0"):
        validate(data)
    data["params"][0]["min"] = "low"
    with pytest.raises(PlanError, match=r"plan.params\[0\].min: expected"):
        validate(data)


@pytest.mark.parametrize("text, message", [
    ("a=1_0", "parameter 'a' (f64) must be a number, got '1_0'"),
    ("a=\uff11", "parameter 'a' (f64) must be a number, got '\uff11'"),
    ("k=\uff11\uff10", "parameter 'k' (i64) must be an integer, got '\uff11\uff10'"),
    ("k=1_000", "parameter 'k' (i64) must be an integer, got '1_000'"),
    ("a=nan", "parameter 'a' (f64) must be a number, got 'nan'"),
    ("a=-Infinity", "parameter 'a' (f64) must be a number, got '-Infinity'"),
    ("a=1e400", "parameter 'a' (f64) = 1e400 is too large for a 64-bit float"),
    ("k=٣", "parameter 'k' (i64) must be an integer, got '٣'"),
])
def test_command_line_numbers_are_strict(text, message):
    specs = [ParamSpec("a", "f64", 0.5), ParamSpec("k", "i64", 1)]
    with pytest.raises(GrogError) as err:
        parse_param_text(specs, text)
    assert str(err.value) == f"error: {message}"


@pytest.mark.parametrize("text, value", [("a=0.5", 0.5), ("a=.5", 0.5), ("a=1e-3", 1e-3), ("a=-2", -2.0),
                                         ("a=+3.", 3.0), ("k=-7", -7), ("k=+7", 7)])
def test_command_line_numbers_that_are_fine(text, value):
    specs = [ParamSpec("a", "f64", 0.5), ParamSpec("k", "i64", 1)]
    assert parse_param_text(specs, text)[1] == value


@pytest.mark.parametrize("param, message", [
    ("alpha=nan", "error: parameter 'alpha' (f64) must be a number, got 'nan'"),
    ("alpha=inf", "error: parameter 'alpha' (f64) must be a number, got 'inf'"),
    ("alpha=-1", "error: parameter 'alpha' (f64) = -1.0 is outside its range [0, 1]"),
    ("alpha=1e400", "error: parameter 'alpha' (f64) = 1e400 is too large for a 64-bit float"),
    ("max_iter=-5", "error: parameter 'max_iter' (i64) = -5 is outside its range [0, inf)"),
    ("tol=-1", "error: parameter 'tol' (f64) = -1.0 is outside its range [0, inf)"),
    ("alpha=1_0", "error: parameter 'alpha' (f64) must be a number, got '1_0'"),
])
def test_grogc_run_pagerank_reproductions_from_the_issue(param, message, tmp_path):
    done = subprocess.run([sys.executable, "-m", "grogc", "run", "pagerank", "--graph", "examples/karate.mtx",
                           "-p", param, "-o", str(tmp_path / "o.csv")], cwd=REPO, capture_output=True, text=True,
                          env={**os.environ, "PYTHONPATH": str(REPO)})
    assert done.returncode == 1 and done.stderr == message + "\n"
    assert not (tmp_path / "o.csv").exists()


def test_the_library_declares_its_ranges():
    from grogc.library import algorithm_info

    pr = {p.name: dict(p.bounds) for p in algorithm_info("pagerank").params}
    assert pr == {"alpha": {"min": 0.0, "max": 1.0}, "max_iter": {"min": 0}, "tol": {"min": 0.0}, "weighted": {}}
    assert dict(algorithm_info("katz").params[0].bounds) == {"min": 0.0}
    plan = grogc.compile("pagerank")
    out = plan.run(_graph(), max_iter=0)  # 0 rounds is a valid (if useless) run
    assert np.allclose(out["pagerank"], 1 / 3)


def test_the_builder_takes_ranges():
    from grogc import AlgorithmBuilder

    b = AlgorithmBuilder("scaled")
    a = b.param("a", "f64", default=0.5, min=0.0, max=1.0)
    b.output("y", b.init_nodes(1.0) * a)
    assert "%a: f64 = 0.5 {max = 1.0, min = 0.0}" in str(b)
    with pytest.raises(GrogError, match="outside its range"):
        b.compile().run(_graph(), a=2.0)
    b2 = AlgorithmBuilder("bad")
    with pytest.raises(GrogError, match="default 2.0 is outside the declared range"):
        b2.param("a", "f64", default=2.0, max=1.0)
