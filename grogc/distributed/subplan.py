"""A straight-line run of instructions as a plan of its own (a segment).

The segment's inputs and outputs are slot values: a vector slot read before
the segment writes it becomes an attribute (loaded by LOAD_ATTR at the top),
a scalar slot read becomes a parameter, and every slot it writes becomes an
output.  Slots are renumbered densely, so a segment allocates only what it
touches.  NODE_IDS becomes a LOAD_ATTR of the part's global ids, and a
LOAD_ATTR of a user attribute loads the part's slice of it.  The result is
an ordinary plan dict: `grogc.binding.runtime.encode` + `execute` run it, and
the C validator checks it like any other plan.
"""

from __future__ import annotations

from dataclasses import dataclass

NODE_IDS_ATTR = "@node_ids"


def vector_attr(slot: int) -> str:
    return f"v{slot}"


def user_attr(name: str) -> str:
    return f"@attr:{name}"


@dataclass
class Segment:
    """`plan`: the segment as a plan dict; `vector_inputs` / `scalar_inputs`:
    global slots it reads (attribute / parameter order); `outputs`: global
    slots it writes, with their output names o<slot>."""

    key: tuple
    plan: dict
    vector_inputs: list[int]
    scalar_inputs: list[int]
    outputs: list[int]


def _reads(op: dict) -> list[int]:
    return [s for s in op.get("in", []) if s is not None and s >= 0]


def build_segment(ops: list[dict], slots: list[dict], user_attrs: list[dict]) -> Segment:
    """The segment running `ops` (plain instructions, no bodies) in order."""
    written: list[int] = []
    vins: list[int] = []
    sins: list[int] = []
    for op in ops:
        for s in _reads(op):
            if s in written or s in vins or s in sins:
                continue
            (vins if slots[s]["kind"] == "vector" else sins).append(s)
        if op.get("out") is not None and op["out"] not in written:
            written.append(op["out"])
    local: dict[int, int] = {}

    def L(s: int) -> int:
        if s not in local:
            local[s] = len(local)
        return local[s]

    attrs = [{"name": vector_attr(s), "dtype": slots[s]["dtype"]} for s in vins]
    body = [{"op": "LOAD_ATTR", "out": L(s), "in": [], "imm": i} for i, s in enumerate(vins)]
    params = [{"name": f"s{s}", "type": slots[s]["dtype"], "default": None, "slot": L(s)} for s in sins]

    def attr_index(name: str, dtype: str) -> int:
        for i, a in enumerate(attrs):
            if a["name"] == name:
                return i
        attrs.append({"name": name, "dtype": dtype})
        return len(attrs) - 1

    for op in ops:
        new = {k: v for k, v in op.items() if k in ("op", "attrs", "value", "imm")}
        new["in"] = [L(s) if s is not None and s >= 0 else s for s in op.get("in", [])]
        if op.get("out") is not None:
            new["out"] = L(op["out"])
        if op["op"] == "NODE_IDS":
            new = {"op": "LOAD_ATTR", "out": new["out"], "in": [], "imm": attr_index(NODE_IDS_ATTR, "i64")}
        elif op["op"] == "LOAD_ATTR":
            spec = user_attrs[int(op["imm"])]
            new["imm"] = attr_index(user_attr(spec["name"]), spec["dtype"])
        body.append(new)
    plan = {
        "slots": [slots[s] for s in sorted(local, key=local.get)],
        "constants": [], "ops": body, "params": params, "attrs": attrs,
        "outputs": [{"name": f"o{s}", "slot": local[s], "node_ids": False} for s in written],
    }
    key = tuple(op["addr"] for op in ops)
    return Segment(key, plan, vins, sins, written)
