"""Liveness and slot allocation over the lowered program (docs/slots.md).

The lowering (lower.py) turns IR into a tree of `Instr`s over virtual
registers (`VReg`s, one per value).  This module numbers the instructions in
pre-order, computes each register's live interval and packs the registers
into as few slots as possible, tinygrad-style: open/close events sorted by
position, lowest free slot of the register's pool first.

Positions: instruction `addr` is at 2*addr; a loop or fused op whose body
ends at instruction `last` has an END marker at 2*last + 1 (the back edge,
or "every block is done").  Parameters and constants are defined at -1;
outputs are read at 2*len(code) (the end of the program).

Rules (DESIGN.md "Slot allocation"):
  - a register used inside a region (loop or fused body) but defined
    outside it is live to that region's END (for a fused body: blocks run
    one after another, so an outer value must survive every block);
  - a loop's arg and next registers live to the loop's END, the count and
    the condition are read there too, so arg, next and condition slots are
    all distinct and the back edge can swap buffers;
  - an instruction whose opcode may alias (opcodes.py) may write over an
    input of the same pool that dies at it; a loop's arg may take its init's
    slot when the init dies at the loop (no entry copy);
  - pools are separate by kind (scalar / vector / block) and dtype.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from grogc.ops import BODY_OPCODES, BY_NAME, LOOP_OPCODES

ELEMENT_BYTES = {"f64": 8, "i64": 8, "bool": 1}
REGION_OPS = BODY_OPCODES
LOOP_OPS = LOOP_OPCODES


@dataclass(eq=False)
class VReg:
    """A virtual register: one value of the lowered program.  `kind` is
    scalar, vector or block; `name` the IR value it holds (for listings)."""

    kind: str
    dtype: str
    name: str

    @property
    def pool(self) -> tuple[str, str]:
        return (self.kind, self.dtype)

    def __repr__(self) -> str:
        return f"%{self.name}<{self.kind} {self.dtype}>"


@dataclass(eq=False)
class Instr:
    """One lowered instruction.

    `op` is an opcode name (opcodes.py); `out` the register written (None
    for REPEAT/WHILE/FUSED_*); `ins` the registers read; `attrs` the PULL /
    DEGREE / REDUCE attributes; `imm` the LOAD_ATTR index; `body` nested
    instructions; `carries` (init, arg, next) per loop-carried value;
    `cond` the WHILE condition; `reduce_outs` the scalars written by the
    REDUCEs of a fused body; `producer_len` how many leading instructions of
    a FUSED_PULL body compute the pull's input per edge; `comment` the IR
    line it came from."""

    op: str
    out: VReg | None = None
    ins: list[VReg] = field(default_factory=list)
    attrs: dict | None = None
    imm: int | float | bool | None = None
    body: list["Instr"] = field(default_factory=list)
    carries: list[tuple[VReg, VReg, VReg]] = field(default_factory=list)
    cond: VReg | None = None
    reduce_outs: list[VReg] = field(default_factory=list)
    producer_len: int = 0  # FUSED_PULL: the first k body instructions are the pull's per-edge producer
    comment: str = ""
    addr: int = -1  # pre-order index, set by number()
    end: int = -1  # END position of a region op, set by number()


def flatten(code: list[Instr]) -> list[Instr]:
    """Every instruction in pre-order (a region op, then its body)."""
    out = []
    for ins in code:
        out.append(ins)
        out.extend(flatten(ins.body))
    return out


def number(code: list[Instr]) -> int:
    """Set addr (pre-order) and end (region ops) on every instruction;
    returns the instruction count."""
    counter = [0]

    def walk(block: list[Instr]) -> None:
        for ins in block:
            ins.addr = counter[0]
            counter[0] += 1
            walk(ins.body)
            if ins.op in REGION_OPS:
                ins.end = 2 * (counter[0] - 1) + 1

    walk(code)
    return counter[0]


# ---- liveness ----------------------------------------------------------------


@dataclass
class Interval:
    """Live range of a register: defined at `start`, last needed at `end`."""

    start: int
    end: int


class _Liveness:
    def __init__(self):
        self.defs: dict[VReg, tuple[int, tuple[Instr, ...]]] = {}
        self.ends: dict[VReg, int] = {}

    def define(self, reg: VReg, pos: int, chain: tuple[Instr, ...]) -> None:
        if reg not in self.defs:
            self.defs[reg] = (pos, chain)
            self.ends.setdefault(reg, pos)

    def use(self, reg: VReg, pos: int, chain: tuple[Instr, ...]) -> None:
        """A read at `pos` inside the regions `chain` (outermost first): a
        register defined outside some of them lives to the outermost one's END."""
        if reg not in self.defs:  # read before any write: only in a plan read from a file (the runtime
            self.define(reg, -1, ())  # reads zeros there); explain shows it live from the entry
        _, def_chain = self.defs[reg]
        common = 0
        while common < min(len(chain), len(def_chain)) and chain[common] is def_chain[common]:
            common += 1
        if common < len(chain):
            pos = max(pos, chain[common].end)
        self.ends[reg] = max(self.ends[reg], pos)

    def walk(self, code: list[Instr], chain: tuple[Instr, ...]) -> None:
        for ins in code:
            pos = 2 * ins.addr
            if ins.op in LOOP_OPS:
                inner = chain + (ins,)
                self.use(ins.ins[0], ins.end, inner)  # the count is read every round
                for init, arg, _ in ins.carries:
                    self.use(init, pos, chain)
                    self.define(arg, pos, chain)  # also the loop's result, visible after it
                self.walk(ins.body, inner)
                for _, arg, nxt in ins.carries:
                    self.use(arg, ins.end, inner)
                    self.use(nxt, ins.end, inner)
                if ins.cond is not None:
                    self.use(ins.cond, ins.end, inner)
                continue
            for reg in ins.ins:
                self.use(reg, pos, chain)
            if ins.out is not None:
                self.define(ins.out, pos, chain)
            if not ins.body:  # PROPAGATE's round count (a fused op's reductions are defined in its body)
                for reg in ins.reduce_outs:
                    self.define(reg, pos, chain)
            if ins.body:
                self.walk(ins.body, chain + (ins,))


