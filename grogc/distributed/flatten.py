"""Fused instructions become plain ones, so a part can stop between them.

A FUSED_MAP / FUSED_PULL body runs block by block on one machine; across
parts a pull must wait for ghost values and a reduction for the other
parts' partials, so the executor unfuses: each body instruction runs over
the whole part in order, and every `block` slot becomes a fresh `vector`
slot.  This gives the same values: body instructions are element-wise
(values at a node depend only on that node), scalar instructions of a body
do not overwrite scalars it reads (docs/plan-format.md), and a per-edge
producer evaluated at an edge's source equals the producer evaluated per
node and then pulled.  Every op gets an `addr` (its plan path), the key the
executor caches encoded sub-plans by.
"""

from __future__ import annotations

import copy


def flatten_plan(data: dict) -> dict:
    """A copy of the plan dict with FUSED_* instructions replaced by their
    bodies (block slots mapped to new vector slots) and `addr` on every op."""
    plan = copy.deepcopy(data)
    slots = plan["slots"]
    block_map: dict[int, int] = {}

    def vec(s):
        if s is None or s < 0 or s >= len(slots) or slots[s]["kind"] != "block":
            return s
        if s not in block_map:  # one vector slot per block slot: block values never outlive a body
            block_map[s] = len(slots)
            slots.append({"kind": "vector", "dtype": slots[s]["dtype"]})
        return block_map[s]

    def walk(ops: list[dict], where: str) -> list[dict]:
        out = []
        for k, op in enumerate(ops):
            addr = f"{where}[{k}]"
            if op["op"] in ("FUSED_MAP", "FUSED_PULL"):
                out += walk(op.get("body", []), f"{addr}.body")
                continue
            op = dict(op, addr=addr)
            op["in"] = [vec(s) for s in op.get("in", [])]
            if op.get("out") is not None:
                op["out"] = vec(op["out"])
            if "body" in op:
                op["body"] = walk(op["body"], f"{addr}.body")
            out.append(op)
        return out

    plan["ops"] = walk(plan["ops"], "ops")
    return plan
