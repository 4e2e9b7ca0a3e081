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
through b's reads (its producers from fusion.BlockIndex's definers; the
other readers of what it reads from its reader bits, leaving out at once
those the bits refuse), not by trying every earlier op, and a merge
updates the candidate list only in the span it re-sorted, so a merge costs
work near the merged ops and a long chain fuses in linear time; a pair
with nothing computed between its ops takes a shortcut (fusion_absorb.py).  A reduction
joins the group that computes (or reads) its input, so a vector and a sum of
it come out of one pass over memory.  Every block is visited, loop bodies at
any depth included.  See docs/fusion.md.
"""

from __future__ import annotations

from dataclasses import dataclass

from grogc.ir.core import Function, Operation
from grogc.ops import FUSED, OPS
from grogc.passes.analysis import blocks_of
from grogc.passes.base import Pass
from grogc.passes.fusion import BlockIndex, fuse, node_size, reductions_unread, size, vector_defs, vector_reads
from grogc.passes.fusion_absorb import absorb_next, can_absorb, nothing_between


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
    # a merge moves a plain op into a region or makes one fused op of two: the printed IR differs
    reports_change = True
    max_ops: int = 32

    def run(self, fn: Function) -> bool:
        merged_any = False  # the IR is only touched by a merge
        for block in list(blocks_of(fn)):
            if block.parent_op is not None and block.parent_op.name in FUSED:
                continue
            index = BlockIndex(block)
            candidates = [op for op in block.ops if is_candidate(op)]
            # start[k]: candidates before this index are known to pair with
            # nothing earlier under RELATIONS[k]
            start = [0] * len(RELATIONS)
            clean: dict[Operation, bool] = {}  # fused op -> no op of it reads a reduction of it
            absorbed = [0]  # merges _merge_one made without returning
            while (merged := self._merge_one(fn, index, candidates, start, clean, absorbed)) is not None:
                candidates, at = merged
                start = [min(s, at) for s in start]
                merged_any = True
            merged_any = merged_any or absorbed[0] > 0
            index.compact()
        return merged_any

    def _partners(self, index: BlockIndex, relation, b: Operation) -> list[Operation]:
        """The candidates before b that stand in `relation` to it, in block order."""
        if node_size(b) >= self.max_ops:  # no merge with b can stay within max-ops
            return []
        before = index.pos[b]
        if relation is producer_consumer:  # the definers of b's vectors: one or two, found by a plain loop
            found: list[Operation] = []
            for v in index.reads[id(b)]:
                if v.type.is_vector:
                    d = index.definer.get(id(v))
                    if d is not None and d not in found and index.pos[d] < before and is_candidate(d):
                        found.append(d)
            if len(found) > 1:
                found.sort(key=index.key)
            return found
        found_ids = index.readers_not_refused(b, index.vector_reads(b))
        return sorted((p for p in found_ids.values() if index.key(p) < before and is_candidate(p)), key=index.key)

    def _merge_one(self, fn: Function, index: BlockIndex, candidates: list[Operation], start: list[int],
                   clean: dict[Operation, bool], absorbed: list[int]) -> tuple[list[Operation], int] | None:
        """The first legal pair's merge: (the new candidate list, the fused
        op's index in it), or None when no pair merges.  A group taking its
        next op (a producer and its consumer) does not return: the search goes
        on after that op, where the loop would come back to (`absorbed` counts
        these merges)."""
        for k, relation in enumerate(RELATIONS):
            for j in range(start[k], len(candidates)):
                b = candidates[j]
                if id(b) in index.dead:
                    start[k] = j + 1
                    continue
                partners = self._partners(index, relation, b)
                if len(partners) == 1 and nothing_between(index, partners[0], b):
                    # the common case, a chain: no path from a to b but the direct one, so {a, b}
                    # is convex and the bits refuse nothing (convex and reaches_around need not ask)
                    a = partners[0]
                    if self.legal_pair(index, a, b, clean):
                        if not can_absorb(index, a, b):
                            return self._fuse_pair(fn, index, candidates, a, j)
                        absorb_next(fn, index, a, b, "fuse.elementwise")  # b stays in the list, dead
                        at = index.index_in(candidates, a)
                        if relation is not producer_consumer:
                            return candidates, at
                        # Returning would restart at a: a's producers failed with it before (it was
                        # tried after its last merge) and fail now (merges only add paths, size and
                        # reads; b's only producer among the candidates was a), and so do the
                        # candidates between a and b (they failed before b was reached): go on after b.
                        absorbed[0] += 1
                        for other in range(k + 1, len(start)):
                            start[other] = min(start[other], at)
                        start[k] = j + 1
                        continue
                    partners = []
                around = index.around(b) if partners else None
                for a in partners:
                    if not index.reaches_around(a, b, around) and self.legal(index, [a, b], bits_checked=True):
                        return self._fuse_pair(fn, index, candidates, a, j)
                start[k] = j + 1  # every pair ending at b fails: it will until a merge before b
        return None

    @staticmethod
    def _fuse_pair(fn: Function, index: BlockIndex, candidates: list[Operation], a: Operation,
                   j: int) -> tuple[list[Operation], int]:
        """Merge a with b = candidates[j]; as `_merge_one` returns."""
        i = index.index_in(candidates, a)
        fused, span = fuse(fn, index, [a, candidates[j]], "fuse.elementwise")
        # the candidates from a to b are exactly the span's
        middle = [op for op in span if is_candidate(op)]
        candidates[i:j + 1] = middle
        return candidates, i + middle.index(fused)

    def legal_pair(self, index: BlockIndex, a: Operation, b: Operation, clean: dict[Operation, bool]) -> bool:
        """`legal` for a pair known to be convex (`nothing_between`), a before b."""
        if node_size(a) + node_size(b) > self.max_ops:
            return False
        if (id(a) in index.reducing or id(b) in index.reducing) and not self._reductions_unread(index, a, b, clean):
            return False
        # read_outside: a result of a read by another op than b (b cannot read itself, a cannot read b)
        users = index.users
        for r in a.results:
            us = users.get(id(r))
            if us and (len(us) > 1 or id(b) not in us):
                return True
        return any(users.get(id(r)) for r in b.results)

    @staticmethod
    def _reductions_unread(index: BlockIndex, a: Operation, b: Operation, clean: dict[Operation, bool]) -> bool:
        """reductions_unread([a, b]).  For a fused a and a plain b only b's
        reads need a look: no op of a reads a reduction of a (`clean`: known
        once per fused op, and a legal merge keeps it so), and no op of a
        reads b (it comes first)."""
        if a.name not in FUSED or b.name in FUSED:
            return index.reductions_unread([a, b])
        ok = clean.get(a)
        if ok is None:
            ok = clean[a] = reductions_unread([a])
        if not ok:
            return False
        region = a.regions[0]
        yielded = region.ops[-1].operands
        for v in b.operands:
            if v.owner is a:
                y = yielded[v.index]
                if y.owner.name == "core.reduce" and y.index == 0 and y.owner.parent is region:
                    return False
        return True

    def legal(self, index: BlockIndex, members: list[Operation], bits_checked: bool = False) -> bool:
        """Size, no reduction read inside, something read after, convex.
        `bits_checked`: see BlockIndex.convex."""
        # cheapest first: most pairs in a long chain fail on size
        return (size(members) <= self.max_ops and index.reductions_unread(members) and index.read_outside(members)
                and index.convex(members, bits_checked))