def live_intervals(code: list[Instr], entry_regs: list[VReg], output_regs: list[VReg]) -> dict[VReg, Interval]:
    """Every register's interval; `code` must be numbered.  `entry_regs`
    (parameters, constants) are set before the first instruction,
    `output_regs` are read after the last."""
    n_code = len(flatten(code))
    live = _Liveness()
    for reg in entry_regs:
        live.define(reg, -1, ())
    live.walk(code, ())
    for reg in output_regs:
        live.use(reg, 2 * n_code, ())
    return {reg: Interval(pos, live.ends[reg]) for reg, (pos, _) in live.defs.items()}


# ---- allocation --------------------------------------------------------------


@dataclass
class Allocation:
    """The result: `slot_of` each register, `slots` as (kind, dtype) per
    slot number, the intervals, and the reuse statistics."""

    slot_of: dict[VReg, int]
    slots: list[tuple[str, str]]
    intervals: dict[VReg, Interval]

    def stats(self) -> dict:
        """vector_before: one slot per vector value; vector_after: vector
        slots used; scalar/block: slots of those kinds; peak_bytes_per_node:
        bytes per node of every vector slot (they all exist for the whole
        run), and the same before reuse."""
        vec_regs = [r for r in self.slot_of if r.kind == "vector"]
        vec_slots = [dtype for kind, dtype in self.slots if kind == "vector"]
        return {
            "vector_before": len(vec_regs),
            "vector_after": len(vec_slots),
            "scalar": sum(1 for kind, _ in self.slots if kind == "scalar"),
            "block": sum(1 for kind, _ in self.slots if kind == "block"),
            "bytes_per_node_before": sum(ELEMENT_BYTES[r.dtype] for r in vec_regs),
            "peak_bytes_per_node": sum(ELEMENT_BYTES[d] for d in vec_slots),
        }


