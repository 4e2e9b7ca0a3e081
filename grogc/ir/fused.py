"""What a fused op's region may hold (docs/fusion.md).

`fuse.elementwise` holds element-wise ops and reductions: the runtime runs
the region block by block over the nodes, so values defined inside never
become full vectors in memory.  `fuse.neighbor` is the same around exactly
one `graph.pull`: the element-wise ops before it are its per-edge producer,
the ones after it its per-node epilogue.  Both end in `fuse.yield`, whose
operands, defined inside the region, are the op's results in order.
"""

from __future__ import annotations

from grogc.ir.core import Operation
from grogc.ops import OPS

def is_fusable(op: Operation) -> bool:
    """An op that may stand inside a fused region (its record says so), or
    the region's terminator."""
    return OPS[op.name].fusable or op.name == "fuse.yield"


def check_fused_region(op: Operation) -> str | None:
    """None if the region is well formed, else what is wrong."""
    body = op.regions[0]
    pulls = [inner for inner in body.ops if inner.name == "graph.pull"]
    for inner in body.ops:
        if inner.regions:
            return f"region may not contain '{inner.name}' (no nested regions in a fused op)"
        if inner.name == "graph.pull" and op.name == "fuse.neighbor":
            continue
        if not is_fusable(inner):
            return f"region may not contain '{inner.name}' (only element-wise ops and reductions)"
    if op.name == "fuse.neighbor" and len(pulls) != 1:
        return f"region must hold exactly one 'graph.pull', found {len(pulls)}"
    defined = {id(r) for inner in body.ops for r in inner.results}
    yielded = body.ops[-1].operands
    if len(yielded) != len(op.results):
        return f"yields {len(yielded)} value(s), but has {len(op.results)} result(s)"
    for i, (v, r) in enumerate(zip(yielded, op.results)):
        if id(v) not in defined:
            return f"yields %{v.name}, which is not defined in its region"
        if v.type != r.type:
            return f"result #{i} has type {r.type}, but yields %{v.name} of type {v.type}"
    return None
