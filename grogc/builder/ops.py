"""One builder method per GIR op (GIR.md, "Ops"), mixed into AlgorithmBuilder.

Each method takes handles or Python literals, checks the operand types at
the user's line, and emits exactly the op the GIR parser would build for the
equivalent text.  Every method accepts `name=` to name its result in the IR.
"""

from __future__ import annotations

import functools

from grogc.builder.coerce import binary_error, unary_error
from grogc.builder.errors import BuilderError, BuilderTypeError, BuilderValueError, user_loc
from grogc.builder.handles import Handle
from grogc.ir.types import BOOL, ELEMENT_TYPES, Type
from grogc.ops import AGGS as PULL_AGGS, DIRS, REDUCE_RESULT


class OpMethods:
    """The op-emitting half of AlgorithmBuilder (see builder.py for `_emit`,
    `_value` and `_literal`)."""

    # ---- constants and broadcasting ---------------------------------------------

    def const(self, value, dtype: str | None = None, name: str | None = None) -> Handle:
        """`core.const`: a scalar constant; dtype defaults by the literal rule
        (bool, int -> i64, float -> f64); `const(1, "f64")` is 1.0."""
        loc = user_loc()
        like = Type(_dtype(dtype, loc)) if dtype is not None else None
        v = self._literal(value, like, loc, name=name)
        if dtype is not None and v.dtype != dtype:
            raise BuilderTypeError(f"the literal {value!r} is {v.dtype}, not {dtype}", loc)
        return v

    def fill(self, x, name: str | None = None) -> Handle:
        """`core.fill`: broadcast a scalar to every node (nodes<T>)."""
        loc = user_loc()
        value = self._value(x, None, loc)
        if value.type.is_vector:
            raise BuilderTypeError(f"cannot fill from {value.type}: core.fill broadcasts a scalar", loc)
        return self._emit("core.fill", [value], name=name, loc=loc)

    def init_nodes(self, value, name: str | None = None) -> Handle:
        """Every node starts at `value` (a literal or scalar handle): core.fill."""
        return self.fill(value, name=name)

    # ---- element-wise binary ops ------------------------------------------------

    def _binary(self, op: str, a, b, name: str | None) -> Handle:
        loc = user_loc()
        va, vb = self._pair(a, b, loc)
        return self._binary_values(op, va, vb, name, loc)

    def _binary_values(self, op: str, va, vb, name: str | None, loc) -> Handle:
        message = binary_error(op, va.type, vb.type)
        if message:
            raise BuilderTypeError(message, loc)
        return self._emit(op, [va, vb], name=name, loc=loc)

    def add(self, a, b, name=None):
        return self._binary("core.add", a, b, name)

    def sub(self, a, b, name=None):
        return self._binary("core.sub", a, b, name)

    def mul(self, a, b, name=None):
        return self._binary("core.mul", a, b, name)

    def div(self, a, b, name=None):
        """`core.div` as GIR defines it: true division on f64, floor on i64."""
        return self._binary("core.div", a, b, name)

    def truediv(self, a, b, name=None):
        """Python's `/`: f64 only (on i64 it would silently floor)."""
        loc = user_loc()
        va, vb = self._pair(a, b, loc)
        if va.type.dtype == vb.type.dtype == "i64":
            raise BuilderTypeError(
                f"cannot divide {va.type} and {vb.type} with '/': core.div on i64 is floor division"
                " (use '//' for it, or .cast('f64') for true division)", loc)
        return self._binary_values("core.div", va, vb, name, loc)

    def floordiv(self, a, b, name=None):
        """Python's `//`: core.div on i64, core.div then core.floor on f64."""
        loc = user_loc()
        va, vb = self._pair(a, b, loc)
        is_f64 = va.type.dtype == "f64"
        quotient = self._binary_values("core.div", va, vb, None if is_f64 else name, loc)
        return self._emit("core.floor", [quotient.value], name=name, loc=loc) if is_f64 else quotient

    def pow(self, a, b, name=None):
        return self._binary("core.pow", a, b, name)

    def minimum(self, a, b, name=None):
        """Element-wise `core.min` (NaN propagates); `x.min()` is the reduction."""
        return self._binary("core.min", a, b, name)

    def maximum(self, a, b, name=None):
        """Element-wise `core.max` (NaN propagates); `x.max()` is the reduction."""
        return self._binary("core.max", a, b, name)

    def eq(self, a, b, name=None):
        return self._binary("core.eq", a, b, name)

    def ne(self, a, b, name=None):
        return self._binary("core.ne", a, b, name)

    def lt(self, a, b, name=None):
        return self._binary("core.lt", a, b, name)

    def le(self, a, b, name=None):
        return self._binary("core.le", a, b, name)

    def gt(self, a, b, name=None):
        return self._binary("core.gt", a, b, name)

    def ge(self, a, b, name=None):
        return self._binary("core.ge", a, b, name)

    def and_(self, a, b, name=None):
        return self._binary("core.and", a, b, name)

    def or_(self, a, b, name=None):
        return self._binary("core.or", a, b, name)

    # ---- element-wise unary ops -------------------------------------------------

    def _unary(self, op: str, x, name: str | None) -> Handle:
        loc = user_loc()
        value = self._value(x, None, loc)
        message = unary_error(op, value.type)
        if message:
            raise BuilderTypeError(message, loc)
        return self._emit(op, [value], name=name, loc=loc)

    def neg(self, x, name=None):
        return self._unary("core.neg", x, name)

    def abs(self, x, name=None):
        return self._unary("core.abs", x, name)

    def sqrt(self, x, name=None):
        return self._unary("core.sqrt", x, name)

    def exp(self, x, name=None):
        return self._unary("core.exp", x, name)

    def log(self, x, name=None):
        return self._unary("core.log", x, name)

    def floor(self, x, name=None):
        return self._unary("core.floor", x, name)

    def recip(self, x, name=None):
        """`core.recip`: 1/x, and 0 where x == 0 (a safe inverse degree)."""
        return self._unary("core.recip", x, name)

    def not_(self, x, name=None):
        return self._unary("core.not", x, name)

    # ---- select, cast, reduce ---------------------------------------------------

    def select(self, cond, a, b, name: str | None = None) -> Handle:
        """`core.select`: a where cond else b (element-wise if any is a vector)."""
        loc = user_loc()
        if not isinstance(cond, Handle):
            raise BuilderTypeError(
                f"the select condition is a Python {type(cond).__name__}, not a bool handle"
                " (did you write x == y? use x.eq(y))", loc)
        vc = self._value(cond, None, loc)
        if vc.type.dtype != "bool":
            raise BuilderTypeError(f"the select condition is {vc.type}, but must be bool or nodes<bool>", loc)
        va, vb = self._pair(a, b, loc)
        if va.type.dtype != vb.type.dtype:
            raise BuilderTypeError(
                f"cannot select between {va.type} and {vb.type} (no implicit conversion; use .cast('{va.type.dtype}'))", loc)
        return self._emit("core.select", [vc, va, vb], name=name, loc=loc)

    def cast(self, x, dtype: str, name: str | None = None) -> Handle:
        """`core.cast` to dtype, keeping the shape (scalar or nodes)."""
        loc = user_loc()
        value = self._value(x, None, loc)
        target = Type(_dtype(dtype, loc), value.type.is_vector)
        return self._emit("core.cast", [value], annotated=[target], name=name, loc=loc)

    def reduce(self, x, op: str, name: str | None = None) -> Handle:
        """`core.reduce {op}` over a node vector: sum, min, max, count, any, all."""
        loc = user_loc()
        _choice("reduce op", op, tuple(REDUCE_RESULT), loc)
        return self._emit("core.reduce", [self._value(x, None, loc)], {"op": op}, name=name, loc=loc)

    # ---- graph ops --------------------------------------------------------------

    def node_count(self, dtype: str = "i64", name: str | None = None) -> Handle:
        """`graph.node_count` as an i64 (or f64) scalar."""
        return self._emit("graph.node_count", [], annotated=[Type(dtype)], name=name)

    def edge_count(self, dtype: str = "i64", name: str | None = None) -> Handle:
        """`graph.edge_count`: edges as imported, as an i64 (or f64) scalar."""
        return self._emit("graph.edge_count", [], annotated=[Type(dtype)], name=name)

    def node_ids(self, name: str | None = None) -> Handle:
        """`graph.node_ids`: 0..n-1, the internal ids (nodes<i64>)."""
        return self._emit("graph.node_ids", [], name=name)

    def degree(self, dir: str, weighted: bool = False, name: str | None = None) -> Handle:
        """`graph.degree {dir, weighted}` (nodes<f64>); dir is in, out or all."""
        loc = user_loc()
        _choice("dir", dir, DIRS, loc)
        return self._emit("graph.degree", [], {"dir": dir, "weighted": weighted}, name=name, loc=loc)

    def pull(self, x, agg: str, dir: str = "in", weight: str = "none", gate=None,
             name: str | None = None) -> Handle:
        """`graph.pull`: for every node, aggregate x over its neighbours in dir.
        gate: a bool scalar (handle or literal) switching the weights at run
        time (false: every arc weighs 1); only with weight mul or add."""
        loc = user_loc()
        _choice("agg", agg, PULL_AGGS, loc)
        _choice("dir", dir, DIRS, loc)
        attrs = {"agg": agg, "dir": dir, "weight": weight}
        operands = [self._value(x, None, loc)]
        if gate is not None:
            operands.append(self._value(gate, BOOL, loc))
        return self._emit("graph.pull", operands, attrs, name=name, loc=loc)

    def triangles(self, name: str | None = None) -> Handle:
        """`graph.triangles`: triangles through each node (nodes<i64>)."""
        return self._emit("graph.triangles", [], name=name)

    # ---- attributes in and out --------------------------------------------------

    def load_attr(self, attr_name: str, dtype: str = "f64", name: str | None = None) -> Handle:
        """`attr.load "attr_name" : nodes<dtype>`: a node attribute given at run time."""
        loc = user_loc()
        return self._emit("attr.load", [], {"name": attr_name}, annotated=[Type(_dtype(dtype, loc), True)],
                          name=name, loc=loc)


def atomic(method):
    """A builder call that fails leaves nothing behind: the constants it made
    for literals before its type check failed are removed again (so a caught
    error, e.g. in a notebook, does not leave stray ops in the IR)."""

    @functools.wraps(method)
    def wrapper(self, *args, **kwargs):
        scope = self._scopes[-1]
        mark = len(scope.block.ops)
        try:
            return method(self, *args, **kwargs)
        except BuilderError:
            if self._scopes and self._scopes[-1] is scope:
                del scope.block.ops[mark:]
            raise

    return wrapper


for _name, _method in list(vars(OpMethods).items()):
    if not _name.startswith("__") and callable(_method):
        setattr(OpMethods, _name, atomic(_method))


def _dtype(dtype: str, loc) -> str:
    if dtype not in ELEMENT_TYPES:
        raise BuilderValueError(f"unknown element type {dtype!r} (valid: {', '.join(ELEMENT_TYPES)})", loc)
    return dtype


def _choice(what: str, value, choices: tuple, loc) -> None:
    if value not in choices:
        raise BuilderValueError(f"{what} must be one of {', '.join(map(repr, choices))}; got {value!r}", loc)
