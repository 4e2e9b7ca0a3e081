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
