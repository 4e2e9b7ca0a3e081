"""examples/scc.gir (forward-backward colouring in GIR) against the library's
graph.scc kernel and SciPy's strong components, one run, ratios printed.

    python benchmarks/bench_scc_gir.py [--scales 16 17 18] [--paths 1000 2000 5000] [--threads 2]
                                       [--repeat 3] [--repo DIR] [--dense-limit SECONDS]

Graphs: Graph500 Kronecker graphs of 2^scale nodes, directed, edge factor 16
(`generate("kron", s, 16, seed=1, directed=True)`), and directed paths
0 -> 1 -> ... -> n-1.  scc.gir compiles at -O2: its colouring loop becomes
graph.propagate and its marking loop graph.propagate_mark (docs/frontier.md);
times are plan.run with the compile excluded, best of --repeat.

`--repo DIR` imports grogc from another checkout (with its runtime built in
place) instead of this one: how docs/benchmarks.md's "before" column was
measured (main before the marking loop became a frontier loop).

A directed path is forward-backward colouring's worst case: every outer
round assigns one node (the smallest unassigned id reaches all the rest,
and only it reaches itself), so n outer rounds each cost O(n) at best: the
path sizes stay small.  `--dense-limit` skips a case whose estimate (from
the previous, smaller path) exceeds it.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import numpy as np
import scipy.sparse as sp
from scipy.sparse import csgraph
from timing import best_of_each


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--scales", type=int, nargs="*", default=[16, 17, 18])
    ap.add_argument("--paths", type=int, nargs="*", default=[1000, 2000, 5000])
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--repo", type=Path, default=Path(__file__).resolve().parents[1])
    ap.add_argument("--dense-limit", type=float, default=120.0)
    a = ap.parse_args()
    sys.path.insert(0, str(a.repo.resolve()))
    import grogc
    from grogc.graph import Graph
    from grogc.graph.generators import generate

    here = Path(__file__).resolve().parents[1]
    gir = grogc.compile((here / "examples" / "scc.gir").read_text(), opt_level=2)
    lib = grogc.compile("func @s() {\n  %c = graph.scc : nodes<i64>\n  attr.output \"c\", %c\n}\n", opt_level=2)
    kinds = [op for op in ("PROPAGATE_MARK", "PROPAGATE", "WHILE") if op in gir.listing()]
    print(f"grogc from {a.repo}; scc.gir's plan holds {', '.join(kinds)}; {a.threads} threads, best of {a.repeat}")
    graphs = [(f"kron {s} directed", lambda s=s: generate("kron", s, 16, 1, directed=True)) for s in a.scales]
    graphs += [(f"path {n} directed", lambda n=n: Graph.from_edges(np.arange(n - 1), np.arange(1, n), directed=True))
               for n in a.paths]
    print(f"{'graph':<22} {'n':>9} {'m':>10} {'scc.gir s':>10} {'graph.scc s':>11} {'scipy s':>9} "
          f"{'gir/kernel':>10} {'gir/scipy':>9}")
    last_path = None
    for label, make in graphs:
        g = make()
        if label.startswith("path") and last_path is not None:
            estimate = last_path[1] * (g.n / last_path[0]) ** 2
            if estimate > a.dense_limit:
                print(f"{label:<22} skipped: about {estimate:.0f} s expected from path {last_path[0]}")
                continue
        off, tgt = np.asarray(g.out_offsets), np.asarray(g.out_targets)
        A = sp.csr_matrix((np.ones(len(tgt)), tgt, off), shape=(g.n, g.n))
        got = gir.run(g, threads=a.threads)["component"]
        want = lib.run(g, threads=a.threads)["c"]
        ids = np.asarray(g.node_ids)
        assert np.array_equal(got, ids[want]), f"{label}: scc.gir and graph.scc disagree"
        t_gir, t_lib, t_sp = best_of_each([lambda: gir.run(g, threads=a.threads), lambda: lib.run(g, threads=a.threads),
                                           lambda: csgraph.connected_components(A, directed=True, connection="strong")],
                                          a.repeat)
        if label.startswith("path"):
            last_path = (g.n, t_gir)
        print(f"{label:<22} {g.n:>9,} {len(tgt):>10,} {t_gir:>10.4f} {t_lib:>11.4f} {t_sp:>9.4f} "
              f"{t_gir / t_lib:>10.1f} {t_gir / t_sp:>9.1f}")


if __name__ == "__main__":
    main()
