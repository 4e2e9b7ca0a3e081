"""Figures for docs/benchmarks.md, section "Plan cache, start-up and profiling".

    python benchmarks/bench_explain_cache.py

1. A cache hit inside the process vs a cold compile (grogc.compile of the
   library PageRank: the same text again, and the same program respelt).
2. `grogc run pagerank --graph tiny.csr -o out.csv` end to end, process
   start included, against `python -c pass` and `python -c "import numpy"`
   measured in the same run, and what the imports cost (-X importtime).
3. The profile switched off vs on (counters; counters + trace) for PageRank
   on a Kronecker graph: off must cost nothing measurable, so the figure is
   the ratio of off to the plain run measured in the same process.
Medians of repeated runs; the machine is shared and noisy, read the ratios.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import grogc
from grogc.driver.cache import PlanCache, compile_cached


def median_seconds(fn, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def bench_cache(tmp: Path) -> None:
    from grogc.library import algorithm_source

    text = algorithm_source("pagerank")
    respelt = "// respelt\n" + text.replace("\n", "\n\n", 3)
    cache = PlanCache(tmp / "cache")
    compile_cached(text, cache=cache)
    cold = median_seconds(lambda: grogc.compile(text, cache=False), 30)
    hit = median_seconds(lambda: compile_cached(text, cache=cache), 300)
    counter = iter(range(10**6))
    # every text unseen (a fresh comment), the program the same: parse, then a plan hit
    parse_hit = median_seconds(lambda: compile_cached(f"{respelt}// {next(counter)}\n", cache=cache), 30)
    print("## 1. plan cache, in the process (library pagerank)")
    print(f"cold compile (parse, passes, lower):   {cold * 1e3:8.3f} ms")
    print(f"cache hit, same text:                  {hit * 1e3:8.3f} ms   ({cold / hit:.0f}x faster than cold)")
    print(f"cache hit, text unseen (parse + load): {parse_hit * 1e3:8.3f} ms   ({cold / parse_hit:.1f}x faster)")


def run_wall(args: list[str], env: dict, repeat: int = 9) -> float:
    def once():
        subprocess.run(args, env=env, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

    once()  # warm the page cache and the plan cache
    return median_seconds(once, repeat)


def bench_startup(tmp: Path) -> None:
    env = {**os.environ, "GROGC_CACHE_DIR": str(tmp / "cli-cache")}
    graph = tmp / "tiny.csr"
    subprocess.run([sys.executable, "-m", "grogc", "graph", "generate", "uniform", "--scale", "6", "--edge-factor", "4",
                    "--seed", "1", "-o", str(graph)], env=env, check=True, stdout=subprocess.DEVNULL)
    out = tmp / "out.csv"
    base = run_wall([sys.executable, "-c", "pass"], env)
    numpy = run_wall([sys.executable, "-c", "import numpy"], env)
    version = run_wall([sys.executable, "-m", "grogc", "--version"], env)
    run = run_wall([sys.executable, "-m", "grogc", "run", "pagerank", "--graph", str(graph), "-o", str(out)], env)
    table = run_wall([sys.executable, "-m", "grogc", "run", "pagerank", "--graph", str(graph)], env)
    print("\n## 2. start-up: grogc run pagerank on a 64-node graph, process start included (median wall)")
    print(f"python -c pass:                        {base * 1e3:7.1f} ms")
    print(f"python -c 'import numpy':              {numpy * 1e3:7.1f} ms")
    print(f"grogc --version:                       {version * 1e3:7.1f} ms")
    print(f"grogc run pagerank -o out.csv:         {run * 1e3:7.1f} ms   ({run / base:.1f}x python -c pass)")
    print(f"grogc run pagerank (rich table):       {table * 1e3:7.1f} ms")
    imports = subprocess.run([sys.executable, "-X", "importtime", "-m", "grogc", "run", "pagerank", "--graph",
                              str(graph), "-o", str(out)], env=env, capture_output=True, text=True).stderr
    top = []
    for line in imports.splitlines():
        if line.startswith("import time:") and "self [us]" not in line:
            _, cumulative, name = line[len("import time:"):].split("|")
            if len(name) - len(name.lstrip()) == 1:  # imported by the program itself, not by another module
                top.append((int(cumulative), name.strip()))
    print("largest top-level imports (cumulative ms): " +
          ", ".join(f"{name} {us / 1e3:.1f}" for us, name in sorted(top, reverse=True)[:8]))


def bench_profile(tmp: Path) -> None:
    from grogc.binding.runtime import ProfileRequest
    from grogc.graph import Graph

    graph_path = tmp / "kron.csr"
    subprocess.run([sys.executable, "-m", "grogc", "graph", "generate", "kron", "--scale", "16", "--edge-factor", "16",
                    "--seed", "1", "-o", str(graph_path)], check=True, stdout=subprocess.DEVNULL)
    g = Graph.load(graph_path)
    plan = grogc.compile("pagerank", cache=False)
    params = {"max_iter": 20, "tol": 0.0}
    plan.run(g, **params)
    runs = {"off": lambda: plan.run(g, **params),
            "on": lambda: plan.run(g, profile=ProfileRequest(), **params),
            "trace": lambda: plan.run(g, profile=ProfileRequest(trace_cap=100000), **params)}
    times: dict[str, list[float]] = {k: [] for k in runs}
    for _ in range(15):  # interleaved, so drift on the shared machine hits all three alike
        for k, fn in runs.items():
            start = time.perf_counter()
            fn()
            times[k].append(time.perf_counter() - start)
    off, on, traced = (statistics.median(times[k]) for k in runs)
    spread = (statistics.quantiles(times["off"], n=4)[2] - statistics.quantiles(times["off"], n=4)[0]) / off
    print(f"\n## 3. profiling cost: PageRank, 20 rounds, Kronecker scale 16 (n={g.n}, m={g.m}), 15 interleaved runs")
    print(f"profile off (the plain run):            {off * 1e3:7.2f} ms   (interquartile spread {spread * 100:.1f}%)")
    print(f"--profile (counters):                   {on * 1e3:7.2f} ms   ({on / off:.3f}x off)")
    print(f"--profile --trace (every value):        {traced * 1e3:7.2f} ms   ({traced / off:.3f}x off)")


if __name__ == "__main__":
    with tempfile.TemporaryDirectory() as d:
        tmp = Path(d)
        os.environ["GROGC_CACHE_DIR"] = str(tmp / "cache-env")
        bench_cache(tmp)
        bench_startup(tmp)
        bench_profile(tmp)
