"""dce: dead-code elimination by mark and sweep, at every depth.

Live are: ops with side effects (and the loops around them), and whatever a
live value needs.  A loop's carried value i is live when its result or its
block argument is read by something live; a live carry keeps its initial
value and its yielded value alive (so a carry feeding only itself dies).  A
live `while` keeps its condition.  Dead ops, dead carries (init, argument,
yielded value and result together) and unused results of fused ops are
removed; ops with side effects never are.  A `fuse.neighbor` whose pull
died becomes a `fuse.elementwise` (its epilogue is all that is left).  A run-time error in code whose
result nobody reads is not preserved (as in every optimising compiler).
"""

from __future__ import annotations

from dataclasses import dataclass

from grogc.ir.core import Block, Function, Operation, Value
from grogc.ops import OPS
from grogc.passes.analysis import FUSED, LOOPS, TERMINATORS
from grogc.passes.base import Pass


class _Liveness:
    """The live set, marked with a work list rather than recursion: a
    def-use chain thousands of ops long must not exhaust Python's stack."""

    def __init__(self):
        self.ops: set[int] = set()
        self.values: set[int] = set()
        self.carries: set[tuple[int, int]] = set()  # (id(loop), index)
        self.work: list = []  # (mark method, argument tuple) still to do

    def mark_op(self, op: Operation) -> None:
        """Mark `op` live and everything it needs."""
        self.work.append((self.op, (op,)))
        while self.work:
            method, args = self.work.pop()
            method(*args)

    def value(self, v: Value) -> None:
        if id(v) in self.values:
            return
        self.values.add(id(v))
        owner = v.owner
        if isinstance(owner, Operation):
            if owner.name in LOOPS:
                self.work.append((self.carry, (owner, v.index)))
            elif owner.name in FUSED:
                self.work.append((self.op, (owner,)))
                self.work.append((self.value, (owner.regions[0].ops[-1].operands[v.index],)))
            else:
                self.work.append((self.op, (owner,)))
        elif isinstance(owner, Block) and owner.parent_op is not None and owner.parent_op.name in LOOPS:
            self.work.append((self.carry, (owner.parent_op, v.index)))

    def carry(self, loop: Operation, i: int) -> None:
        if (id(loop), i) in self.carries:
            return
        self.carries.add((id(loop), i))
        self.work.append((self.op, (loop,)))
        self.work.append((self.value, (loop.operands[1 + i],)))
        offset = 1 if loop.name == "control.while" else 0
        self.work.append((self.value, (loop.regions[0].ops[-1].operands[offset + i],)))

    def op(self, op: Operation) -> None:
        if id(op) in self.ops:
            return
        self.ops.add(id(op))
        parent = op.parent.parent_op if op.parent is not None else None
        if parent is not None:
            self.work.append((self.op, (parent,)))
        if op.name in LOOPS:
            self.work.append((self.value, (op.operands[0],)))
            if op.name == "control.while":
                self.work.append((self.value, (op.regions[0].ops[-1].operands[0],)))
        elif op.name not in FUSED and op.name not in TERMINATORS:
            for v in op.operands:
                self.work.append((self.value, (v,)))


def _roots(fn: Function) -> list[Operation]:
    return [op for op in fn.walk() if op.name not in TERMINATORS and not OPS[op.name].pure]


@dataclass(frozen=True)
class DCE(Pass):
    name = "dce"
    summary = "remove pure ops nobody reads, dead loop-carried values and unused fused results"
    # every change removes a line or shortens one, or renames a fuse.neighbor: the printed IR differs
    reports_change = True

    def run(self, fn: Function) -> bool:
        live = _Liveness()
        for op in _roots(fn):
            live.mark_op(op)
        return _sweep(fn.body, live)


def _sweep(block: Block, live: _Liveness) -> bool:
    """Drop the dead ops of `block` (at every depth); whether anything changed."""
    kept = []
    changed = False
    for op in block.ops:
        if op.name in TERMINATORS or id(op) in live.ops:
            kept.append(op)
            if op.name in LOOPS:
                changed |= _drop_dead_carries(op, live)
            elif op.name in FUSED:
                changed |= _drop_dead_results(op, live)
            for region in op.regions:
                changed |= _sweep(region, live)
            if op.name == "fuse.neighbor" and not any(inner.name == "graph.pull" for inner in op.regions[0].ops):
                # Only the epilogue was read: what is left is element-wise work.
                op.name = "fuse.elementwise"
                changed = True
        else:
            op.parent = None
    changed |= len(kept) != len(block.ops)
    block.ops = kept
    return changed


def _drop_dead_carries(loop: Operation, live: _Liveness) -> bool:
    body = loop.regions[0]
    yield_op = body.ops[-1]
    offset = 1 if loop.name == "control.while" else 0
    keep = [i for i in range(len(body.args)) if (id(loop), i) in live.carries]
    if len(keep) == len(body.args):
        return False
    loop.operands = [loop.operands[0]] + [loop.operands[1 + i] for i in keep]
    yield_op.operands = yield_op.operands[:offset] + [yield_op.operands[offset + i] for i in keep]
    body.args = [body.args[i] for i in keep]
    loop.results = [loop.results[i] for i in keep]
    _renumber(body.args)
    _renumber(loop.results)
    return True


def _drop_dead_results(op: Operation, live: _Liveness) -> bool:
    yield_op = op.regions[0].ops[-1]
    keep = [i for i, r in enumerate(op.results) if id(r) in live.values]
    if len(keep) == len(op.results):
        return False
    yield_op.operands = [yield_op.operands[i] for i in keep]
    op.results = [op.results[i] for i in keep]
    _renumber(op.results)
    return True


def _renumber(values: list[Value]) -> None:
    for i, v in enumerate(values):
        v.index = i
