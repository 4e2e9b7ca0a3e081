"""Use-def analysis and small rewriting helpers shared by the passes.

The IR keeps no use lists (an Operation only knows its operands), so passes
ask these helpers: who uses a value, where a value is defined relative to a
region, and how to replace or erase an op.  Every query walks the function:
simple, and fine for a pass that asks a few times.  The fusion passes, which
ask after every merge, keep their own use lists instead (fusion.BlockIndex).
"""

from __future__ import annotations

from typing import Iterator

from grogc.ir.core import Block, Function, Operation, Value
from grogc.ops import FUSED, LOOPS, OPS, TERMINATORS



def blocks_of(fn: Function) -> Iterator[Block]:
    """Every block of the function, outermost first (pre-order)."""

    def visit(block: Block) -> Iterator[Block]:
        yield block
        for op in list(block.ops):
            for region in op.regions:
                yield from visit(region)

    return visit(fn.body)


def use_counts(fn: Function) -> dict[int, int]:
    """id(value) -> how many operand slots (at any depth) read it."""
    counts: dict[int, int] = {}
    for op in fn.walk():
        for v in op.operands:
            counts[id(v)] = counts.get(id(v), 0) + 1
    return counts


def users(fn: Function) -> dict[int, list[Operation]]:
    """id(value) -> the ops reading it (an op once per operand slot)."""
    out: dict[int, list[Operation]] = {}
    for op in fn.walk():
        for v in op.operands:
            out.setdefault(id(v), []).append(op)
    return out


def replace_uses(fn: Function, old: Value, new: Value) -> int:
    """Make every reader of `old` read `new`; returns how many slots changed."""
    changed = 0
    for op in fn.walk():
        for i, v in enumerate(op.operands):
            if v is old:
                op.operands[i] = new
                changed += 1
    return changed


def substitute(fn: Function, mapping: dict[int, Value]) -> None:
    """Apply {id(old): new} to every operand of the function in one walk."""
    if not mapping:
        return
    for op in fn.walk():
        op.operands = [mapping.get(id(v), v) for v in op.operands]


def erase(op: Operation) -> None:
    """Remove an op from its block (the caller has dropped its uses)."""
    op.parent.ops.remove(op)
    op.parent = None


def insert_before(anchor: Operation, op: Operation) -> Operation:
    block = anchor.parent
    op.parent = block
    block.ops.insert(block.ops.index(anchor), op)
    return op


def ancestors(block: Block | None) -> Iterator[Operation]:
    """The ops whose regions enclose `block`, innermost first."""
    while block is not None and block.parent_op is not None:
        yield block.parent_op
        block = block.parent_op.parent


def defining_block(v: Value) -> Block | None:
    """The block a value is defined in (None for function parameters)."""
    if isinstance(v.owner, Operation):
        return v.owner.parent
    if isinstance(v.owner, Block):
        return v.owner
    return None


def defined_inside(v: Value, op: Operation) -> bool:
    """True when `v` is defined in one of `op`'s regions, at any depth."""
    block = defining_block(v)
    return any(a is op for a in ancestors(block)) if block is not None else False


def captures(op: Operation) -> list[Value]:
    """Values an op reads: its operands plus, for ops with regions, every value
    read inside that is defined outside (in program order, no duplicates)."""
    seen: dict[int, Value] = {}
    for v in op.operands:
        seen.setdefault(id(v), v)
    if op.regions:  # one walk: in verified IR an op inside reads only what is defined before it
        inside: set[int] = set()
        for region in op.regions:
            _captured(region, inside, seen)
    return list(seen.values())


def _captured(block: Block, inside: set[int], seen: dict[int, Value]) -> None:
    """captures over `block`: `inside` holds what is defined so far within the op."""
    inside.update(id(a) for a in block.args)
    for inner in block.ops:
        for v in inner.operands:
            if id(v) not in inside and id(v) not in seen:
                seen[id(v)] = v
        for region in inner.regions:
            _captured(region, inside, seen)
        for r in inner.results:
            inside.add(id(r))


def is_pure(op: Operation) -> bool:
    """No side effects, at any depth (a loop is pure when its body is)."""
    if op.name in TERMINATORS:
        return True
    if not OPS[op.name].pure:
        return False
    return all(is_pure(inner) for region in op.regions for inner in region.ops)


def const_value(v: Value):
    """The literal of a value made by core.const, else the NOT_CONST marker."""
    owner = v.owner
    if isinstance(owner, Operation) and owner.name == "core.const":
        return owner.attrs["value"]
    return NOT_CONST


class _NotConst:
    def __repr__(self) -> str:
        return "NOT_CONST"


NOT_CONST = _NotConst()


def may_trap(op: Operation) -> bool:
    """Whether the op can stop the program with a run-time error (so moving it
    to where it runs more often, or at all, could add an error): its record's
    TrapRule matches the operand and result dtypes and no constant operand
    rules the fault out (i64 division by a divisor not known non-zero, i64
    pow by an exponent not known non-negative, casts from f64 to i64)."""
    if may_fault_per_edge(op):
        rule = OPS[op.name].trap
        if rule.safe_operand is None:
            return True
        c = const_value(op.operands[rule.safe_operand])
        return c is NOT_CONST or not rule.safe(c)
    return any(may_trap(inner) for region in op.regions for inner in region.ops)


def may_fault_per_edge(op: Operation) -> bool:
    """The runtime's rule (runtime_c/validate.c, from the same records): the
    op's TrapRule matches its dtypes, whatever its constant operands, since
    the runtime sees only slots."""
    rule = OPS[op.name].trap if op.name in OPS else None
    if rule is None or not op.operands or not op.results:
        return False
    first = op.operands[1] if OPS[op.name].dtypes.condition else op.operands[0]
    return first.type.dtype == rule.in_dtype and rule.out_dtype in (None, op.results[0].type.dtype)
