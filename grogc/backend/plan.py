"""The Plan: a compiled program, its msgpack file, its listing, and running it.

A Plan wraps the msgpack-level dict of docs/plan-format.md.  Every Plan is
validated (plan_schema.validate) when built from bytes, a file or a dict, so
the C runtime only ever sees checked plans (and checks them again itself).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Mapping

import msgpack

from grogc.backend.outputs import OutputSpec, finish_outputs
from grogc.backend.params import AttrSpec, ParamSpec, bind_attrs, bind_params
from grogc.backend.plan_schema import PlanError, validate
from grogc.backend.run_report import RunResult, intended_infinities, loop_reports
from grogc.errors import GrogError
from grogc.ir.param_range import range_text
from grogc.fileio import write_bytes_atomic


class Plan:
    """A validated plan.  `data` is the plan dict (treat it as read-only)."""

    def __init__(self, data: dict, *, check: bool = True):
        if check:
            validate(data)
        self.data = data
        self._program = None  # the runtime's encoded program, made on the first run
        self._infinities = None  # run_report.intended_infinities, on the first run
        # Seconds each pass took, when this Plan was just compiled (not stored in files).
        self.pass_seconds: list[float] | None = None

    # ---- bytes and files -------------------------------------------------------

    def to_bytes(self) -> bytes:
        """The msgpack encoding (stable: the same plan gives the same bytes)."""
        return msgpack.packb(self.data, use_bin_type=True)

    @classmethod
    def from_bytes(cls, raw: bytes, where: str = "plan") -> "Plan":
        try:
            data = msgpack.unpackb(raw, raw=False, strict_map_key=True)
        except Exception as err:  # msgpack raises several unrelated types on garbage
            raise PlanError(f"{where}: error: not a grogc plan file (msgpack: {err})") from None
        try:
            return cls(data)
        except PlanError as err:
            raise PlanError(f"{where}: error: {err}") from None

    def save(self, path: str | Path) -> None:
        """Write the plan atomically (temporary file, then rename)."""
        write_bytes_atomic(path, self.to_bytes())

    @classmethod
    def load(cls, path: str | Path) -> "Plan":
        path = Path(path)
        try:
            raw = path.read_bytes()
        except FileNotFoundError:
            raise PlanError(f"error: no such plan file: {path}") from None
        except OSError as err:
            raise PlanError(f"error: cannot read {path}: {err.strerror}") from None
        return cls.from_bytes(raw, str(path))

    # ---- what the plan declares ---------------------------------------------------

    @property
    def entry(self) -> str:
        return self.data["entry"]

    @property
    def param_specs(self) -> list[ParamSpec]:
        return [ParamSpec.from_plan(p) for p in self.data["params"]]

    @property
    def attr_specs(self) -> list[AttrSpec]:
        return [AttrSpec(a["name"], a["dtype"]) for a in self.data["attrs"]]

    @property
    def output_specs(self) -> list[OutputSpec]:
        return [OutputSpec(o["name"], o["node_ids"]) for o in self.data["outputs"]]

    @property
    def stats(self) -> dict:
        return self.data["stats"]

    def __eq__(self, other) -> bool:
        return isinstance(other, Plan) and self.data == other.data

    def __repr__(self) -> str:
        return f"<Plan @{self.entry}: {len(self.data['ops'])} top-level ops, {len(self.data['slots'])} slots>"

    # ---- running -----------------------------------------------------------------

    def run(self, graph, threads: int = 0, attrs: Mapping[str, Any] | None = None, profile=None,
            timeout: float | None = None, control=None, client=None, **params) -> dict[str, Any]:
        """Run on `graph` with the C runtime (one foreign call).  Parameters
        by name (node params: original ids); `attrs`: name -> array of one
        value per node; `profile`: a runtime.ProfileRequest, filled in;
        `timeout`: seconds, then RunTimeout; `control`: a RunControl to cancel
        or watch the run from another thread (its timeout unless `timeout`).
        Ctrl-C stops a run on the main thread with KeyboardInterrupt.
        A partitioned graph (grogc.PartitionedGraph) runs on the Dask
        `client` instead (docs/distributed.md; `profile`: a DistributedProfile).
        Returns output name -> array or Python scalar, as a RunResult
        (run_report.py): a dict that also says how each loop ended
        (`.loops`) and whether all converged (`.converged`); a partitioned
        run returns a plain dict."""
        from grogc.graph import Graph

        if hasattr(graph, "run_plan"):  # a PartitionedGraph: duck-typed, the backend does not import grogc.distributed
            bound = bind_params(self.param_specs, params, graph)
            raw = graph.run_plan(self.data, bound, bind_attrs(self.attr_specs, attrs, graph.n), client=client,
                                 threads=threads, profile=profile)
            return finish_outputs(graph, raw, self.output_specs)
        if client is not None:
            raise GrogError("error: client= runs a partitioned graph (grogc.PartitionedGraph.load(DIR)); "
                            f"got a {type(graph).__name__}")
        if not isinstance(graph, Graph):
            raise GrogError(f"error: Plan.run needs a grogc.Graph (Graph.load, Graph.from_edges, ...), got {type(graph).__name__}")
        bound = bind_params(self.param_specs, params, graph)
        attr_arrays = bind_attrs(self.attr_specs, attrs, graph.n)
        runtime = _runtime()
        if timeout is not None:
            control = control if control is not None else runtime.RunControl()
            control.timeout = runtime.check_timeout(timeout)
        if self._program is None:  # encode the instruction arrays once per Plan
            self._program = runtime.encode(self.data)
        endings: list = []
        try:
            raw = runtime.execute(graph, self._program, bound, attr_arrays, threads=threads, profile=profile,
                                  endings=endings, control=control)
        except runtime.RuntimeFault as fault:
            op = self.op_at(fault.plan_path) if fault.plan_path else None
            if op is not None and op.get("comment"):  # name the GIR op, not just the instruction
                raise runtime.RuntimeFault(f"{fault}\n  in: {op['comment']}", fault.status, fault.address,
                                           fault.plan_path) from None
            raise
        if self._infinities is None:  # a fact of the plan: found once
            self._infinities = intended_infinities(self.data)
        return RunResult(finish_outputs(graph, raw, self.output_specs), loop_reports(self, endings),
                         self._infinities)

    # ---- the listing ------------------------------------------------------------------

    def op_at(self, path: str) -> dict | None:
        """The op a runtime plan path such as "ops[2].body[0]" names, or None."""
        node: Any = self.data
        for part in path.split("."):
            key, _, index = part.partition("[")
            try:
                node = node[key][int(index.rstrip("]"))]
            except (KeyError, IndexError, ValueError, TypeError):
                return None
        return node if isinstance(node, dict) else None

    def listing(self) -> str:
        """A numbered listing in the spirit of SQLite's EXPLAIN."""
        return format_listing(self.data)


