"""What a g.csr's arrays must satisfy beyond their checksums.

A file can pass both CRCs and still be wrong (written by another tool, or
corrupted and re-stamped): the algorithms then give silently wrong answers.
Two levels (documented in docs/graph-format.md, "Reading"):

- standard (every load): offsets from 0 to m and monotone, every index < n,
  rows ascending, each vertex's in-degree equal to its count among the
  out-targets, an undirected graph's in-arrays equal to its out-arrays,
  weights finite (and not negative unless allowed), node_ids strictly
  ascending, num_edges consistent with m.  One pass over each direction in
  C (grog_csr_check); the NumPy reference works in blocks, so its memory is
  bounded by the block.
- full (csr_full_check.py: `Graph.load(full_check=True)`, `grogc graph info
  --full-check`): also the in-CSR is exactly the transpose of the out-CSR.
"""

from __future__ import annotations

from typing import Callable

import numpy as np

from grogc.graph import _native
from grogc.graph.errors import GraphFormatError

BLOCK = 1 << 22  # elements per vectorised step: bounds the temporaries

Bad = Callable[[str], GraphFormatError]


def check_num_edges(bad: Bad, directed: bool, m: int, num_edges: int) -> None:
    """num_edges against m, from the header alone: a directed graph stores
    each edge once; an undirected one twice, a self-loop once."""
    if directed and num_edges != m:
        raise bad(f"num_edges is {num_edges}, but a directed graph stores each edge once (m = {m})")
    if not directed and not (m + 1) // 2 <= num_edges <= m:
        raise bad(f"num_edges is {num_edges}, outside {(m + 1) // 2}..{m} for an undirected graph with m = {m}")


# Problem kinds, as runtime_c/grog_graph.h numbers them (GROG_CSR_*).
OFFSETS_ENDS, OFFSETS_DECREASE, INDEX_RANGE, ROW_UNSORTED, WEIGHT_NONFINITE, WEIGHT_NEGATIVE = range(1, 7)


def direction_numpy(n: int, offsets: np.ndarray, idx: np.ndarray, weights: np.ndarray | None,
                    allow_negative: bool, counts: np.ndarray | None) -> tuple[int, int]:
    """(kind, where) of the first problem in one direction, in grog_csr_check's
    order; its reference (and the path when the runtime is not compiled)."""
    m = len(idx)
    if offsets[0] != 0 or offsets[-1] != m:
        return OFFSETS_ENDS, 0
    for start in range(0, n, BLOCK):
        steps = np.diff(offsets[start:start + BLOCK + 1])
        if len(steps) and steps.min() < 0:
            return OFFSETS_DECREASE, start + int(np.argmax(steps < 0))
    # Arcs where a row starts may be smaller than the arc before them.
    row_start = np.zeros(min(m, BLOCK) + 1, bool)
    for start in range(0, m, BLOCK):
        block = idx[start:start + BLOCK].astype(np.int64)
        out_of_range = block >= n
        drop = np.zeros(len(block), bool)
        if start:
            drop[0] = block[0] < idx[start - 1]
        drop[1:] = block[1:] < block[:-1]
        starts = offsets[np.searchsorted(offsets, start):np.searchsorted(offsets, start + len(block))] - start
        row_start[:] = False
        row_start[starts] = True
        bad = out_of_range | (drop & ~row_start[:len(block)])
        if bad.any():
            k = int(np.argmax(bad))
            return (INDEX_RANGE if out_of_range[k] else ROW_UNSORTED), start + k
        if counts is not None:
            counts += np.bincount(block, minlength=n)
    if weights is not None:
        for start in range(0, m, BLOCK):
            block = weights[start:start + BLOCK]
            bad = ~np.isfinite(block) | (False if allow_negative else block < 0)
            if np.any(bad):
                k = int(np.argmax(bad))
                return (WEIGHT_NONFINITE if not np.isfinite(block[k]) else WEIGHT_NEGATIVE), start + k
    return 0, 0


