"""Frontier loops (docs/frontier.md) against SciPy csgraph and GAPBS, one run, ratios printed.

    python benchmarks/bench_frontier.py [--gapbs DIR] [--scale 20] [--threads 2] [--repeat 3] [--only sssp,...]
                                        [--graphs grid,path,kron]

Graphs: a 1000 x 1000 grid (undirected, unweighted), a directed path of 50,000
nodes, and a Graph500 Kronecker graph of 2^scale nodes (undirected).  sssp on
Kronecker gets GAPBS's weight distribution, integers 1..255 (as f64): the
weights of `grogc graph generate --weighted` (uniform in [0, 1)) mapped to
floor(255 w) + 1; the [0, 1) weights themselves are a second row, with no
GAPBS figure (GAPBS draws integers only).  Algorithms:
the library's bfs, sssp and components, examples/components.gir, and PageRank
(the dense loop this work must not slow down).  grogc times are plan.run
with the compile excluded, best of --repeat; grogc and SciPy run in turn
(one of each, then again), so both see the same quick and slow spells of a
shared machine.

GAPBS (the GAP Benchmark Suite, https://github.com/sbeamer/gapbs: `git clone`
it) is optional: give its source folder and the script builds it with `make`
when its binaries are missing.  GAPBS runs on 1 and 2 threads and the better
average counts (its barrier-heavy kernels are sometimes faster on one thread
of a shared 2-core machine).  The grid and the path go to GAPBS as edge-list
files; on Kronecker GAPBS generates its own graph of the same scale and
generator (`-g scale`, weights 1..255 for sssp): the same distribution, not
the same graph.  GAPBS's sssp gets `-d 2` on Kronecker, the Delta its own
benchmark makefile (benchmark/bench.mk) uses for kron; elsewhere its default.
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

import numpy as np
import scipy.sparse as sp
from scipy.sparse import csgraph
from timing import best, best_of_each

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

import grogc  # noqa: E402
from grogc.graph import Graph  # noqa: E402
from grogc.graph.generators import generate  # noqa: E402
from grogc.library import algorithm_path  # noqa: E402


def grid(k: int) -> Graph:
    idx = np.arange(k * k).reshape(k, k)
    src = np.concatenate([idx[:, :-1].ravel(), idx[:-1, :].ravel()])
    dst = np.concatenate([idx[:, 1:].ravel(), idx[1:, :].ravel()])
    return Graph.from_edges(src, dst, directed=False)


def path(n: int) -> Graph:
    return Graph.from_edges(np.arange(n - 1), np.arange(1, n), directed=True)


def scipy_matrix(g: Graph, weighted: bool) -> sp.csr_matrix:
    off, tgt = np.asarray(g.out_offsets), np.asarray(g.out_targets)
    w = np.asarray(g.out_weights) if weighted and g.weighted else np.ones(len(tgt))
    return sp.csr_matrix((w, tgt, off), shape=(g.n, g.n))


def gapbs_time(folder: Path, kernel: str, args: list[str]) -> float | None:
    """Better of 1 and 2 threads: GAPBS's "Average Time"."""
    times = []
    for threads in ("1", "2"):
        out = subprocess.run([str(folder / kernel), *args], capture_output=True, text=True,
                             env={**os.environ, "OMP_NUM_THREADS": threads}, timeout=600).stdout
        found = re.search(r"Average Time:\s+([0-9.]+)", out)
        if found:
            times.append(float(found.group(1)))
    return min(times) if times else None


def integer_weights(g: Graph) -> Graph:
    """g with GAPBS's weight distribution: w in [0, 1) becomes floor(255 w) + 1 in 1..255."""
    off, tgt = np.asarray(g.out_offsets), np.asarray(g.out_targets)
    src = np.repeat(np.arange(g.n), np.diff(off))
    keep = src < tgt  # each undirected edge once; both of its arcs carry the same weight
    w = np.floor(np.asarray(g.out_weights)[keep] * 255.0) + 1.0
    return Graph.from_edges(src[keep], tgt[keep], w, directed=False, nodes=np.asarray(g.node_ids))


