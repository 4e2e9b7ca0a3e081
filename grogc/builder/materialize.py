"""From the builder's working function to the IR it hands out.

`ir()` gives every caller a fresh copy (passes rewrite IR in place; the
builder must not see that), and names the values the user left unnamed:
`%0, %1, ...` in the order the canonical printer shows them, so the same
program always prints the same text.
"""

from __future__ import annotations

from grogc.ir.core import Block, Function, Operation, Param, Value


def clone_function(fn: Function) -> Function:
    """A deep copy of fn: new Values, Operations and Blocks, same names,
    types, attributes and locations."""
    new = Function(fn.name, [], Block(), fn.loc)
    mapping: dict[int, Value] = {}
    for p in fn.params:
        value = Value(p.value.name, p.value.type, new, len(new.params), p.value.loc)
        mapping[id(p.value)] = value
        new.params.append(Param(value, p.type_name, p.default, p.loc, dict(p.bounds)))
    _clone_block(fn.body, new.body, mapping)
    return new


def _clone_block(src: Block, dst: Block, mapping: dict[int, Value]) -> None:
    for op in src.ops:
        regions = []
        for region in op.regions:
            block = Block([Value(a.name, a.type, None, 0, a.loc) for a in region.args])
            mapping.update((id(old), new) for old, new in zip(region.args, block.args))
            _clone_block(region, block, mapping)
            regions.append(block)
        copy = Operation(op.name, [mapping[id(v)] for v in op.operands], [r.type for r in op.results],
                         [r.name for r in op.results], dict(op.attrs), regions, op.loc)
        for old, new in zip(op.results, copy.results):
            new.loc = old.loc
            mapping[id(old)] = new
        dst.append(copy)


def name_unnamed(fn: Function) -> None:
    """Give every value without a name the next free number, in print order
    (an op's results, then its region's arguments, then the region)."""
    taken = {p.name for p in fn.params}
    for op in fn.walk():
        taken.update(r.name for r in op.results if r.name)
        for region in op.regions:
            taken.update(a.name for a in region.args if a.name)
    counter = 0
    for op in fn.walk():
        unnamed = [r for r in op.results if not r.name]
        for region in op.regions:
            unnamed += [a for a in region.args if not a.name]
        for value in unnamed:
            while str(counter) in taken:
                counter += 1
            value.name = str(counter)
            taken.add(value.name)
            counter += 1