def _direction(bad: Bad, kind: str, n: int, offsets: np.ndarray, idx: np.ndarray, weights: np.ndarray | None,
               allow_negative: bool, counts: np.ndarray | None) -> None:
    native = _native.available() and idx.dtype == np.uint32
    check = _native.csr_check if native else direction_numpy
    problem, k = check(n, offsets, idx, weights, allow_negative, counts)
    if problem:
        raise bad(_message(problem, k, kind, n, offsets, idx, weights))


def _message(problem: int, k: int, kind: str, n: int, offsets: np.ndarray, idx: np.ndarray,
             weights: np.ndarray | None) -> str:
    m = len(idx)
    if problem == OFFSETS_ENDS:
        return f"{kind}_offsets must run from 0 to m={m}, found {offsets[0]}..{offsets[-1]}"
    if problem == OFFSETS_DECREASE:
        return f"{kind}_offsets decrease at vertex {k} ({offsets[k]} > {offsets[k + 1]})"
    if problem == INDEX_RANGE:
        return f"{kind} index {int(idx[k])} at arc {k} is not below n={n}"
    if problem == ROW_UNSORTED:
        v = int(np.searchsorted(offsets, k, side="right") - 1)
        return f"{kind} row of vertex {v} is not sorted: arc {k} ({int(idx[k])}) comes after {int(idx[k - 1])}"
    name = f"{kind}_weights[{k}] is {float(weights[k])!r}"
    if problem == WEIGHT_NONFINITE:
        return f"{name}: weights must be finite"
    return (f"{name}: negative weights are not allowed unless allow_negative_weights=True "
            "(--allow-negative-weights)")


def same_arrays(bad: Bad, what: str, a: np.ndarray | None, b: np.ndarray | None, names: tuple[str, str]) -> None:
    """Bit-equal arrays (a NaN equals the same NaN), or `bad` naming the
    first difference and both values (`names`: what a and b are)."""
    if a is None or b is None:
        return
    for start in range(0, len(a), BLOCK):
        x, y = a[start:start + BLOCK], b[start:start + BLOCK]
        if x.dtype.kind == "f":
            x, y = x.view(np.uint64), y.view(np.uint64)
        if not np.array_equal(x, y):
            k = start + int(np.argmax(x != y))
            raise bad(f"{what} differ at {k} ({names[0]} {a[k].item()!r}, {names[1]} {b[k].item()!r})")


# an undirected file stores its out-arrays a second time as its in-arrays
UNDIRECTED_TWINS = (("in_offsets", "out_offsets"), ("in_sources", "out_targets"), ("in_weights", "out_weights"))


def check_arrays(bad: Bad, arrays: dict, *, n: int, m: int, directed: bool,
                 allow_negative_weights: bool = False) -> None:
    """The standard checks; `bad(message)` builds the error to raise.
    `arrays` as csr_format.read_csr returns them."""
    if not directed:  # an undirected file stores the out-arrays twice: check one copy
        for a, b in UNDIRECTED_TWINS:
            same_arrays(bad, f"an undirected graph's {a} and {b}", arrays[a], arrays[b], (a, b))
    counts = np.zeros(n, np.int64) if directed else None
    for kind, idx in (("out", "out_targets"), ("in", "in_sources"))[:2 if directed else 1]:
        _direction(bad, kind, n, arrays[f"{kind}_offsets"], arrays[idx], arrays[f"{kind}_weights"],
                   allow_negative_weights, counts if kind == "out" else None)
    ids = arrays["node_ids"]
    if len(ids) > 1 and not np.all(ids[1:] > ids[:-1]):
        raise bad("node_ids are not strictly ascending")
    if directed:  # the in-degrees the out-CSR implies
        wrong = counts != np.diff(arrays["in_offsets"])
        if wrong.any():
            v = int(np.argmax(wrong))
            raise bad(f"the in-CSR is not the transpose of the out-CSR: vertex {v} is the target of {counts[v]} "
                      f"out-arcs but has {int(arrays['in_offsets'][v + 1] - arrays['in_offsets'][v])} in-arcs")
