"""IR -> plan: lower a verified Function to instructions over registers,
allocate slots (slots.py), and emit the msgpack-level plan dict
(docs/plan-format.md).

Lowering is one walk over the IR:
  - every value gets a register (slots.VReg): scalars `scalar`, node
    vectors `vector`, except vectors defined and used only inside a fused
    region, which are `block` scratch;
  - `core.const` becomes a constant (a scalar slot set before the first
    op), `attr.output` an entry of the outputs table, the rest one
    instruction each (opcodes.BY_IR_OP);
  - a loop's carries are (init, arg, next); where the yielded value is not
    a register of its own (an outer value, a block argument, a value yielded
    twice, or the while condition) a COPY into a fresh register ends the
    body, and a while condition that is not written in the body is copied
    too, so the back edge can swap buffers.
"""

from __future__ import annotations

from dataclasses import dataclass

from grogc import __version__
from grogc.backend.params import attr_specs_of_function
from grogc.backend.plan_schema import FORMAT_VERSION, MAGIC
from grogc.backend.slots import Allocation, Instr, VReg, allocate, flatten
from grogc.errors import GrogError
from grogc.ir.core import Block, Function, Operation, Value
from grogc.ir.gc_pause import cycle_collector_paused
from grogc.ir.printer import print_op_line
from grogc.ops import propagate, propagate_mark
from grogc.ops import BODY_OPCODES, BY_IR_OP, FIXPOINT_OPCODES, FUSED, FUSED_OPCODES, LOOP_OPCODES, LOOPS, PLAN_ATTRS, TERMINATORS



@dataclass
class Lowered:
    """A lowered function: top-level code, parameter/constant/output
    registers, and the LOAD_ATTR table."""

    code: list[Instr]
    params: list[tuple[object, VReg]]  # (ir.core.Param, register)
    constants: list[tuple[VReg, object]]  # (register, value)
    outputs: list[tuple[str, VReg, bool]]  # (name, register, node_ids)
    attrs: list[tuple[str, str]]  # (name, dtype)


