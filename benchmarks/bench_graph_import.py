"""Graph import / generation speed: grogc vs NetworkX's read_edgelist.

    python benchmarks/bench_graph_import.py [--scale 20] [--small-scale 16] [--workdir DIR]

Each step runs in its own process; wall time and peak RSS come from
os.wait4, so they cover the whole process (interpreter start included).
Steps: generate the Kronecker graph (scale S, edge factor 16), export it as a
text edge list, import that list (--undirected), and on the smaller scale
import with grogc and read with networkx.read_edgelist for comparison.
Prints a Markdown table for docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from pathlib import Path

CLI = "from grogc.cli_graph import graph_app; graph_app()"
NX_READ = ("import sys, networkx as nx; G = nx.read_edgelist(sys.argv[1], nodetype=int, comments='#'); "
           "print(G.number_of_nodes(), G.number_of_edges())")


def run(args: list[str]) -> tuple[float, int]:
    """Run a command; return (wall seconds, peak RSS bytes) of that process alone."""
    start = time.perf_counter()
    proc = subprocess.Popen(args, stdout=subprocess.DEVNULL)
    _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) != 0:
        sys.exit(f"failed: {' '.join(args)}")
    return seconds, usage.ru_maxrss * 1024


def grogc(*args: str) -> list[str]:
    return [sys.executable, "-c", CLI, *args]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=int, default=20)
    parser.add_argument("--small-scale", type=int, default=16)
    parser.add_argument("--workdir", type=Path, default=Path("/tmp/grogc-bench"))
    opts = parser.parse_args()
    opts.workdir.mkdir(parents=True, exist_ok=True)
    rows = []
    for scale in (opts.scale, opts.small_scale):
        gen = opts.workdir / f"kron{scale}.csr"
        text = opts.workdir / f"kron{scale}.txt"
        imported = opts.workdir / f"kron{scale}-imported.csr"
        t, rss = run(grogc("generate", "kron", "--scale", str(scale), "--edge-factor", "16", "--seed", "1",
                           "-o", str(gen)))
        rows.append((f"grogc graph generate kron --scale {scale} --edge-factor 16 --seed 1", t, rss, gen))
        run(grogc("export", str(gen), "-o", str(text)))
        lines = sum(1 for _ in open(text, "rb")) - 1
        t, rss = run(grogc("import", str(text), "--undirected", "-o", str(imported)))
        rows.append((f"grogc graph import kron{scale}.txt --undirected ({lines:,} lines)", t, rss, imported))
        if scale == opts.small_scale:
            t, rss = run([sys.executable, "-c", NX_READ, str(text)])
            rows.append((f"networkx.read_edgelist(kron{scale}.txt)", t, rss, None))
    print("| step | wall s | peak RSS MiB | g.csr MiB | RSS / g.csr |")
    print("| --- | ---: | ---: | ---: | ---: |")
    for name, t, rss, out in rows:
        size = out.stat().st_size if out else 0
        ratio = f"{rss / size:.2f}" if size else "-"
        print(f"| {name} | {t:.2f} | {rss / 2**20:.0f} | {size / 2**20:.0f} | {ratio} |" if size else
              f"| {name} | {t:.2f} | {rss / 2**20:.0f} | - | - |")


if __name__ == "__main__":
    main()
