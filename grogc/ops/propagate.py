"""graph.propagate: the frontier form of a monotone fixpoint loop
(docs/frontier.md), in one place: its attributes, its typing rule, how its
attributes pack into the plan's attr2 (runtime_c/grog_frontier.h), and its
reference semantics.

    %x, %rounds = graph.propagate %max_iter, %init [, %mask] {agg, dir, edge, ...}

runs, round after round, exactly the loop the frontier pass recognised:
    offer  = x (edge "none"), x + const ("const"), or x[u] + w(u,v) ("weight")
    y      = combine(x, pull(offer, agg, dir))      (pull_first: combine(pull, x))
    y[v]   = x[v] where mask[v] == pinned
    changed = y != x   (test "strict": y < x for min/and, y > x for max/or)
while something changed and fewer than max_iter rounds ran; the results are
the last x and the number of rounds.  `delta` (edge "weight" only) sets the
bucket width of the runtime's delta-stepping.
"""

from __future__ import annotations

import numpy as np

from grogc.ir.types import I64, Type
from grogc.ops import reference_graph as rg
from grogc.ops.record import AttrSpec, OpTypeError

AGGS = ("min", "max", "or", "and")
EDGES = ("none", "const", "weight")  # f(x[u]): x[u], x[u] + const, x[u] + w(u,v)
TESTS = ("ne", "strict")
# attr2 of the PROPAGATE instruction: edge in bits 0-1, then one bit each
FLAG_BITS = {"test": 4, "pinned": 8, "pull_first": 16}
PACKED = ("edge", *FLAG_BITS)  # the IR attributes attr2 packs
FLAGS = tuple(range(32))

ATTRS = {
    "agg": AttrSpec(str, AGGS), "dir": AttrSpec(str, ("in", "out", "all")), "edge": AttrSpec(str, EDGES, "none"),
    "const": AttrSpec(object, optional=True), "test": AttrSpec(str, TESTS, "ne"),
    "pinned": AttrSpec(bool, default=False), "pull_first": AttrSpec(bool, default=False),
    "delta": AttrSpec(float, optional=True),
}


def flags(attrs: dict) -> int:
    """attr2 from the op's attributes."""
    value = EDGES.index(attrs.get("edge", "none"))
    value |= FLAG_BITS["test"] if attrs.get("test", "ne") == "strict" else 0
    value |= FLAG_BITS["pinned"] if attrs.get("pinned", False) else 0
    value |= FLAG_BITS["pull_first"] if attrs.get("pull_first", False) else 0
    return value


def edge_of(flag_value: int) -> str:
    return EDGES[flag_value & 3]


def infer(ts, attrs, ann):
    """Operands: the round limit (i64), the initial vector, an optional
    nodes<bool> mask; results: the final vector and the rounds run (i64)."""
    if ts[0] != I64:
        raise OpTypeError(f"operand #0 (the round limit) has type {ts[0]}, but must be i64", 0)
    t, agg, edge = ts[1], attrs["agg"], attrs["edge"]
    if not t.is_vector:
        raise OpTypeError(f"operand #1 (the initial values) has type {t}, but must be a node vector", 1)
    if (agg in ("or", "and")) != (t.dtype == "bool"):
        want = "nodes<bool>" if agg in ("or", "and") else "nodes<f64> or nodes<i64>"
        raise OpTypeError(f"operand #1 has type {t}, but agg '{agg}' needs {want}", 1)
    if len(ts) > 2 and ts[2] != Type("bool", True):
        raise OpTypeError(f"operand #2 (the mask) has type {ts[2]}, but must be nodes<bool>", 2)
    if edge == "weight" and t.dtype != "f64":
        raise OpTypeError(f"operand #1 has type {t}, but edge 'weight' adds f64 weights: it needs nodes<f64>", 1)
    const = attrs.get("const")
    if (edge == "const") != (const is not None):
        raise OpTypeError("attribute 'const' is given exactly when edge = \"const\"")
    if const is not None and (isinstance(const, bool) or not isinstance(const, float if t.dtype == "f64" else int)):
        raise OpTypeError(f"attribute 'const' = {const!r} does not fit the values' type {t.dtype}")
    if const is not None and t.dtype == "i64" and not -(2**63) <= const < 2**63:
        raise OpTypeError(f"attribute 'const' = {const} is out of range for i64")
    if attrs.get("delta") is not None and edge != "weight":
        raise OpTypeError("attribute 'delta' needs edge = \"weight\" (it sets delta-stepping's bucket width)")
    return [t, I64]


_COMBINE = {"min": np.minimum, "max": np.maximum, "or": np.logical_or, "and": np.logical_and}
_STRICT = {"min": np.less, "and": np.less, "max": np.greater, "or": np.greater}


def run(graph, attrs: dict, max_iter, init, mask=None) -> tuple:
    """The reference semantics with NumPy, round by round: (x, rounds)."""
    agg, edge = attrs["agg"], attrs.get("edge", "none")
    x = np.array(init)
    rounds = 0
    while rounds < int(max_iter):
        offered = x + x.dtype.type(attrs["const"]) if edge == "const" else x
        pulled = rg.pull(graph, offered, agg, attrs["dir"], "add" if edge == "weight" else "none", True)
        y = _COMBINE[agg](pulled, x) if attrs.get("pull_first", False) else _COMBINE[agg](x, pulled)
        if mask is not None:
            y = np.where(np.asarray(mask) == bool(attrs.get("pinned", False)), x, y)
        changed = _STRICT[agg](y, x) if attrs.get("test", "ne") == "strict" else np.not_equal(y, x)
        rounds += 1
        x = y.astype(x.dtype, copy=False)
        if not changed.any():
            break
    return x, np.int64(rounds)


def kernel(ctx, max_iter, init, mask=None) -> tuple:
    """The record's kernel: two results."""
    return run(ctx.graph, ctx.attrs, max_iter, init, mask)
