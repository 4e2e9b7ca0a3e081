"""PULL's optional weight gate (input b) in the C runtime: gate off gives
exactly the pull over the same graph without weights, gate on (or absent)
the weighted pull, fused or not; the validator's checks of b, each with its
message; and the reference interpreter agrees."""

from __future__ import annotations

import numpy as np
import pytest
from rt_plans import pagerank_plan

import grogc
from grogc.interpreter import interpret
from grogc.binding.runtime import RuntimeFault, encode, execute
from grogc.frontend.parser import parse_module, select_entry
from grogc.graph import Graph

SRC = np.array([0, 0, 0, 1, 2, 2, 3, 4, 4, 3, 0]) + 10
DST = np.array([1, 1, 2, 2, 2, 0, 2, 3, 0, 5, 3]) + 10
WEIGHTS = np.array([0.5, 1.5, 2.0, 0.25, 3.0, 1.0, 4.0, 0.75, 2.5, 1.25, 0.125])

# One gated pull per (agg, weight, dir); with an epilogue so -O2 fuses it.
PULLS = [(agg, weight, d) for agg in ("sum", "mean", "min", "max") for weight in ("mul", "add") for d in ("in", "out", "all")]


def program() -> str:
    lines = ["func @g(%on: bool = true) {", "  %i = graph.node_ids : nodes<i64>",
             "  %x = core.cast %i : nodes<f64>", "  %one = core.const 1.0 : f64"]
    for k, (agg, weight, d) in enumerate(PULLS):
        lines += [f'  %p{k} = graph.pull %x, %on {{agg = "{agg}", dir = "{d}", weight = "{weight}"}} : nodes<f64>',
                  f"  %q{k} = core.add %p{k}, %one : nodes<f64>",
                  f'  attr.output "q{k}", %q{k}']
    return "\n".join(lines + ["}"]) + "\n"


def ungated(text: str) -> str:
    return text.replace(", %on {", " {")


def graph(directed: bool, weighted: bool) -> Graph:
    return Graph.from_edges(SRC, DST, WEIGHTS if weighted else None, directed=directed, keep_multi=True)


@pytest.fixture(scope="module")
def plans():
    text = program()
    return {(level, gated): grogc.compile(text if gated else ungated(text), opt_level=level)
            for level in (0, 2) for gated in (True, False)}


def _same(got: dict, want: dict, where: str) -> None:
    assert list(got) == list(want)
    for name in want:
        assert np.allclose(got[name], want[name], rtol=1e-12, atol=0), f"{where}: {name} ({PULLS[int(name[1:])]})"


@pytest.mark.parametrize("directed", [True, False], ids=["directed", "undirected"])
@pytest.mark.parametrize("level", [0, 2])
def test_gate_off_is_the_graph_without_weights(plans, directed, level):
    weighted, plain = graph(directed, True), graph(directed, False)
    off = plans[level, True].run(weighted, on=False)
    _same(off, plans[level, False].run(plain), f"-O{level} gate off vs unweighted graph")
    on = plans[level, True].run(weighted, on=True)
    _same(on, plans[level, False].run(weighted), f"-O{level} gate on vs ungated pull")
    assert any(not np.allclose(on[k], off[k]) for k in on), "the weights changed nothing: a useless graph"


@pytest.mark.parametrize("on", [True, False])
def test_interpreter_agrees_with_runtime(plans, on):
    fn = select_entry(parse_module(program(), "gate.gir"))
    g = graph(True, True)
    _same(plans[2, True].run(g, on=on), interpret(fn, g, {"on": on}, {}), f"interpreter, gate {on}")


def test_fused_pull_reads_the_gate(plans):
    data = plans[2, True].data
    fused = [op for op in data["ops"] if op["op"] == "FUSED_PULL"]
    assert len(fused) == len(PULLS)
    gate_slot = next(p["slot"] for p in data["params"] if p["name"] == "on")
    for f in fused:
        (pull,) = [op for op in f["body"] if op["op"] == "PULL"]
        assert pull["in"][1] == gate_slot and data["slots"][gate_slot] == {"kind": "scalar", "dtype": "bool"}


def pull_with(**fields):
    def mutate(p):
        for k, v in fields.items():
            p.code[18][k] = v
    return mutate


# pagerank_plan: instruction 18 is the fused PULL; slot 13 a bool scalar,
# 12 an f64 scalar, 20 a bool vector (tests/runtime/test_runtime_validation.py).
BAD = [
    ("gate on weight none", pull_with(attr2=0),
     "instruction 18 (PULL): input b (the weight gate) is slot 13, but weight none has no weights to switch"),
    ("f64 gate", pull_with(b=12, attr2=1),
     "instruction 18 (PULL): input b (the weight gate) is slot 12 of dtype f64, but must be bool"),
    ("vector gate", pull_with(b=20, attr2=1),
     "instruction 18 (PULL): input b (the weight gate) is slot 20 (vector), but must be scalar"),
    ("gate out of range", pull_with(b=99, attr2=2),
     "instruction 18 (PULL): input b (the weight gate) is slot 99, but the program has 27 slots"),
]


@pytest.mark.parametrize("mutate,message", [c[1:] for c in BAD], ids=[c[0] for c in BAD])
def test_validator_checks_the_gate(mutate, message):
    g = graph(True, True)
    prog = encode(pagerank_plan())
    pull_with(b=13, attr2=1)(prog)  # a valid gated pull first
    execute(g, prog)
    mutate(prog)
    with pytest.raises(RuntimeFault) as e:
        execute(g, prog)
    assert message in str(e.value)
