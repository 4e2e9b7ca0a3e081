"""The reference interpreter: runs IR of any level op by op with NumPy/SciPy.

It is the oracle every other executor is checked against (the C runtime on
optimised plans, -O0 against -O2), so it is written straight from GIR.md and
the shared semantics in docs/interpreter.md, and shares no code with the
lowering or the runtime.  Fused ops run their region as plain ops.

Values: a node vector is a 1-d array of n elements (float64, int64 or
bool); a scalar is a NumPy scalar of its dtype.  i64 arithmetic wraps.
"""

from __future__ import annotations

from typing import Any, Callable, Mapping

import numpy as np

from grogc.backend import reference_frontier
from grogc.backend import reference_graph as rg
from grogc.backend import reference_library as rl
from grogc.backend.outputs import finish_outputs, OutputSpec
from grogc.backend.params import (NUMPY_DTYPE, attr_specs_of_function, bind_attrs, bind_params,
                                  specs_of_function)
from grogc.errors import GrogError
from grogc.ir.core import Block, Function, Operation, Value

I64_MIN, I64_MAX = np.iinfo(np.int64).min, np.iinfo(np.int64).max


class RunError(GrogError):
    """A run-time fault of the program (integer division by zero, bad cast...)."""


def interpret(fn: Function, graph, params: Mapping[str, Any] | None = None,
              attrs: Mapping[str, Any] | None = None) -> dict[str, Any]:
    """Run `fn` on `graph`; returns output name -> array (vectors) or Python
    scalar.  `params` as the user gives them (node params: ORIGINAL ids);
    outputs with node_ids = true are returned as original ids."""
    bound = bind_params(specs_of_function(fn), params or {}, graph)
    attr_values = bind_attrs(attr_specs_of_function(fn), attrs, graph.n)
    machine = _Machine(graph, attr_values)
    env: dict[Value, Any] = {}
    for p in fn.params:
        env[p.value] = NUMPY_DTYPE[p.value.type.dtype](bound[p.name])
    with np.errstate(all="ignore"):
        machine.block(fn.body, env)
    return finish_outputs(graph, machine.outputs, machine.output_specs)


class _Machine:
    def __init__(self, graph, attrs: dict[str, np.ndarray]):
        self.graph = graph
        self.attrs = attrs
        self.outputs: dict[str, Any] = {}
        self.output_specs: list[OutputSpec] = []

    def block(self, block: Block, env: dict[Value, Any]) -> list[Any] | None:
        """Run a block's ops; returns its terminator's operand values."""
        for op in block.ops:
            if op.name in ("control.yield", "fuse.yield"):
                return [env[v] for v in op.operands]
            args = [env[v] for v in op.operands]
            if op.name in _REGION_OPS:
                results = _REGION_OPS[op.name](self, op, args, env)
            else:
                try:
                    results = [_KERNELS[op.name](self, op, *args)]
                except RunError as err:
                    raise RunError(f"{op.loc}: run-time error: {err} (in '{op.name}')" if op.loc else
                                   f"run-time error: {err} (in '{op.name}')") from None
            for value, result in zip(op.results, results):
                env[value] = _coerce(result, value, self.graph.n)
        return None

    # ---- ops with regions ----------------------------------------------------

    def loop(self, op: Operation, args: list, env: dict) -> list:
        body = op.regions[0]
        count, carried = int(args[0]), list(args[1:])
        is_while = op.name == "control.while"
        rounds = 0
        while rounds < count:
            inner = dict(env)
            inner.update(zip(body.args, carried))
            yielded = self.block(body, inner)
            rounds += 1
            if is_while:
                cond, *carried = yielded
                if not bool(cond):
                    break
            else:
                carried = yielded
        return carried

    def fused(self, op: Operation, args: list, env: dict) -> list:
        return self.block(op.regions[0], dict(env))


def _coerce(result, value: Value, n: int):
    """The result as its IR type: an n-array for vectors, a NumPy scalar."""
    dtype = NUMPY_DTYPE[value.type.dtype]
    if value.type.is_vector:
        arr = np.asarray(result)
        if arr.dtype != dtype:
            arr = arr.astype(dtype)
        return np.broadcast_to(arr, (n,)) if arr.ndim == 0 else arr
    return dtype(result)


# ---- element-wise kernels --------------------------------------------------------


def _div(m, op, a, b):
    if np.asarray(a).dtype.kind == "f":
        return np.true_divide(a, b)
    if np.any(np.asarray(b) == 0):
        raise RunError("integer division by zero")
    return np.floor_divide(a, b)


