"""`grogc opt`, `--version`, `--help` and the exit-code contract, end to end."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]


def grogc(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "grogc", *args], capture_output=True, text=True, input=stdin, cwd=REPO)


def test_opt_prints_canonical_ir():
    result = grogc("opt", "examples/pagerank.gir")
    assert result.returncode == 0, result.stderr
    assert result.stdout == (REPO / "golden/pagerank/parse.gir").read_text()


def test_opt_reads_stdin_and_selects_an_entry():
    two = "func @a() {\n}\nfunc @b(%x: f64 = 2) {\n}\n"
    result = grogc("opt", "-", "--entry", "b", stdin=two)
    assert result.returncode == 0, result.stderr
    assert result.stdout == "func @b(%x: f64 = 2.0) {\n}\n"


def test_bad_program_exits_1_with_a_diagnostic_and_no_traceback(tmp_path):
    bad = tmp_path / "bad.gir"
    bad.write_text("func @f() {\n  %a = core.const 1.0 : f64\n  %b = core.add %a, %zz : f64\n}\n")
    result = grogc("opt", str(bad))
    assert result.returncode == 1
    assert result.stderr.startswith(f"{bad}:3:21: error: use of undefined value %zz\n")
    assert "Traceback" not in result.stderr


def test_missing_file_exits_1():
    result = grogc("opt", "no/such/file.gir")
    assert result.returncode == 1
    assert "no such file: no/such/file.gir" in result.stderr


def test_usage_error_exits_2():
    result = grogc("opt", "--no-such-flag", "x.gir")
    assert result.returncode == 2
    assert "No such option" in result.stderr


def test_version_and_help():
    from grogc import __version__

    assert grogc("--version").stdout.strip() == f"grogc {__version__}"
    helptext = grogc("--help").stdout
    assert "opt" in helptext and "compiles graph algorithms" in helptext
    assert "like mlir-opt" in grogc("opt", "--help").stdout