class _Lowerer:
    def __init__(self, fn: Function):
        self.fn = fn
        self.regs: dict[Value, VReg] = {}
        self.constants: list[tuple[VReg, object]] = []
        self.outputs: list[tuple[str, VReg, bool]] = []
        self.attr_index = {a.name: i for i, a in enumerate(attr_specs_of_function(fn))}
        self.attrs = [(a.name, a.dtype) for a in attr_specs_of_function(fn)]
        self.read = {v for op in fn.walk() for v in op.operands}  # values some op reads

    def run(self) -> Lowered:
        params = []
        for p in self.fn.params:
            reg = VReg("scalar", p.value.type.dtype, p.name)
            self.regs[p.value] = reg
            params.append((p, reg))
        code = self.block(self.fn.body, fused=None)
        return Lowered(code, params, self.constants, self.outputs, self.attrs)

    def new_reg(self, value: Value, fused: set[Value] | None) -> VReg:
        t = value.type
        kind = "scalar" if not t.is_vector else ("block" if fused is not None and value not in fused else "vector")
        reg = VReg(kind, t.dtype, value.name)
        self.regs[value] = reg
        return reg

    def block(self, block: Block, fused: set[Value] | None) -> list[Instr]:
        """`fused`: the values a fused region yields (None outside one)."""
        code: list[Instr] = []
        for op in block.ops:
            if op.name in TERMINATORS:
                continue
            lowered = self.op(op, fused)
            if lowered is not None:
                code.append(lowered)
        return code

    def op(self, op: Operation, fused: set[Value] | None) -> Instr | None:
        comment = print_op_line(op)
        if op.name == "core.const":
            reg = self.new_reg(op.result, fused)
            self.constants.append((reg, op.attrs["value"]))
            return None
        if op.name == "attr.output":
            self.outputs.append((op.attrs["name"], self.regs[op.operands[0]], bool(op.attrs.get("node_ids", False))))
            return None
        if op.name in LOOPS:
            return self.loop(op, comment)
        if op.name in FUSED:
            return self.fused(op, comment)
        if op.name in ("graph.propagate", "graph.propagate_mark"):
            return self.propagate(op, comment)
        opcode = BY_IR_OP[op.name].name
        ins = [self.regs[v] for v in op.operands]
        out = self.new_reg(op.result, fused)
        attrs = None
        if opcode in PLAN_ATTRS:  # the attributes its record lays out in attr0..attr2, with their defaults
            attrs = {a.key: op.attrs.get(a.key, a.default) for a in PLAN_ATTRS[opcode]}
        imm = self.attr_index[op.attrs["name"]] if opcode == "LOAD_ATTR" else None
        return Instr(opcode, out, ins, attrs=attrs, imm=imm, comment=comment)

    def loop(self, op: Operation, comment: str) -> Instr:
        body = op.regions[0]
        count, inits = op.operands[0], op.operands[1:]
        args = [self.new_reg(a, None) for a in body.args]
        for result, reg in zip(op.results, args):
            self.regs[result] = reg  # a loop's results live in its arg slots
        code = self.block(body, None)
        flat = flatten(code)
        inside = {i.out for i in flat if i.out is not None} | {r for i in flat for r in i.reduce_outs} | {
            c[1] for i in flat for c in i.carries}
        yielded = [self.regs[v] for v in body.ops[-1].operands]
        cond = None
        if op.name == "control.while":
            cond, yielded = yielded[0], yielded[1:]
            if cond not in inside:  # the condition must be written in the body
                cond = self.copy(code, cond, "cond")
        taken = {cond}
        nexts = []
        for arg, reg in zip(args, yielded):
            if reg not in inside or reg in taken:
                reg = self.copy(code, reg, arg.name + ".next")
            taken.add(reg)
            nexts.append(reg)
        carries = [(self.regs[i], a, n) for i, a, n in zip(inits, args, nexts)]
        return Instr(BY_IR_OP[op.name].name, None, [self.regs[count]],
                     body=code, carries=carries, cond=cond, comment=comment)

    def propagate(self, op: Operation, comment: str) -> Instr:
        """PROPAGATE writes the vector and, only when something reads it, the
        round count (unread, the runtime may reorder the rounds: docs/frontier.md)."""
        out = self.new_reg(op.results[0], None)
        rounds = self.new_reg(op.results[1], None)
        record = propagate_mark if op.name == "graph.propagate_mark" else propagate
        attrs = {"agg": op.attrs["agg"], "dir": op.attrs["dir"], "flags": record.flags(op.attrs)}
        imm = op.attrs.get("const", op.attrs.get("delta"))
        return Instr(BY_IR_OP[op.name].name, out, [self.regs[v] for v in op.operands], attrs=attrs, imm=imm,
                     reduce_outs=[rounds] if op.results[1] in self.read else [], comment=comment)

    def copy(self, code: list[Instr], src: VReg, name: str) -> VReg:
        reg = VReg(src.kind, src.dtype, self.fn.fresh_name(name))
        code.append(Instr("COPY", reg, [src], comment=f"%{reg.name} = copy %{src.name} (a buffer of its own for the back edge)"))
        return reg

    def fused(self, op: Operation, comment: str) -> Instr:
        body = op.regions[0]
        yielded_values = list(body.ops[-1].operands)
        producer, rest = _split_producer(body)
        fused_values = set(yielded_values)
        code = [ins for o in producer + rest if (ins := self.op(o, fused_values)) is not None]
        producer_len = sum(1 for o in producer if o.name != "core.const") if producer else 0
        for result, value in zip(op.results, yielded_values):
            self.regs[result] = self.regs[value]
        reduce_outs = [i.out for i in code if i.op == "REDUCE"]
        for ins in code:  # a reduction is complete only after the last block
            early = [r.name for r in ins.ins if r in reduce_outs]
            if early:
                raise GrogError(f"error: cannot lower '{op.name}': %{early[0]} is a reduction read inside the same "
                                f"fused region ({ins.comment}); the fusion pass must keep it outside")
        opcode = BY_IR_OP[op.name].name
        return Instr(opcode, None, [], body=code, reduce_outs=reduce_outs, producer_len=producer_len, comment=comment)


