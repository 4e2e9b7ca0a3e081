"""The CLI's contract details: usage errors, stdin, repeated options, warnings."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]


def grogc(*args: str, stdin: str | None = None, env: dict | None = None) -> subprocess.CompletedProcess:
    import os

    return subprocess.run([sys.executable, "-m", "grogc", *args], capture_output=True, text=True, input=stdin,
                          cwd=REPO, env={**os.environ, **(env or {})})


def test_compile_reads_gir_from_stdin(tmp_path):
    done = grogc("compile", "-", "-o", str(tmp_path / "c.plan"), stdin=(REPO / "examples/components.gir").read_text())
    assert done.returncode == 0, done.stderr
    from grogc.backend.plan import Plan

    assert Plan.load(tmp_path / "c.plan").entry == "components"


def test_a_parameter_given_twice_is_an_error():
    done = grogc("run", "pagerank", "--graph", "examples/karate.mtx", "-p", "alpha=0.5", "-p", "alpha=0.6")
    assert done.returncode == 1
    assert done.stderr.strip() == "error: parameter 'alpha' is given twice (--param alpha=0.6)"


@pytest.mark.parametrize("args", [["compile", "examples/pagerank.gir", "-o", "x.plan", "-O3"],
                                  ["opt", "examples/pagerank.gir", "--passes", "cse,nope"],
                                  ["explain", "pagerank", "--format", "yaml"]],
                         ids=["level", "pass", "format"])
def test_bad_option_values_are_usage_errors(args):
    done = grogc(*args)
    assert done.returncode == 2, done.stderr
    assert "Invalid value" in done.stderr


def test_a_corrupt_cache_entry_warns_in_one_line(tmp_path):
    env = {"GROGC_CACHE_DIR": str(tmp_path)}
    assert grogc("compile", "examples/components.gir", "-o", str(tmp_path / "a.plan"), env=env).returncode == 0
    done = grogc("run", "examples/components.gir", "--graph", "examples/karate.mtx", "-o", str(tmp_path / "o.csv"), env=env)
    assert done.returncode == 0 and "warning" not in done.stderr
    for entry in (tmp_path / "plans").glob("*.plan"):
        entry.write_bytes(b"not a plan")
    done = grogc("run", "examples/components.gir", "--graph", "examples/karate.mtx", "-o", str(tmp_path / "o.csv"), env=env)
    assert done.returncode == 0, done.stderr
    lines = done.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("warning: grogc cache: corrupt entry"), done.stderr


def test_plan_run_needs_a_graph():
    import grogc
    from grogc.errors import GrogError

    with pytest.raises(GrogError, match=r"Plan.run needs a grogc.Graph .*got NoneType"):
        grogc.compile("components", cache=False).run(None)


def test_a_runtime_fault_names_the_gir_op(tmp_path):
    src = tmp_path / "dz.gir"
    src.write_text('func @f(%k: i64 = 0) {\n  %ids = graph.node_ids : nodes<i64>\n'
                   '  %q = core.div %ids, %k : nodes<i64>\n  attr.output "q", %q\n}\n')
    done = grogc("run", str(src), "--graph", "examples/karate.mtx")
    assert done.returncode == 1 and "Traceback" not in done.stderr
    assert "integer division by zero" in done.stderr
    assert "  in: %q = core.div %ids, %k : nodes<i64>" in done.stderr
