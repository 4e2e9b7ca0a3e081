"""The plan's dataflow, recovered from the plan dict alone.

`grogc explain` works on a `.plan` file as well as on GIR, so it does not
need the IR: a plan writes every value into a slot, and a slot is reused
only once its previous value is dead, so "the last write of the slot in
program order" is the value an instruction reads.  Walking the plan in
pre-order and giving every write a fresh register (backend/slots.py's
`VReg`) rebuilds the lowered program (`Instr` tree); the allocator's own
liveness (`slots.live_intervals`) then gives the live range of every value,
and the producers give the edges of the DOT graph.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from grogc.backend.slots import Instr, Interval, VReg, live_intervals, number
from grogc.ops import FUSED_OPCODES, LOOP_OPCODES

LOOPS = LOOP_OPCODES
FUSED = FUSED_OPCODES
_NAME = re.compile(r"^%([A-Za-z0-9_.$-]+)")
_ITER_ARGS = re.compile(r"iter_args\(([^)]*)\)")


@dataclass
class Dataflow:
    """The rebuilt program.

    code: top-level instructions (numbered: `addr` is the plan address);
    flat: every instruction in address order; ops: the plan op dict of each
    address; depth: nesting depth of each address; slot_of: register ->
    slot; producer: register -> address of the instruction that defines it
    (a loop's address for its carried args), or None for parameters and
    constants; params / constants: (register, plan entry); outputs: (plan
    output entry, register); parent: address -> address of the enclosing
    loop or fused op (None at top level)."""

    code: list[Instr]
    flat: list[Instr]
    ops: list[dict]
    depth: list[int]
    slot_of: dict[VReg, int]
    producer: dict[VReg, int | None]
    params: list[tuple[VReg, dict]]
    constants: list[tuple[VReg, dict]]
    outputs: list[tuple[dict, VReg]]
    parent: list[int | None] = field(default_factory=list)

    def intervals(self) -> dict[VReg, Interval]:
        """Live interval of every register (positions as in slots.py:
        2*addr, 2*addr+1 = END of a region, -1 entry, 2*len(flat) exit)."""
        entry = [r for r, _ in self.params] + [r for r, _ in self.constants]
        return live_intervals(self.code, entry, [r for _, r in self.outputs])


def _value_name(op: dict, fallback: str) -> str:
    m = _NAME.match(op.get("comment", ""))
    return m.group(1) if m else fallback


def _carried_names(op: dict) -> list[str]:
    """The block-argument names of a loop, from its IR comment
    (`iter_args(%xi = %x0, ...)`)."""
    m = _ITER_ARGS.search(op.get("comment", ""))
    if not m:
        return []
    return [part.split("=")[0].strip().lstrip("%") for part in m.group(1).split(",")]


def slot_label(data: dict, s: int) -> str:
    """`s3`, `v5` or `b7` (the listing's spelling of slot s)."""
    return data["slots"][s]["kind"][0] + str(s)


class _Rebuilder:
    def __init__(self, data: dict):
        self.data = data
        self.current: dict[int, VReg] = {}
        self.slot_of: dict[VReg, int] = {}
        self.producer: dict[VReg, int | None] = {}
        self.ops: list[dict] = []
        self.depth: list[int] = []
        self.parent: list[int | None] = []

    def new(self, s: int, name: str, producer: int | None) -> VReg:
        desc = self.data["slots"][s]
        reg = VReg(desc["kind"], desc["dtype"], name)
        self.slot_of[reg] = s
        self.producer[reg] = producer
        self.current[s] = reg
        return reg

    def read(self, s: int) -> VReg:
        # A checked plan never reads a slot before writing it; should one do
        # so anyway, its value counts as set at entry.
        return self.current.get(s) or self.new(s, slot_label(self.data, s), None)

    def block(self, ops: list[dict], depth: int, parent: int | None) -> list[Instr]:
        code = []
        for op in ops:
            addr = len(self.ops)
            self.ops.append(op)
            self.depth.append(depth)
            self.parent.append(parent)
            code.append(self.instr(op, addr, depth))
        return code

    def instr(self, op: dict, addr: int, depth: int) -> Instr:
        name = op["op"]
        ins = [self.read(s) for s in op.get("in", [])]
        if name in LOOPS:
            inits = [self.read(i) for i, _, _ in op["carries"]]
            names = _carried_names(op)
            args = [self.new(a, names[k] if k < len(names) else f"{slot_label(self.data, a)}@{addr}", addr)
                    for k, (_, a, _) in enumerate(op["carries"])]
            body = self.block(op["body"], depth + 1, addr)
            nexts = [self.read(n) for _, _, n in op["carries"]]
            cond = self.read(op["cond"]) if "cond" in op else None
            for (_, a, _), arg in zip(op["carries"], args):
                self.current[a] = arg  # the loop's results live in its arg slots
            return Instr(name, None, ins, body=body, carries=list(zip(inits, args, nexts)), cond=cond,
                         comment=op.get("comment", ""))
        if name in FUSED:
            body = self.block(op["body"], depth + 1, addr)
            reduce_outs = [self.read(s) for s in op.get("reduce_outs", [])]
            return Instr(name, None, ins, body=body, reduce_outs=reduce_outs, comment=op.get("comment", ""))
        out = None
        if "out" in op:
            out = self.new(op["out"], _value_name(op, f"{slot_label(self.data, op['out'])}@{addr}"), addr)
        rounds = []  # PROPAGATE's round count, a second output
        if "rounds" in op:
            rounds = [self.new(op["rounds"], f"{slot_label(self.data, op['rounds'])}@{addr}", addr)]
        return Instr(name, out, ins, attrs=op.get("attrs"), imm=op.get("imm"), reduce_outs=rounds,
                     comment=op.get("comment", ""))


def rebuild(data: dict) -> Dataflow:
    """The Dataflow of a plan dict (docs/plan-format.md)."""
    rb = _Rebuilder(data)
    params = [(rb.new(p["slot"], p["name"], None), p) for p in data["params"]]
    # constants have no IR name in a plan: named by their value, `=1.0`
    constants = [(rb.new(c["slot"], f"={c['value']!r}", None), c) for c in data["constants"]]
    code = rb.block(data["ops"], 0, None)
    outputs = [(o, rb.read(o["slot"])) for o in data["outputs"]]
    number(code)
    flat: list[Instr] = []

    def walk(block: list[Instr]) -> None:
        for ins in block:
            flat.append(ins)
            walk(ins.body)

    walk(code)
    return Dataflow(code, flat, rb.ops, rb.depth, rb.slot_of, rb.producer, params, constants, outputs, rb.parent)
