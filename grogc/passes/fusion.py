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

A `BlockIndex` keeps what the checks and the rewrite ask about one block up
to date across merges, so each merge costs work near the merged ops, not a
walk of the function (a 20,000-op chain fuses in linear time):
  - `users`: value -> the ops of the block that read it (at any depth: a loop
    of the block reads what its body captures).  SSA scoping means a value
    of the block is read nowhere else, so this is every reader there is;
  - `definer`: value -> the op of the block that computes it;
  - `pos`: op -> a number increasing along the block.  Only the merged span
    is re-sorted, so its ops take over the span's old numbers in their new
    order and every other number stays valid.
"""

from __future__ import annotations

import heapq
from bisect import bisect_left

from grogc.ir.core import Block, Function, Operation, Value
from grogc.passes.analysis import FUSED, captures
from grogc.passes.fusion_bits import make_bits


class BlockIndex:
    """Use lists, definers and positions of one block (see the module doc).
    Every change to the block must go through `fuse` while an index is live."""

    def __init__(self, block: Block):
        self.block = block
        self.pos: dict[Operation, int] = {}  # keyed by the op itself: `key` is then a C call (bisect, sorted)
        self.key = self.pos.__getitem__
        self.users: dict[int, dict[int, Operation]] = {}
        self.definer: dict[int, Operation] = {}
        self.reads: dict[int, list[Value]] = {}  # op -> captures(op), kept up to date
        # The bits (see `_ensure_bits`), made when a check first asks for them.
        self.bits_ready = False
        self.mask: dict[int, int] = {}
        self.anc: dict[int, int] = {}
        self.desc: dict[int, int] = {}
        self.rep: dict[int, int] = {}
        self.readbits: dict[int, int] = {}
        self.owner: list[Operation] = []
        # ids of the nodes holding a core.reduce: the rest pass reductions_unread at once
        self.reducing: set[int] = {id(op) for op in block.ops if has_reduction(op)}
        # ids of ops taken into a region by fusion_absorb.absorb_next but still in
        # block.ops, keeping their positions: deleting each from a long list at once
        # moved the rest of it every merge (a quadratic term); see `compact`
        self.dead: set[int] = set()
        users, definer = self.users, self.definer
        for i, op in enumerate(block.ops):
            oid = id(op)
            self.pos[op] = i
            reads = self.reads[oid] = captures(op)
            for v in reads:
                users.setdefault(id(v), {})[oid] = op
            for r in op.results:
                definer[id(r)] = op

    def _ensure_bits(self) -> None:
        """Make the bits (fusion_bits.py) from the block as it is now, once."""
        if not self.bits_ready:
            self.bits_ready = True
            make_bits(self)

    def live_ops(self) -> list[Operation]:
        """The block's ops, leaving out the dead ones."""
        dead = self.dead
        return [op for op in self.block.ops if id(op) not in dead] if dead else list(self.block.ops)

    def compact(self) -> None:
        """Drop the dead ops from the block (done when a pass leaves it)."""
        if self.dead:
            for op in self.block.ops:
                if id(op) in self.dead:
                    del self.pos[op]
            self.block.ops = self.live_ops()
            self.dead.clear()

    def around(self, b: Operation) -> tuple[int, set[int]]:
        """(the ancestor bits of b's dependencies, their ids): for
        `reaches_around`, computed once for every partner of b."""
        self._ensure_bits()
        bits, ids = 0, set()
        for v in self.reads[id(b)]:
            c = self.definer.get(id(v))
            if c is not None and id(c) not in ids:
                bits |= self.anc[id(c)]
                ids.add(id(c))
        return bits, ids

    def reaches_around(self, a: Operation, b: Operation, around: tuple[int, set[int]] | None = None) -> bool:
        """A proof (from the bits) that a reaches b through another op c,
        a -> ... -> c -> b: then {a, b} is not convex.  False proves nothing."""
        bits, ids = around if around is not None else self.around(b)  # (around made the bits)
        if id(a) in ids:  # a is a dependency itself: leave its own bits out
            mask = self.mask[id(a)]
            return any(self.anc[cid] & mask for cid in ids if cid != id(a))
        return bool(bits & self.mask[id(a)])

    def readers_not_refused(self, b: Operation, values: set[int]) -> dict[int, Operation]:
        """The readers of `values` (ids) that may pair with b: all of them but
        ones the bits prove to reach b around it (`reaches_around`), to be
        reached from b (so after b) or to be b.  b's own dependencies are
        kept: their exact test needs more than the bits.  Costs the ops found,
        not the readers left out (a vector read by every group of a long
        program would otherwise pair each group with all earlier ones)."""
        # a reader whose rep is in `skip` has bits there: refused, after b or b
        bits, ids = self.around(b)
        skip = bits | self.desc[id(b)] | self.mask[id(b)]
        found: dict[int, Operation] = {}
        for v in values:
            users = self.users.get(v, {})
            found.update((uid, users[uid]) for uid in ids if uid in users)
            left = self.readbits.get(v, 0) & ~skip
            while left:
                low = left & -left
                u = self.owner[low.bit_length() - 1]
                found[id(u)] = u
                left ^= low
        return found

    def index_in(self, ops: list[Operation], op: Operation) -> int:
        """Where `op` is in `ops`, a list of this block's ops in block order."""
        return bisect_left(ops, self.pos[op], key=self.key)

    def reductions_unread(self, members: list[Operation]) -> bool:
        """`reductions_unread`, at once when no member holds a reduction."""
        return not any(id(m) in self.reducing for m in members) or reductions_unread(members)

    def vector_reads(self, op: Operation) -> set[int]:
        return {id(v) for v in self.reads[id(op)] if v.type.is_vector}

    def read_outside(self, members: list[Operation]) -> bool:
        """Some value of the group is read after it (else the fused op would
        yield nothing: dead code is dce's business, not fusion's)."""
        ids = {id(m) for m in members}
        return any(u not in ids for m in members for r in m.results for u in self.users.get(id(r), ()))

    def convex(self, members: list[Operation], bits_checked: bool = False) -> bool:
        """No path leaves the group and comes back: searched forward from the
        members' readers outside it, only up to the last member (the block
        is in topological order, so a path back ends before it).
        `bits_checked`: the caller has seen `reaches_around` refuse nothing."""
        if len(members) == 2 and not bits_checked:
            a, b = sorted(members, key=self.key)
            if self.reaches_around(a, b):
                return False
        ids = {id(m) for m in members}
        limit = max(self.pos[m] for m in members)
        seen: set[int] = set()
        work: list[Operation] = []
        for op in members:
            for r in op.results:
                for uid, user in self.users.get(id(r), {}).items():
                    if uid not in ids and uid not in seen and self.pos[user] < limit:
                        seen.add(uid)
                        work.append(user)
        while work:
            op = work.pop()
            for r in op.results:
                for uid, user in self.users.get(id(r), {}).items():
                    if uid in ids:
                        return False
                    if uid not in seen and self.pos[user] < limit:
                        seen.add(uid)
                        work.append(user)
        return True


