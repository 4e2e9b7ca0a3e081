"""What the benchmark scripts share: the best of several wall-clock runs.

It imports no grogc, so a script may choose which checkout's grogc it times
(bench_scc_gir.py --repo) after importing this."""

from __future__ import annotations

import time


def best(fn, repeat: int) -> float:
    """The fastest of `repeat` calls of fn(), in seconds (the least disturbed
    by the other load on a shared machine)."""
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return min(times)
