"""Per-pass statistics: op counts and the memory-stream estimate.

A *stream* is one pass over an n-long node array: every read or write of a
node vector counts one.  The estimate is per loop iteration: the streams of
every op inside a loop body (nested bodies counted once, i.e. one round of
each loop); a function without loops counts its top level once.

Rules (docs/passes.md, "Memory streams"):
- an element-wise op with a vector result reads each distinct vector operand
  once and writes its result once; `core.fill` only writes;
- `core.reduce` reads its operand (it writes a scalar);
- `graph.degree`, `graph.node_ids`, `graph.triangles` write their result;
- `graph.pull` reads its input (one stream: every element is gathered at
  least once, if in random order) and writes its result; its edge traffic is
  reported separately: per CSR it walks (two for dir = "all") the index
  array, the gathers of its input and, when weighted, the weight array, one
  edge stream each (a gated pull counts its weights: the gate, a scalar read
  at run time, may be on).  This is the model of issue 3's figures: hand-written
  PageRank is 5 streams (read x and 1/deg, write contrib; gather contrib;
  write next);
- a fused op reads each vector it captures from outside once and writes each
  vector it yields once; values living only inside never reach memory;
  reductions write nothing n-long; in a `fuse.neighbor` a captured vector
  read only by the pull (directly or through its per-edge producer) is
  gathered per edge: one stream, plus its edge traffic;
- loops, outputs, constants, scalar ops and `attr.load` move no node vector
  (a loop's back edge swaps buffers).
"""

from __future__ import annotations

from grogc.ir.core import Function, Operation
from grogc.ops import OPS
from grogc.passes.analysis import FUSED, LOOPS, TERMINATORS, captures

WRITES_ONLY = frozenset(name for name, d in OPS.items() if d.stream_writes)


def count_ops(fn: Function) -> int:
    """Ops at every depth, terminators (yields) not counted."""
    return sum(1 for op in fn.walk() if op.name not in TERMINATORS)


def streams_per_iteration(fn: Function) -> tuple[int, int]:
    """(node-vector streams, edge streams) per loop iteration (see above)."""
    if any(op.name in LOOPS for op in fn.walk()):
        ops = [inner for op in fn.walk() if op.name in LOOPS for inner in op.regions[0].ops]
    else:
        ops = list(fn.body.ops)
    vector = edge = 0
    for op in ops:
        v, e = op_streams(op)
        vector += v
        edge += e
    return vector, edge


def _pull_edge_streams(op: Operation, gathered: int = 1) -> int:
    csrs = 2 if op.attrs["dir"] == "all" else 1
    weights = 0 if op.attrs.get("weight", "none") == "none" else 1
    return csrs * (1 + gathered + weights)


def op_streams(op: Operation) -> tuple[int, int]:
    """(vector, edge) streams of one op, not counting nested loop bodies."""
    if op.name in LOOPS or op.name in TERMINATORS:
        return 0, 0
    if op.name in FUSED:
        return _fused_streams(op)
    if op.name == "graph.pull":
        return 2, _pull_edge_streams(op)
    if op.name in WRITES_ONLY:
        return 1, 0
    if op.name == "core.reduce":
        return 1, 0
    if op.results and op.results[0].type.is_vector:
        reads = {id(v) for v in op.operands if v.type.is_vector}
        return len(reads) + 1, 0
    return 0, 0


def _fused_streams(op: Operation) -> tuple[int, int]:
    body = op.regions[0]
    vectors_out = sum(1 for r in op.results if r.type.is_vector)
    edge_only = per_edge_values(op)
    streamed = 0
    gathered = 0
    for v in captures(op):
        if not v.type.is_vector:
            continue
        if id(v) in edge_only:
            gathered += 1
        else:
            streamed += 1
    edge = 0
    for inner in body.ops:
        if inner.name == "graph.pull":
            edge += _pull_edge_streams(inner, max(gathered, 1))
    return streamed + gathered + vectors_out, edge


def per_edge_values(op: Operation) -> set[int]:
    """In a fuse.neighbor: ids of captured vectors read only on the pull's
    per-edge side (the pull's input or its producer chain), never per node."""
    if op.name != "fuse.neighbor":
        return set()
    body = op.regions[0]
    pull = next(inner for inner in body.ops if inner.name == "graph.pull")
    producer_ops = set()
    work = [pull.operands[0]]
    while work:
        v = work.pop()
        owner = v.owner
        if isinstance(owner, Operation) and owner.parent is body and id(owner) not in producer_ops:
            producer_ops.add(id(owner))
            work.extend(owner.operands)
    inside = {id(r) for inner in op.walk() if inner is not op for r in inner.results}  # defined_inside, as a set
    inside.update(id(a) for inner in op.walk() for region in inner.regions for a in region.args)
    per_node_reads = set()
    per_edge_reads = {id(pull.operands[0])}
    for inner in body.ops:
        if inner is pull:
            continue
        target = per_edge_reads if id(inner) in producer_ops else per_node_reads
        target.update(id(v) for v in inner.operands if id(v) not in inside)
    return per_edge_reads - per_node_reads
