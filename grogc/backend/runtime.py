"""The thin Python side of the C runtime: plan dict -> grog_program -> one call.

``execute(graph, plan, params, attrs, threads, profile)`` flattens the plan's
ops into the pre-order instruction array of runtime_c/grog_exec.h (plan
constants become CONST instructions at the top), opens the graph once (the
handle is cached per Graph object), allocates the outputs and makes exactly
one call to ``grog_execute`` with the GIL released (cffi's out-of-line API
mode releases it around every call).  The C side validates everything; a
non-zero status raises ``RuntimeFault`` (a GrogError) with the C message and
the plan path of the instruction it names.

``encode(plan)`` gives the reusable ``Program``: pass it instead of the dict
to skip re-encoding on every run (Plan.run should cache one).
"""

from __future__ import annotations

import os
import re
import weakref
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from grogc.backend import opcodes as oc
from grogc.errors import GrogError

# GNU libgomp reads its wait policy once, when the library loads: idle worker
# threads must sleep, not spin, or a 2-thread run on a shared 2-core machine
# crawls whenever another process holds a core (docs/runtime.md).
os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")

from grogc.backend._grog_runtime import ffi, lib  # noqa: E402  (after the environment is set)

ERR_LEN = 1024
NP_DTYPES = {"f64": np.float64, "i64": np.int64, "bool": np.bool_}
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


class RuntimeFault(GrogError):
    """The C runtime refused the program or stopped on a run-time fault.

    ``status``: 1 invalid program/graph, 2 run-time fault, 3 out of memory.
    ``address``: the instruction index the message names (or None) and
    ``plan_path`` where it came from in the plan (e.g. "ops[2].body[0]").
    """

    def __init__(self, message: str, status: int, address: int | None = None, plan_path: str | None = None):
        super().__init__(message)
        self.status = status
        self.address = address
        self.plan_path = plan_path


# ----- encoding ---------------------------------------------------------------


def _enum(table: tuple[str, ...], value: Any, where: str, what: str) -> int:
    if isinstance(value, bool) and table == (False, True):
        return int(value)
    try:
        return table.index(value)
    except ValueError:
        raise GrogError(f"plan {where}: {what} {value!r} is not one of {', '.join(table)}") from None


# attrs of each opcode: (attr key, allowed names, default) for attr0, attr1, attr2
_ATTR_FIELDS = {
    "PULL": (("agg", oc.AGGS, None), ("dir", oc.DIRS, None), ("weight", oc.WEIGHT_MODES, "none")),
    "DEGREE": (("dir", oc.DIRS, None), ("weighted", (False, True), False)),
    "REDUCE": (("op", oc.REDUCE_OPS, None),),
}


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
        for k, (key, table, default) in enumerate(_ATTR_FIELDS.get(name, ())):
            value = given.get(key, default)
            if value is None:
                raise GrogError(f"plan {where}: {name} needs attribute '{key}'")
            attrs[k] = _enum(table, value, where, key)
        if name == "FUSED_PULL":
            attrs[0] = int(op.get("producer_len", 0))  # the leading body ops that run per edge
        if name == "PROPAGATE":
            attrs = [_enum(oc.AGGS, given.get("agg"), where, "agg"), _enum(oc.DIRS, given.get("dir"), where, "dir"),
                     oc.propagate_flags(given)]
        list_off, list_len = len(self.lists), 0
        if name in ("REPEAT", "WHILE"):
            for carry in op.get("carries", []):
                self.lists += [int(s) for s in carry]
            list_len = len(self.lists) - list_off
        elif name.startswith("FUSED_"):
            self.lists += [int(s) for s in op.get("reduce_outs", [])]
            list_len = len(self.lists) - list_off
        elif name == "PROPAGATE" and op.get("rounds") is not None:
            self.lists.append(int(op["rounds"]))
            list_len = 1
        out = int(op["out"]) if op.get("out") is not None else -1
        f, i = 0.0, int(op.get("imm", 0) or 0)
        if name == "CONST":
            dtype = self.slot_dtypes[out] if 0 <= out < len(self.slot_dtypes) else "f64"
            f, i = _imm(op.get("value", op.get("imm", 0)), dtype, where)
        elif name == "PROPAGATE":  # edge const: the constant, in the values' dtype; edge weight: Delta (f64)
            dtype = self.slot_dtypes[out] if 0 <= out < len(self.slot_dtypes) else "f64"
            f, i = _imm(op.get("imm", 0), "f64" if (op.get("attrs") or {}).get("edge") == "weight" else dtype, where)
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


# ----- the graph handle ---------------------------------------------------------


