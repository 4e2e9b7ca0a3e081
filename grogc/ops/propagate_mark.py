"""graph.propagate_mark: the frontier form of a marking loop (docs/frontier.md),
in one place: its attributes, typing rule, how they pack into the plan's
attr2 (runtime_c/frontier_mark.c) and its reference semantics.

    %x, %rounds = graph.propagate_mark %max_iter, %init, %on, %off, %ref [, %gate]
                      {agg, dir, cmp, combine}

runs, round after round, exactly the loop the frontier pass recognised
(scc's marking loop is one):
    offer   = select(x, on, off)                     on, off: values (scalar or node vector)
    p       = pull(offer, agg, dir)                  agg: min or max
    t       = cmp(p, ref) [and gate]                 cmp: eq ne lt le gt ge, p on the left
    next    = combine(x, t)                          combine: or (x only grows), and (x only shrinks)
    changed = next != x
while something changed and fewer than max_iter rounds ran; the results are
the last x and the number of rounds.  x is bool, so every element-wise
function of x and loop invariants at a node is select(x, on, off) of two
invariants: the offer covers them all.
"""

from __future__ import annotations

import numpy as np

from grogc.ir.types import I64, Type
from grogc.ops import reference_graph as rg
from grogc.ops.record import AttrSpec, OpTypeError

AGGS = ("min", "max")
CMPS = ("eq", "ne", "lt", "le", "gt", "ge")
COMBINES = ("or", "and")
# the comparison with its operands swapped: cmp(a, b) == MIRROR[cmp](b, a)
MIRROR = {"eq": "eq", "ne": "ne", "lt": "gt", "le": "ge", "gt": "lt", "ge": "le"}
# attr2 of the PROPAGATE_MARK instruction: cmp in bits 0-2, combine "and" in bit 3
AND_BIT = 8
PACKED = ("cmp", "combine")
FLAGS = tuple(range(16))

ATTRS = {
    "agg": AttrSpec(str, AGGS), "dir": AttrSpec(str, ("in", "out", "all")), "cmp": AttrSpec(str, CMPS),
    "combine": AttrSpec(str, COMBINES, "or"),
}


def flags(attrs: dict) -> int:
    """attr2 from the op's attributes."""
    return CMPS.index(attrs["cmp"]) | (AND_BIT if attrs.get("combine", "or") == "and" else 0)


def infer(ts, attrs, ann):
    """Operands: the round limit (i64), the initial nodes<bool>, on, off and
    ref (f64 or i64 of one dtype, each a scalar or a node vector), an
    optional nodes<bool> gate; results: the final vector and the rounds run."""
    if ts[0] != I64:
        raise OpTypeError(f"operand #0 (the round limit) has type {ts[0]}, but must be i64", 0)
    if ts[1] != Type("bool", True):
        raise OpTypeError(f"operand #1 (the initial marks) has type {ts[1]}, but must be nodes<bool>", 1)
    dtype = ts[2].dtype
    for k, what in ((2, "on"), (3, "off"), (4, "ref")):
        if ts[k].dtype not in ("f64", "i64") or ts[k].dtype != dtype:
            raise OpTypeError(f"operand #{k} ({what}) has type {ts[k]}, but on, off and ref must all be f64 or all "
                              "be i64 (scalars or node vectors)", k)
    if len(ts) > 5 and ts[5] != Type("bool", True):
        raise OpTypeError(f"operand #5 (the gate) has type {ts[5]}, but must be nodes<bool>", 5)
    return [Type("bool", True), I64]


_CMP = {"eq": np.equal, "ne": np.not_equal, "lt": np.less, "le": np.less_equal, "gt": np.greater,
        "ge": np.greater_equal}


def run(graph, attrs: dict, max_iter, init, on, off, ref, gate=None) -> tuple:
    """The reference semantics with NumPy, round by round: (x, rounds)."""
    x = np.array(init, dtype=bool)
    combine = np.logical_and if attrs.get("combine", "or") == "and" else np.logical_or
    rounds = 0
    while rounds < int(max_iter):
        offer = np.where(x, on, off)
        if offer.ndim == 0:  # on and off both scalars
            offer = np.full(graph.n, offer)
        p = rg.pull(graph, offer, attrs["agg"], attrs["dir"], "none", True)
        t = _CMP[attrs["cmp"]](p, ref)
        if gate is not None:
            t = np.logical_and(t, gate)
        y = combine(x, t)
        rounds += 1
        changed = np.not_equal(y, x).any()
        x = y
        if not changed:
            break
    return x, np.int64(rounds)


def kernel(ctx, max_iter, init, on, off, ref, gate=None) -> tuple:
    """The record's kernel: two results."""
    return run(ctx.graph, ctx.attrs, max_iter, init, on, off, ref, gate)