def _runtime():
    try:
        from grogc.binding import runtime
    except ImportError as err:
        raise GrogError(f"error: the C runtime is not available ({err}); reinstall grogc with `pip install -e .`, "
                        "or run with the reference interpreter (grogc run --reference)") from None
    return runtime


def slot_name(data: dict, s: int) -> str:
    """`s3` (scalar), `v5` (vector) or `b7` (block) for slot number s."""
    return data["slots"][s]["kind"][0] + str(s)


def _attr_text(op: dict, data: dict) -> str:
    parts = []
    if "attrs" in op:
        parts += [f"{k}={v if not isinstance(v, bool) else str(v).lower()}" for k, v in op["attrs"].items()]
    if "imm" in op:
        if op["op"] == "LOAD_ATTR":
            parts.append(f"attr={data['attrs'][op['imm']]['name']!r}")
        else:
            parts.append(f"imm={op['imm']!r}")
    if "cond" in op:
        parts.append(f"cond={slot_name(data, op['cond'])}")
    if "carries" in op:
        parts.append("carries=" + ",".join(
            f"{slot_name(data, i)}>{slot_name(data, a)}<{slot_name(data, n)}" for i, a, n in op["carries"]))
    if op.get("producer_len"):
        parts.append(f"producer={op['producer_len']}")
    if op.get("reduce_outs"):
        parts.append("reduces=" + ",".join(slot_name(data, s) for s in op["reduce_outs"]))
    return " ".join(parts)


def _listing_rows(ops: list, data: dict, depth: int, counter: list[int], rows: list[str]) -> None:
    for op in ops:
        out = slot_name(data, op["out"]) if "out" in op else "-"
        ins = ",".join(slot_name(data, s) for s in op["in"]) or "-"
        name = "  " * depth + op["op"]
        row = f"{counter[0]:>4}  {name:<14} {out:<5} {ins:<11} {_attr_text(op, data)}"
        if op.get("comment"):
            row = f"{row:<64} ; {op['comment']}"
        rows.append(row.rstrip())
        counter[0] += 1
        _listing_rows(op.get("body", []), data, depth + 1, counter, rows)


def format_listing(data: dict) -> str:
    """The plan as text: header tables, then one numbered row per
    instruction (pre-order addresses, bodies indented)."""
    lines = [f"// plan @{data['entry']}: format {data['format_version']}, grogc {data['compiler_version']}, "
             f"pipeline: {data['pipeline'] or '(none)'}"]
    for p in data["params"]:
        default = "" if p["default"] is None else f" = {p['default']!r}"
        spec = ParamSpec.from_plan(p)
        valid = f" in {range_text(spec.bounds)}" if spec.bounds else ""
        lines.append(f"// param {p['name']}: {p['type']}{default}{valid} -> {slot_name(data, p['slot'])}")
    for i, a in enumerate(data["attrs"]):
        lines.append(f"// attr #{i} {a['name']!r}: nodes<{a['dtype']}>")
    for c in data["constants"]:
        lines.append(f"// const {slot_name(data, c['slot'])} = {c['value']!r}")
    lines.append("// slots: " + " ".join(f"{slot_name(data, i)}:{s['dtype']}" for i, s in enumerate(data["slots"])))
    lines.append(f"{'addr':>4}  {'opcode':<14} {'out':<5} {'in':<11} attributes")
    _listing_rows(data["ops"], data, 0, [0], lines)
    for o in data["outputs"]:
        suffix = " (node ids)" if o["node_ids"] else ""
        lines.append(f"// output {o['name']!r} = {slot_name(data, o['slot'])}{suffix}")
    return "\n".join(lines) + "\n"
