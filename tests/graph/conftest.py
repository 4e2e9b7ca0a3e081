"""Shared helpers for the graph tests."""

from pathlib import Path

import pytest

from grogc.graph import _native

SHARED = Path(__file__).resolve().parents[2].parent / "shared"

needs_runtime = pytest.mark.skipif(not _native.available(), reason="C runtime not compiled (pip install -e .)")


def edge_map(G):
    """{edge: weight} of a NetworkX graph; undirected edges as frozensets."""
    key = (lambda u, v: (u, v)) if G.is_directed() else (lambda u, v: frozenset((u, v)))
    return {key(u, v): d.get("weight") for u, v, d in G.edges(data=True)}


def same_graph(a, b) -> bool:
    """Same direction, nodes, edges and weights (other attributes ignored)."""
    return a.is_directed() == b.is_directed() and set(a.nodes) == set(b.nodes) and edge_map(a) == edge_map(b)
