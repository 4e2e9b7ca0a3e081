"""canonicalize: constant folding and algebraic identities, to a fixed point.

Rewrites are data: folding evaluates an op's own reference kernel (its
record's semantics, the interpreter's) where the record's fold policy allows,
RULES lists the identities tried per op name.  Every block is visited, loop bodies
and fused regions at any depth included.

Floating point (docs/passes.md, "What canonicalize may do to f64"): a rewrite
is allowed only when it gives the same bits as evaluating the original
expression under IEEE 754 for EVERY input, NaN, infinities and signed zeros
included.  So: x*1, x/1, x-0.0, x+(-0.0), min(x,x), max(x,x), --x and
pow(x, 1) become x; x/c becomes x*(1/c) only when c is a power of two whose
reciprocal is exact (both sides then round the same real number).  Not done:
x+0.0 (wrong for x = -0.0), x*0 (NaN, inf, sign), x-x (NaN, inf), division
by other constants (1/c is rounded), and folding of exp, log and f64 pow
(libm is not correctly rounded, so compile time and run time could differ).
Folding never hides a run-time error: i64 division by zero, i64 pow with a
negative exponent and bad f64->i64 casts stay in the program.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Callable

import numpy as np

from grogc.ir.core import Function, Operation, Value
from grogc.ir.types import Type
from grogc.ops import OPS, Ctx, Trap
from grogc.ops.semantics import NUMPY_DTYPE
from grogc.passes.analysis import NOT_CONST, blocks_of, const_value, erase, insert_before, replace_uses
from grogc.passes.base import Pass


def _literal(value, dtype: str):
    """A folded value as the literal type core.const expects."""
    return {"f64": float, "i64": int, "bool": bool}[dtype](value)


def fold(op: Operation):
    """The constant an op evaluates to, or NOT_CONST: its record's reference
    kernel (the interpreter's semantics) on 0-d arrays, where the record's
    fold policy allows the operands' dtype; a kernel that traps (i64
    division by zero, a bad cast...) leaves the op, and its run-time error,
    in place."""
    if not op.results or op.results[0].type.is_vector:
        return NOT_CONST
    d = OPS.get(op.name)
    values = [const_value(v) for v in op.operands]
    if d is None or d.kernel is None or d.fold is None or not values or any(v is NOT_CONST for v in values):
        return NOT_CONST
    dtypes = [v.type.dtype for v in op.operands]
    first = dtypes[1] if d.dtypes is not None and d.dtypes.condition else dtypes[0]
    if first not in d.fold:
        return NOT_CONST
    out_dtype = op.results[0].type.dtype
    args = [np.asarray(v, dtype=NUMPY_DTYPE[t]) for v, t in zip(values, dtypes)]
    try:
        with np.errstate(all="ignore"):
            result = d.kernel(Ctx(op.attrs, out_dtype), *args)
    except Trap:
        return NOT_CONST
    return _literal(np.asarray(result).item(), out_dtype)


# ---- algebraic identities ---------------------------------------------------------
# A rule gets the op and its operands' constants (NOT_CONST where unknown)
# and returns the Value to use instead, a ("const", literal) pair, a new
# (name, operands, attrs) form of the op, or None.


def _is(c, *literals) -> bool:
    """c is exactly one of the literals (bits: -0.0 is not 0.0)."""
    return c is not NOT_CONST and not isinstance(c, bool) and any(
        c == lit and math.copysign(1.0, c) == math.copysign(1.0, lit) for lit in literals)


def _dtype(op: Operation) -> str:
    return op.results[0].type.dtype


def _add(op, a, b, ca, cb):
    zero = (-0.0,) if _dtype(op) == "f64" else (0,)
    return a if _is(cb, *zero) else None


def _sub(op, a, b, ca, cb):
    if _is(cb, 0.0 if _dtype(op) == "f64" else 0):
        return a
    if a is b and _dtype(op) == "i64":
        return ("const", 0)
    return None


def _mul(op, a, b, ca, cb):
    if _is(cb, 1.0 if _dtype(op) == "f64" else 1):
        return a
    if _dtype(op) == "i64" and _is(cb, 0):
        return ("const", 0)
    return None


def _exact_reciprocal(c: float) -> float | None:
    """1/c when c is a power of two and 1/c is exact, else None."""
    if c == 0 or not math.isfinite(c) or abs(math.frexp(c)[0]) != 0.5:
        return None
    r = 1.0 / c
    return r if math.isfinite(r) and abs(math.frexp(r)[0]) == 0.5 and r * c == 1.0 else None


def _div(op, a, b, ca, cb):
    if _is(cb, 1.0 if _dtype(op) == "f64" else 1):
        return a
    if _dtype(op) == "f64" and cb is not NOT_CONST:
        r = _exact_reciprocal(cb)
        if r is not None:
            return ("core.mul", [a, ("const", r)])
    return None


def _idempotent(op, a, b, ca, cb):
    return a if a is b else None


def _pow(op, a, b, ca, cb):
    return a if _is(cb, 1.0 if _dtype(op) == "f64" else 1) else None


def _involution(op, a, ca):
    inner = a.owner
    if isinstance(inner, Operation) and inner.name == op.name:
        return inner.operands[0]
    return None


def _and(op, a, b, ca, cb):
    if a is b or cb is True:
        return a
    return ("const", False) if cb is False else None


def _or(op, a, b, ca, cb):
    if a is b or cb is False:
        return a
    return ("const", True) if cb is True else None


def _select(op, c, a, b, cc, ca, cb):
    if a is b:
        return a
    if cc is True:
        return a
    if cc is False:
        return b
    return None


def _cast_same(op, a, ca):
    return a if a.type == op.results[0].type else None


RULES: dict[str, Callable] = {
    "core.add": _add, "core.sub": _sub, "core.mul": _mul, "core.div": _div,
    "core.min": _idempotent, "core.max": _idempotent, "core.pow": _pow,
    "core.neg": _involution, "core.not": _involution,
    "core.and": _and, "core.or": _or, "core.select": _select, "core.cast": _cast_same,
}


@dataclass(frozen=True)
class Canonicalize(Pass):
    name = "canonicalize"
    summary = "fold constants, apply exact algebraic identities, put constants on the right"

    def run(self, fn: Function) -> bool:
        changed = False
        while any([self._block(fn, block) for block in list(blocks_of(fn))]):
            changed = True
        return changed

    def _block(self, fn: Function, block) -> bool:
        changed = False
        for op in list(block.ops):
            if op.parent is not block or op.name not in OPS or not op.results:
                continue
            changed |= _commute(op)
            value = fold(op)
            if value is not NOT_CONST:
                _become_const(op, value)
                changed = True
                continue
            rule = RULES.get(op.name)
            if rule is None:
                continue
            outcome = rule(op, *op.operands, *(const_value(v) for v in op.operands))
            if outcome is not None:
                changed |= _apply(fn, op, outcome)
        return changed


def _commute(op: Operation) -> bool:
    """Constants to the right of commutative ops (so rules and CSE see one form)."""
    if OPS[op.name].commutative and len(op.operands) == 2:
        a, b = op.operands
        if const_value(a) is not NOT_CONST and const_value(b) is NOT_CONST:
            op.operands = [b, a]
            return True
    return False


def _become_const(op: Operation, value) -> None:
    op.name, op.operands, op.attrs, op.regions = "core.const", [], {"value": value}, []


def _new_const(fn: Function, anchor: Operation, value, dtype: str) -> Value:
    const = Operation("core.const", [], [Type(dtype)], [fn.fresh_name("c")], {"value": _literal(value, dtype)},
                      loc=anchor.loc)
    insert_before(anchor, const)
    return const.results[0]


def _apply(fn: Function, op: Operation, outcome) -> bool:
    result = op.results[0]
    if isinstance(outcome, Value):
        if outcome.type != result.type:
            return False  # e.g. a scalar standing for a vector result: leave the op
        replace_uses(fn, result, outcome)
        erase(op)
        return True
    if outcome[0] == "const":
        if result.type.is_vector:
            scalar = _new_const(fn, op, outcome[1], result.type.dtype)
            op.name, op.operands, op.attrs = "core.fill", [scalar], {}
        else:
            _become_const(op, _literal(outcome[1], result.type.dtype))
        return True
    name, operands = outcome
    op.name = name
    op.operands = [_new_const(fn, op, v[1], "f64") if isinstance(v, tuple) else v for v in operands]
    return True
