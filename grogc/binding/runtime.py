"""The thin Python side of the C runtime: plan dict -> grog_program -> one call.

``execute(graph, plan, params, attrs, threads, profile)`` flattens the plan's
ops into the pre-order instruction array of runtime_c/grog_exec.h (plan
constants become CONST instructions at the top), opens the graph once (the
handle is cached per Graph object), allocates the outputs and makes exactly
one call to ``grog_execute`` with the GIL released (cffi's out-of-line API
mode releases it around every call).  The C side validates everything; a
non-zero status raises ``RuntimeFault`` (a GrogError) with the C message and
the plan path of the instruction it names.

``encode(plan)`` (encoder.py) gives the reusable ``Program``: pass it instead
of the dict to skip re-encoding on every run.
"""

from __future__ import annotations

import os
import re
import weakref
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from grogc import ops as oc
from grogc.binding.run_control import RunControl, call_stoppably, check_timeout  # noqa: F401  (re-exported)
from grogc.errors import GrogError
from grogc.ops.semantics import NUMPY_DTYPE

# GNU libgomp reads its wait policy once, when the library loads: idle worker
# threads must sleep, not spin, or a 2-thread run on a shared 2-core machine
# crawls whenever another process holds a core (docs/runtime.md).
os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")

from grogc.binding._grog_runtime import ffi, lib  # noqa: E402  (after the environment is set)
from grogc.binding.encoder import (DTYPE_CODE, INSTR_DTYPE, KIND_CODE, SLOT_DTYPE, TRACE_DTYPE,  # noqa: E402
                                   Program, encode)

ERR_LEN = 1024
NP_DTYPES = NUMPY_DTYPE


class RuntimeFault(GrogError):
    """The C runtime refused the program or stopped on a run-time fault.

    ``status``: 1 invalid program/graph, 2 run-time fault, 3 out of memory
    (4, cancelled, surfaces as the RunControl's error instead).
    ``address``: the instruction index the message names (or None) and
    ``plan_path`` where it came from in the plan (e.g. "ops[2].body[0]").
    """

    def __init__(self, message: str, status: int, address: int | None = None, plan_path: str | None = None):
        super().__init__(message)
        self.status = status
        self.address = address
        self.plan_path = plan_path


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
    frontier: np.ndarray | None = None  # FRONTIER_DTYPE: one record per round of a PROPAGATE


@dataclass
class ProfileRequest:
    """Ask `execute` for a profile: trace_cap records of trace at most (0: no
    trace).  `result` is filled by the run."""

    trace_cap: int = 0
    result: ProfileResult | None = None


# grog_frontier_record (grog_exec.h); kinds as grog_frontier.h numbers them
FRONTIER_DTYPE = np.dtype([("addr", np.int32), ("kind", np.int32), ("round", np.int64), ("size", np.int64),
                           ("edges", np.int64)])
FRONTIER_KINDS = ("all", "push", "pull", "bucket", "dense", "sweep", "union")
FRONTIER_CAP = 1 << 20  # rounds recorded at most (a 32 MiB buffer; later rounds still run)


def _profile_struct(req: ProfileRequest, n_code: int):
    arrays = {"seconds": np.zeros(n_code, np.float64), "calls": np.zeros(n_code, np.int64),
              "bytes": np.zeros(n_code, np.int64), "trace": np.zeros(max(req.trace_cap, 0), TRACE_DTYPE),
              "loop_rounds": np.zeros(n_code, np.int64), "loop_end": np.zeros(n_code, np.int32),
              "frontier": np.zeros(FRONTIER_CAP, FRONTIER_DTYPE)}
    p = ffi.new("grog_profile *")
    p.seconds = ffi.cast("double *", ffi.from_buffer(arrays["seconds"]))
    p.calls = ffi.cast("int64_t *", ffi.from_buffer(arrays["calls"]))
    p.bytes = ffi.cast("int64_t *", ffi.from_buffer(arrays["bytes"]))
    p.trace = ffi.cast("grog_trace_record *", ffi.from_buffer(arrays["trace"])) if req.trace_cap > 0 else ffi.NULL
    p.trace_cap = max(req.trace_cap, 0)
    p.loop_rounds = ffi.cast("int64_t *", ffi.from_buffer(arrays["loop_rounds"]))
    p.loop_end = ffi.cast("int32_t *", ffi.from_buffer(arrays["loop_end"]))
    p.frontier = ffi.cast("grog_frontier_record *", ffi.from_buffer(arrays["frontier"]))
    p.frontier_cap = FRONTIER_CAP
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


