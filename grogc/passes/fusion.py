"""The fusion engine shared by fuse-elementwise and fuse-neighbor.

Both passes grow groups of ops in one block by merging two "nodes" at a time
(a node is a plain op or a fused op made earlier) and rewrite each merge at
once, so every legality check sees the block as it is.  A merge is legal when
the group stays convex (no op outside it lies on a path between two of its
members: otherwise the fused op could be placed nowhere) and no reduction in
the group is read by another op of the group (its value is only known after
every block of nodes).  `fuse` builds the fused op: the members' ops (fused
members inlined) become its region, every value read after the group is
yielded, and the block is re-sorted topologically, keeping the original order
wherever the dependencies allow.
"""

from __future__ import annotations

import heapq

from grogc.ir.core import Block, Function, Operation, Value
from grogc.passes.analysis import FUSED, captures


def _dependencies(block) -> dict[int, set[int]]:
    """id(op) -> ids of the ops of `block` it reads from (at any depth)."""
    definer: dict[int, Operation] = {}
    for op in block.ops:
        for r in op.results:
            definer[id(r)] = op
    return {id(op): {id(definer[id(v)]) for v in captures(op) if id(v) in definer} for op in block.ops}


def _reach(start: set[int], edges: dict[int, set[int]]) -> set[int]:
    seen, work = set(), list(start)
    while work:
        node = work.pop()
        for nxt in edges.get(node, ()):
            if nxt not in seen:
                seen.add(nxt)
                work.append(nxt)
    return seen


def convex(block: Block, members: list[Operation]) -> bool:
    """No op outside `members` is both reachable from and reaching a member.
    The block is in topological order, so such an op lies between the first
    and the last member: only that span is looked at (a chain of thousands of
    ops fuses in linear time, not quadratic)."""
    ids = {id(m) for m in members}
    at = [i for i, op in enumerate(block.ops) if id(op) in ids]
    deps = _dependencies(_View(block.ops[at[0]:at[-1] + 1]))
    users: dict[int, set[int]] = {}
    for op_id, srcs in deps.items():
        for src in srcs:
            users.setdefault(src, set()).add(op_id)
    below = _reach(ids, users) - ids
    above = _reach(ids, deps) - ids
    return not (below & above)


def inner_ops(node: Operation) -> list[Operation]:
    """The ops a node contributes to a region (a fused op: its region's ops)."""
    if node.name in FUSED:
        return node.regions[0].ops[:-1]
    return [node]


def size(members: list[Operation]) -> int:
    return sum(len(inner_ops(m)) for m in members)


def reductions_unread(members: list[Operation]) -> bool:
    """No reduction of the group is read by another op of the group."""
    ops = [op for m in members for op in inner_ops(m)]
    reduced = {id(op.results[0]) for op in ops if op.name == "core.reduce"}
    reduced |= {id(r) for m in members if m.name in FUSED for r in m.results
                if id(m.regions[0].ops[-1].operands[r.index]) in reduced}
    return not any(id(v) in reduced for op in ops for v in op.operands)


def read_outside(fn: Function, members: list[Operation]) -> bool:
    """Some value of the group is read after it (else the fused op would
    yield nothing: dead code is dce's business, not fusion's)."""
    inside = {id(op) for m in members for op in m.walk()}
    defined = {id(r) for m in members for r in m.results}
    return any(id(v) in defined for op in fn.walk() if id(op) not in inside for v in op.operands)


def vector_defs(node: Operation) -> set[int]:
    return {id(r) for r in node.results if r.type.is_vector}


def vector_reads(node: Operation) -> set[int]:
    return {id(v) for v in captures(node) if v.type.is_vector}


def fuse(fn: Function, block: Block, members: list[Operation], kind: str) -> Operation:
    """Replace `members` (ops of `block`) by one fused op of `kind`."""
    order = {id(op): i for i, op in enumerate(block.ops)}
    members = sorted(members, key=lambda m: order[id(m)])
    inside = {id(op) for m in members for op in m.walk()}
    # Outer view of each member value -> the value that computes it inside.
    inner_of: dict[int, Value] = {}
    ops: list[Operation] = []
    for m in members:
        if m.name in FUSED:
            for r, y in zip(m.results, m.regions[0].ops[-1].operands):
                inner_of[id(r)] = y
        else:
            for r in m.results:
                inner_of[id(r)] = r
        ops += inner_ops(m)
    read_after = {id(v) for op in fn.walk() if id(op) not in inside for v in op.operands}
    yielded = [r for m in members for r in m.results if id(r) in read_after]
    fused = Operation(kind, [], [v.type for v in yielded], [v.name for v in yielded], loc=members[0].loc)
    outer_map = {id(old): new for old, new in zip(yielded, fused.results)}
    for op in fn.walk():
        if id(op) not in inside:
            op.operands = [outer_map.get(id(v), v) for v in op.operands]
    for op in ops:
        op.operands = [inner_of.get(id(v), v) for v in op.operands]
    for v in yielded:
        inner = inner_of[id(v)]
        if inner is v:  # the outer result took its name; the value inside gets a fresh one
            inner.name = fn.fresh_name(v.name + "_1")
    for m in members:  # a fused member's result no longer read outside frees its name
        if m.name in FUSED:
            for r in m.results:
                if id(r) not in read_after:
                    inner_of[id(r)].name = r.name
    region = Block(ops=ops + [Operation("fuse.yield", [inner_of[id(v)] for v in yielded], loc=members[0].loc)])
    fused.regions = [region]
    region.parent_op = fused
    position = order[id(members[0])]
    member_ids = {id(m) for m in members}
    rest = [op for op in block.ops if id(op) not in member_ids]
    block.ops = rest
    fused.parent = block
    _topological_insert(block, fused, position, order, order[id(members[-1])])
    return fused


def _topological_insert(block: Block, fused: Operation, position: int, order: dict[int, int],
                        last: int) -> None:
    """Add `fused` to `block` and re-sort: Kahn's algorithm, always emitting
    the ready op that came first in the original block (the fused op ranks
    where its first member was).  Only the span from the first member to the
    last (`position`..`last` in the original order) can move: every op before
    it comes out first and every op after it last, as they were."""
    before = [op for op in block.ops if order[id(op)] < position]
    after = [op for op in block.ops if order[id(op)] > last]
    nodes = [op for op in block.ops if position <= order[id(op)] <= last] + [fused]
    rank = {id(op): order.get(id(op), position) for op in nodes}
    rank[id(fused)] = position
    deps = _dependencies(_View(nodes))
    users: dict[int, list[Operation]] = {}
    waiting = {}
    for op in nodes:
        waiting[id(op)] = len(deps[id(op)])
        for src in deps[id(op)]:
            users.setdefault(src, []).append(op)
    index = {id(op): i for i, op in enumerate(nodes)}
    ready = [(rank[id(op)], i, op) for i, op in enumerate(nodes) if waiting[id(op)] == 0]
    heapq.heapify(ready)
    out = []
    while ready:
        _, _, op = heapq.heappop(ready)
        out.append(op)
        for user in users.get(id(op), ()):
            waiting[id(user)] -= 1
            if waiting[id(user)] == 0:
                heapq.heappush(ready, (rank[id(user)], index[id(user)], user))
    if len(out) != len(nodes):  # cannot happen for a convex group; fail loudly rather than drop ops
        raise RuntimeError("fusion made a cycle: the group was not convex")
    block.ops = before + out + after


class _View:
    """A stand-in block holding a list of ops, for _dependencies."""

    def __init__(self, ops: list[Operation]):
        self.ops = ops
