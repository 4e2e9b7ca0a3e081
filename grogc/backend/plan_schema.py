"""The plan's schema, checked completely when a plan is read (docs/plan-format.md).

`validate(plan)` raises PlanError naming the first problem and where it is,
e.g. "plan.ops[3].in[1]: slot 99 out of range (plan has 12 slots)".  It
checks every key and type, every slot index against the slot table, the
kind and dtype each opcode needs where the runtime depends on it, attribute
values against opcodes.py's enums, and the loop/fused structure.
"""

from __future__ import annotations

from grogc.errors import GrogError
from grogc.ir.param_range import declaration_problem
from grogc.ops import BODY_OPCODES, BY_NAME, DTYPES, FIXPOINT_OPCODES, FUSED_OPCODES, LOOP_OPCODES, PLAN_ATTRS, SLOT_KINDS

MAGIC = "GROGPLAN"
FORMAT_VERSION = 1
PARAM_TYPES = ("f64", "i64", "bool", "node")
REGION_OPS = BODY_OPCODES
# opcode -> {attribute: allowed values}, from the records' attr0..attr2 layouts
OP_ATTRS = {name: {a.key: a.values for a in attrs} for name, attrs in PLAN_ATTRS.items()}
TOP_KEYS = {
    "magic": str, "format_version": int, "compiler_version": str, "entry": str, "source_hash": str,
    "pipeline": str, "params": list, "attrs": list, "slots": list, "constants": list, "ops": list,
    "outputs": list, "stats": dict,
}

# The statistics a plan carries (grogc/passes/stats.py, backend/slots.py), as explain reads them.
PASS_STAT_KEYS = {"name": str, "ops_before": int, "ops_after": int, "vector_streams_per_iter": int,
                  "edge_streams_per_iter": int}
SLOT_STAT_KEYS = ("vector_before", "vector_after", "scalar", "block", "bytes_per_node_before", "peak_bytes_per_node")


def _op_keys(name: str) -> tuple[dict, dict]:
    """The keys an op of opcode `name` must and may have, with their types."""
    required: dict = {"op": str, "in": list}
    optional: dict = {"comment": str}
    if name not in REGION_OPS:
        required["out"] = int
    if name in OP_ATTRS:
        required["attrs"] = dict
    if name in ("LOAD_ATTR", "CONST"):
        required["imm"] = (bool, int, float) if name == "CONST" else int
    if name in LOOP_OPCODES:
        required.update(carries=list, body=list)
    if name == "WHILE":
        required["cond"] = int
    if name in FUSED_OPCODES:
        required.update(reduce_outs=list, body=list)
    if name == "FUSED_PULL":
        optional["producer_len"] = int
    if name == "PROPAGATE":  # imm: the constant of edge "const", Delta of edge "weight"; rounds: a slot
        optional.update(imm=(int, float), rounds=int)
    if name == "PROPAGATE_MARK":
        optional["rounds"] = int
    return required, optional


# opcode -> (required keys, optional keys): built once, not for every op of every plan
OP_KEYS = {name: _op_keys(name) for name in BY_NAME}


class PlanError(GrogError):
    """A plan file or dict that does not follow the schema."""


def _type_name(t) -> str:
    if isinstance(t, tuple):
        return " or ".join(_type_name(x) for x in t if x is not type(None)) + (" or nil" if type(None) in t else "")
    return {float: "a float", str: "a string", int: "an integer", list: "a list", dict: "a map", bool: "a boolean"}.get(t, t.__name__)


def _check_type(value, t, where: str) -> None:
    if not _fits(value, t):
        raise PlanError(f"{where}: expected {_type_name(t)}, got {type(value).__name__} {value!r}"[:200])


def _fits(value, t) -> bool:
    return isinstance(value, t) and not (t is int and isinstance(value, bool))


