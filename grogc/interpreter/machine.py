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

from grogc.backend.outputs import finish_outputs, OutputSpec
from grogc.backend.params import (NUMPY_DTYPE, attr_specs_of_function, bind_attrs, bind_params,
                                  specs_of_function)
from grogc.errors import GrogError
from grogc.ir.core import Block, Function, Operation, Value
from grogc.ops import FUSED, LOOPS, OPS, TERMINATORS, Ctx, Trap


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
            if op.name in TERMINATORS:
                return [env[v] for v in op.operands]
            args = [env[v] for v in op.operands]
            if op.name in _REGION_OPS:
                results = _REGION_OPS[op.name](self, op, args, env)
            elif op.name == "attr.output":
                _output(self, op, *args)
                results = []
            else:
                result = self.kernel(op, args)
                results = list(result) if len(op.results) > 1 else [result]  # graph.propagate has two
            for value, result in zip(op.results, results):
                env[value] = _coerce(result, value, self.graph.n)
        return None

    def kernel(self, op: Operation, args: list):
        """The op's reference kernel (its record's semantics) on these values."""
        ctx = Ctx(op.attrs, op.results[0].type.dtype if op.results else "", self.graph, self.attrs)
        try:
            return OPS[op.name].kernel(ctx, *args)
        except Trap as err:
            raise RunError(f"{op.loc}: run-time error: {err} (in '{op.name}')" if op.loc else
                           f"run-time error: {err} (in '{op.name}')") from None

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


# ---- ops without a value: the effect of an output ------------------------------


def _output(m: "_Machine", op: Operation, value) -> None:
    name = op.attrs["name"]
    m.outputs[name] = np.array(value) if op.operands[0].type.is_vector else value
    m.output_specs.append(OutputSpec(name, bool(op.attrs.get("node_ids", False))))


_REGION_OPS: dict[str, Callable] = {**{name: _Machine.loop for name in LOOPS},
                                    **{name: _Machine.fused for name in FUSED}}