class _GraphHandle:
    """grog_graph_open's checked handle plus the arrays it points into."""

    def __init__(self, graph):
        if graph.n > 0 and np.dtype(graph.out_targets.dtype) != np.uint32:
            raise GrogError(f"runtime: graphs with {graph.n} nodes need 64-bit indices, which the runtime lacks")
        self.keep = [np.ascontiguousarray(graph.out_offsets, dtype=np.int64),
                     np.ascontiguousarray(graph.out_targets, dtype=np.uint32),
                     np.ascontiguousarray(graph.in_offsets, dtype=np.int64),
                     np.ascontiguousarray(graph.in_sources, dtype=np.uint32)]
        weights = [graph.out_weights, graph.in_weights]
        self.keep += [None if w is None else np.ascontiguousarray(w, dtype=np.float64) for w in weights]
        a = ffi.new("grog_graph_arrays *")
        a.n, a.m, a.num_edges, a.directed = graph.n, graph.m, graph.num_edges, int(bool(graph.directed))
        ptr = [ffi.NULL if x is None else ffi.from_buffer(x) for x in self.keep]
        a.out_offsets, a.out_targets, a.in_offsets, a.in_sources, a.out_weights, a.in_weights = (
            ffi.cast(t, p) for t, p in zip(("int64_t *", "uint32_t *", "int64_t *", "uint32_t *",
                                            "double *", "double *"), ptr))
        self.arrays = a
        err = ffi.new("char[]", ERR_LEN)
        h = lib.grog_graph_open(a, err, ERR_LEN)
        if h == ffi.NULL:
            raise RuntimeFault(f"runtime: {ffi.string(err).decode()}", 1)
        self.ptr = ffi.gc(h, lib.grog_graph_close)
        self.n = graph.n


_HANDLES: "weakref.WeakKeyDictionary[Any, _GraphHandle]" = weakref.WeakKeyDictionary()


def graph_handle(graph) -> _GraphHandle:
    """The graph's checked C handle, opened on first use and cached."""
    h = _HANDLES.get(graph)
    if h is None:
        h = _HANDLES[graph] = _GraphHandle(graph)
    return h


# ----- profiling ------------------------------------------------------------------


@dataclass
class ProfileResult:
    """Per-instruction totals (index = instruction address) and the trace.

    seconds/calls/bytes: float64/int64 arrays of len(addresses); addresses
    and opcodes name each instruction; trace: TRACE_DTYPE records (addr,
    depth, iteration, min, max, mean, nonzero of the values written);
    trace_truncated: the trace hit trace_cap.  loop_rounds/loop_end (int64,
    int32 per instruction; loops only): rounds of each loop's last run and
    how it ended (1 condition false, 2 round limit, 0 never ran), recorded
    whatever the trace cap.  setup_seconds: allocating and faulting in the
    slots and starting the threads, before the first instruction.
    """

    seconds: np.ndarray
    calls: np.ndarray
    bytes: np.ndarray
    addresses: list[str]
    opcodes: list[str]
    trace: np.ndarray
    trace_truncated: bool
    loop_rounds: np.ndarray | None = None
    loop_end: np.ndarray | None = None
    setup_seconds: float = 0.0


@dataclass
class ProfileRequest:
    """Ask `execute` for a profile: trace_cap records of trace at most (0: no
    trace).  `result` is filled by the run."""

    trace_cap: int = 0
    result: ProfileResult | None = None


def _profile_struct(req: ProfileRequest, n_code: int):
    arrays = {"seconds": np.zeros(n_code, np.float64), "calls": np.zeros(n_code, np.int64),
              "bytes": np.zeros(n_code, np.int64), "trace": np.zeros(max(req.trace_cap, 0), TRACE_DTYPE),
              "loop_rounds": np.zeros(n_code, np.int64), "loop_end": np.zeros(n_code, np.int32)}
    p = ffi.new("grog_profile *")
    p.seconds = ffi.cast("double *", ffi.from_buffer(arrays["seconds"]))
    p.calls = ffi.cast("int64_t *", ffi.from_buffer(arrays["calls"]))
    p.bytes = ffi.cast("int64_t *", ffi.from_buffer(arrays["bytes"]))
    p.trace = ffi.cast("grog_trace_record *", ffi.from_buffer(arrays["trace"])) if req.trace_cap > 0 else ffi.NULL
    p.trace_cap = max(req.trace_cap, 0)
    p.loop_rounds = ffi.cast("int64_t *", ffi.from_buffer(arrays["loop_rounds"]))
    p.loop_end = ffi.cast("int32_t *", ffi.from_buffer(arrays["loop_end"]))
    return p, arrays


# ----- the call -------------------------------------------------------------------------


