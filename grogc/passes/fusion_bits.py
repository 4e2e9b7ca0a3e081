"""The bits of a fusion.BlockIndex: reachability and readers as bit sets.

mask: bit i for the block's i-th op when the bits are made (a fused op
made later: its members' bits); anc: the bits of the ops that reached it
then; desc: of the ops it reached then.  Merges only add paths, so "a's
bits meet c's anc" stays a proof that a reaches c (convexity uses it as a
quick refusal), and the same for desc the other way.  rep: one bit of the
op's mask standing for it (the lowest: in a group, usually an op on the
chain others depend on); readbits: value -> its readers' reps; owner: rep
bit -> its op.  They let a search turn a set of bits into the few ops it
names without visiting the rest.

They cost n^2/64 words, and an OR of long numbers at every merge, so the
index makes them when a check first asks (BlockIndex._ensure_bits), from
the block as it is then: they only ever prove paths that exist, so when
they are made changes no decision, and a pass that never asks (a long
chain fuses without a question they answer) never pays for them.
"""

from __future__ import annotations


def make_bits(index) -> None:
    """Fill the index's mask, rep, anc, desc, readbits and owner from its
    live ops, their reads, definers and use lists."""
    ops = index.live_ops()
    index.owner = ops
    mask, anc_of, desc_of, definer, users = index.mask, index.anc, index.desc, index.definer, index.users
    at: dict[int, int] = {}
    for i, op in enumerate(ops):
        oid = id(op)
        at[oid] = i
        mask[oid] = index.rep[oid] = 1 << i
        anc = 0
        for v in index.reads[oid]:  # its dependencies' bits (a value read twice is in `reads` once)
            d = definer.get(id(v))
            if d is not None:
                anc |= anc_of[id(d)] | mask[id(d)]
        anc_of[oid] = anc
    for op in reversed(ops):
        desc = 0
        for r in op.results:
            for uid in users.get(id(r), ()):
                desc |= desc_of[uid] | mask[uid]
        desc_of[id(op)] = desc
    for vid, readers in users.items():  # a value read all over a long block: one pass over its bits
        if readers:
            index.readbits[vid] = bits_at(sorted(at[uid] for uid in readers))


def bits_at(positions: list[int]) -> int:
    """The int with these bits set (ascending positions): OR-ing them one by
    one copies a growing number for each, quadratic for a value every op reads."""
    if len(positions) < 16:
        bits = 0
        for i in positions:
            bits |= 1 << i
        return bits
    buf = bytearray((positions[-1] >> 3) + 1)
    for i in positions:
        buf[i >> 3] |= 1 << (i & 7)
    return int.from_bytes(buf, "little")
