"""fuse-elementwise: chains of element-wise vector ops become one fused op.

Candidates are element-wise ops with a vector result, `core.reduce`, and
fused element-wise ops made before.  Two candidates of one block merge when
  1. producer and consumer: one reads a vector the other computes (the
     consumer then reads it from a register, not from memory), or
  2. siblings: both read the same vector from outside (it is read once),
and the merge is legal (fusion.py: convex, no reduction read inside) and the
region stays within `max-ops` ops.  Producer-consumer merges are tried
first, siblings only when none is left, until nothing merges: the first
legal pair (a, b) in block order of b, then of a.  After a merge the search
resumes at the fused op, not at the top: the ops before it and the pairs
among them are exactly as they were (fusion re-sorts only the merged span),
so every pair there is still known to fail.  The pairs of b are found
through b's reads (its producers, the other readers of what it reads), not
by trying every earlier op, and each op's reads are cached until a merge
rewires them.  What is left per merge is linear (fusion.fuse walks the
function), so a long chain is still quadratic overall, with a small constant.  A reduction
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


def _cached_reads(op: Operation, cache: dict) -> set[int]:
    """vector_reads(op), kept while op and its operands stay as they are
    (the entry holds op itself, so a recycled id() never matches)."""
    entry = cache.get(id(op))
    if entry is None or entry[0] is not op:
        entry = cache[id(op)] = (op, vector_reads(op))
    return entry[1]


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
            # start[k]: candidates before this index are known to pair with
            # nothing earlier under RELATIONS[k]
            start = [0] * len(RELATIONS)
            cache: dict[int, tuple[Operation, set[int]]] = {}
            while (fused := self._merge_one(fn, block, start, cache)) is not None:
                at = next(i for i, op in enumerate(c for c in block.ops if is_candidate(c)) if op is fused)
                start = [min(s, at) for s in start]

    def _merge_one(self, fn: Function, block: Block, start: list[int], cache: dict) -> Operation | None:
        candidates = [op for op in block.ops if is_candidate(op)]
        reads = [_cached_reads(op, cache) for op in candidates]
        readers: dict[int, list[int]] = {}
        for i, rs in enumerate(reads):
            for v in rs:
                readers.setdefault(v, []).append(i)
        definer = {r: i for i, op in enumerate(candidates) for r in vector_defs(op)}
        for k, relation in enumerate(RELATIONS):
            for j in range(start[k], len(candidates)):
                if relation is producer_consumer:
                    partners = {definer[v] for v in reads[j] if v in definer}
                else:
                    partners = {i for v in reads[j] for i in readers[v]}
                for i in sorted(p for p in partners if p < j):
                    a, b = candidates[i], candidates[j]
                    if relation(a, b) and self.legal(fn, block, [a, b]):
                        # readers of the members' results are rewired to the fused op's
                        stale = vector_defs(a) | vector_defs(b)
                        for key in [key for key, (_, rs) in cache.items() if not rs.isdisjoint(stale)]:
                            del cache[key]
                        return fuse(fn, block, [a, b], "fuse.elementwise")
                start[k] = j + 1  # every pair ending at b fails: it will until a merge before b
        return None

    def legal(self, fn: Function, block: Block, members: list[Operation]) -> bool:
        """Size, no reduction read inside, something read after, convex."""
        # cheapest first: most pairs in a long chain fail on size
        return size(members) <= self.max_ops and reductions_unread(members) and read_outside(fn, members) and convex(block, members)
