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