def write_edge_list(g: Graph, path_: Path, weighted: bool) -> None:
    off, tgt = np.asarray(g.out_offsets), np.asarray(g.out_targets)
    src = np.repeat(np.arange(g.n), np.diff(off))
    cols = [src, tgt] + ([np.ones(len(tgt), np.int64)] if weighted else [])
    np.savetxt(path_, np.column_stack(cols), fmt="%d")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--gapbs", type=Path, help="GAPBS source folder (optional; built with make if needed)")
    ap.add_argument("--scale", type=int, default=20)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--only", help="comma-separated algorithm rows to run (e.g. sssp); default all")
    ap.add_argument("--graphs", default="grid,path,kron",
                    help="comma-separated graphs to run: grid, path, kron (default all three)")
    a = ap.parse_args()
    graphs = set(a.graphs.split(","))
    if not graphs <= {"grid", "path", "kron"}:
        ap.error(f"--graphs takes grid, path and kron, got {a.graphs!r}")
    if a.gapbs and not (a.gapbs / "bfs").exists():
        subprocess.run(["make", "-C", str(a.gapbs)], check=True)
    plans = {name: grogc.compile(str(algorithm_path(name))) for name in ("bfs", "sssp", "components", "pagerank")}
    plans["examples/components.gir"] = grogc.compile(str(REPO / "examples" / "components.gir"))
    tmp = Path(tempfile.mkdtemp(prefix="grogc-bench-"))
    only = set(a.only.split(",")) if a.only else None
    cases = [("grid 1000x1000", grid(1000), None)] if "grid" in graphs else []
    cases += [("path 50k", path(50_000), None)] if "path" in graphs else []
    kron_unit = None
    if "kron" in graphs:
        kron_unit = generate("kron", a.scale, 16, 1, weighted=True)
        cases.append((f"kron {a.scale}", generate("kron", a.scale, 16, 1), integer_weights(kron_unit)))
    print(f"{'graph':<16} {'algorithm':<24} {'grogc s':>9} {'scipy s':>9} {'gapbs s':>9} {'/scipy':>7} {'/gapbs':>7}")
    for label, g, g_w in cases:
        source = int(np.argmax(np.diff(np.asarray(g.out_offsets)))) if label.startswith("kron") else 0
        src_id = int(g.node_ids[source])
        A = scipy_matrix(g, False)
        gw = g_w or g
        Aw = scipy_matrix(gw, True)
        Au = scipy_matrix(kron_unit, True) if label.startswith("kron") else None
        el = None
        if a.gapbs and not label.startswith("kron"):
            el = tmp / f"{label.split()[0]}.el"
            write_edge_list(g, el, False)
            write_edge_list(g, tmp / f"{label.split()[0]}.wel", True)
        gap_args = (lambda k: ["-g", str(a.scale), "-n", "3"] + (["-d", "2"] if k == "sssp" else [])
                    if label.startswith("kron") else
                    ["-f", str(el if k != "sssp" else el.with_suffix(".wel"))] + (["-s"] if not g.directed else [])
                    + ["-n", "3"] + (["-r", "0"] if k in ("bfs", "sssp") else []))
        rows = [
            ("bfs", lambda: plans["bfs"].run(g, threads=a.threads, source=src_id),
             lambda: csgraph.breadth_first_order(A, source, directed=True, return_predecessors=False), "bfs"),
            ("sssp", lambda: plans["sssp"].run(gw, threads=a.threads, source=int(gw.node_ids[source])),
             lambda: csgraph.dijkstra(Aw, indices=source), "sssp"),
            *([("sssp w in [0,1)", lambda: plans["sssp"].run(kron_unit, threads=a.threads, source=src_id),
                lambda: csgraph.dijkstra(Au, indices=source), None)] if label.startswith("kron") else []),
            ("components", lambda: plans["components"].run(g, threads=a.threads),
             lambda: csgraph.connected_components(A, directed=True, connection="weak"), "cc"),
            ("examples/components.gir", lambda: plans["examples/components.gir"].run(g, threads=a.threads),
             lambda: csgraph.connected_components(A, directed=True, connection="weak"), "cc"),
            ("pagerank", lambda: plans["pagerank"].run(g, threads=a.threads), None, "pr"),
        ]
        for name, ours, theirs, kernel in rows:
            if only and name.split()[0] not in only:
                continue
            t, s = best_of_each([ours, theirs], a.repeat) if theirs else (best(ours, a.repeat), None)
            gap = gapbs_time(a.gapbs, kernel, gap_args(kernel)) if a.gapbs and kernel else None
            ratio = lambda other: f"{t / other:7.2f}" if other else f"{'-':>7}"  # noqa: E731
            print(f"{label:<16} {name:<24} {t:9.4f} {s if s is None else round(s, 4)!s:>9} "
                  f"{gap if gap is None else round(gap, 4)!s:>9} {ratio(s)} {ratio(gap)}", flush=True)


if __name__ == "__main__":
    main()
