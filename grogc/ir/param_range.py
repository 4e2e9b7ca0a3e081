"""Valid ranges of function parameters: `%alpha: f64 = 0.85 {min = 0.0, max = 1.0}`.

A parameter may declare inclusive bounds `min` and `max` (either or both) in
an attribute dict after its default (docs/gir-extensions.md).  This module is
the one place that knows what a declaration may hold, how a range reads in a
message, and whether a value lies in it; the verifier checks declarations,
the plan schema checks a plan's copy, and parameter binding checks values
(backend/params.py) with it.  Every f64 parameter value must also be finite,
range or not: NaN and infinity are never a meaningful alpha, tol or weight.
"""

from __future__ import annotations

import math

RANGE_KEYS = ("min", "max")
RANGED_TYPES = ("f64", "i64")


def _number(value) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def declaration_problem(type_name: str, bounds: dict, default=None) -> str | None:
    """What is wrong with a parameter's range declaration (None: nothing)."""
    if not bounds:
        return None
    if type_name not in RANGED_TYPES:
        return f"a {type_name} parameter cannot declare a range (only f64 and i64 can)"
    for key, value in bounds.items():
        if key not in RANGE_KEYS:
            return f"unknown range attribute '{key}' (a parameter takes: min, max)"
        if type_name == "i64" and not (isinstance(value, int) and not isinstance(value, bool)):
            return f"range bound {key} = {value!r} is not an integer (the parameter is i64)"
        if not _number(value) or not math.isfinite(value):
            return f"range bound {key} = {value!r} is not a finite number"
    lo, hi = bounds.get("min"), bounds.get("max")
    if lo is not None and hi is not None and lo > hi:
        return f"range bound min = {lo} is above max = {hi}"
    if default is not None and _number(default) and not in_range(default, bounds):
        return f"default {default} is outside the declared range {range_text(bounds)}"
    return None


def in_range(value, bounds: dict) -> bool:
    lo, hi = bounds.get("min"), bounds.get("max")
    return (lo is None or value >= lo) and (hi is None or value <= hi)


def range_text(bounds: dict) -> str:
    """`[0, 1]`, `[0, inf)` or `(-inf, 5]`, numbers as short as they read back."""
    def num(x):
        return str(int(x)) if isinstance(x, float) and x.is_integer() and abs(x) < 1e16 else str(x)
    lo, hi = bounds.get("min"), bounds.get("max")
    return ("(-inf" if lo is None else f"[{num(lo)}") + ", " + ("inf)" if hi is None else f"{num(hi)}]")


def value_problem(type_name: str, bounds: dict, value) -> str | None:
    """Why `value` (already of the parameter's type) is not allowed, or None."""
    if type_name == "f64" and not math.isfinite(value):
        return f"must be a finite number, got {value}"
    if bounds and not in_range(value, bounds):
        return f"= {value} is outside its range {range_text(bounds)}"
    return None
