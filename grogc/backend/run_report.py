"""What a run says about itself besides its outputs: did each loop converge,
and do the outputs hold values the program did not mean to produce.

`Plan.run` returns a `RunResult`: the output dict, plus `loops` (one
`LoopReport` per loop of the plan, in plan order) and `converged`.  The
runtime records how every loop ended whatever the profile settings (two
words per loop; no per-instruction cost), so this is always there.

`run_warnings` is what `grogc run` prints on stderr: a `while` loop that
stopped at its round limit with its condition still true (the iteration did
not converge), and outputs holding NaN, or +-inf where the program has no
such constant (sssp's `core.const inf` means "unreachable"; katz's
divergence to inf does not).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any, Iterable

import numpy as np

from grogc.ops import FIXPOINT_OPCODES

# runtime loop endings (grog_profile.loop_end)
_NEVER_RAN, _CONDITION_FALSE, _ROUND_LIMIT = 0, 1, 2


@dataclass(frozen=True)
class LoopReport:
    """One loop of the plan and how its last run ended.

    path: plan path ("ops[3]"); op: the GIR op it came from (plan comment,
    or the opcode); kind: "WHILE" or "REPEAT"; rounds: rounds of its last
    run; stopped: "condition" (its condition became false), "limit" (it
    reached its round limit) or "never ran" (an enclosing loop ran no
    round).
    """

    path: str
    op: str
    kind: str
    rounds: int
    stopped: str

    @property
    def converged(self) -> bool:
        """False only for a `while` loop (or the PROPAGATE it became) that used up a positive round limit
        with its condition still true.  A REPEAT runs its count by design; a
        loop given no rounds (a limit of 0, e.g. n on an empty graph) had
        nothing to converge."""
        return not ((self.kind == "WHILE" or self.kind in FIXPOINT_OPCODES) and self.stopped == "limit" and self.rounds > 0)


class RunResult(dict):
    """A run's outputs (output name -> array or scalar: a plain dict to
    every caller) with `loops`, the LoopReports of the run, `converged`,
    True when every loop converged, and `infinities`, the infinities the
    program writes on purpose (its constants)."""

    loops: tuple[LoopReport, ...] = ()
    infinities: frozenset = frozenset()

    def __init__(self, outputs: dict[str, Any], loops: Iterable[LoopReport] = (), infinities=frozenset()):
        super().__init__(outputs)
        self.loops = tuple(loops)
        self.infinities = frozenset(infinities)

    @property
    def converged(self) -> bool:
        return all(loop.converged for loop in self.loops)


_STOPPED = {_NEVER_RAN: "never ran", _CONDITION_FALSE: "condition", _ROUND_LIMIT: "limit"}


def loop_reports(plan, endings) -> list[LoopReport]:
    """LoopReports from the runtime's LoopEndings, named by the Plan's op comments."""
    reports = []
    for e in endings:
        op = plan.op_at(e.plan_path) or {}
        reports.append(LoopReport(e.plan_path, op.get("comment") or e.opcode, e.opcode, e.rounds,
                                  _STOPPED.get(e.end, "never ran")))
    return reports


def intended_infinities(plan_data: dict) -> set[float]:
    """The infinities the program writes on purpose: those among its constants."""
    values = [c.get("value") for c in plan_data.get("constants", [])]
    return {v for v in values if isinstance(v, float) and math.isinf(v)}


def run_warnings(outputs: dict[str, Any]) -> list[str]:
    """One line per loop that did not converge and per output holding
    unintended NaN or inf (see the module docstring).  A plain dict (a
    reference-interpreter run, which reports no loops) is checked for NaN
    only: it cannot say which infinities are meant."""
    lines = []
    for loop in getattr(outputs, "loops", ()):
        if not loop.converged:
            lines.append(f"warning: a loop did not converge: it stopped at its round limit ({loop.rounds} rounds) "
                         f"with its condition still true: {loop.op}")
    allowed = outputs.infinities if isinstance(outputs, RunResult) else {math.inf, -math.inf}
    for name, value in outputs.items():
        arr = np.asarray(value)
        if arr.dtype.kind != "f" or arr.size == 0:
            continue
        nan = int(np.count_nonzero(np.isnan(arr)))
        found = [(nan, "NaN")] if nan else []
        for inf, text in ((math.inf, "inf"), (-math.inf, "-inf")):
            count = int(np.count_nonzero(arr == inf))
            if count and inf not in allowed:
                found.append((count, text))
        for count, text in found:
            where = f"{count} of {arr.size} values" if arr.ndim else "its value"
            lines.append(f"warning: output '{name}' holds {text} ({where}), which the program does not produce "
                         "on purpose: the computation overflowed or divided by zero")
    return lines
