"""The op records (table.py) and the views every other part reads.

OPS: IR op name -> OpDef.  OPCODES: the plan's instructions in opcode
order (Opcode rows: name, number, the IR op or None, the PlanSpec, the
class).  BY_NAME / BY_IR_OP index them.  Class sets (LOOPS, FUSED,
TERMINATORS, REGION_OPS) are derived here, once.
"""

from __future__ import annotations

from dataclasses import dataclass

from grogc.ops.enums import AGGS, BOOLS, DIRS, DTYPES, ENUMS, NUMERIC, REDUCE_OPS, SLOT_KINDS, WEIGHT_MODES
from grogc.ops.record import (CLASSES, AttrSpec, Ctx, DtypeRule, OpDef, OpTypeError, PlanAttr, PlanSpec, Trap,
                              TrapRule)
from grogc.ops.table import SEQUENCE, PlanOnly
from grogc.ops.typing_rules import REDUCE_RESULT

__all__ = [
    "AGGS", "BOOLS", "DIRS", "DTYPES", "ENUMS", "NUMERIC", "REDUCE_OPS", "SLOT_KINDS", "WEIGHT_MODES",
    "CLASSES", "AttrSpec", "Ctx", "DtypeRule", "OpDef", "OpTypeError", "PlanAttr", "PlanSpec", "Trap", "TrapRule",
    "PlanOnly", "REDUCE_RESULT", "OPS", "DIALECTS", "Opcode", "OPCODES", "BY_NAME", "BY_IR_OP",
    "LOOPS", "FUSED", "TERMINATORS", "LOOP_OPCODES", "FUSED_OPCODES", "BODY_OPCODES", "FIXPOINT_OPCODES", "PLAN_ATTRS", "ops_of_class",
]


@dataclass(frozen=True)
class Opcode:
    """One plan instruction: its number is its position (ORDER OP, table.py)."""

    name: str
    code: int
    ir_op: str | None  # the IR op it comes from (None: introduced by lowering)
    spec: PlanSpec
    entry: object  # the OpDef or PlanOnly record

    @property
    def inputs(self) -> int:
        return self.spec.inputs

    @property
    def optional(self) -> int:
        return self.spec.optional

    @property
    def max_inputs(self) -> int:
        return self.spec.max_inputs

    @property
    def may_alias(self) -> bool:
        return self.spec.may_alias

    @property
    def alias_inputs(self) -> tuple[int, ...] | None:
        return self.spec.alias_inputs

    @property
    def synopsis(self) -> str:
        return self.spec.synopsis

    @property
    def cls(self) -> str:
        return self.entry.cls


OPS: dict[str, OpDef] = {d.name: d for d in SEQUENCE if isinstance(d, OpDef)}
DIALECTS = sorted({name.split(".")[0] for name in OPS})
OPCODES: list[Opcode] = [
    Opcode(e.plan.opcode, i, e.name if isinstance(e, OpDef) else None, e.plan, e)
    for i, e in enumerate(e for e in SEQUENCE if e.plan is not None)
]
BY_NAME: dict[str, Opcode] = {o.name: o for o in OPCODES}
BY_IR_OP: dict[str, Opcode] = {o.ir_op: o for o in OPCODES if o.ir_op}


def ops_of_class(*classes: str) -> tuple[str, ...]:
    """Names of the IR ops of the given classes, in table order."""
    return tuple(name for name, d in OPS.items() if d.cls in classes)


LOOPS = ops_of_class("loop")
FUSED = ops_of_class("fused")
TERMINATORS = ops_of_class("terminator")
# the same classes as opcode names (the plan's side)
LOOP_OPCODES = tuple(o.name for o in OPCODES if o.cls == "loop")
FUSED_OPCODES = tuple(o.name for o in OPCODES if o.cls == "fused")
BODY_OPCODES = LOOP_OPCODES + FUSED_OPCODES  # instructions with a body
FIXPOINT_OPCODES = tuple(o.name for o in OPCODES if o.cls == "fixpoint")  # whole frontier loops; a rounds slot
# opcode -> its attr0..attr2 layout (plan schema, runtime encoder, explain)
PLAN_ATTRS = {o.name: o.spec.attrs for o in OPCODES if o.spec.attrs}
