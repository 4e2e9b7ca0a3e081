"""Long work shows progress on a terminal, and nothing when piped (DESIGN.md)."""

from __future__ import annotations

import os
import pty
import select
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
# A plan that runs a few seconds on a tiny graph: many rounds of scalar work.
SLOW = ("func @slow(%k: i64 = 200000000) {\n  %z = core.const 0.0 : f64\n  %one = core.const 1.0 : f64\n"
        "  %r = control.repeat %k iter_args(%s = %z) : f64 {\n    %t = core.add %s, %one : f64\n"
        "    control.yield %t\n  }\n  attr.output \"r\", %r\n}\n")


def _stderr_on_a_terminal(args: list[str]) -> bytes:
    """Run grogc with stderr on a pseudo-terminal; return what it drew there."""
    main, secondary = pty.openpty()
    proc = subprocess.Popen([sys.executable, "-m", "grogc", *args], cwd=REPO, stdout=subprocess.DEVNULL,
                            stderr=secondary, env={**os.environ, "COLUMNS": "100", "TERM": "xterm"})
    os.close(secondary)
    seen = b""
    while True:
        ready, _, _ = select.select([main], [], [], 60)
        if not ready:
            break
        try:
            chunk = os.read(main, 4096)
        except OSError:  # the terminal closed: the process is done
            break
        if not chunk:
            break
        seen += chunk
    assert proc.wait(60) == 0, seen
    os.close(main)
    return seen


def test_a_long_run_shows_a_status_on_a_terminal_and_nothing_when_piped(tmp_path):
    slow = tmp_path / "slow.gir"
    slow.write_text(SLOW)
    args = ["run", str(slow), "--graph", "examples/karate.mtx", "-o", str(tmp_path / "r.json")]
    drawn = _stderr_on_a_terminal(args)
    assert b"running " in drawn and b"slow.gir" in drawn, drawn
    assert b"round " in drawn and b" s" in drawn, drawn  # the loop round and the elapsed time
    piped = subprocess.run([sys.executable, "-m", "grogc", *args], cwd=REPO, capture_output=True)
    assert piped.returncode == 0 and piped.stderr == b""


def test_a_long_generate_shows_a_bar_on_a_terminal_and_nothing_when_piped(tmp_path):
    args = ["graph", "generate", "kron", "--scale", "20", "--edge-factor", "16", "-o", str(tmp_path / "k.csr")]
    drawn = _stderr_on_a_terminal(args)
    assert b"%" in drawn, drawn  # rich's bar shows a percentage
    piped = subprocess.run([sys.executable, "-m", "grogc", *args], cwd=REPO, capture_output=True)
    assert piped.returncode == 0 and piped.stderr == b""
