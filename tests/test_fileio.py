"""atomic_output: all or nothing, with ordinary permissions."""

from __future__ import annotations

import os

import pytest

from grogc.fileio import atomic_output, write_bytes_atomic


def test_a_failed_write_leaves_the_old_file_and_no_temporary(tmp_path):
    target = tmp_path / "out.csv"
    target.write_text("old\n")
    with pytest.raises(RuntimeError, match="boom"):
        with atomic_output(target, "w") as f:
            f.write("half of the new")
            raise RuntimeError("boom")
    assert target.read_text() == "old\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.csv"]


def test_a_finished_write_replaces_the_file_with_umask_permissions(tmp_path):
    target = tmp_path / "plan.plan"
    old = os.umask(0o022)
    try:
        write_bytes_atomic(target, b"\x01\x02")
    finally:
        os.umask(old)
    assert target.read_bytes() == b"\x01\x02"
    assert target.stat().st_mode & 0o777 == 0o644
    assert sorted(p.name for p in tmp_path.iterdir()) == ["plan.plan"]


def test_unwritable_targets_are_user_errors_naming_the_target(tmp_path):
    from grogc.errors import GrogError

    with pytest.raises(GrogError, match=r"^error: cannot write .*/no/such/dir/x.csv: No such file or directory$"):
        with atomic_output(tmp_path / "no" / "such" / "dir" / "x.csv", "w") as f:
            f.write("x")
    with pytest.raises(GrogError, match=r"^error: cannot write .*: it is a directory$"):
        write_bytes_atomic(tmp_path, b"x")
    assert list(tmp_path.iterdir()) == []


def test_cli_output_errors_exit_1_without_a_traceback(tmp_path):
    import subprocess
    import sys
    from pathlib import Path

    repo = Path(__file__).resolve().parents[1]
    for args in (["run", "examples/pagerank.gir", "--graph", "examples/karate.mtx", "-o", str(tmp_path / "no" / "x.json")],
                 ["compile", "examples/pagerank.gir", "-o", str(tmp_path)],
                 ["graph", "import", "examples/karate.mtx", "-o", str(tmp_path)]):
        done = subprocess.run([sys.executable, "-m", "grogc", *args], capture_output=True, text=True, cwd=repo)
        assert done.returncode == 1, (args, done.stderr)
        assert "Traceback" not in done.stderr
        assert "error: cannot write" in done.stderr and ".tmp" not in done.stderr, done.stderr