def inner_ops(node: Operation) -> list[Operation]:
    """The ops a node contributes to a region (a fused op: its region's ops)."""
    if node.name in FUSED:
        return node.regions[0].ops[:-1]
    return [node]


def node_size(node: Operation) -> int:
    """len(inner_ops(node)), without copying the region's op list."""
    return len(node.regions[0].ops) - 1 if node.name in FUSED else 1


def size(members: list[Operation]) -> int:
    return sum(node_size(m) for m in members)


def has_reduction(node: Operation) -> bool:
    return node.name == "core.reduce" or (node.name in FUSED and any(op.name == "core.reduce" for op in inner_ops(node)))


def reductions_unread(members: list[Operation]) -> bool:
    """No reduction of the group is read by another op of the group."""
    ops = [op for m in members for op in inner_ops(m)]
    reduced = {id(op.results[0]) for op in ops if op.name == "core.reduce"}
    reduced |= {id(r) for m in members if m.name in FUSED for r in m.results
                if id(m.regions[0].ops[-1].operands[r.index]) in reduced}
    return not any(id(v) in reduced for op in ops for v in op.operands)


def vector_defs(node: Operation) -> set[int]:
    return {id(r) for r in node.results if r.type.is_vector}


def vector_reads(node: Operation) -> set[int]:
    return {id(v) for v in captures(node) if v.type.is_vector}


