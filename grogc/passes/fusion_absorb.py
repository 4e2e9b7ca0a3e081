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
    `b` after it that reads nothing computed in between (`nothing_between`)
    and whose representative bit is above host's (`can_absorb`): host takes
    b into its region, keeps its place and is returned; the ops between
    stay where they are."""
    users, readbits, rep, definer, reads_of = index.users, index.readbits, index.rep, index.definer, index.reads
    hid, bid = id(host), id(b)
    bits_ready = index.bits_ready  # without the bits only the use lists need updating
    hrep, brep = (rep[hid], rep.pop(bid)) if bits_ready else (0, 0)
    region = host.regions[0]
    yield_op = region.ops[-1]
    b_reads = reads_of.pop(bid)
    old_results, old_yielded = host.results, yield_op.operands
    results, yielded = [], []
    retargeted = []  # (host result, its users but b): b read it, others still do
    for r, y in zip(old_results, old_yielded):
        us = users.get(id(r))
        if us and (len(us) > 1 or bid not in us):
            results.append(r)
            yielded.append(y)
            if bid in us:
                retargeted.append(r)
        else:  # read by b alone: it leaves the op, and the value inside takes its name back
            y.name = r.name
            users.pop(id(r), None)
            readbits.pop(id(r), None)
            definer.pop(id(r), None)
    outer = []  # (b's result, the op's new result for it, its users)
    for r in b.results:
        us = users.pop(id(r), None)
        readbits.pop(id(r), None)
        definer.pop(id(r), None)
        if us:
            new = Value(r.name, r.type, host, 0)
            results.append(new)
            yielded.append(r)
            outer.append((r, new, us))
    loc = host.loc
    host.name, yield_op.loc = kind, loc
    host.results = results
    for i, v in enumerate(results):
        v.index, v.loc = i, loc
    for r, new, us in outer:  # b's readers read the op now
        for user in us.values():
            for op in user.walk():
                op.operands = [new if v is r else v for v in op.operands]
            reads_of[id(user)] = [new if v is r else v for v in reads_of[id(user)]]
    if any(v.owner is host for v in b.operands):  # b reads host's values from inside
        inner = {id(r): y for r, y in zip(old_results, old_yielded)}
        b.operands = [inner.get(id(v), v) for v in b.operands]
    for r, _, _ in outer:  # the op's result took the name; the value inside gets a fresh one
        r.name = fn.fresh_name(r.name + "_1")
    yield_op.operands = yielded
    region.ops.insert(len(region.ops) - 1, b)
    b.parent = region

    # the index, as fuse leaves it (see there): host keeps its representative
    # bit, so its reads and the results b did not read keep their entries
    for r in retargeted:
        us = users[id(r)]
        del us[bid]
        if bits_ready:
            bits = 0
            for uid in us:
                bits |= rep[uid]
            readbits[id(r)] = bits
    host_reads = reads_of[hid]
    own = {id(v) for v in host_reads}
    for v in b_reads:
        if v.owner is host:
            continue  # one of host's results: done above
        vid = id(v)
        us = users.get(vid)
        if us is not None:
            us.pop(bid, None)
        if bits_ready and vid in readbits:
            readbits[vid] &= ~brep
        if vid not in own:
            host_reads.append(v)
            users.setdefault(vid, {})[hid] = host
            if bits_ready:
                readbits[vid] = readbits.get(vid, 0) | hrep
    if bits_ready:
        index.mask[hid] |= index.mask.pop(bid)
        index.anc[hid] |= index.anc.pop(bid)
        index.desc[hid] |= index.desc.pop(bid)
    for r, new, us in outer:
        users[id(new)] = us
        if bits_ready:
            bits = 0
            for uid in us:
                bits |= rep[uid]
            readbits[id(new)] = bits
        definer[id(new)] = host
    if bid in index.reducing:
        index.reducing.discard(bid)
        index.reducing.add(hid)
    # fuse's re-sort of the span: host keeps its place and number, the ops between keep
    # theirs, and b leaves the block (dead until the index compacts the block)
    index.dead.add(bid)
    return host


def can_absorb(index: BlockIndex, a: Operation, b: Operation) -> bool:
    """A pair `absorb_next` takes (`nothing_between` is the caller's test):
    a fused op and a plain one whose bit, once there are bits, is above the
    fused op's."""
    return a.name in FUSED and b.name not in FUSED and (not index.bits_ready or index.rep[id(a)] < index.rep[id(b)])
