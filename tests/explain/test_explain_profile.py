"""`grogc run --profile / --trace` (grogc/explain/profile_view.py) over the C
runtime's counters and value trace."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

import grogc
from grogc.driver.api import run_program
from grogc.errors import GrogError
from grogc.explain.profile_view import ProfileSession, profile_request, profile_rows, trace_lines
from grogc.graph import Graph

REPO = Path(__file__).resolve().parents[2]
PAGERANK = REPO / "golden" / "pagerank" / "input.gir"


@pytest.fixture(autouse=True)
def private_cache(tmp_path, monkeypatch):
    monkeypatch.setenv("GROGC_CACHE_DIR", str(tmp_path / "cache"))


@pytest.fixture(scope="module")
def graph_file(tmp_path_factory) -> Path:
    rng = np.random.default_rng(7)
    src, dst = rng.integers(0, 40, 200), rng.integers(0, 40, 200)
    path = tmp_path_factory.mktemp("g") / "g.csr"
    Graph.from_edges(src, dst, directed=True).save(path)
    return path


def profiled(graph_file, trace_cap=100000, **params):
    session = profile_request(trace_cap)
    texts = [f"{k}={v}" for k, v in params.items()]
    outputs, _ = run_program(PAGERANK, graph_file, param_texts=texts, profile=session)
    return session, outputs


def test_profile_rows(graph_file):
    session, _ = profiled(graph_file, trace_cap=None)
    rows, total = profile_rows(session)
    assert total > 0
    assert [r.seconds for r in rows] == sorted((r.seconds for r in rows), reverse=True)
    loop = next(r for r in rows if r.opcode == "WHILE")
    rounds = loop.rounds
    assert loop.addr == 10 and loop.calls == 1 and 1 <= rounds <= 100
    # instructions in the loop body ran once per round; fused bodies are not listed on their own
    assert next(r for r in rows if r.addr == 24).calls == rounds
    assert not any(r.addr is not None and 12 <= r.addr <= 14 for r in rows)
    pull = next(r for r in rows if r.addr == 16)
    assert pull.opcode == "FUSED_PULL" and pull.bytes > 0
    # the top level accounts for the whole run exactly once
    assert sum(r.seconds for r in rows if r.depth == 0) == pytest.approx(total)
    assert {r.value for r in rows if r.addr is None and r.opcode == "CONST"} == {"=1.0", "=0.0"}


def test_trace_shows_values_and_why_the_loop_stopped(graph_file):
    session, outputs = profiled(graph_file)
    lines = trace_lines(session)
    assert "    0  NODE_COUNT               s5 = 40" in lines
    conds = [line for line in lines if "condition of WHILE @10" in line]
    rounds = next(r for r in profile_rows(session)[0] if r.opcode == "WHILE").rounds
    assert len(conds) == rounds
    assert all(line.endswith("another round") for line in conds[:-1]) and conds[-1].endswith("stop")
    assert lines[-1] == f"WHILE @10: last round {rounds - 1}; it stopped because its condition became false"
    fill = next(line for line in lines if " FILL " in line)
    assert re.search(r"v7: min 0.025 max 0.025 mean 0.025 nonzero 40$", fill)


def test_trace_at_the_round_limit(graph_file):
    session, _ = profiled(graph_file, max_iter=2)
    assert trace_lines(session)[-1] == "WHILE @10: last round 1; it stopped at its round limit (its condition was still true)"


def test_trace_limit(graph_file):
    session, _ = profiled(graph_file, trace_cap=5)
    lines = trace_lines(session)
    assert len(lines) == 1 + 5 + 1 + 1
    assert lines[-2] == "... trace stopped after 5 records (--trace-limit)"


@pytest.mark.parametrize("cap", [1, 5, 30, 100000])
@pytest.mark.parametrize("max_iter", [2, 100])
def test_why_the_loop_stopped_is_reported_whatever_the_trace_limit(graph_file, cap, max_iter):
    """Issue 7: past --trace-limit the last line must still say why the
    loop stopped (from the runtime's per-loop record, not the trace)."""
    session, _ = profiled(graph_file, trace_cap=cap, max_iter=max_iter)
    full, _ = profiled(graph_file, max_iter=max_iter)
    rounds = next(r for r in profile_rows(full)[0] if r.opcode == "WHILE").rounds
    assert session.result.trace_truncated or cap > 5
    reason = ("it stopped at its round limit (its condition was still true)" if max_iter == 2
              else "it stopped because its condition became false")
    assert rounds == 2 if max_iter == 2 else rounds < 100
    assert trace_lines(session)[-1] == f"WHILE @10: last round {rounds - 1}; {reason}"
    assert trace_lines(full)[-1] == trace_lines(session)[-1]


def test_loop_that_runs_no_rounds(graph_file):
    session, _ = profiled(graph_file, max_iter=0)
    assert trace_lines(session)[-1] == "WHILE @10: no rounds; its round limit is 0 or less"


def test_setup_has_a_row_of_its_own(graph_file):
    """Issue 7: allocating and faulting in slots and starting threads is not
    charged to the first instruction."""
    session, _ = profiled(graph_file, trace_cap=None)
    rows, total = profile_rows(session)
    [setup] = [r for r in rows if r.opcode == "SETUP"]
    assert setup.addr is None and setup.calls == 1 and setup.seconds > 0
    assert setup.value == "allocate and fault in slots, start threads"
    assert session.result.setup_seconds == setup.seconds
    assert sum(r.seconds for r in rows if r.depth == 0) == pytest.approx(total)


def test_request_errors():
    with pytest.raises(GrogError, match="cannot be used with --reference"):
        profile_request(10, reference=True)
    with pytest.raises(GrogError, match="--trace-limit must be at least 1, got 0"):
        profile_request(0)
    assert profile_request(None).trace_cap == 0 and isinstance(profile_request(None), ProfileSession)


def test_off_leaves_results_unchanged(graph_file):
    _, with_profile = profiled(graph_file)
    plain, _ = run_program(PAGERANK, graph_file)
    np.testing.assert_array_equal(with_profile["pagerank"], plain["pagerank"])


def test_cli_profile_and_trace(graph_file, tmp_path):
    out = tmp_path / "pr.csv"
    r = subprocess.run([sys.executable, "-m", "grogc", "run", str(PAGERANK), "--graph", str(graph_file), "--profile",
                        "--trace", "--trace-limit", "50", "-o", str(out)], capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    assert r.stdout.strip() == f"wrote {out}"
    assert "profile:" in r.stderr and "GB/s" in r.stderr and "FUSED_PULL" in r.stderr and "setup" in r.stderr
    assert "condition of WHILE @10: another round" in r.stderr
    r = subprocess.run([sys.executable, "-m", "grogc", "run", str(PAGERANK), "--graph", str(graph_file), "--trace",
                        "--reference"], capture_output=True, text=True)
    assert r.returncode == 1 and "cannot be used with --reference" in r.stderr


def test_cli_run_no_cache(graph_file, tmp_path):
    cache = tmp_path / "cli-cache"
    env = {"GROGC_CACHE_DIR": str(cache), "PATH": "/usr/bin:/bin"}
    r = subprocess.run([sys.executable, "-m", "grogc", "run", str(PAGERANK), "--graph", str(graph_file), "--no-cache",
                        "-o", str(tmp_path / "a.csv")], capture_output=True, text=True, env=env)
    assert r.returncode == 0, r.stderr
    assert not cache.exists()
    r = subprocess.run([sys.executable, "-m", "grogc", "run", str(PAGERANK), "--graph", str(graph_file),
                        "-o", str(tmp_path / "b.csv")], capture_output=True, text=True, env=env)
    assert r.returncode == 0, r.stderr
    assert len(list((cache / "plans").glob("*.plan"))) == 1
    assert (tmp_path / "a.csv").read_text() == (tmp_path / "b.csv").read_text()
    assert grogc.compile(PAGERANK, cache=False).entry == "pagerank"
