"""Python numbers as GIR constants, and type errors phrased for Python users.

Literal rule ("weak" Python scalars, as in NumPy 2 and JAX): a Python
`bool` is a bool constant, a `float` an f64 constant, an `int` an i64
constant — except that an int meeting an f64 operand becomes the f64
constant of the same value when that is exact (`x * 2` on nodes<f64> means
`x * 2.0`).  Nothing else converts implicitly: a float meeting i64, or a
handle of one dtype meeting another, is a BuilderTypeError naming both.
"""

from __future__ import annotations

import numbers

from grogc.ir.types import Type
from grogc.ops import OPS

# How a message says what the user tried, per binary op (other ops: "apply <op> to").
VERBS = {
    "core.add": "add", "core.sub": "subtract", "core.mul": "multiply", "core.div": "divide",
    "core.pow": "take the power of", "core.min": "take the minimum of", "core.max": "take the maximum of",
    "core.eq": "compare", "core.ne": "compare", "core.lt": "compare", "core.le": "compare", "core.gt": "compare",
    "core.ge": "compare", "core.and": "apply '&' (and) to", "core.or": "apply '|' (or) to",
}

_EXACT_F64 = 2**53  # ints beyond this do not all have an exact double


def _cast_hint(a: str, b: str) -> str:
    target = "f64" if "f64" in (a, b) else ("i64" if "i64" in (a, b) else a)
    return f"use .cast('{target}')"


def binary_error(op: str, ta: Type, tb: Type) -> str | None:
    """Why `op` cannot take operands of types ta and tb, or None if it can."""
    rule = OPS[op].dtypes  # the record's dtype rule, the verifier's and the runtime's
    verb, allowed, what = VERBS.get(op, f"apply {op} to"), rule.inputs, rule.words
    if ta.dtype != tb.dtype:
        return f"cannot {verb} {ta} and {tb} (no implicit conversion; {_cast_hint(ta.dtype, tb.dtype)})"
    if ta.dtype not in allowed:
        return f"cannot {verb} {ta} and {tb} ({op} needs {what})"
    return None


def unary_error(op: str, t: Type) -> str | None:
    """Why `op` cannot take an operand of type t, or None if it can."""
    rule = OPS[op].dtypes
    allowed, what = rule.inputs, rule.words
    if t.dtype in allowed:
        return None
    hint = "; use .cast('f64')" if allowed == ("f64",) and t.dtype == "i64" else ""
    return f"cannot apply {op} to {t} ({op} needs {what}{hint})"


def literal_constant(x, like: Type | None) -> tuple[object, str]:
    """The (attribute value, dtype) of the constant a Python literal becomes
    next to an operand of type `like` (None: no other operand).  Raises
    TypeError for a value that is not a Python bool, int or float."""
    if isinstance(x, bool) or type(x).__name__ == "bool_":
        return bool(x), "bool"
    if isinstance(x, numbers.Integral):
        value = int(x)
        if like is not None and like.dtype == "f64" and abs(value) <= _EXACT_F64:
            return float(value), "f64"
        return value, "i64"
    if isinstance(x, numbers.Real):
        return float(x), "f64"
    raise TypeError(f"a {type(x).__name__} is not a GIR value (use a handle, or a Python bool, int or float)")
