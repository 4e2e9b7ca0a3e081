"""Benchmark of the C runtime (issue 5 item 7): PageRank (20 fixed
iterations) and connected components on Kronecker graphs, grogc against a
plain C loop (the speed of light, same thread count), SciPy sparse, and
python-igraph / NetworKit / python-graphblas when importable.

    python benchmarks/bench_runtime.py [--scales 18 20] [--threads 2] [--repeats 5]

Every figure is a median of --repeats runs measured in this process, and
ratios are against the plain C loop measured in the same run (the machine is
shared and noisy).  Per-iteration PageRank time = (T(20 iterations) - T(0)) / 20
for grogc and plain C (T(0): the same call with no iteration, i.e. the fixed
setup); the peers' figures are whole calls / 20.  Until grogc.compile emits
-O2 plans, grogc runs the hand-written -O2 plans of tests/runtime/rt_plans.py.
"""

from __future__ import annotations

import argparse
import ctypes
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests" / "runtime"))

from rt_plans import components_plan, pagerank_plan  # noqa: E402

from grogc.backend.runtime import encode, execute  # noqa: E402
from grogc.graph import Graph  # noqa: E402
from grogc.graph.generators import generate  # noqa: E402

ITERS = 20
ALPHA = 0.85


def median_time(fn, repeats: int) -> float:
    times = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def build_plain(tmp: Path) -> ctypes.CDLL:
    lib = tmp / "plain.so"
    srcs = [str(Path(__file__).parent / f) for f in ("plain_pagerank.c", "plain_components.c")]
    subprocess.run(["gcc", "-O3", "-fopenmp", "-march=native", "-shared", "-fPIC", "-o", str(lib), *srcs], check=True)
    so = ctypes.CDLL(str(lib))
    p, i64, i32, f64 = ctypes.c_void_p, ctypes.c_int64, ctypes.c_int, ctypes.c_double
    so.plain_pagerank.argtypes = [i64, p, p, p, f64, i32, p, i32]
    so.plain_pagerank.restype = f64
    so.plain_components.argtypes = [i64, p, p, p, p, p, i32, p]
    so.plain_components.restype = f64
    return so


def ptr(a: np.ndarray) -> int:
    return a.ctypes.data


# ----- PageRank ---------------------------------------------------------------------


def pagerank_runs(g: Graph, so, threads: int) -> dict:
    """name -> (callable running ITERS iterations, callable running 0 or None)."""
    prog = encode(pagerank_plan())
    out = np.empty(g.n)
    runs = {
        "grogc": (lambda: execute(g, prog, {"max_iter": ITERS, "tol": 0.0, "alpha": ALPHA}, threads=threads),
                  lambda: execute(g, prog, {"max_iter": 0, "tol": 0.0, "alpha": ALPHA}, threads=threads)),
        "plain C": (lambda: so.plain_pagerank(g.n, ptr(g.in_offsets), ptr(g.in_sources), ptr(g.out_offsets),
                                              ALPHA, ITERS, ptr(out), threads),
                    lambda: so.plain_pagerank(g.n, ptr(g.in_offsets), ptr(g.in_sources), ptr(g.out_offsets),
                                              ALPHA, 0, ptr(out), threads)),
    }
    import scipy.sparse as sp

    A = sp.csr_array((np.ones(g.m), g.in_sources.astype(np.int64), g.in_offsets), shape=(g.n, g.n))
    deg = np.diff(g.out_offsets).astype(np.float64)
    inv_deg = np.divide(1.0, deg, out=np.zeros_like(deg), where=deg > 0)
    dangling = deg == 0

    def scipy_pr():
        x = np.full(g.n, 1.0 / g.n)
        for _ in range(ITERS):
            s = A @ (x * inv_deg)
            nxt = ALPHA * (s + x[dangling].sum() / g.n) + (1 - ALPHA) / g.n
            np.abs(nxt - x).sum()
            x = nxt
        return x

    runs["SciPy sparse"] = (scipy_pr, None)
    src, dst = g.arcs()
    try:
        import igraph

        ig = igraph.Graph(n=g.n, edges=np.column_stack([src, dst]).tolist(), directed=True)
        runs["igraph (PRPACK, to convergence)"] = (lambda: ig.pagerank(damping=ALPHA), None)
    except ImportError:
        print("note: python-igraph not importable; skipped")
    try:
        import networkit as nk

        nk.setNumberOfThreads(threads)
        G = nk.Graph(g.n, directed=True)
        G.addEdges((src.astype(np.uint64), dst.astype(np.uint64)))

        def nk_pr():
            pr = nk.centrality.PageRank(G, damp=ALPHA, tol=1e-30)
            pr.maxIterations = ITERS
            pr.run()

        runs["NetworKit"] = (nk_pr, None)
    except ImportError:
        print("note: networkit not importable; skipped")
    try:
        import graphblas as gb

        M = gb.Matrix.from_coo(dst, src, 1.0, nrows=g.n, ncols=g.n)  # row v: in-arcs u -> v
        inv = gb.Vector.from_dense(inv_deg)
        dmask = gb.Vector.from_dense(dangling.astype(np.float64))

        def gb_pr():
            x = gb.Vector.from_dense(np.full(g.n, 1.0 / g.n))
            for _ in range(ITERS):
                c = (x * inv).new()
                s = M.mxv(c, gb.semiring.plus_times).new()
                dsum = (x * dmask).reduce().value
                nxt = gb.Vector.from_dense(np.full(g.n, ALPHA * dsum / g.n + (1 - ALPHA) / g.n))
                nxt(accum=gb.binary.plus) << s.apply(gb.binary.times, right=ALPHA)
                x = nxt
            return x

        runs["python-graphblas"] = (gb_pr, None)
    except ImportError:
        print("note: python-graphblas not importable; skipped")
    return runs


