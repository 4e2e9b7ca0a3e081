"""What the frontier pass's two loop shapes share (docs/frontier.md): the
reason a loop does not fit, the match it becomes, the change test and the
scalar counters carried beside the vector."""

from __future__ import annotations

from dataclasses import dataclass, field

from grogc.ir.core import Block, Operation, Value

# the strict change test for each aggregate: (op, next first?)
STRICT = {"min": {("core.lt", True), ("core.gt", False)}, "max": {("core.gt", True), ("core.lt", False)}}


class Miss(Exception):
    """Why a loop is not a monotone fixpoint (the text goes into `not_frontier`)."""


def owner_op(v: Value) -> Operation | None:
    return v.owner if isinstance(v.owner, Operation) else None


def name_of(v: Value) -> str:
    return f"%{v.name}"


@dataclass
class Match:
    """A recognised loop: the carried vector's index, its pattern's ops, and
    the op it becomes: its name, attributes and the operands after the
    round limit and the initial value (graph.propagate: the mask, if any)."""

    index: int
    pattern: list[Operation]
    attrs: dict
    tail: list[Value] = field(default_factory=list)
    name: str = "graph.propagate"


def change_test(cond: Value, nxt: Value, x: Value, agg: str, body: Block) -> tuple[str, list[Operation]]:
    red = owner_op(cond)
    if red is None or red.parent is not body or red.name != "core.reduce" or red.attrs["op"] != "any":
        raise Miss(f"the condition {name_of(cond)} is not core.reduce {{op = \"any\"}} of a change test")
    t = owner_op(red.operands[0])
    if t is None or t.parent is not body or set(map(id, t.operands)) != {id(nxt), id(x)} or len(t.operands) != 2:
        raise Miss(f"the condition reduces {name_of(red.operands[0])}, which does not compare the next value with x")
    if t.name == "core.ne":
        return "ne", [t, red]
    if (t.name, t.operands[0] is nxt) in STRICT.get(agg, set()):
        return "strict", [t, red]
    raise Miss(f"the change test is {t.name}, which does not say whether {agg} moved x (use core.ne)")


def check_counters(body: Block, j: int, x: Value, pattern: list[Operation]) -> None:
    """Everything else in the body computes the scalar counters, from scalars only."""
    inside = {id(op) for op in pattern}
    pattern_values = {id(r) for op in pattern for r in op.results} | {id(x)}
    for op in body.ops[:-1]:
        if id(op) in inside:
            continue
        if op.regions:
            raise Miss(f"its body holds a nested {op.name}")
        if any(r.type.is_vector for r in op.results):
            raise Miss(f"{op.name} in its body computes a node vector outside the propagation pattern")
        read = [v for v in op.operands if id(v) in pattern_values]
        if read:
            raise Miss(f"{op.name} reads {name_of(read[0])}, a value of the propagation, so it is not a plain counter")
    for op in pattern:  # a pattern value read outside the pattern would vanish with it
        for r in op.results:
            for user in body.ops[:-1]:
                if id(user) not in inside and r in user.operands:
                    raise Miss(f"{name_of(r)} is also read by {user.name}")
    yielded = body.ops[-1].operands
    for i, v in enumerate(yielded[1:]):
        if i != j and id(v) in pattern_values:
            raise Miss(f"the carried value #{i} takes {name_of(v)}, a value of the propagation")


