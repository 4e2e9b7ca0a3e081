"""A run's profile per plan address, for colouring the HTML report
(`grogc run --profile --report`).

The runtime's per-instruction arrays (binding/runtime.py's ProfileResult)
are read generically: besides seconds, calls and bytes, every array with one
entry per instruction (today loop_rounds and loop_end; frontier sizes or
whatever else a loop records once it exists) is shown for each loop, named
by its field.  A C instruction index is the plan address plus the number of
constants (the runtime runs them first, profile_view.py).
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields

import numpy as np

from grogc.explain.dataflow import FUSED, LOOPS
from grogc.explain.profile_view import ProfileSession, loop_rounds, plan_ops

TIMES = ("seconds", "calls", "bytes")
# how a known per-loop field reads; any other field shows its number
FIELD_TEXT = {
    "loop_rounds": ("rounds of its last run", None),
    "loop_end": ("its last run ended", {0: "never ran", 1: "condition false", 2: "at its round limit"}),
}


@dataclass
class OpTime:
    """One plan address: seconds (a loop or fused op includes its body),
    calls, bytes (estimated), share of the run, rounds (a loop: how many
    times its body ran, over all its runs), fused_in (the fused op it was
    timed with, for an instruction of a fused body), loop (a loop's other
    per-instruction fields, as text)."""

    seconds: float
    calls: int
    bytes: int
    share: float
    rounds: int | None = None
    fused_in: int | None = None
    loop: dict[str, str] = field(default_factory=dict)

    @property
    def gbs(self) -> float | None:
        return self.bytes / self.seconds / 1e9 if self.bytes and self.seconds > 0 else None


@dataclass
class RunProfile:
    """ops: OpTime per plan address; total: the run's seconds (top level
    instructions and setup); setup: allocating slots and starting threads;
    graph: what it ran on; n: its nodes; threads: as asked for (0: the
    runtime's default)."""

    ops: dict[int, OpTime]
    total: float
    setup: float
    graph: str = ""
    n: int = 0
    threads: int = 0


def _loop_fields(res, i: int, n_code: int) -> dict[str, str]:
    out = {}
    for f in fields(res):
        value = getattr(res, f.name)
        if f.name in TIMES or not isinstance(value, np.ndarray) or value.shape != (n_code,):
            continue
        label, words = FIELD_TEXT.get(f.name, (f.name.replace("_", " "), None))
        x = value[i].item()
        out[label] = words.get(x, str(x)) if words else str(x)
    return out


def run_profile(session: ProfileSession, graph: str = "", n: int = 0, threads: int = 0) -> RunProfile:
    """The profile of the run `session` recorded (profile_view.profile_request)."""
    res, data = session.result, session.plan.data
    n_const = len(data["constants"])
    n_code = len(res.opcodes)
    ops = plan_ops(data)
    total = res.setup_seconds + sum(float(res.seconds[a + n_const]) for a, p in enumerate(ops) if p.parent is None)
    times = {}
    for addr, p in enumerate(ops):
        i = addr + n_const
        seconds = float(res.seconds[i])
        fused_in = p.parent if p.parent is not None and ops[p.parent].op["op"] in FUSED else None
        t = OpTime(seconds, int(res.calls[i]), int(res.bytes[i]), seconds / total if total > 0 else 0.0,
                   fused_in=fused_in)
        if p.op["op"] in LOOPS:
            t.rounds = loop_rounds(res, i, p.op) or 0
            t.loop = _loop_fields(res, i, n_code)
        times[addr] = t
    return RunProfile(times, total, res.setup_seconds, graph, n, threads)


def heat(share: float) -> str:
    """A fill colour for a share of the run's time: pale yellow to red
    (square root, so a 5% op is still visibly warm)."""
    t = min(1.0, max(0.0, share)) ** 0.5
    stops = ((255, 250, 225), (253, 186, 116), (239, 68, 68))
    a, b, u = (stops[0], stops[1], t * 2) if t < 0.5 else (stops[1], stops[2], t * 2 - 1)
    r, g, bl = (round(x + (y - x) * u) for x, y in zip(a, b))
    return f"#{r:02x}{g:02x}{bl:02x}"
