"""`grogc run --profile` and `--trace`: the runtime's per-instruction counters
and value trace (runtime_c/profile.c, binding/runtime.py's ProfileResult)
as tables.

Addresses are the plan's (as in `grogc explain` and the listing): the C
runtime runs the plan's constants as CONST instructions first, so a C
instruction index i is plan address i - len(constants).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import numpy as np

from grogc.binding.runtime import FRONTIER_KINDS, ProfileRequest
from grogc.errors import GrogError
from grogc.explain.dataflow import FUSED, LOOPS, slot_label


@dataclass
class ProfileSession(ProfileRequest):
    """A ProfileRequest that also keeps the Plan it ran (`plan`, set by
    backend.api.run_program), so rows can be named."""

    plan: Any = None


def profile_request(trace_limit: int | None, reference: bool = False) -> ProfileSession:
    """What `grogc run --profile/--trace` passes to the run; `trace_limit`:
    trace records at most, None for no trace."""
    if reference:
        raise GrogError("error: --profile and --trace measure the C runtime; they cannot be used with --reference")
    if trace_limit is not None and trace_limit < 1:
        raise GrogError(f"error: --trace-limit must be at least 1, got {trace_limit}")
    return ProfileSession(trace_cap=trace_limit or 0)


# ---- the plan side -------------------------------------------------------------------


@dataclass
class PlanOp:
    """One instruction of the plan in address order: its op dict, depth,
    enclosing region address, and (for WHILE) the address writing its condition."""

    op: dict
    depth: int
    parent: int | None
    cond_writer: int | None = None


def plan_ops(data: dict) -> list[PlanOp]:
    out: list[PlanOp] = []

    def walk(ops: list[dict], depth: int, parent: int | None) -> None:
        for op in ops:
            addr = len(out)
            out.append(PlanOp(op, depth, parent))
            walk(op.get("body", []), depth + 1, addr)
            if op["op"] == "WHILE":
                writers = [a for a in range(addr + 1, len(out)) if out[a].op.get("out") == op["cond"]]
                out[addr].cond_writer = writers[-1] if writers else None

    walk(data["ops"], 0, None)
    return out


def loop_rounds(res, i: int, op: dict) -> int | None:
    """How many times a loop's body ran over all its runs: the calls of its
    first body instruction (C index i + 1); None for an empty body."""
    return int(res.calls[i + 1]) if op.get("body") else None


def _value(x: float, dtype: str) -> str:
    if math.isnan(x):
        return "nan"
    if dtype == "bool":
        return "true" if x else "false"
    if dtype == "i64" and math.isfinite(x):
        return str(int(x))
    return f"{x:.6g}"


# ---- the profile table ----------------------------------------------------------------------


SETUP = "SETUP"
SETUP_TEXT = "allocate and fault in slots, start threads"


@dataclass
class ProfileRow:
    """One executed instruction: plan `addr` (None for a constant and for the
    SETUP row: slots allocated and faulted in, threads started), opcode,
    depth, calls, seconds (a loop or fused op includes its body), bytes
    (estimated), rounds (loops: body runs), value (IR name)."""

    addr: int | None
    opcode: str
    depth: int
    calls: int
    seconds: float
    bytes: int
    rounds: int | None
    value: str


def profile_rows(session: ProfileSession) -> tuple[list[ProfileRow], float]:
    """Rows sorted by time (longest first) and the run's total seconds (the
    top-level instructions, so nothing is counted twice)."""
    res, data = session.result, session.plan.data
    n_const = len(data["constants"])
    ops = plan_ops(data)
    rows, total = [], 0.0
    for i, opcode in enumerate(res.opcodes):
        addr = i - n_const if i >= n_const else None
        p = ops[addr] if addr is not None else None
        depth = p.depth if p else 0
        seconds, calls = float(res.seconds[i]), int(res.calls[i])
        if depth == 0:
            total += seconds
        if calls == 0 or (p is not None and p.parent is not None and ops[p.parent].op["op"] in FUSED):
            continue  # never ran, or timed as part of its fused op
        rounds = loop_rounds(res, i, p.op) if opcode in LOOPS else None
        if p is None:
            value = f"={data['constants'][i]['value']!r}"
        else:
            comment = p.op.get("comment", "")
            value = comment.split(" = ")[0] if " = " in comment else comment
        rows.append(ProfileRow(addr, opcode, depth, calls, seconds, int(res.bytes[i]), rounds, value))
    # one-time costs before the first instruction get a row of their own
    rows.append(ProfileRow(None, SETUP, 0, 1, res.setup_seconds, 0, None, SETUP_TEXT))
    total += res.setup_seconds
    rows.sort(key=lambda r: -r.seconds)
    return rows, total


def profile_table(session: ProfileSession):
    from rich.table import Table

    rows, total = profile_rows(session)
    table = Table(title=f"profile: {total * 1e3:.3f} ms in the runtime (loops and fused ops include their bodies)",
                  title_justify="left")
    for name, justify in (("addr", "right"), ("opcode", "left"), ("calls", "right"), ("rounds", "right"),
                          ("ms", "right"), ("share", "right"), ("MB", "right"), ("GB/s", "right"), ("value", "left")):
        table.add_column(name, justify=justify)
    for r in rows:
        gbs = f"{r.bytes / r.seconds / 1e9:.2f}" if r.bytes and r.seconds > 0 else ""
        where = str(r.addr) if r.addr is not None else ("setup" if r.opcode == SETUP else "const")
        table.add_row(where, "  " * r.depth + r.opcode, str(r.calls),
                      "" if r.rounds is None else str(r.rounds), f"{r.seconds * 1e3:.3f}",
                      f"{100 * r.seconds / total:.1f}%" if total > 0 else "", f"{r.bytes / 1e6:.2f}" if r.bytes else "",
                      gbs, r.value)
    return table


# ---- the trace -------------------------------------------------------------------------------


def trace_lines(session: ProfileSession) -> list[str]:
    """One line per trace record: addr, opcode (indented), loop round, what
    it wrote; a WHILE condition's line says whether the loop goes on; then
    how each WHILE ended."""
    res, data = session.result, session.plan.data
    n_const = len(data["constants"])
    ops = plan_ops(data)
    cond_of = {p.cond_writer: a for a, p in enumerate(ops) if p.cond_writer is not None}
    lines = [f"{'addr':>5}  {'opcode':<16} {'round':>6}  wrote"]
    for rec in res.trace:
        i = int(rec["addr"])
        addr = i - n_const
        if addr < 0:
            s = data["constants"][i]["slot"]
            lines.append(f"{'const':>5}  {'CONST':<16} {'':>6}  {slot_label(data, s)} = "
                         f"{_value(float(rec['min']), data['slots'][s]['dtype'])}")
            continue
        p = ops[addr]
        s = p.op["out"]
        slot = data["slots"][s]
        it = int(rec["iteration"])
        if slot["kind"] == "scalar":
            wrote = f"{slot_label(data, s)} = {_value(float(rec['min']), slot['dtype'])}"
        else:
            wrote = (f"{slot_label(data, s)}: min {_value(float(rec['min']), slot['dtype'])} "
                     f"max {_value(float(rec['max']), slot['dtype'])} mean {float(rec['mean']):.6g} "
                     f"nonzero {int(rec['nonzero'])}")
        if addr in cond_of:
            go_on = float(rec["min"]) != 0
            wrote += f"   <- condition of WHILE @{cond_of[addr]}: {'another round' if go_on else 'stop'}"
        opcode = "  " * p.depth + p.op["op"]
        lines.append(f"{addr:>5}  {opcode:<16} {'' if it < 0 else it:>6}  {wrote}")
    if res.trace_truncated:
        lines.append(f"... trace stopped after {len(res.trace)} records (--trace-limit)")
    lines += loop_endings(session)
    return lines


def loop_endings(session: ProfileSession) -> list[str]:
    """Why each WHILE stopped, from the runtime's per-loop record of its last
    run (rounds made, condition false or round limit): not from the trace,
    so it holds whatever --trace-limit cut off."""
    res, data = session.result, session.plan.data
    n_const = len(data["constants"])
    lines = []
    for addr, p in enumerate(plan_ops(data)):
        if p.op["op"] != "WHILE":
            continue
        i = addr + n_const
        runs = int(res.calls[i])
        head = f"WHILE @{addr}" + (f" (the last of its {runs} runs)" if runs > 1 else "")
        if runs == 0 or res.loop_end is None:
            lines.append(f"{head}: it never ran")
            continue
        rounds, end = int(res.loop_rounds[i]), int(res.loop_end[i])
        if end == 1:
            lines.append(f"{head}: last round {rounds - 1}; it stopped because its condition became false")
        elif rounds == 0:
            lines.append(f"{head}: no rounds; its round limit is 0 or less")
        else:
            lines.append(f"{head}: last round {rounds - 1}; it stopped at its round limit "
                         "(its condition was still true)")
    return lines


KIND_LETTERS = {"all": "A", "push": "p", "pull": "P", "bucket": "b", "dense": "d", "sweep": "s", "union": "u"}


def frontier_lines(session: ProfileSession) -> list[str]:
    """Each PROPAGATE's (and PROPAGATE_MARK's) rounds (docs/frontier.md):
    how many, push or pull, and the largest frontier, from the runtime's
    per-round records."""
    res, data = session.result, session.plan.data
    records = getattr(res, "frontier", None)
    if records is None or not len(records):
        return []
    n_const = len(data["constants"])
    ops = plan_ops(data)
    lines = []
    for addr in sorted(set(records["addr"].tolist())):
        mine = records[records["addr"] == addr]
        kinds = {FRONTIER_KINDS[k]: int((mine["kind"] == k).sum()) for k in sorted(set(mine["kind"].tolist()))}
        big = mine[np.argmax(mine["size"])]
        lines.append(f"{ops[addr - n_const].op['op']} @{addr - n_const}: {len(mine)} rounds ("
                     + ", ".join(f"{c} {k}" for k, c in kinds.items())
                     + f"); largest frontier {int(big['size']):,} nodes, {int(big['edges']):,} edges (round {int(big['round'])})")
        sizes = mine["size"].tolist()
        shown = sizes if len(sizes) <= 12 else sizes[:6] + ["..."] + sizes[-5:]
        lines.append("  frontier sizes: " + " ".join(str(s) for s in shown)
                     + "   kinds: " + "".join(KIND_LETTERS[FRONTIER_KINDS[k]] for k in mine["kind"].tolist()[:60]))
    return lines


def print_profile(session: ProfileSession, *, show_profile: bool, show_trace: bool) -> None:
    """Print the tables on stderr (stdout keeps the run's outputs)."""
    from rich.console import Console

    console = Console(stderr=True, highlight=False)
    if not console.is_terminal:  # piped: no wrapping at 80 columns
        console.width = 160
    if session.result is None or session.plan is None:
        console.print("no profile was recorded (the run did not reach the C runtime)")
        return
    if show_trace:
        for line in trace_lines(session):
            console.print(line, markup=False)
    if show_profile:
        console.print(profile_table(session))
        for line in frontier_lines(session):
            console.print(line, markup=False)
