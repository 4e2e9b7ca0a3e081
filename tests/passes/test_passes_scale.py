"""Compiler scale (issue 14, item 5): a 20,000-op program and the deepest
allowed loop nest go through the whole -O2 pipeline (parse, verify, every
pass, lowering, slots, plan bytes) under Python's default recursion limit.
Nothing here is timed (benchmarks/bench_compile_scale.py measures)."""

from __future__ import annotations

import functools
import operator
import sys
from types import SimpleNamespace

import numpy as np
from hypothesis import HealthCheck, given, settings

import grogc
from gir_strategies import programs
from grogc.driver.api import run_reference
from grogc.frontend.parser import parse_module
from grogc.ir.core import MAX_LOOP_NESTING
from grogc.passes import optimize
from grogc.passes.fuse_elementwise import FuseElementwise, is_candidate, siblings
from grogc.passes.fusion import BlockIndex, has_reduction, inner_ops

DEFAULT_RECURSION_LIMIT = 1000  # CPython's; a recursive walk over 20,000 ops would pass it


def chain(n: int) -> str:
    """x_{k+1} = x_k + x_0 for k < n: x_n = (n + 1) * node_id."""
    lines = ["func @chain() {", "  %x0 = graph.node_ids : nodes<i64>"]
    lines += [f"  %x{k + 1} = core.add %x{k}, %x0 : nodes<i64>" for k in range(n)]
    return "\n".join(lines + [f'  attr.output "y", %x{n}', "}"]) + "\n"


def nest_with_body(depth: int, body: int) -> str:
    """`depth` nested repeat loops; the innermost adds x0 to its vector `body` times."""
    lines = ["func @nest(%k: i64 = 2) {", "  %x0 = graph.node_ids : nodes<i64>"]
    for d in range(depth):
        lines.append(f"  %r{d} = control.repeat %k iter_args(%s{d} = %{'x0' if d == 0 else f's{d - 1}'})"
                     " : nodes<i64> {")
    prev = f"s{depth - 1}"
    for i in range(body):
        lines.append(f"  %b{i} = core.add %{prev}, %x0 : nodes<i64>")
        prev = f"b{i}"
    lines.append(f"  control.yield %{prev}")
    for d in reversed(range(depth)):
        lines.append("  }")
        if d > 0:
            lines.append(f"  control.yield %r{d}")
    return "\n".join(lines + ['  attr.output "y", %r0', "}"]) + "\n"


def _graph():
    return grogc.Graph.from_edges([0, 1, 2], [1, 2, 0])


def test_the_default_recursion_limit_is_in_force():
    assert sys.getrecursionlimit() <= DEFAULT_RECURSION_LIMIT


def test_a_20000_op_chain_compiles_at_O2_and_fuses_into_regions_of_max_ops():
    n = 20_000
    plan = grogc.compile(chain(n), cache=False)
    fused = [op for op in plan.data["ops"] if op["op"] == "FUSED_MAP"]
    assert len(fused) == -(-n // 32) and all(len(op["body"]) <= 32 for op in fused)
    assert grogc.Plan.from_bytes(plan.to_bytes()).data == plan.data
    assert plan.run(_graph())["y"].tolist() == [0, n + 1, 2 * (n + 1)]


def test_the_deepest_nest_with_a_long_body_compiles_and_runs():
    plan = grogc.compile(nest_with_body(MAX_LOOP_NESTING, 200), cache=False)
    # each level runs its body k times; the innermost body adds 200 * x0
    out = plan.run(_graph(), k=1)["y"]
    assert out.tolist() == (np.arange(3) * 201).tolist()
    reference = run_reference(nest_with_body(MAX_LOOP_NESTING, 200), _graph(), k=1)["y"]
    assert out.tolist() == np.asarray(reference).tolist()


def _shared_reader_program(groups: int) -> str:
    """Segments of element-wise ops that all read %x0, a pull between them and
    a reduction in each (bits off the chain), plus an independent reader."""
    lines = ["func @m(%alpha: f64 = 0.5) {", '  %x0 = graph.degree {dir = "in"} : nodes<f64>',
             "  %c = core.mul %x0, %alpha : nodes<f64>"]
    cur = "x0"
    for g in range(groups):
        lines += [f"  %a{g} = core.add %{cur}, %x0 : nodes<f64>", f"  %b{g} = core.mul %a{g}, %x0 : nodes<f64>",
                  f'  %r{g} = core.reduce %b{g} {{op = "sum"}} : f64',
                  f'  %p{g} = graph.pull %b{g} {{agg = "sum", dir = "in"}} : nodes<f64>',
                  f'  attr.output "r{g}", %r{g}']
        cur = f"p{g}"
    return "\n".join(lines + [f'  attr.output "y", %{cur}', '  attr.output "c", %c', "}"]) + "\n"


@settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck))
@given(programs())
def test_bit_filtered_sibling_readers_keep_every_possible_partner(text):
    """The bit filter may leave out only readers the loop would refuse anyway
    (proved to reach b around it, after b, or b): checked against the use
    lists at every sibling search of fuse-elementwise, through every merge."""
    checked = []

    class Checked(FuseElementwise):
        def _partners(self, index, relation, b):
            found = super()._partners(index, relation, b)
            if relation is siblings and len(inner_ops(b)) < self.max_ops:
                reads = index.vector_reads(b)
                every = {uid: u for v in reads for uid, u in index.users.get(v, {}).items()}
                possible = [u for u in every.values() if index.key(u) < index.key(b) and is_candidate(u)
                            and not index.reaches_around(u, b)]
                assert {id(u) for u in possible} <= {id(u) for u in found}
                checked.append(b)
            return found

    for source in (text, _shared_reader_program(12)):
        for fn in parse_module(source).functions:
            optimize(fn, pipeline="canonicalize,cse,licm")
            Checked().run(fn)
    assert checked


def _index_facts(index: BlockIndex) -> dict:
    """What a BlockIndex says about its block now, as comparable data (the
    bit sets are left out: they keep the paths known when they were made)."""
    block_ops = index.live_ops()
    return {
        "users": {v: set(us) for v, us in index.users.items() if us},
        "definer": {v: id(d) for v, d in index.definer.items()},
        "reads": {id(op): {id(v) for v in index.reads[id(op)]} for op in block_ops},
        "order": [index.pos[op] for op in block_ops] == sorted(index.pos[op] for op in block_ops),
        "reducing": {id(op) for op in block_ops if has_reduction(op)} <= index.reducing,
        # each reader stands in a value's reader bits by its representative bit (once there are bits)
        "readbits": not index.bits_ready or all(
            index.readbits.get(v, 0) == functools.reduce(operator.or_, (index.rep[u] for u in us), 0)
            for v, us in index.users.items() if us),
    }


@settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck))
@given(programs())
def test_the_block_index_stays_true_through_every_merge(text):
    """A merge updates the index in place (a fused member grows and keeps the
    entries that stay true): after every merge, its use lists, definers,
    captures, positions and reductions agree with an index built afresh."""
    merges = []

    class Checked(FuseElementwise):
        def _merge_one(self, fn, index, candidates, start, *state):
            merged = super()._merge_one(fn, index, candidates, start, *state)
            if merged is not None:
                fresh = BlockIndex(SimpleNamespace(ops=index.live_ops()))  # a block of the live ops
                assert _index_facts(index) == _index_facts(fresh)
                merges.append(merged)
            return merged

    for source in (text, _shared_reader_program(6), chain(70)):
        for fn in parse_module(source).functions:
            optimize(fn, pipeline="canonicalize,cse,licm")
            Checked().run(fn)
    assert merges
