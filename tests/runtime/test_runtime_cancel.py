"""Every run can be stopped: Ctrl-C, a time limit, a cancel from another
thread; and a long run shows its loop round (issue 14, items 1 and 11)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import numpy as np
import pytest

import grogc
from grogc.binding.run_control import RunCancelled, RunControl, RunTimeout
from grogc.errors import GrogError
from grogc.graph import Graph

REPO = Path(__file__).resolve().parents[2]
# Never ends by itself: the condition is always true and the limit is 2^62.
ENDLESS = """func @spin(%max_iter: i64 = 4611686018427387904) {
  %ids = graph.node_ids : nodes<i64>
  %x = control.while %max_iter iter_args(%l = %ids) : nodes<i64> {
    %nmin = graph.pull %l {agg = "min", dir = "all"} : nodes<i64>
    %y = core.add %nmin, %l : nodes<i64>
    %t = core.const true : bool
    control.yield %t, %y
  }
  attr.output "x", %x
}
"""
# One element-wise instruction over many nodes, no loop at all.
STRAIGHT = """func @straight() {
  %ids = graph.node_ids : nodes<i64>
  %y = core.mul %ids, %ids : nodes<i64>
  attr.output "y", %y
}
"""


def _ring(n: int) -> Graph:
    src = np.arange(n)
    return Graph.from_edges(src, (src + 1) % n)


@pytest.fixture(scope="module")
def endless():
    return grogc.compile(ENDLESS, cache=False)


def _env() -> dict:
    return {**os.environ, "PYTHONPATH": str(REPO) + os.pathsep + os.environ.get("PYTHONPATH", "")}


def _interrupt_after(proc: subprocess.Popen, marker: str) -> tuple[str, float]:
    """Wait for `marker` on proc's stderr (the run is under way), send SIGINT;
    return the rest of stderr and the seconds from SIGINT to exit."""
    seen = ""
    while marker not in seen:
        line = proc.stderr.readline()
        assert line, f"the process ended before {marker!r}: {seen}"
        seen += line
    t0 = time.monotonic()
    proc.send_signal(signal.SIGINT)
    rest = proc.stderr.read()
    proc.wait(30)
    return rest, time.monotonic() - t0


def test_sigint_stops_grogc_run_with_exit_130_one_line_and_no_output(tmp_path):
    gir, out = tmp_path / "spin.gir", tmp_path / "out.csv"
    gir.write_text(ENDLESS)
    proc = subprocess.Popen([sys.executable, "-m", "grogc", "run", str(gir), "--graph", "examples/karate.mtx",
                             "-o", str(out), "--progress"], cwd=REPO, env=_env(), stderr=subprocess.PIPE, text=True)
    rest, _ = _interrupt_after(proc, "round ")  # a loop round is running in C
    assert proc.returncode == 130
    lines = [ln for ln in rest.splitlines() if not ln.startswith("running ")]  # progress lines may still come
    assert lines == ["interrupted: the run was stopped (Ctrl-C); no output was written"]
    assert not out.exists()


def test_sigint_raises_keyboardinterrupt_in_python():
    code = f"""
import sys, grogc, numpy as np
from grogc.binding.run_control import RunControl
plan = grogc.compile({ENDLESS!r}, cache=False)
src = np.arange(50_000)
g = grogc.Graph.from_edges(src, (src + 1) % 50_000)
import threading, time
ctl = RunControl()
def tell():
    while ctl.round < 3: time.sleep(0.01)
    print("running", file=sys.stderr, flush=True)
threading.Thread(target=tell, daemon=True).start()
try:
    plan.run(g, control=ctl)
except KeyboardInterrupt:
    print("KeyboardInterrupt in round", ctl.round, file=sys.stderr, flush=True)
    out = plan.run(grogc.Graph.from_edges([0, 1], [1, 2]), max_iter=2)  # the runtime still works
    print("then", out["x"].tolist(), file=sys.stderr)
