"""Fixtures of the runtime tests: small graphs with every awkward feature."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

from grogc.graph import Graph

_HERE = str(Path(__file__).resolve().parent)
if _HERE not in sys.path:  # rt_plans.py is imported by name from these tests
    sys.path.insert(0, _HERE)

if os.environ.get("GROG_ASAN_MODULE_DIR"):  # test_runtime_sanitize.py reruns these tests on a sanitized build
    from rt_fuzz_driver import install_asan_module

    install_asan_module(os.environ["GROG_ASAN_MODULE_DIR"])

from rt_graphs import make_graph  # noqa: E402  (rt_* helpers are imported by name: see above)


@pytest.fixture(params=[(True, False), (True, True), (False, False), (False, True)],
                ids=["directed", "directed-weighted", "undirected", "undirected-weighted"])
def small_graph(request) -> Graph:
    return make_graph(*request.param)


@pytest.fixture
def digraph() -> Graph:
    return make_graph(True, False)