def _loop_struct(n_code: int):
    """A grog_profile that records only how each loop ended: no per-instruction cost."""
    arrays = {"loop_rounds": np.zeros(n_code, np.int64), "loop_end": np.zeros(n_code, np.int32)}
    p = ffi.new("grog_profile *")
    p.loop_rounds = ffi.cast("int64_t *", ffi.from_buffer(arrays["loop_rounds"]))
    p.loop_end = ffi.cast("int32_t *", ffi.from_buffer(arrays["loop_end"]))
    return p, arrays


@dataclass(frozen=True)
class LoopEnding:
    """How one loop's last run ended: its plan path (e.g. "ops[7]"), opcode
    (WHILE or REPEAT), the rounds it made and `end`: 1 its condition became
    false, 2 it reached its round limit (0: it never ran)."""

    plan_path: str
    opcode: str
    rounds: int
    end: int


def execute(graph, plan: dict | Program, params: dict[str, int | float | bool] | None = None,
            attrs: dict[str, np.ndarray] | None = None, threads: int = 0,
            profile: ProfileRequest | None = None,
            endings: list | None = None,
            control: RunControl | None = None) -> dict[str, np.ndarray | int | float | bool]:
    """Run a plan over a graph in one C call; output name -> array or scalar.

    params: internal values by name (node params as internal ids; missing
    ones take the plan's default).  attrs: node attribute arrays by name.
    threads: 0 means $GROGC_THREADS, else OpenMP's default.  Outputs marked
    node_ids hold internal ids (the caller maps them to original ids).
    endings: a list to which a LoopEnding is appended for every loop.
    control: a RunControl (time limit, cancel, progress); Ctrl-C stops any run
    on the main thread with KeyboardInterrupt (binding/run_control.py).
    """
    if isinstance(threads, (bool, np.bool_)) or not isinstance(threads, (int, np.integer)) or not 0 <= threads <= 256:
        raise GrogError(f"error: threads must be an integer from 0 to 256 (0: the default), got {threads!r}")
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
    c_prof, prof_arrays = (_profile_struct(profile, len(prog.code)) if profile
                           else _loop_struct(len(prog.code)) if endings is not None else (ffi.NULL, None))
    err = ffi.new("char[]", ERR_LEN)
    control = control if control is not None else RunControl()
    c_ctl = ffi.new("grog_control *")
    control.attach(c_ctl)
    c_prog = prog.c_program()
    status = call_stoppably(lambda: lib.grog_execute_ctl(handle.ptr, c_prog, values, attr_ptrs, out_ptrs, c_prof,
                                                         int(threads), c_ctl, err, ERR_LEN), control)
    del keep_attrs
    if status == lib.GROG_ECANCELLED:
        raise control.stopped_error()
    if status != 0:
        raise _fault(prog, status, ffi.string(err).decode("utf-8", "replace"))
    if profile is not None:
        used = int(c_prof.trace_len)
        profile.result = ProfileResult(
            prof_arrays["seconds"], prof_arrays["calls"], prof_arrays["bytes"], list(prog.addresses),
            [oc.OPCODES[int(o)].name for o in prog.code["opcode"]], prof_arrays["trace"][:used].copy(),
            used >= profile.trace_cap > 0, prof_arrays["loop_rounds"], prof_arrays["loop_end"],
            float(c_prof.setup_seconds), prof_arrays["frontier"][:int(c_prof.frontier_len)].copy())
    if endings is not None:
        rounds, ends = prof_arrays["loop_rounds"], prof_arrays["loop_end"]
        endings += [LoopEnding(prog.addresses[i], name, int(rounds[i]), int(ends[i])) for i, name in prog.loops()]
    out: dict[str, Any] = {}
    for (name, _, _), slot, arr in zip(prog.outputs, slots, results):
        out[name] = arr if prog.slot_is_vector(slot) else arr[0].item()
    return out
