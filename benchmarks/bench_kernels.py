"""The library's graph kernels against the state of the art, ratios from one run.

    python benchmarks/bench_kernels.py --gapbs PATH/TO/gapbs [--scales 18 20] [--threads 2] [--repeat 3]

Rows (grogc: the library algorithm's -O2 plan, compiled once, compile time
excluded, --threads threads; "ratio" is grogc time / peer time):
- triangles, clustering: undirected Kronecker, against GAPBS `tc` (counts the
  total only; grogc counts per node, clustering also divides);
- components: undirected Kronecker, against GAPBS `cc` (Afforest);
- core_number: undirected Kronecker, against igraph's `coreness()` (bucket
  peeling, one thread); also on the path below;
- scc: directed Kronecker and a 50,000-node directed path, against SciPy's
  `connected_components(connection="strong")` (one thread).

PATH/TO/gapbs is a built checkout of https://github.com/sbeamer/gapbs (`make`
there builds `tc`, `cc` and `converter`); this script only runs it.  GAPBS
gets the same graph: grogc's undirected Kronecker graph written as an edge
list (each edge once), turned into a `.sg` by GAPBS's `converter -s`, and run
with OMP_NUM_THREADS=--threads; its own reported trial times are used (read
time excluded, like grogc's compile and load).  Before timing, each peer's
answer is checked against grogc's (triangle total, component count, core
numbers, strong partition size); a mismatch stops the script.

Graphs: grogc.graph.generators.generate("kron", scale, 16, seed=1).  Times are
medians of --repeat runs after one untimed warm-up run (grogc, igraph,
SciPy; GAPBS times its own trials in one process); a call that takes more
than --single seconds runs once.
"""

from __future__ import annotations

import argparse
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

import grogc.driver.api as api
from grogc.graph import Graph
from grogc.graph.generators import generate


def timed(fn, repeat: int, single: float, warm: bool = True) -> tuple[float, object]:
    """Median seconds of fn() over repeat runs (one run if it is slow), and
    its last result; warm: one untimed run first, unless that one was slow
    (it then counts)."""
    times, result = [], None
    if warm:
        t0 = time.perf_counter()
        result = fn()
        if time.perf_counter() - t0 > single:
            return time.perf_counter() - t0, result
    for _ in range(repeat):
        t0 = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - t0)
        if times[0] > single:
            break
    return statistics.median(times), result


class Grogc:
    def __init__(self, threads: int, repeat: int, single: float) -> None:
        self.threads, self.repeat, self.single = threads, repeat, single
        self.plans: dict = {}

    def run(self, algorithm: str, g: Graph) -> tuple[float, dict]:
        if algorithm not in self.plans:
            self.plans[algorithm] = api.compile(algorithm, opt_level=2, cache=False)
        plan = self.plans[algorithm]
        return timed(lambda: plan.run(g, threads=self.threads), self.repeat, self.single, warm=True)


class Gapbs:
    """GAPBS binaries on one graph, converted once to its .sg format."""

    def __init__(self, folder: Path, threads: int, repeat: int, single: float, work: Path) -> None:
        self.folder, self.repeat, self.single, self.work = folder, repeat, single, work
        self.env = {**os.environ, "OMP_NUM_THREADS": str(threads)}
        for tool in ("tc", "cc", "converter"):
            if not (folder / tool).is_file():
                sys.exit(f"error: {folder / tool} not found: build GAPBS there first (make)")

    def load(self, g: Graph, name: str) -> Path:
        el, sg = edge_list(g, self.work / f"{name}.el"), self.work / f"{name}.sg"  # converter -s stores both ways
        subprocess.run([str(self.folder / "converter"), "-f", str(el), "-s", "-b", str(sg)], check=True,
                       stdout=subprocess.DEVNULL, env=self.env)
        el.unlink()
        return sg

    def _run(self, tool: str, sg: Path, trials: int) -> tuple[list[float], str]:
        done = subprocess.run([str(self.folder / tool), "-f", str(sg), "-n", str(trials), "-a"], check=True,
                              capture_output=True, text=True, env=self.env)
        return [float(t) for t in re.findall(r"Trial Time:\s+([0-9.]+)", done.stdout)], done.stdout

    def run(self, tool: str, sg: Path) -> tuple[float, str]:
        first, text = self._run(tool, sg, 1)
        if first[0] > self.single or self.repeat == 1:
            return first[0], text
        more, text = self._run(tool, sg, self.repeat)
        return statistics.median(more), text


def edge_list(g: Graph, path: Path) -> Path:
    """g's arcs as a text edge list (an undirected graph's edges once each)."""
    src = np.repeat(np.arange(g.n), np.diff(g.out_offsets))
    dst = np.asarray(g.out_targets, dtype=np.int64)
    keep = src < dst if not g.directed else np.ones(src.size, dtype=bool)
    np.savetxt(path, np.stack([src[keep], dst[keep]], axis=1), fmt="%d")
    return path


def igraph_graph(g: Graph, work: Path):
    """Read through igraph's own C reader (building from Python lists of 16M
    edges takes a minute); it ends at the largest id with an edge."""
    import igraph as ig

    path = edge_list(g, work / "igraph.el")
    graph = ig.Graph.Read_Edgelist(str(path), directed=g.directed)
    path.unlink()
    return graph


