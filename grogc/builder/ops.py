"""One builder method per GIR op (GIR.md, "Ops"), mixed into AlgorithmBuilder.

The name of each op's method is in its record (`OpDef.builder`); plain ones
(element-wise ops typed by a DtypeRule, sources of one fixed type) are
derived from the record at the end of this module, so a new op of that kind
needs no code here.  Each method takes handles or Python literals, checks the operand types at
the user's line, and emits exactly the op the GIR parser would build for the
equivalent text.  Every method accepts `name=` to name its result in the IR.
"""

from __future__ import annotations

import functools

from grogc.builder.coerce import binary_error, unary_error
from grogc.builder.errors import BuilderError, BuilderTypeError, BuilderValueError, user_loc
from grogc.builder.handles import Handle
from grogc.ir.types import BOOL, ELEMENT_TYPES, Type
from grogc.ops import AGGS as PULL_AGGS, DIRS, OPS, REDUCE_RESULT, OpDef


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

    # ---- element-wise unary ops -------------------------------------------------

    def _unary(self, op: str, x, name: str | None) -> Handle:
        loc = user_loc()
        value = self._value(x, None, loc)
        message = unary_error(op, value.type)
        if message:
            raise BuilderTypeError(message, loc)
        return self._emit(op, [value], name=name, loc=loc)

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


# ---- the plain op methods, derived from the records (`builder=` in grogc/ops/table.py)


def _plain_method(d: OpDef):
    """A method for an op whose record says all there is to check: an
    element-wise op with a DtypeRule (binary_error / unary_error read it),
    or a source with one fixed result type.  None for anything else."""
    op = d.name
    if d.cls == "elementwise" and d.arity == (2, 2):
        def method(self, a, b, name=None):
            return self._binary(op, a, b, name)
    elif d.cls == "elementwise" and d.arity == (1, 1):
        def method(self, x, name=None):
            return self._unary(op, x, name)
    elif d.cls == "source" and not d.attrs and len(d.plan.out_dtypes) == 1:
        def method(self, name=None):
            return self._emit(op, [], name=name)
    else:
        return None
    method.__name__ = method.__qualname__ = d.builder
    method.__doc__ = f"`{op}`: {d.summary}"
    return method


for _d in OPS.values():
    # sinks and loops are AlgorithmBuilder's own methods (builder.py); the rest
    # of the hand-written ones (const, fill, select, cast, reduce, ...) stand above
    if _d.builder and _d.cls in ("elementwise", "source") and _d.builder not in vars(OpMethods):
        _method = _plain_method(_d)
        if _method is None:
            raise TypeError(f"'{_d.name}' names builder method '{_d.builder}', which its record cannot define: "
                            "write it in grogc/builder/ops.py")
        setattr(OpMethods, _d.builder, _method)

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
