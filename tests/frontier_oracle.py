"""The frontier tests' oracle: a program at -O2 (its loop now a frontier
op) gives the reference interpreter's -O0 results to the bit, on 1 and on 2
threads."""

from __future__ import annotations

import numpy as np

import grogc
from grogc.frontend.parser import parse_module, select_entry
from grogc.interpreter import interpret


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
