"""Fixtures of the runtime tests: small graphs with every awkward feature."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import numpy as np
import pytest

from grogc.graph import Graph

_HERE = str(Path(__file__).resolve().parent)
if _HERE not in sys.path:  # rt_plans.py is imported by name from these tests
    sys.path.insert(0, _HERE)

if os.environ.get("GROG_ASAN_MODULE_DIR"):  # test_runtime_sanitize.py reruns these tests on a sanitized build
    from rt_fuzz_driver import install_asan_module

    install_asan_module(os.environ["GROG_ASAN_MODULE_DIR"])

# self-loop (2, 2), a duplicate arc 0 -> 1, a dangling node 5, an isolated node 6
EDGES = [(0, 1), (0, 1), (1, 2), (2, 2), (2, 0), (3, 2), (4, 3), (1, 4), (4, 0), (3, 5), (0, 3)]
WEIGHTS = [0.5, 1.5, 2.0, 0.25, 3.0, 1.0, 4.0, 0.75, 2.5, 1.25, 0.125]


def make_graph(directed: bool = True, weighted: bool = False) -> Graph:
    src = np.array([e[0] for e in EDGES]) * 10 + 100  # original ids differ from internal ones
    dst = np.array([e[1] for e in EDGES]) * 10 + 100
    return Graph.from_edges(src, dst, np.array(WEIGHTS) if weighted else None, directed=directed,
                            nodes=np.array([160]), keep_multi=True)


@pytest.fixture(params=[(True, False), (True, True), (False, False), (False, True)],
                ids=["directed", "directed-weighted", "undirected", "undirected-weighted"])
def small_graph(request) -> Graph:
    return make_graph(*request.param)


@pytest.fixture
def digraph() -> Graph:
    return make_graph(True, False)
