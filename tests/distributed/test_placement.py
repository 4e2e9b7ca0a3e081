"""The placement table: names real opcodes, refuses what it does not know."""

from __future__ import annotations

import pytest

from grogc.distributed.placement import PLACEMENT, check_partitionable, placement
from grogc.errors import GrogError
from grogc.ops import BY_NAME


def test_every_row_names_an_opcode():
    assert set(PLACEMENT) <= set(BY_NAME), set(PLACEMENT) - set(BY_NAME)


def test_whole_graph_and_unknown_instructions_are_refused():
    slots = [{"kind": "vector", "dtype": "i64"}]
    for name in ("TRIANGLES", "NEIGHBORHOOD_ARCS", "FRONTIER_LOOP_ADDED_LATER"):
        with pytest.raises(GrogError, match=f"cannot run partitioned: {name} .*needs the whole graph"):
            placement({"op": name, "out": 0, "comment": "%t = graph.something"}, slots)
    nested = [{"op": "WHILE", "in": [0], "body": [{"op": "TRIANGLES", "out": 0}]}]
    with pytest.raises(GrogError, match="TRIANGLES"):
        check_partitionable(nested, slots)


def test_scalar_results_run_on_the_client():
    slots = [{"kind": "scalar", "dtype": "f64"}, {"kind": "vector", "dtype": "f64"}]
    assert placement({"op": "ADD", "out": 0, "in": [0, 0]}, slots) == "client"
    assert placement({"op": "ADD", "out": 1, "in": [1, 0]}, slots) == "nodes"
    assert placement({"op": "REDUCE", "out": 0, "in": [1]}, slots) == "reduce"