def _keys(d, where: str, required: dict, optional: dict | None = None) -> None:
    # the location strings are built only on error: this runs for every op of every plan
    _check_type(d, dict, where)
    optional = optional or {}
    for key, t in required.items():
        if key not in d:
            raise PlanError(f"{where}: missing key '{key}'")
        if not _fits(d[key], t):
            _check_type(d[key], t, f"{where}.{key}")
    for key, value in d.items():
        if key in required:
            continue
        if key not in optional:
            raise PlanError(f"{where}: unknown key {key!r}")
        if not _fits(value, optional[key]):
            _check_type(value, optional[key], f"{where}.{key}")


class _Checker:
    def __init__(self, plan: dict):
        self.plan = plan
        self.slots: list[tuple[str, str]] = []

    def run(self) -> None:
        plan = self.plan
        if not isinstance(plan, dict):
            raise PlanError(f"plan: expected a map, got {type(plan).__name__}")
        if plan.get("magic") != MAGIC:
            raise PlanError(f"plan: bad magic {plan.get('magic')!r} (not a grogc plan; expected {MAGIC!r})")
        version = plan.get("format_version")
        if version != FORMAT_VERSION:
            raise PlanError(f"plan: format_version {version!r} is not supported (this grogc reads version {FORMAT_VERSION})")
        _keys(plan, "plan", TOP_KEYS)
        for i, s in enumerate(plan["slots"]):
            where = f"plan.slots[{i}]"
            _keys(s, where, {"kind": str, "dtype": str})
            self.choice(s["kind"], SLOT_KINDS, f"{where}.kind")
            self.choice(s["dtype"], DTYPES, f"{where}.dtype")
            self.slots.append((s["kind"], s["dtype"]))
        self.params()
        for i, a in enumerate(plan["attrs"]):
            _keys(a, f"plan.attrs[{i}]", {"name": str, "dtype": str})
            self.choice(a["dtype"], DTYPES, f"plan.attrs[{i}].dtype")
        for i, c in enumerate(plan["constants"]):
            where = f"plan.constants[{i}]"
            _keys(c, where, {"slot": int, "value": (bool, int, float)})
            self.slot(c["slot"], f"{where}.slot", kinds=("scalar",))
            self.value_fits(c["value"], self.slots[c["slot"]][1], f"{where}.value")
        self.block(plan["ops"], "plan.ops", in_fused=None)
        self.stats()
        names = set()
        for i, o in enumerate(plan["outputs"]):
            where = f"plan.outputs[{i}]"
            _keys(o, where, {"name": str, "slot": int, "node_ids": bool})
            self.slot(o["slot"], f"{where}.slot", kinds=("scalar", "vector"))
            if o["name"] in names:
                raise PlanError(f"{where}.name: output {o['name']!r} is named twice")
            names.add(o["name"])
            if o["node_ids"] and self.slots[o["slot"]][1] != "i64":
                raise PlanError(f"{where}: node_ids = true needs an i64 slot, slot {o['slot']} is {self.slots[o['slot']][1]}")

    def stats(self) -> None:
        """Checked as deeply as the rest: `grogc explain` shows every field."""
        _keys(self.plan["stats"], "plan.stats", {"passes": list, "slots": dict})
        for i, entry in enumerate(self.plan["stats"]["passes"]):
            where = f"plan.stats.passes[{i}]"
            _keys(entry, where, PASS_STAT_KEYS, {"changed": bool, "seconds": (int, float, type(None))})
            for key in PASS_STAT_KEYS:
                if key != "name" and entry[key] < 0:
                    raise PlanError(f"{where}.{key}: {entry[key]} is negative")
        _keys(self.plan["stats"]["slots"], "plan.stats.slots", dict.fromkeys(SLOT_STAT_KEYS, int))
        for key in SLOT_STAT_KEYS:
            if self.plan["stats"]["slots"][key] < 0:
                raise PlanError(f"plan.stats.slots.{key}: {self.plan['stats']['slots'][key]} is negative")

    def params(self) -> None:
        names = set()
        for i, p in enumerate(self.plan["params"]):
            where = f"plan.params[{i}]"
            _keys(p, where, {"name": str, "type": str, "slot": int},
                  {"default": (bool, int, float, type(None)), "min": (int, float), "max": (int, float)})
            self.choice(p["type"], PARAM_TYPES, f"{where}.type")
            if "default" not in p:
                raise PlanError(f"{where}: missing key 'default' (None when the parameter has none)")
            if p["name"] in names:
                raise PlanError(f"{where}.name: parameter {p['name']!r} is declared twice")
            names.add(p["name"])
            dtype = "i64" if p["type"] == "node" else p["type"]
            self.slot(p["slot"], f"{where}.slot", kinds=("scalar",), dtype=dtype)
            if p["default"] is not None:
                self.value_fits(p["default"], dtype, f"{where}.default")
            problem = declaration_problem(p["type"], {k: p[k] for k in ("min", "max") if k in p}, p["default"])
            if problem:
                raise PlanError(f"{where}: parameter {p['name']!r}: {problem}")

    @staticmethod
    def choice(value, allowed, where: str) -> None:
        if value not in allowed:
            raise PlanError(f"{where}: {value!r} is not one of {', '.join(map(str, allowed))}")

    @staticmethod
    def value_fits(value, dtype: str, where: str) -> None:
        ok = {"bool": isinstance(value, bool),
              "i64": isinstance(value, int) and not isinstance(value, bool),
              "f64": isinstance(value, (int, float)) and not isinstance(value, bool)}[dtype]
        if not ok:
            raise PlanError(f"{where}: {value!r} is not a {dtype}")

    def slot_ok(self, s, kinds) -> bool:
        """True when slot(s, ..., kinds=kinds) would pass."""
        return (type(s) is int and 0 <= s < len(self.slots)) and self.slots[s][0] in kinds

    def slot(self, s, where: str, kinds=None, dtype=None) -> tuple[str, str]:
        _check_type(s, int, where)
        if not 0 <= s < len(self.slots):
            raise PlanError(f"{where}: slot {s} out of range (plan has {len(self.slots)} slots)")
        kind, dt = self.slots[s]
        if kinds is not None and kind not in kinds:
            raise PlanError(f"{where}: slot {s} is a {kind} slot, but this needs a {' or '.join(kinds)} slot")
        if dtype is not None and dt != dtype:
            raise PlanError(f"{where}: slot {s} holds {dt}, but this needs {dtype}")
        return kind, dt

    def block(self, ops, where: str, in_fused: str | None) -> None:
        _check_type(ops, list, where)
        for i, op in enumerate(ops):
            self.op(op, f"{where}[{i}]", in_fused)
        if in_fused == "FUSED_PULL" and sum(1 for op in ops if op["op"] == "PULL") != 1:
            raise PlanError(f"{where}: a FUSED_PULL body must hold exactly one PULL")

    def op(self, op, where: str, in_fused: str | None) -> None:
        _check_type(op, dict, where)
        if "op" not in op:
            raise PlanError(f"{where}: missing key 'op'")
        name = op["op"]
        if not isinstance(name, str) or name not in BY_NAME:
            raise PlanError(f"{where}.op: unknown opcode {name!r}")
        required, optional = OP_KEYS[name]
        _keys(op, where, required, optional)
        if name in REGION_OPS and in_fused:
            raise PlanError(f"{where}: {name} may not stand inside a {in_fused} body")
        code = BY_NAME[name]
        if not code.inputs <= len(op["in"]) <= code.max_inputs:
            want = code.inputs if not code.optional else f"{code.inputs} to {code.max_inputs}"
            raise PlanError(f"{where}.in: {name} reads {want} slot(s), got {len(op['in'])}")
        allowed = ("scalar", "vector", "block") if in_fused else ("scalar", "vector")
        for j, s in enumerate(op["in"]):
            if not self.slot_ok(s, allowed):  # the location string only for the error
                self.slot(s, f"{where}.in[{j}]", kinds=allowed)
        if "out" in op and not self.slot_ok(op["out"], allowed):
            self.slot(op["out"], f"{where}.out", kinds=allowed)
        if name in OP_ATTRS:
            self.attrs(op, name, where)
        if name == "PULL" and len(op["in"]) > 1:
            self.pull_gate(op, where)
        if name == "LOAD_ATTR" and not 0 <= op["imm"] < len(self.plan["attrs"]):
            raise PlanError(f"{where}.imm: attribute #{op['imm']} out of range (plan has {len(self.plan['attrs'])} attrs)")
        if name in LOOP_OPCODES:
            self.slot(op["in"][0], f"{where}.in[0]", kinds=("scalar",), dtype="i64")
            if name == "WHILE":
                self.slot(op["cond"], f"{where}.cond", kinds=("scalar",), dtype="bool")
            self.carries(op, where)
            self.block(op["body"], f"{where}.body", in_fused=None)
        if name in FUSED_OPCODES:
            for j, s in enumerate(op["reduce_outs"]):
                self.slot(s, f"{where}.reduce_outs[{j}]", kinds=("scalar",))
            self.block(op["body"], f"{where}.body", in_fused=name)
        if "producer_len" in op:
            self.producer(op, where)
        if name in FIXPOINT_OPCODES and "rounds" in op:
            self.slot(op["rounds"], f"{where}.rounds", kinds=("scalar",), dtype="i64")

    def producer(self, op: dict, where: str) -> None:
        """A FUSED_PULL's per-edge producer: the first k body ops, directly
        followed by the PULL (the runtime checks what they may read)."""
        k, body = op["producer_len"], op["body"]
        if not 0 <= k < len(body):
            raise PlanError(f"{where}.producer_len: {k!r} is not in 0..{len(body) - 1}")
        if k and body[k]["op"] != "PULL":
            raise PlanError(f"{where}.producer_len: {k} ops, but body[{k}] is {body[k]['op']}, not the PULL "
                            "(the producer ends right before it)")

    def attrs(self, op: dict, name: str, where: str) -> None:
        spec = OP_ATTRS[name]
        attrs = op["attrs"]
        for key in spec:
            if key not in attrs:
                raise PlanError(f"{where}.attrs: missing key '{key}'")
            self.choice(attrs[key], spec[key], f"{where}.attrs.{key}")
        for key in attrs:
            if key not in spec:
                raise PlanError(f"{where}.attrs: unknown key {key!r} (a {name} takes {', '.join(spec)})")

    def pull_gate(self, op: dict, where: str) -> None:
        """PULL's optional in[1] switches the weights at run time: a bool scalar,
        only for a weighted pull."""
        self.slot(op["in"][1], f"{where}.in[1]", kinds=("scalar",), dtype="bool")
        if op["attrs"]["weight"] == "none":
            raise PlanError(f"{where}.in[1]: a weight gate needs weight 'mul' or 'add', got 'none'")

    def carries(self, op: dict, where: str) -> None:
        seen: set[int] = set()
        for j, carry in enumerate(op["carries"]):
            cw = f"{where}.carries[{j}]"
            _check_type(carry, list, cw)
            if len(carry) != 3:
                raise PlanError(f"{cw}: a carry is [init, arg, next], got {len(carry)} slot(s)")
            pools = [self.slot(s, f"{cw}[{k}]", kinds=("scalar", "vector")) for k, s in enumerate(carry)]
            if len(set(pools)) != 1:
                raise PlanError(f"{cw}: init, arg and next must share kind and dtype, got {pools}")
            init, arg, nxt = carry
            if arg == nxt:
                raise PlanError(f"{cw}: arg and next must be different slots (the back edge swaps them)")
            for s in (arg, nxt):
                if s in seen:
                    raise PlanError(f"{cw}: slot {s} is already an arg or next of this loop")
                seen.add(s)
        copied = {carry[1] for carry in op["carries"] if carry[0] != carry[1]}  # arg slots the entry writes
        for j, (init, _, _) in enumerate(op["carries"]):
            if init in copied:  # the entry copies run in order: one would overwrite this init
                raise PlanError(f"{where}.carries[{j}]: init slot {init} is the arg slot of another carry, "
                                "which the entry copies overwrite")
        if op["op"] == "WHILE" and op["cond"] in seen:
            raise PlanError(f"{where}.cond: slot {op['cond']} is also an arg or next of this loop")


def validate(plan: dict) -> None:
    """Check a plan dict against the schema; PlanError says what and where."""
    _Checker(plan).run()