def _pow(m, op, a, b):
    if np.asarray(a).dtype.kind == "i" and np.any(np.asarray(b) < 0):
        raise RunError("integer power with a negative exponent")
    return np.power(a, b)


def _recip(m, op, a):
    a = np.asarray(a, dtype=np.float64)
    safe = np.where(a == 0, 1.0, a)
    return np.where(a == 0, 0.0, 1.0 / safe)


def _cast(m, op, a):
    src = np.asarray(a)
    target = op.result.type.dtype
    if target == "bool":
        return src != 0
    if target == "i64" and src.dtype.kind == "f":
        bad = ~((src >= -(2.0**63)) & (src < 2.0**63))  # NaN fails both
        if np.any(bad):
            first = src[bad].flat[0] if src.ndim else src
            raise RunError(f"cannot cast {float(first)!r} to i64 (NaN or out of range)")
        return np.trunc(src).astype(np.int64)
    return src.astype(NUMPY_DTYPE[target])


_REDUCE_IDENTITY = {("min", "f64"): np.inf, ("max", "f64"): -np.inf, ("min", "i64"): I64_MAX,
                    ("max", "i64"): I64_MIN}


def _reduce(m, op, a):
    kind = op.attrs["op"]
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
        return _REDUCE_IDENTITY[(kind, op.result.type.dtype)]
    return a.min() if kind == "min" else a.max()


def _const(m, op):
    return op.attrs["value"]


def _fill(m, op, a):
    return np.full(m.graph.n, a, dtype=NUMPY_DTYPE[op.result.type.dtype])


def _node_count(m, op):
    return m.graph.n


def _edge_count(m, op):
    return m.graph.num_edges


def _node_ids(m, op):
    return np.arange(m.graph.n, dtype=np.int64)


def _degree(m, op):
    return rg.degree(m.graph, op.attrs["dir"], bool(op.attrs.get("weighted", False)))


def _pull(m, op, x, gate=True):
    """The optional operand #1 gates the weights at run time (false: w = 1)."""
    weight = op.attrs.get("weight", "none")
    return rg.pull(m.graph, np.asarray(x), op.attrs["agg"], op.attrs["dir"], weight, bool(gate))


def _triangles(m, op):
    return rg.triangles(m.graph)


def _load(m, op):
    return m.attrs[op.attrs["name"]]


def _output(m, op, value):
    name = op.attrs["name"]
    m.outputs[name] = np.array(value) if op.operands[0].type.is_vector else value
    m.output_specs.append(OutputSpec(name, bool(op.attrs.get("node_ids", False))))
    return None


def _ew(fn: Callable) -> Callable:
    return lambda m, op, *args: fn(*args)


_KERNELS: dict[str, Callable] = {
    "core.const": _const, "core.fill": _fill,
    "core.add": _ew(np.add), "core.sub": _ew(np.subtract), "core.mul": _ew(np.multiply), "core.div": _div,
    "core.min": _ew(np.minimum), "core.max": _ew(np.maximum), "core.pow": _pow,
    "core.neg": _ew(np.negative), "core.abs": _ew(np.abs), "core.sqrt": _ew(np.sqrt), "core.exp": _ew(np.exp),
    "core.log": _ew(np.log), "core.floor": _ew(np.floor), "core.recip": _recip,
    "core.eq": _ew(np.equal), "core.ne": _ew(np.not_equal), "core.lt": _ew(np.less),
    "core.le": _ew(np.less_equal), "core.gt": _ew(np.greater), "core.ge": _ew(np.greater_equal),
    "core.and": _ew(np.logical_and), "core.or": _ew(np.logical_or), "core.not": _ew(np.logical_not),
    "core.select": _ew(np.where), "core.cast": _cast, "core.reduce": _reduce,
    "graph.node_count": _node_count, "graph.edge_count": _edge_count, "graph.node_ids": _node_ids,
    "graph.degree": _degree, "graph.pull": _pull, "graph.triangles": _triangles,
    "graph.directed": lambda m, op: rl.directed(m.graph), "graph.self_loops": lambda m, op: rl.self_loops(m.graph),
    "graph.neighbor_count": lambda m, op: rl.neighbor_count(m.graph),
    "graph.neighborhood_arcs": lambda m, op: rl.neighborhood_arcs(m.graph),
    "attr.load": _load, "attr.output": _output,
}

_REGION_OPS: dict[str, Callable] = {
    "control.repeat": _Machine.loop, "control.while": _Machine.loop,
    "fuse.elementwise": _Machine.fused, "fuse.neighbor": _Machine.fused,
    # not a region, but two results: the vector and the rounds run
    "graph.propagate": lambda m, op, args, env: reference_frontier.propagate(m.graph, op.attrs, *args),
}
