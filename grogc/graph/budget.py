"""Will a graph fit? The memory a build needs, checked before allocating.

A header may declare any size (a two-line .mtx can claim 10^12 vertices) and
a generator's arguments multiply (`--edge-factor 10^12`): allocating first
ends in a MemoryError traceback or the OOM killer.  Importers and generators
call `check_build` with the sizes they are about to build, as soon as they
know them, and get a GraphFormatError naming the sizes and both amounts.

The estimate is the peak of the import pipeline (docs/graph-format.md,
"Limits"): per declared vertex the id table, relabelling and both offset
arrays; per edge the ids as read and relabelled; per stored arc the out-
and in-CSR and weights.  It is compared with the memory the machine has
available now (MemAvailable), or its physical memory where that is unknown.
"""

from __future__ import annotations

import os
from pathlib import Path

from grogc.graph.errors import at

BYTES_PER_NODE = 48  # node_ids, the dense id table, the rank, two offset arrays
# Per edge as read: ids as read and relabelled; per stored arc (twice per
# edge when symmetric): targets, sources and the build's scratch.  Measured
# peaks (kron and uniform at scale 20, a 16.7M-line import) are 0.6-0.8 of
# this estimate: it errs on the side of refusing a little early.
BYTES_PER_EDGE, BYTES_PER_WEIGHTED_EDGE = 24, 40
BYTES_PER_ARC, BYTES_PER_WEIGHTED_ARC = 12, 20
# Ceiling of what any g.csr can index: offsets and counts are int64.
MAX_COUNT = 2**62


def available_memory() -> int:
    """Bytes of memory available to a new allocation (MemAvailable on Linux,
    else the physical memory)."""
    try:
        with open("/proc/meminfo", "rb") as f:
            for line in f:
                if line.startswith(b"MemAvailable:"):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError, IndexError):
        pass
    try:
        return os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")
    except (OSError, ValueError):  # pragma: no cover - every POSIX system has these
        return 2**62


def build_bytes(nodes: int, arcs: int, weighted: bool = False, symmetric: bool = False) -> int:
    """Estimated peak bytes to import or generate a graph of `nodes` vertices
    and `arcs` edges as read (`symmetric`: each stored both ways)."""
    stored = 2 * arcs if symmetric else arcs
    per_edge, per_arc = ((BYTES_PER_WEIGHTED_EDGE, BYTES_PER_WEIGHTED_ARC) if weighted
                         else (BYTES_PER_EDGE, BYTES_PER_ARC))
    return nodes * BYTES_PER_NODE + arcs * per_edge + stored * per_arc


def _gib(nbytes: int) -> str:
    return f"{nbytes / 2**30:.1f} GiB" if nbytes >= 2**27 else f"{nbytes / 2**20:.1f} MiB"


def build_problem(nodes: int, arcs: int, *, weighted: bool = False, symmetric: bool = False,
                  what: str = "the file declares a graph") -> str | None:
    """Why a graph of this size cannot be built here (`what` first): counts
    beyond what a g.csr holds, or more memory than is available; None when it fits."""
    if nodes < 0 or arcs < 0:
        return f"{what} with a negative size: {nodes:,} nodes and {arcs:,} edges"
    if nodes > MAX_COUNT or arcs > MAX_COUNT:
        return f"{what} beyond what a g.csr can hold (2^62): {nodes:,} nodes and {arcs:,} edges"
    need = build_bytes(nodes, arcs, weighted, symmetric)
    have = available_memory()
    if need > have:
        return (f"{what} too big for this machine: {nodes:,} nodes and {arcs:,} edges need about "
                f"{_gib(need)} of memory, more than the {_gib(have)} available")
    return None


def check_build(path: str | Path, line: int | None, nodes: int, arcs: int, **options) -> None:
    """GraphFormatError at `path`:`line` when build_problem finds one."""
    problem = build_problem(nodes, arcs, **options)
    if problem is not None:
        raise at(path, line, problem)
