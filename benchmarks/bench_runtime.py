"""Benchmark of the C runtime (issue 5 item 7): PageRank (20 fixed
iterations, benchmarks/pagerank_fixed.gir) on the directed Kronecker graph and
connected components (examples/components.gir) on the undirected one, both
COMPILED by grogc at -O2, against a plain C loop (the speed of light, same
thread count), SciPy sparse, and python-igraph / NetworKit / python-graphblas
when importable.  Results are checked to agree (grogc vs plain C vs SciPy)
before anything is timed.

    python benchmarks/bench_runtime.py [--scales 18 20] [--threads 2] [--repeats 5]

Every figure is a median of --repeats runs measured in this process, grogc
and plain C runs interleaved (one of each per round), and ratios are against
the plain C loop measured in the same run (the machine is shared and noisy).
Per-iteration PageRank time = (T(20 iterations) - T(0)) / 20 for grogc and
plain C (T(0): the same call with no iteration, i.e. the fixed setup); the
peers' figures are whole calls / 20.
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
PAGERANK_GIR = ROOT / "benchmarks" / "pagerank_fixed.gir"
COMPONENTS_GIR = ROOT / "examples" / "components.gir"

import grogc  # noqa: E402
from grogc.binding.runtime import encode, execute  # noqa: E402
from grogc.graph import Graph  # noqa: E402
from grogc.graph.generators import generate  # noqa: E402

ITERS = 20
ALPHA = 0.85


def median_time(fn, repeats: int) -> float:
    return median_times([fn], repeats)[0]


def median_times(fns: list, repeats: int) -> list[float]:
    """Median wall time of each callable, the callables interleaved round by
    round so a noisy stretch of the shared machine hits them all alike."""
    times: list[list[float]] = [[] for _ in fns]
    for _ in range(repeats):
        for k, fn in enumerate(fns):
            t0 = time.perf_counter()
            fn()
            times[k].append(time.perf_counter() - t0)
    return [statistics.median(t) for t in times]


def compiled(path: Path):
    """The -O2 plan of a .gir file, encoded for the runtime once."""
    return encode(grogc.compile(path, opt_level=2, cache=False).data)


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
    prog = compiled(PAGERANK_GIR)
    out = np.empty(g.n)
    runs = {
        "grogc": (lambda: execute(g, prog, {"iters": ITERS, "alpha": ALPHA}, threads=threads),
                  lambda: execute(g, prog, {"iters": 0, "alpha": ALPHA}, threads=threads)),
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
            x = ALPHA * (s + x[dangling].sum() / g.n) + (1 - ALPHA) / g.n
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
    """name -> callable; g is undirected (each edge stored both ways), so
    grogc's dir "all" and the plain C loop see every edge twice, like the
    min-label propagation of examples/components.gir."""
    prog = compiled(COMPONENTS_GIR)
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
    runs["SciPy csgraph"] = lambda: connected_components(A, directed=False)
    src, dst = g.arcs()
    once = src <= dst  # each undirected edge once for the peers
    src, dst = src[once], dst[once]
    try:
        import igraph

        ig = igraph.Graph(n=g.n, edges=np.column_stack([src, dst]).tolist(), directed=False)
        runs["igraph"] = lambda: ig.connected_components()
    except ImportError:
        print("note: python-igraph not importable; skipped")
    try:
        import networkit as nk

        G = nk.Graph(g.n, directed=False)
        G.addEdges((src.astype(np.uint64), dst.astype(np.uint64)))
        runs["NetworKit"] = lambda: nk.components.ConnectedComponents(G).run()
    except ImportError:
        print("note: networkit not importable; skipped")
    return runs


# ----- agreement, before any timing -------------------------------------------------


def check_pagerank(g: Graph, so, threads: int) -> None:
    """grogc, plain C and SciPy give the same ranks (f64 sums in different
    orders: relative 1e-9)."""
    got = execute(g, compiled(PAGERANK_GIR), {"iters": ITERS, "alpha": ALPHA}, threads=threads)["pagerank"]
    plain = np.empty(g.n)
    so.plain_pagerank(g.n, ptr(g.in_offsets), ptr(g.in_sources), ptr(g.out_offsets), ALPHA, ITERS, ptr(plain),
                      threads)
    ref = pagerank_runs(g, so, threads)["SciPy sparse"][0]()
    for name, x in (("plain C", plain), ("SciPy", ref)):
        if not np.allclose(got, x, rtol=1e-9, atol=0.0):
            raise SystemExit(f"PageRank: grogc and {name} disagree (max abs diff {np.abs(got - x).max():.3g})")


def check_components(g: Graph, so, threads: int) -> None:
    """grogc and plain C give the same labels (smallest id of the component);
    SciPy the same partition."""
    from scipy.sparse.csgraph import connected_components
    import scipy.sparse as sp

    got = execute(g, compiled(COMPONENTS_GIR), threads=threads)["component"]
    plain = np.empty(g.n, dtype=np.int64)
    rounds = np.zeros(1, dtype=np.int64)
    so.plain_components(g.n, ptr(g.in_offsets), ptr(g.in_sources), ptr(g.out_offsets), ptr(g.out_targets),
                        ptr(plain), threads, ptr(rounds))
    if not np.array_equal(got, plain):
        raise SystemExit("components: grogc and plain C disagree")
    A = sp.csr_array((np.ones(g.m), g.out_targets.astype(np.int64), g.out_offsets), shape=(g.n, g.n))
    _, labels = connected_components(A, directed=False)
    first = np.full(labels.max() + 1, g.n, dtype=np.int64)
    np.minimum.at(first, labels, np.arange(g.n))
    if not np.array_equal(first[labels], got):
        raise SystemExit("components: grogc and SciPy give different partitions")


def table(title: str, rows: list[tuple[str, float, float | None]], base: float, unit: str) -> None:
    print(f"\n{title}")
    print(f"| tool | {unit} (ms) | x plain C |")
    print("| --- | ---: | ---: |")
    for name, value, _ in rows:
        print(f"| {name} | {value * 1e3:.2f} | {value / base:.2f} |")


def fixed_overhead(repeats: int) -> tuple[float, float, float]:
    """Seconds per call on the 7-node graph of the runtime tests, 1 thread:
    a one-CONST plan through execute(), the compiled PageRank (1 iteration)
    through execute(), and the same through the public Plan.run."""
    sys.path.insert(0, str(ROOT / "tests" / "runtime"))
    from conftest import make_graph

    g = make_graph()
    plan = grogc.compile(PAGERANK_GIR, opt_level=2, cache=False)
    pr = encode(plan.data)
    tiny = encode({"slots": [{"kind": "scalar", "dtype": "f64"}], "constants": [{"slot": 0, "value": 1.0}],
                   "ops": [], "outputs": [{"name": "c", "slot": 0}]})
    calls = [lambda: execute(g, tiny, threads=1), lambda: execute(g, pr, {"iters": 1}, threads=1),
             lambda: plan.run(g, threads=1, iters=1)]
    for fn in calls:
        for _ in range(200):
            fn()
    per = []
    for fn in calls:
        samples = []
        for _ in range(repeats):
            t0 = time.perf_counter()
            for _ in range(2000):
                fn()
            samples.append((time.perf_counter() - t0) / 2000)
        per.append(statistics.median(samples))
    return per[0], per[1], per[2]


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--scales", type=int, nargs="+", default=[18, 20])
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--repeats", type=int, default=5)
    ap.add_argument("--only", choices=["pagerank", "components", "overhead"], nargs="+",
                    default=["pagerank", "components", "overhead"])
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        so = build_plain(Path(tmp))
        for scale in args.scales:
            if "pagerank" in args.only:
                g = generate("kron", scale, 16, seed=1, directed=True)
                print(f"\n## Kronecker scale {scale}, edge factor 16, directed: n = {g.n}, m = {g.m} arcs, "
                      f"{args.threads} threads, median of {args.repeats}")
                check_pagerank(g, so, args.threads)
                runs = pagerank_runs(g, so, args.threads)
                names = list(runs)
                # grogc and plain C interleaved: full and setup calls of both in one round
                fg, sg, fc, sc = median_times([runs["grogc"][0], runs["grogc"][1], runs["plain C"][0],
                                               runs["plain C"][1]], args.repeats)
                rows = [("grogc", (fg - sg) / ITERS, fg), ("plain C", (fc - sc) / ITERS, fc)]
                for name in names[2:]:
                    t_full = median_time(runs[name][0], args.repeats)
                    rows.append((name, t_full / ITERS, t_full))
                table(f"PageRank, {ITERS} iterations: time per iteration", rows, rows[1][1], "per iteration")
                print(f"(whole call: grogc {fg * 1e3:.1f} ms, plain C {fc * 1e3:.1f} ms; "
                      "results checked against plain C and SciPy)")
                del g
            if "components" in args.only:
                g = generate("kron", scale, 16, seed=1, directed=False)
                print(f"\n## Kronecker scale {scale}, edge factor 16, undirected: n = {g.n}, m = {g.m} arcs, "
                      f"{args.threads} threads, median of {args.repeats}")
                check_components(g, so, args.threads)
                runs = components_runs(g, so, args.threads)
                both = median_times([runs["grogc"], runs["plain C"]], args.repeats)
                crows = [("grogc", both[0], None), ("plain C", both[1], None)]
                crows += [(name, median_time(fn, args.repeats), None) for name, fn in list(runs.items())[2:]]
                table("Connected components: whole call (labels checked against plain C and SciPy)", crows,
                      crows[1][1], "call")
    if "overhead" in args.only:
        empty, pr1, run1 = fixed_overhead(args.repeats)
        print(f"\nFixed overhead per call on the 7-node test graph, 1 thread: one CONST via execute() "
              f"{empty * 1e6:.1f} us; compiled PageRank, 1 iteration: execute() {pr1 * 1e6:.1f} us, "
              f"Plan.run {run1 * 1e6:.1f} us")


if __name__ == "__main__":
    main()
