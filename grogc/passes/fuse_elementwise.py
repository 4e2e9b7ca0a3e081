"""fuse-elementwise: chains of element-wise vector ops become one fused op.

Candidates are element-wise ops with a vector result, `core.reduce`, and
fused element-wise ops made before.  Two candidates of one block merge when
  1. producer and consumer: one reads a vector the other computes (the
     consumer then reads it from a register, not from memory), or
  2. siblings: both read the same vector from outside (it is read once),
and the merge is legal (fusion.py: convex, no reduction read inside) and the
region stays within `max-ops` ops.  Producer-consumer merges are tried
first, siblings only when none is left, until nothing merges.  A reduction
joins the group that computes (or reads) its input, so a vector and a sum of
it come out of one pass over memory.  Every block is visited, loop bodies at
any depth included.  See docs/fusion.md.
"""

from __future__ import annotations

from dataclasses import dataclass

from grogc.ir.core import Block, Function, Operation
from grogc.ops import FUSED, OPS
from grogc.passes.analysis import blocks_of
from grogc.passes.base import Pass
from grogc.passes.fusion import convex, fuse, read_outside, reductions_unread, size, vector_defs, vector_reads


def is_candidate(op: Operation) -> bool:
    if op.name in ("core.reduce", "fuse.elementwise"):
        return True
    return OPS[op.name].elementwise and bool(op.results) and op.results[0].type.is_vector


def producer_consumer(a: Operation, b: Operation) -> bool:
    return bool(vector_defs(a) & vector_reads(b))


def siblings(a: Operation, b: Operation) -> bool:
    return bool(vector_reads(a) & vector_reads(b))


RELATIONS = (producer_consumer, siblings)  # tried in this order


@dataclass(frozen=True)
class FuseElementwise(Pass):
    """`max_ops`: the most ops one fused region may hold."""

    name = "fuse-elementwise"
    summary = "fuse chains and siblings of element-wise ops (and their reductions) into one pass over memory"
    max_ops: int = 32

    def run(self, fn: Function) -> None:
        for block in list(blocks_of(fn)):
            if block.parent_op is not None and block.parent_op.name in FUSED:
                continue
            while self._merge_one(fn, block):
                pass

    def _merge_one(self, fn: Function, block: Block) -> bool:
        for relation in RELATIONS:
            candidates = [op for op in block.ops if is_candidate(op)]
            for j, b in enumerate(candidates):
                for a in candidates[:j]:
                    if relation(a, b) and self.legal(fn, block, [a, b]):
                        fuse(fn, block, [a, b], "fuse.elementwise")
                        return True
        return False

    def legal(self, fn: Function, block: Block, members: list[Operation]) -> bool:
        return read_outside(fn, members) and size(members) <= self.max_ops and reductions_unread(members) and convex(block, members)