def fuse(fn: Function, index: BlockIndex, members: list[Operation], kind: str) -> tuple[Operation, list[Operation]]:
    """Replace `members` (ops of the indexed block) by one fused op of `kind`;
    returns it and the re-sorted span of the block (the fused op and the ops
    that were between its first and last member, in their new order).

    When a member is a fused op already (a group growing one op at a time),
    it becomes the result: its region takes the other members' ops and its
    results still read after the group stay the same Values, so their
    readers need no rewiring.  The IR is what a new op would give: the same
    kind, ops, results (names, types, order), yield and locations."""
    block = index.block
    members = sorted(members, key=index.key)
    member_ids = {id(m) for m in members}
    host = next((m for m in members if m.name in FUSED), None)
    old_reads = [index.reads.pop(id(m)) for m in members]
    old_results = [m.results for m in members]  # the host's list is replaced below
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
    outside_users = {id(r): [u for uid, u in index.users.get(id(r), {}).items() if uid not in member_ids]
                     for m in members for r in m.results}
    yielded = [r for m in members for r in m.results if outside_users[id(r)]]
    loc = members[0].loc
    for m in members:  # a fused member's result no longer read outside frees its name
        if m.name in FUSED:
            for r in m.results:
                if not outside_users[id(r)]:
                    inner_of[id(r)].name = r.name
    if host is None:
        fused = Operation(kind, [], [v.type for v in yielded], [v.name for v in yielded], loc=loc)
        region = Block()
        yield_op = Operation("fuse.yield", [], loc=loc)
    else:
        fused, region, yield_op = host, host.regions[0], host.regions[0].ops[-1]
        fused.name, fused.loc, yield_op.loc = kind, loc, loc
        fused.results = [v if v.owner is host else Value(v.name, v.type, host, 0) for v in yielded]
        for i, v in enumerate(fused.results):
            v.index, v.loc = i, loc
    outer_map = {id(old): new for old, new in zip(yielded, fused.results) if old is not new}
    rewired = {id(u): u for v in yielded if id(v) in outer_map for u in outside_users[id(v)]}
    for user in rewired.values():
        for op in user.walk():
            op.operands = [outer_map.get(id(v), v) for v in op.operands]
        index.reads[id(user)] = [outer_map.get(id(v), v) for v in index.reads[id(user)]]
    for m, reads in zip(members, old_reads):  # only members reading another member's value change
        if any(id(v) in inner_of for v in reads):
            for op in inner_ops(m):
                op.operands = [inner_of.get(id(v), v) for v in op.operands]
    for v in yielded:
        inner = inner_of[id(v)]
        if inner is v:  # the outer result took its name; the value inside gets a fresh one
            inner.name = fn.fresh_name(v.name + "_1")
    yield_op.operands = [inner_of[id(v)] for v in yielded]
    region.ops = ops + [yield_op]
    for m in members:
        if m is not host:
            for op in inner_ops(m):
                op.parent = region
    yield_op.parent = region
    fused.regions = [region]
    region.parent_op = fused
    fused.parent = block
    # the index: members leave, their readers outside read the fused op now.
    # The host's entries stay where they stay true (each update of a bit set
    # read by most of the block copies it): the values it reads that the
    # fused op still reads, when its rep bit is the fused op's, and its
    # results still read after the group that no other member read.
    bits = index.bits_ready  # without the bits only the use lists need updating
    rep = min(index.rep[id(m)] for m in members) if bits else 0
    keep = host is not None and (not bits or index.rep[id(host)] == rep)
    defined = {id(r) for results in old_results for r in results}
    reads = {id(v): v for vs in old_reads for v in vs if id(v) not in defined}
    kept_reads: set[int] = set()
    kept_results: set[int] = set()
    for m, mreads, results in zip(members, old_reads, old_results):
        host_kept = keep and m is host
        for v in mreads:
            if host_kept and id(v) in reads:
                kept_reads.add(id(v))
                continue
            index.users.get(id(v), {}).pop(id(m), None)
            if bits and id(v) in index.readbits:
                index.readbits[id(v)] &= ~index.rep[id(m)]
        for r in results:
            if host_kept and outside_users[id(r)] and len(outside_users[id(r)]) == len(index.users[id(r)]):
                kept_results.add(id(r))
                continue
            index.users.pop(id(r), None)
            index.readbits.pop(id(r), None)
            index.definer.pop(id(r), None)
    if bits:
        mask = anc = desc = 0
        for m in members:
            mask |= index.mask.pop(id(m))
            anc |= index.anc.pop(id(m))
            desc |= index.desc.pop(id(m))
            del index.rep[id(m)]
        index.mask[id(fused)], index.anc[id(fused)], index.desc[id(fused)] = mask, anc, desc
        index.rep[id(fused)] = rep
        index.owner[rep.bit_length() - 1] = fused
    for old, new in zip(yielded, fused.results):
        if id(new) in kept_results:
            continue
        index.users[id(new)] = {id(u): u for u in outside_users[id(old)]}
        if bits:
            index.readbits[id(new)] = 0
            for u in outside_users[id(old)]:
                index.readbits[id(new)] |= index.rep[id(u)]
    # what the fused op captures: what its members did, less what they define
    index.reads[id(fused)] = list(reads.values())
    for v in index.reads[id(fused)]:
        if id(v) not in kept_reads:
            index.users.setdefault(id(v), {})[id(fused)] = fused
            if bits:
                index.readbits[id(v)] = index.readbits.get(id(v), 0) | rep
    for r in fused.results:
        index.definer[id(r)] = fused
    if any(id(m) in index.reducing for m in members):
        index.reducing.difference_update(id(m) for m in members)
        index.reducing.add(id(fused))
    return fused, _resort_span(index, members, fused)


