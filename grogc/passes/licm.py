"""licm: loop-invariant code motion, through nested loops.

A pure op without regions whose operands are all defined outside a loop
computes the same value in every round, so it moves to just before the loop.
Inner loops are processed first: an op hoisted out of an inner loop lands in
the outer body, where it is hoisted again if it is invariant there too.
Ops that can fault at run time (i64 division or pow, f64->i64 casts; see
analysis.may_trap) stay put: a loop may run zero times, and hoisting would
then raise an error the program never raised.  Fused regions are not loops:
nothing moves out of them.
"""

from __future__ import annotations

from dataclasses import dataclass

from grogc.ir.core import Block, Function, Operation
from grogc.ops import OPS
from grogc.passes.analysis import LOOPS, defined_inside, may_trap
from grogc.passes.base import Pass


def hoistable(op: Operation, loop: Operation) -> bool:
    opdef = OPS[op.name]
    if not opdef.pure or opdef.terminator or op.regions or may_trap(op):
        return False
    return not any(defined_inside(v, loop) for v in op.operands)


@dataclass(frozen=True)
class LICM(Pass):
    name = "licm"
    summary = "hoist pure, loop-invariant ops out of loops (inner loops first)"

    def run(self, fn: Function) -> bool:
        return self._block(fn.body)

    def _block(self, block: Block) -> bool:
        """Whether anything was hoisted."""
        hoisted = False
        for op in list(block.ops):
            for region in op.regions:
                hoisted |= self._block(region)
            if op.name in LOOPS:
                hoisted |= self._hoist_from(op)
        return hoisted

    @staticmethod
    def _hoist_from(loop: Operation) -> bool:
        body = loop.regions[0]
        outer = loop.parent
        hoisted = False
        for op in list(body.ops):
            if hoistable(op, loop):
                body.ops.remove(op)
                outer.ops.insert(outer.ops.index(loop), op)
                op.parent = outer
                hoisted = True
        return hoisted
