"""fuse-neighbor: a pull with its per-node epilogue (and, rarely, a producer).

Epilogue: an element-wise op, a reduction or a fused element-wise op that
reads a value of the pull's group joins it (after the pull in the region:
it reads the pull's output at its own node, so block-by-block execution is
exact).  The result is a `fuse.neighbor` that writes only what is read after
it.  Merges follow fusion.py's legality rules (convex, no reduction read
inside); `max-ops` bounds the region.

Producer: the ops computing the pull's input may be folded in front of the
pull, recomputed for every edge, only when the cost model says so (see
`producer_pays` and docs/fusion.md).  Per node and iteration, with d the
average degree, R the cost of a random gather and F of one op per element
(both relative to one sequential element read or written), a producer of c
ops reading k vectors costs
    unfused: (k + 1) streams + d*R (gather its output) + c*F
    fused:   k*d*R (gather its k inputs per edge) + d*c*F
which with the defaults (d = 16, R = 4, F = 0.25) folds only producers that
read no vector at all (k = 0, e.g. a fill): m random gathers against n
sequential reads almost never pay.  A producer is also never folded into a
`mode` pull (a node without neighbours takes x at itself), when its value is
read elsewhere, or when it may fault at run time (it would run per edge).

Producer folding is on by default (`edge-producers=false` turns it off) and
the cost model above decides.  A folded producer lowers to the first
`producer_len` instructions of its FUSED_PULL body, which the C runtime runs
over chunks of edges (docs/fusion.md); the runtime refuses i64 div/pow and
f64 -> i64 casts there even by a constant (it sees only slots), so the pass
does too.
"""

from __future__ import annotations

from dataclasses import dataclass

from grogc.ir.core import Function, Operation
from grogc.ops import FUSED
from grogc.passes.analysis import blocks_of, may_fault_per_edge, may_trap
from grogc.passes.base import Pass
from grogc.passes.fuse_elementwise import is_candidate
from grogc.passes.fusion import BlockIndex, fuse, inner_ops, size, vector_defs, vector_reads


def _pull_of(node: Operation) -> Operation | None:
    if node.name == "graph.pull":
        return node
    if node.name == "fuse.neighbor":
        return next(op for op in node.regions[0].ops if op.name == "graph.pull")
    return None


@dataclass(frozen=True)
class FuseNeighbor(Pass):
    """Options: `max_ops` bounds a region; `edge_producers` (default on)
    allows folding a producer into the per-edge read; `avg_degree`, `gather_cost` and `op_cost`
    are the producer cost model's d, R and F."""

    name = "fuse-neighbor"
    summary = "fuse each pull with its element-wise epilogue (and a producer when the cost model says so)"
    # a merge moves a plain op into a region or makes one fused op of two: the printed IR differs
    reports_change = True
    max_ops: int = 32
    edge_producers: bool = True
    avg_degree: float = 16.0
    gather_cost: float = 4.0
    op_cost: float = 0.25

    def run(self, fn: Function) -> bool:
        merged_any = False  # the IR is only touched by a merge
        for block in list(blocks_of(fn)):
            if block.parent_op is not None and block.parent_op.name in FUSED:
                continue
            index = BlockIndex(block)
            # Both searches go through the block in order and merge the first
            # legal pair; nodes before resume[k] are known to fail search k.
            # A merge only unites ops (it adds dependency paths, never takes
            # one away, and keeps every reader), so a pair that failed still
            # fails: after a merge both searches resume where its span began,
            # not at the top, and the result is the same.
            resume = [0, 0]
            while True:
                lo = self._merge_epilogue(fn, index, resume)
                if lo is None and self.edge_producers:
                    lo = self._merge_producer(fn, index, resume)
                if lo is None:
                    break
                resume = [min(r, lo) for r in resume]
                merged_any = True
        return merged_any

    def _legal(self, index: BlockIndex, members: list[Operation]) -> bool:
        return (index.read_outside(members) and size(members) <= self.max_ops and index.reductions_unread(members)
                and index.convex(members))

    def _merge_epilogue(self, fn: Function, index: BlockIndex, resume: list[int]) -> int | None:
        """Merge the first pull group with its first legal epilogue; the
        block index where the merged span began, or None."""
        ops = index.block.ops
        for t in range(resume[0], len(ops)):
            node = ops[t]
            if _pull_of(node) is not None:
                defs = vector_defs(node)
                others = {uid: u for v in defs for uid, u in index.users.get(v, {}).items()
                          if u is not node and is_candidate(u)}
                for other in sorted(others.values(), key=index.key):
                    if self._legal(index, [node, other]):
                        fuse(fn, index, [node, other], "fuse.neighbor")
                        return t
            resume[0] = t + 1
        return None

    def _merge_producer(self, fn: Function, index: BlockIndex, resume: list[int]) -> int | None:
        """Fold the first foldable producer that pays into its pull's group;
        the block index where the merged span began, or None."""
        ops = index.block.ops
        for t in range(resume[1], len(ops)):
            node = ops[t]
            pull = _pull_of(node)
            producer = pull.operands[0].owner if pull is not None and pull.attrs["agg"] != "mode" else None
            if (producer is not None and index.definer.get(id(pull.operands[0])) is producer
                    and self._foldable(producer, pull, node, index) and self._legal(index, [producer, node])
                    and self.producer_pays(producer)):
                start = index.index_in(ops, producer)
                fuse(fn, index, [producer, node], "fuse.neighbor")
                return start
            resume[1] = t + 1
        return None

    @staticmethod
    def _foldable(producer: Operation, pull: Operation, node: Operation, index: BlockIndex) -> bool:
        """A producer that may run per edge and whose only reader is the pull."""
        if producer.name not in ("fuse.elementwise",) and not is_candidate(producer):
            return False
        ops = inner_ops(producer)
        if any(op.name == "core.reduce" or may_trap(op) or may_fault_per_edge(op) for op in ops):
            return False
        if len(producer.results) != 1:
            return False
        value = producer.results[0]
        readers = index.users.get(id(value), {})
        return (list(readers) in ([], [id(node)])
                and all(op is pull for op in node.walk() if any(v is value for v in op.operands)))

    def producer_pays(self, producer: Operation) -> bool:
        """The cost model of the module docstring, per node and iteration."""
        k, c = len(vector_reads(producer)), len(inner_ops(producer))
        d, r, f = self.avg_degree, self.gather_cost, self.op_cost
        unfused = (k + 1) + d * r + c * f
        fused = k * d * r + d * c * f
        return fused < unfused
