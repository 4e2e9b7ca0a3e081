"""What the benchmark scripts share: the best of several wall-clock runs.

It imports no grogc, so a script may choose which checkout's grogc it times
(bench_scc_gir.py --repo) after importing this."""

from __future__ import annotations

import time


def best(fn, repeat: int) -> float:
    """The fastest of `repeat` calls of fn(), in seconds (the least disturbed
    by the other load on a shared machine)."""
    return best_of_each([fn], repeat)[0]


def best_of_each(fns, repeat: int) -> list[float]:
    """The fastest of `repeat` calls of each of fns, called in turn (one of
    each, then again): the machine's speed drifts over seconds on a shared
    box, and runs in turn give every contender the same slow and quick
    spells, where one batch after the other can give one of them only the
    slow ones (a ratio then moves by 1.5x between runs)."""
    times = [[] for _ in fns]
    for _ in range(repeat):
        for fn, spent in zip(fns, times):
            t = time.perf_counter()
            fn()
            spent.append(time.perf_counter() - t)
    return [min(spent) for spent in times]
