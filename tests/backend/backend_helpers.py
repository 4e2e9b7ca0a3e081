"""Small graphs and programs shared by the backend tests."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from grogc.frontend.parser import parse_module, select_entry
from grogc.graph import Graph

REPO = Path(__file__).resolve().parents[2]
GOLDEN = REPO / "golden"


def golden_function(case: str):
    text = (GOLDEN / case / "input.gir").read_text()
    return select_entry(parse_module(text, f"{case}.gir"))


def function(text: str):
    return select_entry(parse_module(text, "<test>"))


def messy_graph() -> Graph:
    """Directed: a self-loop (2->2), a duplicate arc (0->1 twice), isolated
    node 50, dangling nodes, original ids that are not 0..n-1."""
    src = [10, 10, 10, 11, 2, 2, 3, 11]
    dst = [11, 11, 2, 2, 2, 3, 10, 3]
    return Graph.from_edges(np.array(src), np.array(dst), directed=True, nodes=np.array([50]), keep_multi=True)


def golden_cases() -> list[str]:
    return sorted(p.name for p in GOLDEN.iterdir() if (p / "input.gir").is_file())


def inputs_for(param_specs, attr_specs, graph) -> tuple[dict, dict]:
    """Values for the parameters that have no default, and every attribute."""
    fill = {"node": int(graph.node_ids[0]) if graph.n else 0, "f64": 0.5, "i64": 2, "bool": True}
    params = {p.name: fill[p.type] for p in param_specs if p.default is None}
    ramp = np.arange(graph.n)
    by_dtype = {"f64": (ramp % 7) / 3.0, "i64": ramp % 5, "bool": ramp % 2 == 0}
    attrs = {a.name: by_dtype[a.dtype] for a in attr_specs}
    return params, attrs


def assert_outputs_agree(got: dict, want: dict, where: str) -> None:
    """f64 within rtol 1e-9 / atol 1e-12 (NaN equals NaN), everything else exactly."""
    assert list(got) == list(want), f"{where}: outputs {list(got)} != {list(want)}"
    for name in want:
        g, w = np.asarray(got[name]), np.asarray(want[name])
        assert g.shape == w.shape, f"{where}: {name} has shape {g.shape}, expected {w.shape}"
        if w.dtype.kind == "f":
            assert np.allclose(g, w, rtol=1e-9, atol=1e-12, equal_nan=True), f"{where}: {name}: {g} != {w}"
        else:
            assert np.array_equal(g, w), f"{where}: {name}: {g} != {w}"
