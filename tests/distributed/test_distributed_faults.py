"""Faults: a worker killed mid-run, a part that does not match its manifest,
bad --scheduler values; never a partial output file."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time

import numpy as np
import pytest

import grogc
from grogc.distributed.profile import DistributedProfile
from grogc.errors import GrogError
from grogc.graph.partition import partition_graph

from dist_helpers import kron_graph


@pytest.fixture(scope="module")
def parted(tmp_path_factory):
    g = kron_graph(directed=False, weighted=False)
    folder = tmp_path_factory.mktemp("faults")
    g.save(folder / "g.csr")
    partition_graph(g, 3, folder / "parts")
    return g, folder


def _kill_a_worker_mid_run(client, pg, retries: int):
    """Run PageRank; SIGKILL one worker process after a few stages."""
    pg.retries = retries
    prof, box = DistributedProfile(), {}

    def work():
        try:
            box["out"] = grogc.compile("pagerank").run(pg, client=client, profile=prof, max_iter=40, tol=0.0,
                                                       threads=1)
        except Exception as err:  # handed to the test thread
            box["err"] = err

    thread = threading.Thread(target=work)
    thread.start()
    deadline = time.monotonic() + 60
    while prof.stages < 6 and thread.is_alive() and time.monotonic() < deadline:
        time.sleep(0.005)
    pids = client.run(os.getpid)
    os.kill(pids[sorted(pids)[-1]], signal.SIGKILL)
    thread.join(120)
    assert not thread.is_alive()
    client.wait_for_workers(2, timeout=60)  # the nanny restarts it for the next tests
    return box, prof


def test_a_killed_worker_stops_the_run_naming_the_part(dask_client, parted):
    _, folder = parted
    box, _ = _kill_a_worker_mid_run(dask_client, grogc.PartitionedGraph.load(folder / "parts"), retries=0)
    assert "out" not in box
    assert isinstance(box["err"], GrogError)
    assert "part " in str(box["err"]) and "no output was written" in str(box["err"])


def test_a_killed_worker_is_recovered_by_a_rerun(dask_client, parted):
    g, folder = parted
    want = grogc.compile("pagerank").run(g, max_iter=40, tol=0.0)
    with pytest.warns(UserWarning, match="running again from the start"):
        box, prof = _kill_a_worker_mid_run(dask_client, grogc.PartitionedGraph.load(folder / "parts"), retries=2)
    assert "err" not in box, box.get("err")
    assert prof.restarts >= 1  # under load the first rerun may still meet the dying worker
    assert np.allclose(box["out"]["pagerank"], want["pagerank"], rtol=1e-12, atol=0)


def _cli(*args):
    env = dict(os.environ, DASK_DISTRIBUTED__COMM__TIMEOUTS__CONNECT="2s")  # an unreachable scheduler fails fast
    return subprocess.run([sys.executable, "-m", "grogc", *map(str, args)], capture_output=True, text=True,
                          timeout=300, env=env)


def test_cli_on_a_cluster_writes_the_outputs(dask_client, parted, tmp_path):
    g, folder = parted
    out = tmp_path / "labels.csv"
    run = _cli("run", "label_propagation", "--graph", folder / "parts", "--scheduler", dask_client.scheduler.address,
               "--param", "max_iter=4", "-o", out, "--profile")
    assert run.returncode == 0, run.stderr
    assert "partitioned run: 3 parts" in run.stderr and "bytes sent" in run.stderr
    got = np.loadtxt(out, delimiter=",", skiprows=1, dtype=np.int64)
    want = grogc.compile("label_propagation").run(g, max_iter=4)["label"]  # original ids, as the file
    assert np.array_equal(got[:, 0], g.node_ids) and np.array_equal(got[:, 1], want)


def test_a_part_not_matching_its_manifest_is_refused(dask_client, parted, tmp_path):
    g, folder = parted
    bad = tmp_path / "parts"
    partition_graph(g, 3, bad)
    raw = bytearray((bad / "part-2.grogpart").read_bytes())
    raw[len(raw) // 2] ^= 0x40
    (bad / "part-2.grogpart").write_bytes(bytes(raw))
    out = tmp_path / "pr.csv"
    run = _cli("run", "pagerank", "--graph", bad, "--scheduler", dask_client.scheduler.address, "-o", out)
    assert run.returncode == 1 and "Traceback" not in run.stderr
    assert "part 2" in run.stderr and "does not match its manifest" in run.stderr
    assert not out.exists() and not list(tmp_path.glob(".pr.csv*"))


@pytest.mark.parametrize("spec, message", [("local:0", "1 <= N <= 64"), ("local:x", "ADDRESS or local:N"),
                                           ("tcp://127.0.0.1:1", "cannot reach the Dask scheduler")])
def test_bad_scheduler_values(parted, spec, message):
    _, folder = parted
    run = _cli("run", "pagerank", "--graph", folder / "parts", "--scheduler", spec)
    assert run.returncode == 1 and message in run.stderr and "Traceback" not in run.stderr


def test_scheduler_needs_a_partition_folder(parted):
    _, folder = parted
    run = _cli("run", "pagerank", "--graph", folder / "g.csr", "--scheduler", "local:1")
    assert run.returncode == 1 and "partition folder" in run.stderr and "Traceback" not in run.stderr
