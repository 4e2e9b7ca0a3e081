"""PageRank rounds on a Dask LocalCluster over a partitioned Kronecker graph,
against the local run, in the same process and the same minute.

    python benchmarks/bench_distributed.py [--scale 20] [--rounds 20] [--parts 2 4] [--workdir DIR]

Generates kron --scale (undirected, Graph500, seed 1) into --workdir (reused
when present), partitions it for every --parts value, then runs PageRank for
exactly --rounds rounds (tol = 0):

- local, 1 and 2 threads (one C call: time / rounds);
- on LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
  loopback only, dashboard on a free port) for each P: median seconds per round of the
  partitioned run (grogc.distributed.profile), the stages and client waits
  per round, and per part: owned nodes, ghosts, bytes sent per round.

Every partitioned result is checked against the local one (max relative
difference printed).  Ratios are within this run only: the machine is shared.
"""

from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path

import numpy as np


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--scale", type=int, default=20)
    ap.add_argument("--rounds", type=int, default=20)
    ap.add_argument("--parts", type=int, nargs="+", default=[2, 4])
    ap.add_argument("--workdir", type=Path, default=Path("bench-distributed"))
    args = ap.parse_args()

    import grogc
    from dask.distributed import Client, LocalCluster
    from grogc.distributed.profile import DistributedProfile
    from grogc.graph import Graph
    from grogc.graph.generators import generate
    from grogc.graph.partition import partition_graph

    args.workdir.mkdir(parents=True, exist_ok=True)
    path = args.workdir / f"kron{args.scale}.csr"
    if not path.exists():
        generate("kron", args.scale, 16, 1).save(path)
    g = Graph.load(path)
    print(f"kron scale {args.scale}: n = {g.n:,}, arcs = {g.m:,}")
    plan = grogc.compile("pagerank")
    params = {"max_iter": args.rounds, "tol": 0.0}
    local = {}
    for threads in (1, 2):
        plan.run(g, threads=threads, **params)  # warm: page cache, thread team
        t = time.perf_counter()
        local[threads] = plan.run(g, threads=threads, **params)["pagerank"]
        per_round = (time.perf_counter() - t) / args.rounds
        print(f"local {threads} thread(s): {per_round * 1e3:.1f} ms per round")
        local[f"t{threads}"] = per_round

    cluster = LocalCluster(n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1",
                           dashboard_address="127.0.0.1:0")
    client = Client(cluster)
    try:
        for parts in args.parts:
            folder = args.workdir / f"kron{args.scale}-p{parts}"
            if not (folder / "manifest.json").exists():
                t = time.perf_counter()
                partition_graph(g, parts, folder)
                print(f"partitioned into {parts} in {time.perf_counter() - t:.1f} s")
            pg = grogc.PartitionedGraph.load(folder)
            prof = DistributedProfile()
            out = plan.run(pg, client=client, profile=prof, threads=1, **params)["pagerank"]
            rel = float(np.max(np.abs(out - local[1]) / np.maximum(np.abs(local[1]), 1e-300)))
            med = statistics.median(prof.rounds)
            print(f"P = {parts}: {med * 1e3:.1f} ms per round (median of {len(prof.rounds)}; x{med / local['t2']:.2f} "
                  f"the local 2-thread round), {prof.stages / args.rounds:.1f} stages and "
                  f"{prof.waits / args.rounds:.1f} waits per round, whole run {prof.seconds:.1f} s incl. loading; "
                  f"max relative difference {rel:.1e}")
            for p, e in enumerate(pg.manifest["parts"]):
                print(f"   part {p}: {e['hi'] - e['lo']:>9,} nodes {e['arcs']:>11,} arcs {e['ghosts']:>9,} ghosts "
                      f"({e['ghosts'] / max(e['hi'] - e['lo'], 1):.2f} per owned node), "
                      f"{prof.bytes_per_round()[p] / 2**20:.2f} MiB sent per round")
    finally:
        client.close()
        cluster.close()


if __name__ == "__main__":
    main()
