"""Figures for docs/networkx.md: NetworkX alone vs NetworkX dispatching to grogc.

    python benchmarks/bench_networkx_backend.py [--nodes 200000] [--edges 2000000] [--threads 0]

A uniform random directed graph (numpy edges, then nx.DiGraph) for
pagerank; its undirected version for connected_components and clustering.
For each function: NetworkX alone (one call: it has no conversion step),
and grogc through dispatch: the first call (conversion included: NetworkX
caches it on G), then later calls on the cached conversion (median of 3).
The machine is shared and noisy: read the ratios, measured in the same run.
The results are checked against NetworkX's (max abs difference printed).
"""

from __future__ import annotations

import argparse
import statistics
import time
from importlib.metadata import EntryPoint

import networkx as nx
import numpy as np


def register_grogc() -> None:
    """Dispatch to grogc even when it is not pip-installed (a checkout)."""
    from networkx.utils import backends

    from grogc.nx_backend import get_info

    if "grogc" not in backends.backends:
        backends.backends["grogc"] = EntryPoint("grogc", "grogc.nx_backend.interface:backend_interface",
                                                "networkx.backends")
        backends.backend_info["grogc"] = get_info()
        backends._dispatchable.__call__ = backends._dispatchable._call_if_any_backends_installed
    nx.config.cache_converted_graphs = True
    nx.config.warnings_to_ignore.add("cache")


def timed(fn):
    start = time.perf_counter()
    value = fn()
    return time.perf_counter() - start, value


def difference(a, b) -> float:
    if isinstance(a, dict):
        return max((abs(a[k] - b[k]) for k in a), default=0.0)
    return float(abs(a - b))


def bench(label, G, call, later: int = 3) -> None:
    t_nx, want = timed(lambda: call(G, "networkx"))
    # conversion alone, as NetworkX does it (not cached: a copy of the graph)
    t_first, got = timed(lambda: call(G, "grogc"))
    t_later = statistics.median(timed(lambda: call(G, "grogc"))[0] for _ in range(later))
    print(f"{label:<22} networkx {t_nx:8.2f} s | grogc first {t_first:6.2f} s ({t_nx / t_first:5.1f}x) "
          f"| later {t_later:7.3f} s ({t_nx / t_later:6.1f}x) | max diff {difference(want, got):.1e}")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--nodes", type=int, default=200_000)
    ap.add_argument("--edges", type=int, default=2_000_000)
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args()
    register_grogc()
    rng = np.random.default_rng(args.seed)
    src = rng.integers(0, args.nodes, args.edges)
    dst = rng.integers(0, args.nodes, args.edges)
    D = nx.DiGraph()
    D.add_nodes_from(range(args.nodes))
    D.add_edges_from(zip(src.tolist(), dst.tolist()))
    U = D.to_undirected()
    print(f"directed: {D.number_of_nodes()} nodes, {D.number_of_edges()} edges; "
          f"undirected: {U.number_of_edges()} edges")

    from grogc.nx_backend.graph import convert_from_nx

    t_conv, _ = timed(lambda: convert_from_nx(D, edge_attrs={"weight": 1}))
    print(f"conversion (directed, weights read): {t_conv:.2f} s")
    t_conv, _ = timed(lambda: convert_from_nx(U))
    print(f"conversion (undirected, no weights): {t_conv:.2f} s")
    bench("pagerank", D, lambda G, b: nx.pagerank(G, backend=b))
    bench("connected_components", U, lambda G, b: sum(1 for _ in nx.connected_components(G, backend=b)))
    bench("clustering", U, lambda G, b: nx.clustering(G, backend=b))


if __name__ == "__main__":
    main()