def components_runs(g: Graph, so, threads: int) -> dict:
    prog = encode(components_plan())
    out = np.empty(g.n, dtype=np.int64)
    rounds = np.zeros(1, dtype=np.int64)
    runs = {
        "grogc": lambda: execute(g, prog, threads=threads),
        "plain C": lambda: so.plain_components(g.n, ptr(g.in_offsets), ptr(g.in_sources), ptr(g.out_offsets),
                                               ptr(g.out_targets), ptr(out), threads, ptr(rounds)),
    }
    import scipy.sparse as sp
    from scipy.sparse.csgraph import connected_components

    A = sp.csr_array((np.ones(g.m), g.out_targets.astype(np.int64), g.out_offsets), shape=(g.n, g.n))
    runs["SciPy csgraph (weak)"] = lambda: connected_components(A, directed=True, connection="weak")
    src, dst = g.arcs()
    try:
        import igraph

        ig = igraph.Graph(n=g.n, edges=np.column_stack([src, dst]).tolist(), directed=True)
        runs["igraph"] = lambda: ig.connected_components(mode="weak")
    except ImportError:
        pass
    try:
        import networkit as nk

        G = nk.Graph(g.n, directed=True)
        G.addEdges((src.astype(np.uint64), dst.astype(np.uint64)))
        runs["NetworKit"] = lambda: nk.components.WeaklyConnectedComponents(G).run()
    except ImportError:
        pass
    return runs


def table(title: str, rows: list[tuple[str, float, float | None]], base: float, unit: str) -> None:
    print(f"\n{title}")
    print(f"| tool | {unit} (ms) | x plain C |")
    print("| --- | ---: | ---: |")
    for name, value, _ in rows:
        print(f"| {name} | {value * 1e3:.2f} | {value / base:.2f} |")


def fixed_overhead(repeats: int) -> tuple[float, float]:
    from conftest import make_graph  # the 7-node graph of the runtime tests

    g = make_graph()
    pr = encode(pagerank_plan())
    tiny = encode({"slots": [{"kind": "scalar", "dtype": "f64"}], "constants": [{"slot": 0, "value": 1.0}],
                   "ops": [], "outputs": [{"name": "c", "slot": 0}]})
    for _ in range(200):
        execute(g, tiny)
    calls = 2000
    per = []
    for prog, params in ((tiny, {}), (pr, {"max_iter": 1})):
        samples = []
        for _ in range(repeats):
            t0 = time.perf_counter()
            for _ in range(calls):
                execute(g, prog, params, threads=1)
            samples.append((time.perf_counter() - t0) / calls)
        per.append(statistics.median(samples))
    return per[0], per[1]


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--scales", type=int, nargs="+", default=[18, 20])
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--repeats", type=int, default=5)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        so = build_plain(Path(tmp))
        for scale in args.scales:
            g = generate("kron", scale, 16, seed=1, directed=True)
            print(f"\n## Kronecker scale {scale}, edge factor 16: n = {g.n}, m = {g.m} arcs, "
                  f"{args.threads} threads, median of {args.repeats}")
            runs = pagerank_runs(g, so, args.threads)
            rows = []
            for name, (full, setup) in runs.items():
                t_full = median_time(full, args.repeats)
                t_iter = (t_full - median_time(setup, args.repeats)) / ITERS if setup else t_full / ITERS
                rows.append((name, t_iter, t_full))
            base = rows[1][1]
            table(f"PageRank, {ITERS} iterations: time per iteration", rows, base, "per iteration")
            print(f"(whole call: grogc {rows[0][2] * 1e3:.1f} ms, plain C {rows[1][2] * 1e3:.1f} ms)")
            crows = [(name, median_time(fn, args.repeats), None) for name, fn in components_runs(g, so, args.threads).items()]
            table("Connected components (weak): whole call", crows, crows[1][1], "call")
    empty, pr1 = fixed_overhead(args.repeats)
    print(f"\nFixed overhead per execute() on the 7-node test graph, 1 thread: one CONST {empty * 1e6:.1f} us; "
          f"PageRank plan, 1 iteration {pr1 * 1e6:.1f} us")


if __name__ == "__main__":
    main()
