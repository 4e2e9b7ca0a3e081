"""The reference semantics of `graph.propagate` (docs/frontier.md), with
NumPy, round by round exactly as the loop it stands for: no frontier, no
bucket, nothing the C runtime does to go fast.  It is the oracle for
PROPAGATE and what the reference interpreter runs for the op."""

from __future__ import annotations

import numpy as np

from grogc.backend import reference_graph as rg

COMBINE = {"min": np.minimum, "max": np.maximum, "or": np.logical_or, "and": np.logical_and}
STRICT = {"min": np.less, "max": np.greater, "and": np.less, "or": np.greater}


def propagate(graph, attrs: dict, max_iter, init, mask=None) -> list:
    """-> [the final vector, the rounds run (np.int64)]."""
    agg, edge = attrs["agg"], attrs.get("edge", "none")
    combine = COMBINE[agg]
    x = np.array(init)
    rounds = 0
    while rounds < int(max_iter):
        offered = x + x.dtype.type(attrs["const"]) if edge == "const" else x
        pulled = rg.pull(graph, offered, agg, attrs["dir"], "add" if edge == "weight" else "none", True)
        y = combine(pulled, x) if attrs.get("pull_first", False) else combine(x, pulled)
        if mask is not None:
            y = np.where(np.asarray(mask) == bool(attrs.get("pinned", False)), x, y)
        strict = attrs.get("test", "ne") == "strict"
        changed = STRICT[agg](y, x) if strict else np.not_equal(y, x)
        rounds += 1
        x = y.astype(x.dtype, copy=False)
        if not changed.any():
            break
    return [x, np.int64(rounds)]
