"""`absorb_next`: the common merge of fusion, written for its one case.

A group grows one op at a time, and in a long program almost every merge
is a fused op taking the plain op right after it in the block (a chain of
element-wise ops).  `fusion.fuse` handles any members in any order; this
does what it does for that pair only, without its general bookkeeping
(sorting the members, a map of every member value, the re-sort of a span),
which was most of the cost of fusing a 20,000-op program
(docs/benchmarks.md, compile scale).  The IR and the index it leaves are
exactly fuse's: tests/passes/test_fusion_absorb.py compares the two.
"""

from __future__ import annotations

from grogc.ir.core import Function, Operation, Value
from grogc.passes.analysis import FUSED
from grogc.passes.fusion import BlockIndex


def nothing_between(index: BlockIndex, a: Operation, b: Operation) -> bool:
    """b (after a) reads nothing computed between a and b in the block: then
    no path leaves {a, b} and comes back ({a, b} is convex, and the bits of
    `reaches_around` prove nothing), and fuse's re-sort of the span puts the
    fused op where a was and leaves every op between where it was."""
    limit = index.pos[a]
    for v in index.reads[id(b)]:
        d = index.definer.get(id(v))
        if d is not None and index.pos[d] > limit:
            return False
    return True


def absorb_next(fn: Function, index: BlockIndex, host: Operation, b: Operation, kind: str) -> Operation:
    """fuse(fn, index, [host, b], kind) for a fused `host` and a plain op
    `b` after it that reads nothing computed in between (`nothing_between`):
    host takes b into its region, keeps its place and is returned; the ops
    between stay where they are."""
    users, readbits, rep = index.users, index.readbits, index.rep
    hid, bid = id(host), id(b)
    region = host.regions[0]
    yield_op = region.ops[-1]
    host_reads, b_reads = index.reads.pop(hid), index.reads.pop(bid)
    host_results, b_results = host.results, b.results
    # host's results: inner value, readers other than b (every reader of b's results is outside)
    inner_of = {id(r): y for r, y in zip(host_results, yield_op.operands)}
    outside = {id(r): [u for uid, u in users.get(id(r), {}).items() if uid != bid] for r in host_results}
    for r in b_results:
        outside[id(r)] = list(users.get(id(r), {}).values())
    yielded = [r for r in host_results if outside[id(r)]] + [r for r in b_results if outside[id(r)]]
    for r in host_results:  # no longer read outside: the value inside takes its name back
        if not outside[id(r)]:
            inner_of[id(r)].name = r.name
    loc = host.loc
    host.name, yield_op.loc = kind, loc
    host.results = [v if v.owner is host else Value(v.name, v.type, host, 0) for v in yielded]
    for i, v in enumerate(host.results):
        v.index, v.loc = i, loc
    for old, new in zip(yielded, host.results):
        if old is new:
            continue
        outer_map = {id(old): new}
        for user in outside[id(old)]:
            for op in user.walk():
                op.operands = [new if v is old else v for v in op.operands]
            index.reads[id(user)] = [outer_map.get(id(v), v) for v in index.reads[id(user)]]
    if any(id(v) in inner_of for v in b_reads):
        b.operands = [inner_of.get(id(v), v) for v in b.operands]
    for v in yielded:
        if v.owner is b:  # the outer result took its name; the value inside gets a fresh one
            v.name = fn.fresh_name(v.name + "_1")
            inner_of[id(v)] = v
    yield_op.operands = [inner_of[id(v)] for v in yielded]
    region.ops.insert(len(region.ops) - 1, b)
    b.parent = region

    # the index, as fuse leaves it (see there)
    brep = rep[bid]
    new_rep = min(rep[hid], brep)
    keep = rep[hid] == new_rep
    defined = {id(r) for r in host_results}
    defined.update(id(r) for r in b_results)
    reads = {id(v): v for v in host_reads}
    for v in b_reads:
        if id(v) not in defined and id(v) not in reads:
            reads[id(v)] = v
    kept_reads: set[int] = set()
    kept_results: set[int] = set()
    for v in host_reads:
        if keep:
            kept_reads.add(id(v))
            continue
        users.get(id(v), {}).pop(hid, None)
        if id(v) in readbits:
            readbits[id(v)] &= ~rep[hid]
    for r in host_results:
        if keep and outside[id(r)] and len(outside[id(r)]) == len(users[id(r)]):
            kept_results.add(id(r))
            continue
        users.pop(id(r), None)
        readbits.pop(id(r), None)
        index.definer.pop(id(r), None)
    for v in b_reads:
        users.get(id(v), {}).pop(bid, None)
        if id(v) in readbits:
            readbits[id(v)] &= ~brep
    for r in b_results:
        users.pop(id(r), None)
        readbits.pop(id(r), None)
        index.definer.pop(id(r), None)
    index.mask[hid] |= index.mask.pop(bid)
    index.anc[hid] |= index.anc.pop(bid)
    index.desc[hid] |= index.desc.pop(bid)
    del rep[bid]
    rep[hid] = new_rep
    index.owner[new_rep.bit_length() - 1] = host
    for old, new in zip(yielded, host.results):
        if id(new) in kept_results:
            continue
        users[id(new)] = {id(u): u for u in outside[id(old)]}
        bits = 0
        for u in outside[id(old)]:
            bits |= rep[id(u)]
        readbits[id(new)] = bits
    index.reads[hid] = list(reads.values())
    for v in index.reads[hid]:
        if id(v) not in kept_reads:
            users.setdefault(id(v), {})[hid] = host
            readbits[id(v)] = readbits.get(id(v), 0) | new_rep
    for r in host.results:
        index.definer[id(r)] = host
    if bid in index.reducing:
        index.reducing.discard(bid)
        index.reducing.add(hid)
    # fuse's re-sort of the span: host keeps its place and number, the ops between keep theirs
    ops = index.block.ops
    del ops[index.index_in(ops, b)]
    del index.pos[b]
    return host


def can_absorb(a: Operation, b: Operation) -> bool:
    """The members' kinds `absorb_next` takes (adjacency is the caller's test)."""
    return a.name in FUSED and b.name not in FUSED
