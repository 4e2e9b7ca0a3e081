"""Compiler scale (issue 14, item 5): deep nesting is one located error, long
def-use chains never hit Python's recursion limit."""

from __future__ import annotations

import pytest

import grogc
from grogc.errors import GrogError
from grogc.ir.core import MAX_LOOP_NESTING


def nested(depth: int) -> str:
    """`depth` control.repeat loops, each carrying one f64, one inside the other."""
    lines = ["func @nest(%k: i64 = 2) {", "  %z = core.const 1.0 : f64"]
    for i in range(depth):
        lines.append(f"  %r{i} = control.repeat %k iter_args(%s{i} = {'%z' if i == 0 else f'%s{i - 1}'}) : f64 {{")
    lines.append(f"  %t = core.add %s{depth - 1}, %s{depth - 1} : f64")
    lines.append("  control.yield %t")
    for i in reversed(range(depth)):
        lines.append("  }")
        if i > 0:
            lines.append(f"  control.yield %r{i}")
    lines.append('  attr.output "r", %r0')
    lines.append("}")
    return "\n".join(lines) + "\n"


def chain(n: int) -> str:
    lines = ["func @chain() {", "  %x0 = graph.node_ids : nodes<i64>"]
    lines += [f"  %x{i + 1} = core.add %x{i}, %x0 : nodes<i64>" for i in range(n)]
    return "\n".join(lines + [f'  attr.output "y", %x{n}', "}"]) + "\n"


def test_the_deepest_allowed_nesting_compiles_and_runs():
    plan = grogc.compile(nested(MAX_LOOP_NESTING), cache=False)
    g = grogc.Graph.from_edges([0], [1])
    assert plan.run(g, k=1)["r"] == 2.0  # each loop runs once; the innermost doubles
    assert plan.run(g, k=0)["r"] == 1.0


@pytest.mark.parametrize("depth", [MAX_LOOP_NESTING + 1, 400, 3000])
def test_deeper_nesting_is_one_located_error(depth):
    with pytest.raises(GrogError) as err:
        grogc.compile(nested(depth), cache=False)
    first = str(err.value).splitlines()[0]
    line = MAX_LOOP_NESTING + 3  # the 33rd loop's line
    assert first == (f"<input>:{line}:{first.split(':')[2]}: error: 'control.repeat' op is nested "
                     f"{MAX_LOOP_NESTING + 1} loops deep; GIR allows at most {MAX_LOOP_NESTING} nested loops")


def test_the_builder_gets_the_same_limit():
    from grogc import AlgorithmBuilder

    b = AlgorithmBuilder("deep")
    x = b.const(1.0)
    loops = []
    for _ in range(MAX_LOOP_NESTING + 1):
        loop = b.repeat(2, s=x)
        loops.append(loop)
        x = loop.__enter__().s
    with pytest.raises(GrogError, match="nested 33 loops deep"):
        for loop in reversed(loops):
            loop.yield_(s=x * 1.0)
            loop.__exit__(None, None, None)
            x = loop.results.s
        b.output("x", x)
        b.compile()


def test_a_long_chain_passes_dce_and_lowering_without_recursion():
    # 3,000 ops in one def-use chain (dce marked it recursively: RecursionError)
    plan = grogc.compile(chain(3000), passes="canonicalize,cse,licm,dce", cache=False)
    out = plan.run(grogc.Graph.from_edges([0, 1], [1, 2]))
    assert out["y"].tolist() == [0, 3001, 6002]


def test_a_chain_of_adds_fuses_into_regions_of_max_ops():
    plan = grogc.compile(chain(200), cache=False)
    fused = [op for op in plan.data["ops"] if op["op"] == "FUSED_MAP"]
    assert len(fused) == 7 and all(len(op["body"]) <= 32 for op in fused)  # ceil(200 / 32)
    assert plan.run(grogc.Graph.from_edges([0, 1], [1, 2]))["y"].tolist() == [0, 201, 402]
