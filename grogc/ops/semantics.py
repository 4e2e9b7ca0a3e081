"""Reference semantics of every op with a value, as NumPy kernels.

One table for two users (tinygrad's exec_alu idea): the reference
interpreter runs these kernels over node vectors, and constant folding runs
the very same kernels on 0-d arrays, so a folded constant is what the
program would have computed.  A kernel gets a Ctx (attributes, result
dtype, graph) and its operand values; it raises Trap where the program
faults at run time (folding then leaves the op in place).

Semantics (docs/interpreter.md, docs/runtime.md): i64 wraps; i64 div floors
and faults on 0; i64 pow faults on a negative exponent; f64 min/max
propagate NaN; recip(0) = 0; cast f64 -> i64 truncates and faults on NaN or
out of range.  Callers run kernels under np.errstate(all="ignore").
"""

from __future__ import annotations

from typing import Callable

import numpy as np

from grogc.ops import reference_graph as rg
from grogc.ops import reference_library as rl
from grogc.ops.record import Ctx, Trap

I64_MIN, I64_MAX = np.iinfo(np.int64).min, np.iinfo(np.int64).max
NUMPY_DTYPE = {"f64": np.float64, "i64": np.int64, "bool": np.bool_}


def ufunc(fn: Callable) -> Callable:
    """A kernel that is a NumPy ufunc of its operands."""
    return lambda ctx, *args: fn(*args)


def div(ctx: Ctx, a, b):
    if np.asarray(a).dtype.kind == "f":
        return np.true_divide(a, b)
    if np.any(np.asarray(b) == 0):
        raise Trap("integer division by zero")
    return np.floor_divide(a, b)


def power(ctx: Ctx, a, b):
    if np.asarray(a).dtype.kind == "i" and np.any(np.asarray(b) < 0):
        raise Trap("integer power with a negative exponent")
    return np.power(a, b)


def recip(ctx: Ctx, a):
    a = np.asarray(a, dtype=np.float64)
    safe = np.where(a == 0, 1.0, a)
    return np.where(a == 0, 0.0, 1.0 / safe)


def cast(ctx: Ctx, a):
    src = np.asarray(a)
    target = ctx.out_dtype
    if target == "bool":
        return src != 0
    if target == "i64" and src.dtype.kind == "f":
        bad = ~((src >= -(2.0**63)) & (src < 2.0**63))  # NaN fails both
        if np.any(bad):
            first = src[bad].flat[0] if src.ndim else src
            raise Trap(f"cannot cast {float(first)!r} to i64 (NaN or out of range)")
        return np.trunc(src).astype(np.int64)
    return src.astype(NUMPY_DTYPE[target])


_REDUCE_IDENTITY = {("min", "f64"): np.inf, ("max", "f64"): -np.inf, ("min", "i64"): I64_MAX,
                    ("max", "i64"): I64_MIN}


def reduce(ctx: Ctx, a):
    kind = ctx.attrs["op"]
    a = np.asarray(a)
    if kind == "count":
        return np.int64(np.count_nonzero(a))
    if kind == "any":
        return bool(np.any(a))
    if kind == "all":
        return bool(np.all(a))
    if kind == "sum":
        return a.sum(dtype=a.dtype)
    if a.size == 0:
        return _REDUCE_IDENTITY[(kind, ctx.out_dtype)]
    return a.min() if kind == "min" else a.max()


def const(ctx: Ctx):
    return ctx.attrs["value"]


def fill(ctx: Ctx, a):
    return np.full(ctx.graph.n, a, dtype=NUMPY_DTYPE[ctx.out_dtype])


def select(ctx: Ctx, c, a, b):
    return np.where(c, a, b)


def node_count(ctx: Ctx):
    return ctx.graph.n


def edge_count(ctx: Ctx):
    return ctx.graph.num_edges


def node_ids(ctx: Ctx):
    return np.arange(ctx.graph.n, dtype=np.int64)


def degree(ctx: Ctx):
    return rg.degree(ctx.graph, ctx.attrs["dir"], bool(ctx.attrs.get("weighted", False)))


def pull(ctx: Ctx, x, gate=True):
    """The optional operand #1 gates the weights at run time (false: w = 1)."""
    weight = ctx.attrs.get("weight", "none")
    return rg.pull(ctx.graph, np.asarray(x), ctx.attrs["agg"], ctx.attrs["dir"], weight, bool(gate))


def triangles(ctx: Ctx):
    return rg.triangles(ctx.graph)


def graph_fact(fn: Callable) -> Callable:
    """A kernel computed from the graph alone (reference_library.py)."""
    return lambda ctx: fn(ctx.graph)


def load(ctx: Ctx):
    return ctx.node_attrs[ctx.attrs["name"]]


DIRECTED, SELF_LOOPS = graph_fact(rl.directed), graph_fact(rl.self_loops)
NEIGHBOR_COUNT, NEIGHBORHOOD_ARCS = graph_fact(rl.neighbor_count), graph_fact(rl.neighborhood_arcs)
CORE_NUMBER, SCC, WCC = graph_fact(rl.core_number), graph_fact(rl.scc), graph_fact(rl.wcc)
