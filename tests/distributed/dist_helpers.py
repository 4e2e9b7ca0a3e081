"""Graphs and the comparison rule of the distributed tests."""

from __future__ import annotations

import numpy as np

from grogc.graph import Graph
from grogc.graph.generators import generate


def kron_graph(directed: bool = True, weighted: bool = True) -> Graph:
    """Kronecker scale 7: skewed degrees, self-loops, duplicates (when kept), 128 nodes."""
    return generate("kron", 7, edge_factor=6, seed=5, directed=directed, weighted=weighted, keep_multi=True,
                    keep_self_loops=True)


def messy_graph() -> Graph:
    """Directed: a self-loop, a duplicate arc, an isolated node, ids not 0..n-1."""
    src = [10, 10, 10, 11, 2, 2, 3, 11]
    dst = [11, 11, 2, 2, 2, 3, 10, 3]
    return Graph.from_edges(np.array(src), np.array(dst), directed=True, nodes=np.array([50]), keep_multi=True)


def assert_same_results(got: dict, want: dict, where: str) -> None:
    """Integers, booleans (and f64 outputs that are bit-identical) exactly;
    f64 within 1e-12 relative (NaN equals NaN): the partitioned contract."""
    assert list(got) == list(want), f"{where}: outputs {list(got)} != {list(want)}"
    for name in want:
        g, w = np.asarray(got[name]), np.asarray(want[name])
        assert g.shape == w.shape and g.dtype == w.dtype, f"{where}: {name}: {g.dtype}{g.shape} vs {w.dtype}{w.shape}"
        if w.dtype.kind == "f":
            with np.errstate(invalid="ignore"):  # inf - inf
                scale = np.abs(w[np.isfinite(w)]).max(initial=0)
                close = np.isclose(g, w, rtol=1e-12, atol=0, equal_nan=True) | (np.abs(g - w) <= 1e-12 * scale)
            assert close.all(), f"{where}: {name}: max difference {np.nanmax(np.abs(g - w))}"
        else:
            assert np.array_equal(g, w), f"{where}: {name}: {np.flatnonzero(g != w)[:10]} differ"
