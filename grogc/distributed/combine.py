"""Combining the parts' reduction partials, in part order.

Each part reduces its own nodes with the C runtime (fixed blocks, so its
partial has the same bits whatever its thread count); the client folds the
partials of the non-empty parts in part order, starting from the identity,
exactly as the runtime merges its blocks (runtime_c/reduce.c,
grog_acc_merge).  So integers, booleans, min and max equal the
single-process result bit for bit; an f64 sum is ((0 + s_0) + s_1) + ...
over the parts' sums, where one process sums its 2048-node blocks in order:
the same numbers grouped differently, within a few ulps (docs/distributed.md).
"""

from __future__ import annotations

import math
from typing import Any, Callable

_I64 = 2**64


def _wrap(i: int) -> int:
    i %= _I64
    return i - _I64 if i >= 2**63 else i


def _fmin(m: float, x: float) -> float:  # reduce.c's fmin_nan: the first NaN wins, ties keep the earlier
    return x if (x < m or x != x) and m == m else m


def _fmax(m: float, x: float) -> float:
    return x if (x > m or x != x) and m == m else m


# op -> (identity for f64, identity for i64/bool, merge for f64, merge for i64/bool)
_MERGE: dict[str, tuple[Any, Any, Callable, Callable]] = {
    "sum": (0.0, 0, lambda a, b: a + b, lambda a, b: _wrap(a + b)),
    "min": (math.inf, 2**63 - 1, _fmin, min),
    "max": (-math.inf, -(2**63), _fmax, max),
    "count": (0, 0, lambda a, b: a + b, lambda a, b: a + b),
    "any": (False, False, lambda a, b: a or b, lambda a, b: bool(a or b)),
    "all": (True, True, lambda a, b: a and b, lambda a, b: bool(a and b)),
}


def combine_partials(op: str, dtype: str, partials: list) -> Any:
    """The reduction over all parts from the per-part results, in part order.
    `dtype` is the result's dtype (f64, i64 or bool)."""
    f_id, i_id, f_merge, i_merge = _MERGE[op]
    if dtype == "f64":
        acc, merge = f_id, f_merge
        values = [float(v) for v in partials]
    else:
        acc, merge = i_id, i_merge
        values = [int(v) for v in partials]
    for v in values:
        acc = merge(acc, v)
    return bool(acc) if dtype == "bool" else acc
