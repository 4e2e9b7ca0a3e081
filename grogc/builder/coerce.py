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

# op -> (what the message says the user tried, dtypes the op accepts, what those are called)
NUMERIC, ANY, BOOLEAN = ("f64", "i64"), ("f64", "i64", "bool"), ("bool",)
BINARY: dict[str, tuple[str, tuple[str, ...], str]] = {
    "core.add": ("add", NUMERIC, "f64 or i64 operands"),
    "core.sub": ("subtract", NUMERIC, "f64 or i64 operands"),
    "core.mul": ("multiply", NUMERIC, "f64 or i64 operands"),
    "core.div": ("divide", NUMERIC, "f64 or i64 operands"),
    "core.pow": ("take the power of", NUMERIC, "f64 or i64 operands"),
    "core.min": ("take the minimum of", NUMERIC, "f64 or i64 operands"),
    "core.max": ("take the maximum of", NUMERIC, "f64 or i64 operands"),
    "core.eq": ("compare", ANY, "f64, i64 or bool operands"),
    "core.ne": ("compare", ANY, "f64, i64 or bool operands"),
    "core.lt": ("compare", NUMERIC, "f64 or i64 operands"),
    "core.le": ("compare", NUMERIC, "f64 or i64 operands"),
    "core.gt": ("compare", NUMERIC, "f64 or i64 operands"),
    "core.ge": ("compare", NUMERIC, "f64 or i64 operands"),
    "core.and": ("apply '&' (and) to", BOOLEAN, "bool operands"),
    "core.or": ("apply '|' (or) to", BOOLEAN, "bool operands"),
}

UNARY: dict[str, tuple[tuple[str, ...], str]] = {
    "core.neg": (NUMERIC, "f64 or i64"),
    "core.abs": (NUMERIC, "f64 or i64"),
    "core.sqrt": (("f64",), "f64"),
    "core.exp": (("f64",), "f64"),
    "core.log": (("f64",), "f64"),
    "core.floor": (("f64",), "f64"),
    "core.recip": (("f64",), "f64"),
    "core.not": (BOOLEAN, "bool"),
}

_EXACT_F64 = 2**53  # ints beyond this do not all have an exact double


def _cast_hint(a: str, b: str) -> str:
    target = "f64" if "f64" in (a, b) else ("i64" if "i64" in (a, b) else a)
    return f"use .cast('{target}')"


def binary_error(op: str, ta: Type, tb: Type) -> str | None:
    """Why `op` cannot take operands of types ta and tb, or None if it can."""
    verb, allowed, what = BINARY[op]
    if ta.dtype != tb.dtype:
        return f"cannot {verb} {ta} and {tb} (no implicit conversion; {_cast_hint(ta.dtype, tb.dtype)})"
    if ta.dtype not in allowed:
        return f"cannot {verb} {ta} and {tb} ({op} needs {what})"
    return None


def unary_error(op: str, t: Type) -> str | None:
    """Why `op` cannot take an operand of type t, or None if it can."""
    allowed, what = UNARY[op]
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