def _resort_span(index: BlockIndex, members: list[Operation], fused: Operation) -> list[Operation]:
    """Put `fused` in place of `members` and re-sort: Kahn's algorithm,
    always emitting the ready op that came first in the original block (the
    fused op ranks where its first member was).  Only the span from the
    first member to the last can move: every op before it stays before and
    every op after it stays after, as they were."""
    block = index.block
    lo, hi = index.index_in(block.ops, members[0]), index.index_in(block.ops, members[-1])
    span = block.ops[lo:hi + 1]
    if index.dead:  # the dead ops of the span leave the block here
        dead = [op for op in span if id(op) in index.dead]
        for op in dead:
            index.dead.discard(id(op))
            del index.pos[op]
        if dead:
            span = [op for op in span if op not in dead]
    if len(span) == len(members):  # adjacent members (a chain): the fused op alone takes their place
        block.ops[lo:hi + 1] = [fused]
        key = index.pos[members[0]]
        for m in members:  # the fused op may be one of them
            del index.pos[m]
        index.pos[fused] = key
        return [fused]
    keys = [index.pos[op] for op in span]
    member_ids = {id(m) for m in members}
    nodes = [op for op in span if id(op) not in member_ids] + [fused]
    rank = {id(op): index.pos.get(op, 0) for op in nodes}
    rank[id(fused)] = keys[0]
    in_span = {id(op) for op in nodes}
    users: dict[int, list[Operation]] = {}
    waiting = {}
    for op in nodes:
        deps = {id(d) for v in index.reads[id(op)] if (d := index.definer.get(id(v))) is not None and id(d) in in_span}
        waiting[id(op)] = len(deps)
        for src in deps:
            users.setdefault(src, []).append(op)
    order = {id(op): i for i, op in enumerate(nodes)}
    ready = [(rank[id(op)], i, op) for i, op in enumerate(nodes) if waiting[id(op)] == 0]
    heapq.heapify(ready)
    out = []
    while ready:
        _, _, op = heapq.heappop(ready)
        out.append(op)
        for user in users.get(id(op), ()):
            waiting[id(user)] -= 1
            if waiting[id(user)] == 0:
                heapq.heappush(ready, (rank[id(user)], order[id(user)], user))
    if len(out) != len(nodes):  # cannot happen for a convex group; fail loudly rather than drop ops
        raise RuntimeError("fusion made a cycle: the group was not convex")
    block.ops[lo:hi + 1] = out
    for m in members:
        del index.pos[m]
    for op, key in zip(out, keys):
        index.pos[op] = key
    return out
