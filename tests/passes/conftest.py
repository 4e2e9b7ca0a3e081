"""Helpers for the pass tests: parse GIR, run a pipeline with verification
after every pass, print the result, run it through the reference
interpreter on a small graph with self-loops, duplicates and isolated nodes."""

from __future__ import annotations

import numpy as np
import pytest

from grogc.frontend.parser import parse_module
from grogc.ir.printer import print_function
from grogc.passes import optimize


def run_pipeline(text: str, pipeline: str | None = None, level: int = 2):
    """(function after the passes, its printed IR, the PipelineReport)."""
    fn = parse_module(text).functions[0]
    report = optimize(fn, level, pipeline, verify_each=True)
    printed = print_function(fn)
    parse_module(printed)  # the result must parse (and verify) again
    return fn, printed, report


def make_graph():
    from grogc.graph import Graph

    rng = np.random.default_rng(7)
    src = np.r_[rng.integers(0, 24, 70), 3, 3, 5]
    dst = np.r_[rng.integers(0, 24, 70), 3, 9, 9]  # a self-loop and a duplicate edge
    return Graph.from_edges(np.r_[src, 40], np.r_[dst, 40], weights=rng.random(len(src) + 1))


@pytest.fixture(scope="session")
def graph():
    return make_graph()


def same_results(a: dict, b: dict, rtol: float = 1e-12) -> None:
    assert a.keys() == b.keys()
    for key in a:
        x, y = np.asarray(a[key]), np.asarray(b[key])
        if x.dtype.kind == "f":
            np.testing.assert_allclose(x, y, rtol=rtol, atol=1e-12, equal_nan=True, err_msg=key)
        else:
            np.testing.assert_array_equal(x, y, err_msg=key)


@pytest.fixture
def opt():
    return run_pipeline


@pytest.fixture
def same():
    return same_results
