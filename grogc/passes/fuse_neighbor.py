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

from grogc.ir.core import Block, Function, Operation
from grogc.ops import FUSED
from grogc.passes.analysis import blocks_of, may_fault_per_edge, may_trap, users
from grogc.passes.base import Pass
from grogc.passes.fuse_elementwise import is_candidate
from grogc.passes.fusion import convex, fuse, inner_ops, read_outside, reductions_unread, size, vector_defs, vector_reads


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
    max_ops: int = 32
    edge_producers: bool = True
    avg_degree: float = 16.0
    gather_cost: float = 4.0
    op_cost: float = 0.25

    def run(self, fn: Function) -> None:
        for block in list(blocks_of(fn)):
            if block.parent_op is not None and block.parent_op.name in FUSED:
                continue
            while self._merge_epilogue(fn, block) or (self.edge_producers and self._merge_producer(fn, block)):
                pass

    def _legal(self, fn: Function, block: Block, members: list[Operation]) -> bool:
        return read_outside(fn, members) and size(members) <= self.max_ops and reductions_unread(members) and convex(block, members)

    def _merge_epilogue(self, fn: Function, block: Block) -> bool:
        for node in list(block.ops):
            if _pull_of(node) is None:
                continue
            for other in block.ops:
                if other is node or not (is_candidate(other) and vector_defs(node) & vector_reads(other)):
                    continue
                if self._legal(fn, block, [node, other]):
                    fuse(fn, block, [node, other], "fuse.neighbor")
                    return True
        return False

    def _merge_producer(self, fn: Function, block: Block) -> bool:
        use_map = users(fn)
        for node in list(block.ops):
            pull = _pull_of(node)
            if pull is None or pull.attrs["agg"] == "mode" or pull.operands[0].owner not in block.ops:
                continue
            producer = pull.operands[0].owner
            if not self._foldable(producer, pull, use_map) or not self._legal(fn, block, [producer, node]):
                continue
            if self.producer_pays(producer):
                fuse(fn, block, [producer, node], "fuse.neighbor")
                return True
        return False

    @staticmethod
    def _foldable(producer: Operation, pull: Operation, use_map) -> bool:
        if producer.name not in ("fuse.elementwise",) and not is_candidate(producer):
            return False
        ops = inner_ops(producer)
        if any(op.name == "core.reduce" or may_trap(op) or may_fault_per_edge(op) for op in ops):
            return False
        return len(producer.results) == 1 and all(u is pull for u in use_map.get(id(producer.results[0]), []))

    def producer_pays(self, producer: Operation) -> bool:
        """The cost model of the module docstring, per node and iteration."""
        k, c = len(vector_reads(producer)), len(inner_ops(producer))
        d, r, f = self.avg_degree, self.gather_cost, self.op_cost
        unfused = (k + 1) + d * r + c * f
        fused = k * d * r + d * c * f
        return fused < unfused
