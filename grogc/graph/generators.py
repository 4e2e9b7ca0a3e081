"""Random graph generators: Graph500 Kronecker (R-MAT) and uniform.

Definition (also in docs/graph-format.md):
  n = 2^scale vertices, ids 0..n-1, all kept (isolated ones too);
  edge_factor * n edges drawn, edge e from the counter-based hash
  grog_rng(seed, stream, e) (runtime_c/graph_generate.c), so the output is
  bit-identical on every machine and independent of chunking;
  kron: each of the `scale` bit levels picks a quadrant with probabilities
  A=0.57, B=0.19, C=0.19, D=0.05 (32-bit thresholds), then vertex labels are
  permuted (Graph500 does, so that degree does not follow the id) by sorting
  grog_rng(seed, 300, v);
  uniform: both endpoints uniform over 0..n-1;
  --weighted: weight of edge e = (grog_rng(seed, 200, e) >> 11) * 2^-53,
  uniform in [0, 1) like Graph500's SSSP kernel;
  by default undirected, self-loops and duplicates dropped (a duplicate keeps
  the minimum weight).
"""

from __future__ import annotations

from typing import Callable

import numpy as np

from grogc.errors import GrogError
from grogc.graph import _native
from grogc.graph.budget import build_problem
from grogc.graph.build import build_internal
from grogc.graph.graph import Graph

GOLDEN = np.uint64(0x9E3779B97F4A7C15)
KRON_ABC = (0.57, 0.19, 0.19)
STREAM_UNIFORM_SRC, STREAM_UNIFORM_DST, STREAM_WEIGHT, STREAM_PERMUTATION = 100, 101, 200, 300
_CHUNK = 1 << 20


def _mix(x: np.ndarray) -> np.ndarray:
    """SplitMix64 finalizer of x + GOLDEN on uint64 arrays (wrapping arithmetic)."""
    z = x + GOLDEN
    z = (z ^ (z >> np.uint64(30))) * np.uint64(0xBF58476D1CE4E5B9)
    z = (z ^ (z >> np.uint64(27))) * np.uint64(0x94D049BB133111EB)
    return z ^ (z >> np.uint64(31))


def rng(seed: int, stream: int, counters: np.ndarray) -> np.ndarray:
    """grog_rng(seed, stream, i) for every i in ``counters`` (NumPy twin of the C function)."""
    with np.errstate(over="ignore"):
        key = _mix(np.array([(seed + stream * int(GOLDEN)) % 2**64], dtype=np.uint64))[0]
        return _mix(np.asarray(counters, dtype=np.uint64) + key)


def kron_thresholds(a: float = KRON_ABC[0], b: float = KRON_ABC[1], c: float = KRON_ABC[2]):
    """Cumulative quadrant thresholds out of 2^32."""
    return int(a * 2**32), int((a + b) * 2**32), int((a + b + c) * 2**32)


def kron_arcs_numpy(scale: int, seed: int, first: int, count: int):
    """Reference (slow) version of grog_kron_arcs."""
    t_a, t_ab, t_abc = (np.uint64(t) for t in kron_thresholds())
    e = np.arange(first, first + count, dtype=np.uint64)
    s = np.zeros(count, np.uint64)
    d = np.zeros(count, np.uint64)
    for level in range(scale):
        if level % 2 == 0:
            r = rng(seed, level // 2, e)
        u = (r >> np.uint64(32)) if level % 2 else (r & np.uint64(0xFFFFFFFF))
        bit = np.uint64(1 << level)
        s |= np.where(u >= t_ab, bit, np.uint64(0))
        d |= np.where((u >= t_abc) | ((u >= t_a) & (u < t_ab)), bit, np.uint64(0))
    return s.astype(np.uint32), d.astype(np.uint32)


def edge_weights(seed: int, first: int, count: int) -> np.ndarray:
    """Weights of edges first..first+count-1: uniform doubles in [0, 1)."""
    r = rng(seed, STREAM_WEIGHT, np.arange(first, first + count, dtype=np.uint64))
    return (r >> np.uint64(11)).astype(np.float64) * 2.0**-53


def vertex_permutation(scale: int, seed: int) -> np.ndarray:
    """The Kronecker relabelling: vertex v becomes perm[v]."""
    keys = rng(seed, STREAM_PERMUTATION, np.arange(2**scale, dtype=np.uint64))
    order = np.argsort(keys, kind="stable")
    perm = np.empty(2**scale, dtype=np.uint32)
    perm[order] = np.arange(2**scale, dtype=np.uint32)
    return perm


def generate(kind: str, scale: int, edge_factor: int = 16, seed: int = 1, *, weighted: bool = False,
             directed: bool = False, keep_multi: bool = False, keep_self_loops: bool = False,
             progress: Callable[[int, int], None] | None = None) -> Graph:
    """A random Graph (see the module docstring for the exact definition)."""
    if kind not in ("kron", "uniform"):
        raise GrogError(f"error: unknown generator '{kind}' (choose kron or uniform)")
    if not 1 <= scale <= 31:
        raise GrogError(f"error: --scale must lie in 1..31, got {scale}")
    if edge_factor < 1:
        raise GrogError(f"error: --edge-factor must be at least 1, got {edge_factor}")
    if not 0 <= seed < 2**64:
        raise GrogError(f"error: --seed must lie in 0..2^64-1, got {seed}")
    if not _native.available():
        raise GrogError("error: the grogc C runtime is not compiled; run `pip install -e .`")
    n = 2**scale
    m = edge_factor * n
    problem = build_problem(n, m, weighted=weighted, symmetric=not directed,
                            what=f"--scale {scale} --edge-factor {edge_factor} asks for a graph")
    if problem is not None:  # before the first allocation, not a MemoryError after it
        raise GrogError(f"error: {problem}")
    src = np.empty(m, dtype=np.uint32)
    dst = np.empty(m, dtype=np.uint32)
    for first in range(0, m, _CHUNK):
        count = min(_CHUNK, m - first)
        if kind == "kron":
            s, d = _native.kron_arcs(scale, seed, first, count, kron_thresholds())
        else:
            s, d = _native.uniform_arcs(scale, seed, first, count)
        src[first:first + count], dst[first:first + count] = s, d
        if progress:
            progress(first + count, m)
    if kind == "kron":
        perm = vertex_permutation(scale, seed)
        for first in range(0, m, _CHUNK):
            src[first:first + _CHUNK] = perm[src[first:first + _CHUNK]]
            dst[first:first + _CHUNK] = perm[dst[first:first + _CHUNK]]
    w = edge_weights(seed, 0, m) if weighted else None
    csr = build_internal(np.arange(n, dtype=np.int64), src, dst, w, directed=directed, keep_multi=keep_multi,
                         drop_self_loops=not keep_self_loops)
    return Graph(csr)