def _split_producer(body: Block) -> tuple[list[Operation], list[Operation]]:
    """A `fuse.neighbor` region as (producer, rest): when the pull's input is
    computed inside the region (a per-edge producer folded by fuse-neighbor),
    the producer is every op of the region the pull depends on, in region
    order, and `rest` starts with the pull itself (so nothing runs between
    the producer and the pull, and the pull's output may reuse a producer's
    slot).  Without such a producer: ([], the region's ops)."""
    ops = [o for o in body.ops if o.name != "fuse.yield"]
    pull = next((o for o in ops if o.name == "graph.pull"), None)
    inside = {id(o) for o in ops}
    if pull is None or id(pull.operands[0].owner) not in inside:
        return [], ops
    needed: set[int] = set()
    stack = [v.owner for v in pull.operands if v.owner is not None and id(v.owner) in inside]
    while stack:
        o = stack.pop()
        if id(o) in needed:
            continue
        needed.add(id(o))
        stack += [v.owner for v in o.operands if v.owner is not None and id(v.owner) in inside]
    producer = [o for o in ops if id(o) in needed]
    return producer, [pull] + [o for o in ops if id(o) not in needed and o is not pull]


def lower_function(fn: Function) -> Lowered:
    """Lower a verified function to instructions over registers."""
    return _Lowerer(fn).run()


def allocate_lowered(lowered: Lowered) -> Allocation:
    entry = [reg for _, reg in lowered.params] + [reg for reg, _ in lowered.constants]
    return allocate(lowered.code, entry, [reg for _, reg, _ in lowered.outputs])


# ---- the plan dict ---------------------------------------------------------------


def _instr_dict(ins: Instr, slot: dict[VReg, int]) -> dict:
    d: dict = {"op": ins.op}
    if ins.out is not None:
        d["out"] = slot[ins.out]
    d["in"] = [slot[r] for r in ins.ins]
    if ins.attrs is not None:
        d["attrs"] = dict(ins.attrs)
    if ins.imm is not None:
        d["imm"] = ins.imm
    if ins.op == "WHILE":
        d["cond"] = slot[ins.cond]
    if ins.op in LOOP_OPCODES:
        d["carries"] = [[slot[i], slot[a], slot[n]] for i, a, n in ins.carries]
    if ins.op in FUSED_OPCODES:
        d["reduce_outs"] = [slot[r] for r in ins.reduce_outs]
    if ins.producer_len:
        d["producer_len"] = ins.producer_len
    if ins.op in FIXPOINT_OPCODES and ins.reduce_outs:
        d["rounds"] = slot[ins.reduce_outs[0]]
    if ins.op in BODY_OPCODES:
        d["body"] = [_instr_dict(b, slot) for b in ins.body]
    if ins.comment:
        d["comment"] = ins.comment
    return d


def plan_dict(fn: Function, lowered: Lowered, alloc: Allocation, *, source_hash: str, pipeline: str,
              pass_stats: list | None = None) -> dict:
    """The plan as a msgpack-level dict (docs/plan-format.md)."""
    slot = alloc.slot_of
    return {
        "magic": MAGIC,
        "format_version": FORMAT_VERSION,
        "compiler_version": __version__,
        "entry": fn.name,
        "source_hash": source_hash,
        "pipeline": pipeline,
        "params": [{"name": p.name, "type": p.type_name, "default": p.default, "slot": slot[reg], **dict(sorted(p.bounds.items()))}
                   for p, reg in lowered.params],
        "attrs": [{"name": name, "dtype": dtype} for name, dtype in lowered.attrs],
        "slots": [{"kind": kind, "dtype": dtype} for kind, dtype in alloc.slots],
        "constants": [{"slot": slot[reg], "value": value} for reg, value in lowered.constants],
        "ops": [_instr_dict(ins, slot) for ins in lowered.code],
        "outputs": [{"name": name, "slot": slot[reg], "node_ids": node_ids} for name, reg, node_ids in lowered.outputs],
        "stats": {"passes": list(pass_stats or []), "slots": alloc.stats()},
    }


def lower(fn: Function, *, source_hash: str, pipeline: str, pass_stats: list | None = None) -> dict:
    """IR Function -> plan dict, in one call."""
    with cycle_collector_paused():
        lowered = lower_function(fn)
        alloc = allocate_lowered(lowered)
        return plan_dict(fn, lowered, alloc, source_hash=source_hash, pipeline=pipeline, pass_stats=pass_stats)
