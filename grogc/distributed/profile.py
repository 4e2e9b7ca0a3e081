"""What a partitioned run measured: rounds, stages, waits and ghost traffic.

`grogc run --scheduler ... --profile` prints it (format_profile).  Bytes
exchanged are counted from the partition's send lists (the values each part
sends for a pull in that direction, times the element size): exactly the
ghost values, never whole vectors.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field


@dataclass
class DistributedProfile:
    """parts: P; ghosts[p]: part p's ghost count; rounds: seconds of each
    round of the outermost loop; stages: Dask stages sent (one task per
    part each); waits: times the client waited for partials or outputs;
    exchanges: ghost exchanges; sent_bytes[p]: bytes part p sent in all;
    restarts: runs started again after a part was lost (the figures are
    those of the last attempt)."""

    parts: int = 0
    ghosts: list[int] = field(default_factory=list)
    owned: list[int] = field(default_factory=list)
    rounds: list[float] = field(default_factory=list)
    stages: int = 0
    waits: int = 0
    exchanges: int = 0
    sent_bytes: list[int] = field(default_factory=list)
    seconds: float = 0.0
    restarts: int = 0
    loop_depth: int = 0
    _t0: float = 0.0

    def start(self, pg) -> None:
        self.parts = pg.parts
        self.rounds, self.stages, self.waits, self.exchanges = [], 0, 0, 0
        self.ghosts = [e["ghosts"] for e in pg.manifest["parts"]]
        self.owned = [e["hi"] - e["lo"] for e in pg.manifest["parts"]]
        self.sent_bytes = [0] * pg.parts
        self._t0 = time.perf_counter()

    def exchange(self, pg, direction: str, itemsize: int) -> None:
        self.exchanges += 1
        for p, e in enumerate(pg.manifest["parts"]):
            self.sent_bytes[p] += e["sends"][direction] * itemsize

    def round(self, seconds: float) -> None:
        self.rounds.append(seconds)

    def finish(self) -> None:
        self.seconds = time.perf_counter() - self._t0

    def bytes_per_round(self) -> list[float]:
        r = max(len(self.rounds), 1)
        return [b / r for b in self.sent_bytes]


def format_profile(prof: DistributedProfile) -> str:
    r = len(prof.rounds)
    lines = [f"partitioned run: {prof.parts} parts, {prof.seconds:.3f} s, {r} rounds of the outer loop, "
             f"{prof.stages} stages, {prof.waits} waits, {prof.exchanges} ghost exchanges"
             + (f", restarted {prof.restarts} time(s) after losing a part" if prof.restarts else "")]
    if r:
        rounds = sorted(prof.rounds)
        lines.append(f"time per round: median {rounds[r // 2] * 1e3:.1f} ms, min {rounds[0] * 1e3:.1f} ms")
    lines.append(f"{'part':>4} {'nodes':>10} {'ghosts':>10} {'bytes sent':>12} {'per round':>12}")
    for p in range(prof.parts):
        lines.append(f"{p:>4} {prof.owned[p]:>10,} {prof.ghosts[p]:>10,} {prof.sent_bytes[p]:>12,} "
                     f"{prof.bytes_per_round()[p]:>12,.0f}")
    return "\n".join(lines)