def _aliases(code: list[Instr], intervals: dict[VReg, Interval]) -> dict[VReg, VReg]:
    """out register -> input register whose slot it should take: an input
    of the same pool dying at a may-alias instruction, or a loop init dying
    at the loop (its arg)."""
    prefer: dict[VReg, VReg] = {}
    for ins in flatten(code):
        pos = 2 * ins.addr
        if ins.op in LOOP_OPS:
            taken = set()
            for init, arg, _ in ins.carries:
                if intervals[init].end == pos and init.pool == arg.pool and init not in taken:
                    prefer[arg] = init
                    taken.add(init)
        elif ins.out is not None and BY_NAME[ins.op].may_alias:
            allowed = BY_NAME[ins.op].alias_inputs
            # an input it must not take: also one passed there (a propagation's init that is its mask too)
            barred = set() if allowed is None else {reg for k, reg in enumerate(ins.ins) if k not in allowed}
            for k, reg in enumerate(ins.ins):
                if reg not in barred and intervals[reg].end == pos and reg.pool == ins.out.pool:
                    prefer[ins.out] = reg
                    break
    return prefer


def allocate(code: list[Instr], entry_regs: list[VReg], output_regs: list[VReg]) -> Allocation:
    """Number `code`, compute intervals and give every register a slot."""
    number(code)
    intervals = live_intervals(code, entry_regs, output_regs)
    prefer = _aliases(code, intervals)
    order = list(intervals)  # definition order: deterministic
    starts: dict[int, list[VReg]] = {}
    ends: dict[int, list[VReg]] = {}
    for reg in order:
        starts.setdefault(intervals[reg].start, []).append(reg)
        ends.setdefault(intervals[reg].end, []).append(reg)
    slots: list[tuple[str, str]] = []
    free: dict[tuple[str, str], set[int]] = {}
    slot_of: dict[VReg, int] = {}
    released: set[VReg] = set()

    def release(reg: VReg) -> None:
        if reg not in released:
            released.add(reg)
            free.setdefault(reg.pool, set()).add(slot_of[reg])

    for pos in sorted(set(starts) | set(ends)):
        for reg in starts.get(pos, []):  # aliased inputs die before their output is placed
            if reg in prefer:
                release(prefer[reg])
        # Registers with a preferred slot are placed first: a loop defines all its args at once, and an arg
        # without a preference must not take the slot released for another's init, which the entry copies
        # would then overwrite before reading it (iter_args(%a = %live, %b = %dying)).
        for reg in sorted(starts.get(pos, []), key=lambda r: r not in prefer):
            pool = free.setdefault(reg.pool, set())
            want = slot_of.get(prefer.get(reg))
            if want is not None and want in pool:
                slot = want
            elif pool:
                slot = min(pool)
            else:
                slot = len(slots)
                slots.append(reg.pool)
                pool.add(slot)
            pool.discard(slot)
            slot_of[reg] = slot
        for reg in ends.get(pos, []):
            release(reg)
    return Allocation(slot_of, slots, intervals)


# ---- the slots.txt listing ------------------------------------------------------


def _pos_text(pos: int, n_code: int) -> str:
    if pos < 0:
        return "entry"
    if pos >= 2 * n_code:
        return "exit"
    return f"{pos // 2}" + ("e" if pos % 2 else "")


def format_allocation(alloc: Allocation, code: list[Instr]) -> str:
    """One line per register: slot, kind, dtype, live interval (addresses;
    `Ne` is the END of the region whose body ends at N), and the stats."""
    n_code = len(flatten(code))
    lines = ["// live intervals and slots: addr..addr (Ne: after the body ending at N; entry/exit: the program's)"]
    for reg, iv in alloc.intervals.items():
        kind, dtype = alloc.slots[alloc.slot_of[reg]]
        lines.append(f"slot {alloc.slot_of[reg]:>3}  {kind:<6} {dtype:<4}  "
                     f"{_pos_text(iv.start, n_code):>5}..{_pos_text(iv.end, n_code):<5}  %{reg.name}")
    stats = alloc.stats()
    lines.append("// " + ", ".join(f"{k} = {v}" for k, v in stats.items()))
    return "\n".join(lines) + "\n"


def slot_summary_text(s: dict) -> str:
    """The one wording of a plan's slot statistics (SlotAssignment.stats),
    shared by `grogc compile` and `grogc explain`:
    `vector slots 7 → 5, scalar 9, block 1; bytes per node 49 → 33`."""
    return (f"vector slots {s['vector_before']} → {s['vector_after']}, scalar {s['scalar']}, block {s['block']}; "
            f"bytes per node {s['bytes_per_node_before']} → {s['peak_bytes_per_node']}")
