"""Summary statistics of a Graph, for `grogc graph info`."""

from __future__ import annotations

import os

import numpy as np

from grogc.graph.build import count_self_loops
from grogc.graph.graph import Graph


def _degree_stats(deg: np.ndarray) -> dict[str, float]:
    if len(deg) == 0:
        return {"min": 0, "mean": 0.0, "median": 0.0, "max": 0}
    return {"min": int(deg.min()), "mean": float(deg.mean()), "median": float(np.median(deg)),
            "max": int(deg.max())}


def graph_info(graph: Graph) -> dict[str, object]:
    """n, m, flags, degree statistics, self-loops, isolated vertices, id range, file size."""
    out_deg, in_deg = graph.out_degrees(), graph.in_degrees()
    info: dict[str, object] = {
        "n": graph.n,
        "m (stored arcs)": graph.m,
        "edges": graph.num_edges,
        "directed": graph.directed,
        "weighted": graph.weighted,
        "self-loops": count_self_loops(graph.out_offsets, graph.out_targets),
        "isolated vertices": int(np.count_nonzero((out_deg == 0) & (in_deg == 0))),
        "node id range": (f"{int(graph.node_ids[0])}..{int(graph.node_ids[-1])}" if graph.n else "-"),
        "index width": f"{graph.out_targets.dtype.itemsize * 8} bit",
        "out-degree": _degree_stats(out_deg),
    }
    if graph.directed:
        info["in-degree"] = _degree_stats(in_deg)
    if graph.weighted and graph.m:
        info["weight range"] = f"{float(graph.out_weights.min())!r}..{float(graph.out_weights.max())!r}"
    if graph.path is not None:
        info["file size"] = os.path.getsize(graph.path)
    return info
