"""Plan dict -> the grog_program tables of runtime_c/grog_exec.h.

``encode(plan)`` flattens the plan's ops into the pre-order instruction
array (a body right after its instruction, plan constants as CONST
instructions at the top), the slot table, the shared carries/reduce_outs
list, and the parameter, attribute and output tables.  Attribute values are
numbered through each opcode's attr0..attr2 layout from its record.  The
result is a reusable ``Program`` (tests mutate its tables to fuzz the C
validator).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np

from grogc import ops as oc
from grogc.ops import propagate
from grogc.binding._grog_runtime import ffi
from grogc.errors import GrogError

DTYPE_CODE = {name: i for i, name in enumerate(oc.DTYPES)}
KIND_CODE = {name: i for i, name in enumerate(oc.SLOT_KINDS)}

# The C structs as NumPy records (checked against cffi's layout at import).
INSTR_DTYPE = np.dtype(
    [(f, np.int32) for f in ("opcode", "out", "a", "b", "c", "attr0", "attr1", "attr2",
                             "list_off", "list_len", "body_off", "body_len")]
    + [("imm_f64", np.float64), ("imm_i64", np.int64)], align=True)
SLOT_DTYPE = np.dtype([("kind", np.int32), ("dtype", np.int32)], align=True)
TRACE_DTYPE = np.dtype([("addr", np.int32), ("depth", np.int32), ("iteration", np.int64), ("min", np.float64),
                        ("max", np.float64), ("mean", np.float64), ("nonzero", np.int64)], align=True)
assert INSTR_DTYPE.itemsize == ffi.sizeof("grog_instr") and ffi.offsetof("grog_instr", "imm_f64") == 48
assert TRACE_DTYPE.itemsize == ffi.sizeof("grog_trace_record")


def _enum(table: tuple[str, ...], value: Any, where: str, what: str) -> int:
    if isinstance(value, bool) and table == (False, True):
        return int(value)
    try:
        return table.index(value)
    except ValueError:
        raise GrogError(f"plan {where}: {what} {value!r} is not one of {', '.join(table)}") from None




@dataclass
class Program:
    """A plan encoded for the C runtime.

    code/slots/lists/...: NumPy arrays the grog_program struct points into
    (tests may mutate them before `execute` to fuzz the validator);
    addresses[i]: plan path of instruction i; params: (name, type, default)
    per parameter; attrs: (name, dtype); outputs: (name, slot, node_ids).
    """

    code: np.ndarray
    slots: np.ndarray
    lists: np.ndarray
    param_slots: np.ndarray
    attr_dtypes: np.ndarray
    output_slots: np.ndarray
    addresses: list[str]
    params: list[tuple[str, str, Any]]
    attrs: list[tuple[str, str]]
    outputs: list[tuple[str, int, bool]]
    _struct: Any = field(default=None, repr=False)
    _loops: list | None = field(default=None, repr=False)

    def loops(self) -> list[tuple[int, str]]:
        """(address, opcode name) of every WHILE, REPEAT and PROPAGATE (a whole
        frontier loop), found once."""
        if self._loops is None:
            names = {oc.BY_NAME[k].code: k for k in ("WHILE", "REPEAT", *oc.FIXPOINT_OPCODES)}
            self._loops = [(i, names[int(code)]) for i, code in enumerate(self.code["opcode"].tolist())
                           if int(code) in names]
        return self._loops

    def c_program(self):
        """The grog_program struct (rebuilt when an array was replaced)."""
        p = ffi.new("grog_program *")
        p.n_code = p.top_len = len(self.code)
        p.code = ffi.cast("grog_instr *", ffi.from_buffer(self.code))
        p.n_slots = len(self.slots)
        p.slots = ffi.cast("grog_slot_desc *", ffi.from_buffer(self.slots))
        p.n_lists = len(self.lists)
        p.lists = ffi.cast("int32_t *", ffi.from_buffer(self.lists))
        p.n_params = len(self.param_slots)
        p.param_slots = ffi.cast("int32_t *", ffi.from_buffer(self.param_slots))
        p.n_attrs = len(self.attr_dtypes)
        p.attr_dtypes = ffi.cast("int32_t *", ffi.from_buffer(self.attr_dtypes))
        p.n_outputs = len(self.output_slots)
        p.output_slots = ffi.cast("int32_t *", ffi.from_buffer(self.output_slots))
        self._struct = p
        return p

    def slot_dtype(self, s: int) -> str:
        d = int(self.slots[s]["dtype"]) if 0 <= s < len(self.slots) else 0
        return oc.DTYPES[d] if 0 <= d < len(oc.DTYPES) else "f64"

    def slot_is_vector(self, s: int) -> bool:
        return 0 <= s < len(self.slots) and int(self.slots[s]["kind"]) == KIND_CODE["vector"]


class _Encoder:
    """Flattens nested plan ops into pre-order rows and lists."""

    def __init__(self, slot_dtypes: list[str]):
        self.rows: list[tuple] = []
        self.lists: list[int] = []
        self.addresses: list[str] = []
        self.slot_dtypes = slot_dtypes

    def const(self, slot: int, value: Any, where: str) -> None:
        dtype = self.slot_dtypes[slot] if 0 <= slot < len(self.slot_dtypes) else "f64"
        f, i = _imm(value, dtype, where)
        self.rows.append((oc.BY_NAME["CONST"].code, slot, -1, -1, -1, 0, 0, 0, 0, 0, 0, 0, f, i))
        self.addresses.append(where)

    def ops(self, ops: list[dict], where: str) -> int:
        start = len(self.rows)
        for k, op in enumerate(ops):
            self.op(op, f"{where}[{k}]")
        return len(self.rows) - start

    def op(self, op: dict, where: str) -> None:
        if not isinstance(op, dict) or "op" not in op:
            raise GrogError(f"plan {where}: an op must be a map with an 'op' key")
        name = op["op"]
        if name not in oc.BY_NAME:
            raise GrogError(f"plan {where}: unknown opcode {name!r}")
        given_ins = op.get("in", [])
        code = oc.BY_NAME[name]
        if not code.inputs <= len(given_ins) <= code.max_inputs:
            takes = code.inputs if not code.optional else f"{code.inputs} to {code.max_inputs}"
            raise GrogError(f"plan {where}: {name} takes {takes} inputs, got {len(given_ins)}")
        ins = [(-1 if s is None else int(s)) for s in given_ins] + [-1, -1, -1]
        a, b, c = ins[:3]
        if name == "WHILE":
            b = int(op.get("cond", -1))
        attrs = [0, 0, 0]
        given = op.get("attrs", {}) or {}
        for k, field_ in enumerate(oc.PLAN_ATTRS.get(name, ())):  # the record's attr0..attr2 layout
            value = given.get(field_.key, field_.default)
            if value is None:
                raise GrogError(f"plan {where}: {name} needs attribute '{field_.key}'")
            attrs[k] = _enum(field_.values, value, where, field_.key)
        if name == "FUSED_PULL":
            attrs[0] = int(op.get("producer_len", 0))  # the leading body ops that run per edge
        list_off, list_len = len(self.lists), 0
        if name in oc.LOOP_OPCODES:
            for carry in op.get("carries", []):
                self.lists += [int(s) for s in carry]
            list_len = len(self.lists) - list_off
        elif name in oc.FUSED_OPCODES:
            self.lists += [int(s) for s in op.get("reduce_outs", [])]
            list_len = len(self.lists) - list_off
        elif name == "PROPAGATE_MARK":  # a, b, c: count, init, gate; the list: on, off, ref [, rounds]
            c = ins[5]
            self.lists += ins[2:5]
        if name in oc.FIXPOINT_OPCODES and op.get("rounds") is not None:  # its second output, the rounds run
            self.lists.append(int(op["rounds"]))
        if name in oc.FIXPOINT_OPCODES:
            list_len = len(self.lists) - list_off
        out = int(op["out"]) if op.get("out") is not None else -1
        f, i = 0.0, int(op.get("imm", 0) or 0)
        if name == "CONST":
            dtype = self.slot_dtypes[out] if 0 <= out < len(self.slot_dtypes) else "f64"
            f, i = _imm(op.get("value", op.get("imm", 0)), dtype, where)
        elif name == "PROPAGATE":  # the constant of edge "const" in the values' dtype; Delta (f64) of edge "weight"
            dtype = self.slot_dtypes[out] if 0 <= out < len(self.slot_dtypes) else "f64"
            weighted = propagate.edge_of(int((op.get("attrs") or {}).get("flags", 0)) & 3) == "weight"
            f, i = _imm(op.get("imm", 0), "f64" if weighted else dtype, where)
        index = len(self.rows)
        self.rows.append(None)  # filled once the body length is known
        self.addresses.append(where)
        body_len = self.ops(op.get("body", []), f"{where}.body") if "body" in op else 0
        self.rows[index] = (oc.BY_NAME[name].code, out, a, b, c, *attrs, list_off, list_len,
                            index + 1 if "body" in op else 0, body_len, f, i)


def _imm(value: Any, dtype: str, where: str) -> tuple[float, int]:
    try:
        if dtype == "f64":
            return float(value), 0
        if dtype == "bool":
            return 0.0, int(bool(value))
        i = int(value)
    except (TypeError, ValueError):
        raise GrogError(f"plan {where}: constant {value!r} does not fit {dtype}") from None
    if not -(2**63) <= i < 2**63:
        raise GrogError(f"plan {where}: constant {i} is out of range for i64")
    return 0.0, i


def encode(plan: dict) -> Program:
    """The plan dict (msgpack level, docs/plan-format.md) as a Program."""
    try:
        slot_rows = [(KIND_CODE[s["kind"]], DTYPE_CODE[s["dtype"]]) for s in plan["slots"]]
    except KeyError as e:
        raise GrogError(f"plan slots: unknown or missing kind/dtype {e}") from None
    slot_dtypes = [oc.DTYPES[d] for _, d in slot_rows]
    enc = _Encoder(slot_dtypes)
    for k, c in enumerate(plan.get("constants", [])):
        enc.const(int(c["slot"]), c["value"], f"constants[{k}]")
    enc.ops(plan.get("ops", []), "ops")
    params = [(p["name"], p["type"], p.get("default")) for p in plan.get("params", [])]
    attrs = [(a["name"], a["dtype"]) for a in plan.get("attrs", [])]
    for name, dtype in attrs:
        if dtype not in DTYPE_CODE:
            raise GrogError(f"plan attrs: attribute '{name}' has unknown dtype {dtype!r}")
    outputs = [(o["name"], int(o["slot"]), bool(o.get("node_ids", False))) for o in plan.get("outputs", [])]
    return Program(
        code=np.array(enc.rows, dtype=INSTR_DTYPE),
        slots=np.array(slot_rows, dtype=SLOT_DTYPE),
        lists=np.array(enc.lists, dtype=np.int32),
        param_slots=np.array([int(p["slot"]) for p in plan.get("params", [])], dtype=np.int32),
        attr_dtypes=np.array([DTYPE_CODE[d] for _, d in attrs], dtype=np.int32),
        output_slots=np.array([s for _, s, _ in outputs], dtype=np.int32),
        addresses=enc.addresses, params=params, attrs=attrs, outputs=outputs)