"""
    proc = subprocess.Popen([sys.executable, "-c", code], cwd=REPO, env=_env(), stderr=subprocess.PIPE, text=True)
    rest, _ = _interrupt_after(proc, "running")
    assert proc.returncode == 0, rest
    assert "KeyboardInterrupt in round" in rest and "then [" in rest, rest


def test_a_time_limit_stops_an_endless_run(endless):
    ctl = RunControl()
    with pytest.raises(RunTimeout, match=r"^error: the run was stopped after its time limit of 0.3 s "
                                         r"\(in round \d+ of its outermost loop\)$"):
        endless.run(_ring(5000), timeout=0.3, control=ctl)
    assert ctl.round > 0 and ctl.rounds >= ctl.round


def test_a_time_limit_is_checked_when_given(endless):
    for bad in (0, -1, float("nan"), float("inf"), "soon"):
        with pytest.raises(GrogError, match="timeout must be a"):
            endless.run(_ring(10), timeout=bad)


def test_a_cancel_from_another_thread_stops_the_run_and_progress_is_readable(endless):
    ctl = RunControl()
    rounds_seen = []

    def watch_then_cancel():
        while ctl.round < 5:
            time.sleep(0.005)
        rounds_seen.append(ctl.round)
        ctl.cancel()

    watcher = threading.Thread(target=watch_then_cancel)
    watcher.start()
    with pytest.raises(RunCancelled, match="^error: the run was cancelled$"):
        endless.run(_ring(20_000), threads=2, control=ctl)
    watcher.join()
    assert rounds_seen[0] >= 5 and ctl.round >= rounds_seen[0]


def test_a_cancel_stops_a_run_off_the_main_thread_too(endless):
    ctl, errors = RunControl(), []

    def run():
        try:
            endless.run(_ring(1000), control=ctl)
        except RunCancelled as err:
            errors.append(err)

    t = threading.Thread(target=run)
    t.start()
    while ctl.round < 2:
        time.sleep(0.005)
    ctl.cancel()
    t.join(30)
    assert not t.is_alive() and len(errors) == 1


def test_a_cancel_inside_one_instruction_never_returns_partial_results():
    # cancelled before the run: the element-wise instruction skips its blocks,
    # and the dispatch loop must report that rather than return the zeros
    plan = grogc.compile(STRAIGHT, cache=False)
    ctl = RunControl()
    ctl.cancel()
    with pytest.raises(RunCancelled):
        plan.run(_ring(10_000), control=ctl)
    out = plan.run(_ring(10_000))
    assert np.array_equal(out["y"], np.arange(10_000) ** 2)


def test_cancelled_fused_and_pull_work_is_reported(endless):
    # -O2 fuses the loop body (a FUSED_PULL); -O0 keeps a top-level PULL
    for plan in (endless, grogc.compile(ENDLESS, opt_level=0, cache=False)):
        ctl = RunControl()
        ctl.cancel()
        with pytest.raises(RunCancelled):
            plan.run(_ring(9000), control=ctl)


def test_grogc_run_timeout_is_a_clean_error(tmp_path):
    gir = tmp_path / "spin.gir"
    gir.write_text(ENDLESS)
    done = subprocess.run([sys.executable, "-m", "grogc", "run", str(gir), "--graph", "examples/karate.mtx",
                           "--timeout", "0.5", "-o", str(tmp_path / "o.csv")], cwd=REPO, env=_env(),
                          capture_output=True, text=True)
    assert done.returncode == 1
    assert done.stderr.startswith("error: the run was stopped after its time limit of 0.5 s (in round ")
    assert len(done.stderr.splitlines()) == 1 and not (tmp_path / "o.csv").exists()


@pytest.mark.parametrize("args, message", [
    (["--timeout", "0"], "Invalid value for '--timeout': 0.0 is not a number of seconds > 0"),
    (["--timeout", "nan"], "is not a number of seconds > 0"),
    (["--threads", "-3"], "Invalid value for '--threads'"),
    (["--threads", "2147483648"], "Invalid value for '--threads'"),
])
def test_bad_timeout_and_threads_are_usage_errors(args, message):
    done = subprocess.run([sys.executable, "-m", "grogc", "run", "pagerank", "--graph", "examples/karate.mtx", *args],
                          cwd=REPO, env={**_env(), "COLUMNS": "200"}, capture_output=True, text=True)
    assert done.returncode == 2
    assert message in done.stderr and "Traceback" not in done.stderr


@pytest.mark.parametrize("threads", [-3, 2**31, 257, 1.5, True])
def test_bad_thread_counts_in_python_are_clear_errors(threads):
    plan = grogc.compile(STRAIGHT, cache=False)
    with pytest.raises(GrogError, match="threads must be an integer from 0 to 256"):
        plan.run(_ring(10), threads=threads)


def test_progress_lines_when_forced_on_a_pipe(tmp_path):
    gir = tmp_path / "spin.gir"
    gir.write_text(ENDLESS)
    done = subprocess.run([sys.executable, "-m", "grogc", "run", str(gir), "--graph", "examples/karate.mtx",
                           "--timeout", "1.5", "--progress"], cwd=REPO, env=_env(), capture_output=True, text=True)
    lines = [ln for ln in done.stderr.splitlines() if ln.startswith("running ")]
    assert lines and all(" on examples/karate.mtx: " in ln and ln.endswith(" s") for ln in lines)
    assert any(": round " in ln for ln in lines), done.stderr


def test_timeout_with_the_reference_interpreter_is_refused():
    done = subprocess.run([sys.executable, "-m", "grogc", "run", "examples/pagerank.gir", "--graph",
                           "examples/karate.mtx", "--reference", "--timeout", "5"], cwd=REPO, env=_env(),
                          capture_output=True, text=True)
    assert done.returncode == 1
    assert done.stderr == "error: --timeout stops the C runtime; the reference interpreter (--reference) takes none\n"
