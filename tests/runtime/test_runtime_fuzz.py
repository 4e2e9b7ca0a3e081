"""Random mutations of valid programs never crash the runtime (subprocess)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent


def test_fuzzed_programs_return_an_error_or_a_result():
    proc = subprocess.run([sys.executable, str(HERE / "rt_fuzz_driver.py"), "--examples", "1500"],
                          capture_output=True, text=True, timeout=300)
    last = proc.stdout.strip().splitlines()[-1:] or [""]
    assert proc.returncode == 0, f"crashed (status {proc.returncode}) at {last[0]}\n{proc.stderr[-3000:]}"
    assert last[0] == "ok 1500"