def scipy_matrix(g: Graph):
    import scipy.sparse as sp

    return sp.csr_array((np.ones(len(g.out_targets)), np.asarray(g.out_targets, dtype=np.int64),
                         np.asarray(g.out_offsets)), shape=(g.n, g.n))


def scipy_strong(a):
    from scipy.sparse.csgraph import connected_components

    return connected_components(a, directed=True, connection="strong")


class Table:
    def __init__(self) -> None:
        self.rows: list[tuple] = []

    def add(self, algorithm: str, graph: str, grogc_s: float, peer: str, peer_s: float) -> None:
        self.rows.append((algorithm, graph, grogc_s, peer, peer_s))
        print(f"  {algorithm:<12} {graph:<22} grogc {grogc_s:8.3f} s   {peer:<26} {peer_s:8.3f} s   "
              f"ratio {grogc_s / peer_s:6.2f}", flush=True)

    def markdown(self) -> str:
        out = ["| algorithm | graph | grogc s | peer | peer s | grogc / peer |",
               "| --- | --- | ---: | --- | ---: | ---: |"]
        for algorithm, graph, gs, peer, ps in self.rows:
            out.append(f"| {algorithm} | {graph} | {gs:.3f} | {peer} | {ps:.3f} | {gs / ps:.2f} |")
        return "\n".join(out)


def check(ok: bool, what: str) -> None:
    if not ok:
        sys.exit(f"CHECK FAILED: {what}")
    print(f"  CHECK ok: {what}", flush=True)


def kronecker_rows(scale: int, args, grogc: Grogc, gapbs: Gapbs, table: Table) -> None:
    name = f"kron{scale} undirected"
    print(f"scale {scale}: generating", flush=True)
    u = generate("kron", scale, 16, seed=1, directed=False)
    sg = gapbs.load(u, f"kron{scale}")

    t_tri, out = grogc.run("triangles", u)
    total = int(out["triangles"].sum()) // 3
    t_tc, text = gapbs.run("tc", sg)
    check(f"{total} triangles" in text, f"GAPBS tc counts {total} triangles at scale {scale}")
    table.add("triangles", name, t_tri, "GAPBS tc", t_tc)
    t_clu, _ = grogc.run("clustering", u)
    table.add("clustering", name, t_clu, "GAPBS tc", t_tc)

    t_cc, out = grogc.run("components", u)
    t_gcc, text = gapbs.run("cc", sg)
    seen = int(re.search(r"Graph has (\d+) nodes", text).group(1))  # GAPBS ends at the largest id with an edge
    labels = out["component"][:seen]
    check(f"There are {np.unique(labels).size} components" in text, f"GAPBS cc's component count at scale {scale}")
    table.add("components", name, t_cc, "GAPBS cc", t_gcc)

    core_rows(name, u, args, grogc, table)
    del u

    d = generate("kron", scale, 16, seed=1, directed=True)
    scc_rows(f"kron{scale} directed", d, args, grogc, table)


def core_rows(name: str, g: Graph, args, grogc: Grogc, table: Table) -> None:
    ig_g = igraph_graph(g, args.work)
    t_core, out = grogc.run("core_number", g)
    t_ig, cores = timed(lambda: ig_g.coreness(mode="all"), args.repeat, args.single)
    seen = len(cores)
    check(np.array_equal(np.asarray(cores), out["core"][:seen]) and not out["core"][seen:].any(),
          f"igraph coreness on {name}")
    table.add("core_number", name, t_core, "igraph coreness", t_ig)


def scc_rows(name: str, g: Graph, args, grogc: Grogc, table: Table) -> None:
    a = scipy_matrix(g)
    t_scc, out = grogc.run("scc", g)
    t_sp, (count, _) = timed(lambda: scipy_strong(a), args.repeat, args.single)
    check(count == np.unique(out["component"]).size, f"SciPy's strong component count on {name}")
    table.add("scc", name, t_scc, "SciPy strong components", t_sp)


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--gapbs", type=Path, required=True, help="a built GAPBS checkout (tc, cc, converter)")
    p.add_argument("--scales", type=int, nargs="+", default=[18, 20])
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--repeat", type=int, default=3)
    p.add_argument("--single", type=float, default=10.0, help="a call slower than this runs once")
    p.add_argument("--path-nodes", type=int, default=50_000)
    args = p.parse_args()
    grogc = Grogc(args.threads, args.repeat, args.single)
    table = Table()
    with tempfile.TemporaryDirectory(prefix="bench_kernels_") as work:
        args.work = Path(work)
        gapbs = Gapbs(args.gapbs.resolve(), args.threads, args.repeat, args.single, args.work)
        k = args.path_nodes
        path = Graph.from_edges(np.arange(k - 1), np.arange(1, k), directed=True)
        print(f"directed path of {k} nodes", flush=True)
        scc_rows(f"path {k} directed", path, args, grogc, table)
        core_rows(f"path {k} directed", path, args, grogc, table)
        for scale in args.scales:
            kronecker_rows(scale, args, grogc, gapbs, table)
    print()
    print(f"threads {args.threads}, repeat {args.repeat} (median), single {args.single} s")
    print(table.markdown())


if __name__ == "__main__":
    main()
