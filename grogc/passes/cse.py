"""cse: common-subexpression elimination over nested scopes.

Two pure ops are the same when they have the same name, operands (in either
order for commutative ops, in the same order otherwise: a-b is not b-a),
attributes (compared by type and exact spelling, so 0.0, -0.0 and 0 differ)
and result types.  The table is scoped like the IR: an op in a loop body or
fused region may reuse a value from an enclosing scope, never the reverse.
Ops with regions and ops with side effects are never merged.
"""

from __future__ import annotations

from dataclasses import dataclass

from grogc.ir.core import Block, Function, Operation, Value
from grogc.ops import OPS
from grogc.passes.base import Pass


def op_key(op: Operation) -> tuple | None:
    """The identity of an op for CSE, or None when it must not be merged."""
    opdef = OPS[op.name]
    if not opdef.pure or opdef.terminator or op.regions or not op.results:
        return None
    operands = tuple(id(v) for v in op.operands)
    if opdef.commutative:
        operands = tuple(sorted(operands))
    attrs = tuple(sorted((k, type(v).__name__, repr(v)) for k, v in op.attrs.items()))
    return op.name, operands, attrs, tuple(r.type for r in op.results)


@dataclass(frozen=True)
class CSE(Pass):
    name = "cse"
    summary = "merge identical pure ops (commutative ones in either operand order), scope by scope"

    def run(self, fn: Function) -> None:
        self._block(fn.body, [{}], {})

    def _block(self, block: Block, scopes: list[dict], subst: dict[int, Value]) -> None:
        scopes = scopes + [{}]
        kept = []  # the block's ops but the merged ones (one list.remove each would be quadratic)
        for op in block.ops:
            if subst:
                op.operands = [subst.get(id(v), v) for v in op.operands]
            for region in op.regions:
                self._block(region, scopes, subst)
            key = op_key(op)
            if key is not None:
                found = next((scope[key] for scope in reversed(scopes) if key in scope), None)
                if found is None:
                    scopes[-1][key] = op
                else:
                    for old, new in zip(op.results, found.results):
                        subst[id(old)] = new
                    op.parent = None
                    continue
            kept.append(op)
        block.ops = kept
