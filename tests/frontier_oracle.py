"""What the frontier tests share: small generated graphs, and the oracle
that a program at -O2 (its loop now a frontier op) gives the reference
interpreter's -O0 results to the bit, on 1 and on 2 threads."""

from __future__ import annotations

import numpy as np
from hypothesis import strategies as st

import grogc
from grogc.frontend.parser import parse_module, select_entry
from grogc.graph import Graph
from grogc.interpreter import interpret


@st.composite
def small_graphs(draw, weighted: bool = True):
    """Up to 12 nodes, self-loops and duplicate edges welcome; with
    `weighted`, sometimes weights (negative ones too)."""
    n = draw(st.integers(1, 12))
    m = draw(st.integers(0, 3 * n))
    src = draw(st.lists(st.integers(0, n - 1), min_size=m, max_size=m))
    dst = draw(st.lists(st.integers(0, n - 1), min_size=m, max_size=m))
    if not weighted:
        return Graph.from_edges(np.array(src, np.int64), np.array(dst, np.int64), None,
                                directed=draw(st.booleans()), nodes=np.arange(n), keep_multi=True)
    weights = draw(st.lists(st.sampled_from([0.0, 0.5, 1.0, 2.5, 7.0, -1.5]), min_size=m, max_size=m))
    weighted, directed = draw(st.booleans()), draw(st.booleans())
    return Graph.from_edges(np.array(src, np.int64), np.array(dst, np.int64),
                            np.array(weights) if weighted else None, directed=directed,
                            nodes=np.arange(n), keep_multi=True, allow_negative_weights=True)


def assert_O2_equals_O0(text: str, graph, params: dict, opcode: str) -> None:
    """`opcode` must be in the -O2 plan, so the comparison is never vacuous."""
    want = interpret(select_entry(parse_module(text, "<frontier>")), graph, params)
    plan = grogc.compile(text, opt_level=2)
    assert opcode in plan.listing(), plan.listing()
    one, two = plan.run(graph, threads=1, **params), plan.run(graph, threads=2, **params)
    assert want.keys() == one.keys()
    for key in want:
        assert np.asarray(one[key]).tobytes() == np.asarray(two[key]).tobytes(), text
        assert np.asarray(want[key]).dtype == np.asarray(one[key]).dtype
        assert np.asarray(want[key]).tobytes() == np.asarray(one[key]).tobytes(), (key, want[key], one[key], text)