def _param_values(prog: Program, params: dict) -> Any:
    values = ffi.new("grog_scalar[]", max(len(prog.params), 1))
    for k, (name, ptype, default) in enumerate(prog.params):
        value = params.get(name, default)
        if value is None:
            raise GrogError(f"runtime: parameter '{name}' has no value and no default")
        try:
            if ptype == "f64":
                values[k].f64 = float(value)
            elif ptype == "bool":
                values[k].i64 = int(bool(value))
            else:  # i64 and node (an internal id)
                values[k].i64 = int(value)
        except (OverflowError, TypeError, ValueError):
            raise GrogError(f"runtime: parameter '{name}' = {value!r} does not fit {ptype}") from None
    return values


def _attr_buffers(prog: Program, attrs: dict | None, n: int) -> tuple[list, Any]:
    keep = []
    for (name, _), code in zip(prog.attrs, prog.attr_dtypes):
        # the element type the C side will read (an invalid code is refused there)
        dtype = oc.DTYPES[code] if 0 <= code < len(oc.DTYPES) else "f64"
        if attrs is None or name not in attrs:
            raise GrogError(f"runtime: node attribute '{name}' was not given")
        arr = np.ascontiguousarray(attrs[name], dtype=NP_DTYPES[dtype])
        if arr.shape != (n,):
            raise GrogError(f"runtime: node attribute '{name}' has shape {arr.shape}, but the graph has {n} nodes")
        keep.append(arr)
    ptrs = ffi.new("void *[]", max(len(keep), 1))
    for k, arr in enumerate(keep):
        ptrs[k] = ffi.from_buffer(arr)
    return keep, ptrs


_INSTR_RE = re.compile(r"^instruction (\d+)")


def _fault(prog: Program, status: int, message: str) -> RuntimeFault:
    m = _INSTR_RE.match(message)
    address = int(m.group(1)) if m else None
    path = prog.addresses[address] if address is not None and 0 <= address < len(prog.addresses) else None
    where = f" [plan {path}]" if path else ""
    return RuntimeFault(f"runtime error: {message}{where}", status, address, path)


def execute(graph, plan: dict | Program, params: dict[str, int | float | bool] | None = None,
            attrs: dict[str, np.ndarray] | None = None, threads: int = 0,
            profile: ProfileRequest | None = None) -> dict[str, np.ndarray | int | float | bool]:
    """Run a plan over a graph in one C call; output name -> array or scalar.

    params: internal values by name (node params as internal ids; missing
    ones take the plan's default).  attrs: node attribute arrays by name.
    threads: 0 means $GROGC_THREADS, else OpenMP's default.  Outputs marked
    node_ids hold internal ids (the caller maps them to original ids).
    """
    prog = plan if isinstance(plan, Program) else encode(plan)
    for table, names in ((prog.param_slots, prog.params), (prog.attr_dtypes, prog.attrs),
                         (prog.output_slots, prog.outputs)):
        if len(table) != len(names):
            raise GrogError(f"runtime: program tables disagree ({len(table)} entries for {len(names)} names)")
    handle = graph_handle(graph)
    n = handle.n
    values = _param_values(prog, params or {})
    keep_attrs, attr_ptrs = _attr_buffers(prog, attrs, n)
    results, out_ptrs = [], ffi.new("void *[]", max(len(prog.outputs), 1))
    # buffer sizes follow the slot table the C side will see (the C side
    # cannot check a caller's buffer length)
    slots = [int(s) for s in prog.output_slots]
    for k, slot in enumerate(slots):
        arr = np.zeros(n if prog.slot_is_vector(slot) else 1, dtype=NP_DTYPES[prog.slot_dtype(slot)])
        results.append(arr)
        out_ptrs[k] = ffi.from_buffer(arr)
    c_prof, prof_arrays = (_profile_struct(profile, len(prog.code)) if profile else (ffi.NULL, None))
    err = ffi.new("char[]", ERR_LEN)
    status = lib.grog_execute(handle.ptr, prog.c_program(), values, attr_ptrs, out_ptrs, c_prof,
                              int(threads), err, ERR_LEN)
    del keep_attrs
    if status != 0:
        raise _fault(prog, status, ffi.string(err).decode("utf-8", "replace"))
    if profile is not None:
        used = int(c_prof.trace_len)
        profile.result = ProfileResult(
            prof_arrays["seconds"], prof_arrays["calls"], prof_arrays["bytes"], list(prog.addresses),
            [oc.OPCODES[int(o)].name for o in prog.code["opcode"]], prof_arrays["trace"][:used].copy(),
            used >= profile.trace_cap > 0, prof_arrays["loop_rounds"], prof_arrays["loop_end"],
            float(c_prof.setup_seconds))
    out: dict[str, Any] = {}
    for (name, _, _), slot, arr in zip(prog.outputs, slots, results):
        out[name] = arr if prog.slot_is_vector(slot) else arr[0].item()
    return out
