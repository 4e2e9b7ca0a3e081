"""`grogc run --trace` on stderr: every line of the trace and of the warnings
is whole, so a warning never runs on after the trace's last summary line
("...still true)warning: ..."), on a pipe and through the CLI runner."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from typer.testing import CliRunner

from grogc.cli import app

REPO = Path(__file__).resolve().parents[1]
# pagerank stopped after 2 rounds: a non-convergence warning and a WHILE ending in the trace
ARGS = ["run", "pagerank", "-g", str(REPO / "examples" / "karate.mtx"), "-p", "max_iter=2", "--trace",
        "--trace-limit", "3"]


def _check(stderr: str) -> None:
    assert stderr.endswith("\n"), repr(stderr[-200:])
    lines = stderr.splitlines()
    ending = [ln for ln in lines if ln.startswith("WHILE @")]
    assert ending and ending[-1].endswith("(its condition was still true)"), lines
    warnings = [ln for ln in lines if "warning:" in ln]
    assert warnings and all(ln.startswith("warning: ") for ln in warnings), warnings
    assert "trace stopped after 3 records" in stderr


def test_trace_and_warnings_are_whole_lines_on_a_pipe(tmp_path):
    env = {**os.environ, "PYTHONPATH": str(REPO) + os.pathsep + os.environ.get("PYTHONPATH", "")}
    proc = subprocess.run([sys.executable, "-m", "grogc", *ARGS, "-o", str(tmp_path / "pr.csv")], cwd=tmp_path,
                          env=env, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    _check(proc.stderr)


def test_trace_and_warnings_are_whole_lines_in_the_cli_runner(tmp_path):
    r = CliRunner().invoke(app, [*ARGS, "-o", str(tmp_path / "pr.csv")])
    assert r.exit_code == 0, r.output
    _check(r.stderr)
