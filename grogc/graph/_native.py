"""Thin, checked wrappers over the C graph helpers (runtime_c/graph_*.c).

``available()`` says whether the compiled runtime is importable; callers fall
back to NumPy when it is not (the NumPy paths are also the tests' oracles).
"""

from __future__ import annotations

import numpy as np

from grogc.graph.errors import GraphFormatError

try:  # the cffi module is built by `pip install -e .`
    from grogc.binding._grog_runtime import ffi, lib

    _HAVE = all(hasattr(lib, f) for f in ("grog_parse_edge_text", "grog_csr_build", "grog_csr_check"))
except ImportError:  # pragma: no cover - depends on the build
    ffi = lib = None
    _HAVE = False


def available() -> bool:
    """Whether the C graph helpers are compiled and importable."""
    return _HAVE


def _ptr(ctype: str, arr: np.ndarray | None):
    return ffi.NULL if arr is None else ffi.cast(ctype, ffi.from_buffer(arr))


def _message(err) -> str:
    return ffi.string(err.message).decode("utf-8", "replace")


def text_format(*, delimiter: str = "", comments: str = "", line_tag: str = "", ncols: tuple[int, int],
                src_col: int = 0, dst_col: int = 1, weight_col: int = -1, allow_negative: bool = False):
    """A grog_text_format describing one kind of numeric line (None without the runtime)."""
    if not _HAVE:
        return None
    fmt = ffi.new("grog_text_format *")
    fmt.delimiter = delimiter.encode() or b"\0"
    fmt.comments = comments.encode()[:7]
    fmt.line_tag = line_tag.encode() or b"\0"
    fmt.ncols_min, fmt.ncols_max = ncols
    fmt.src_col, fmt.dst_col, fmt.weight_col = src_col, dst_col, weight_col
    fmt.allow_negative = int(allow_negative)
    return fmt


def parse_lines(buf: bytes, fmt, first_line: int, src: np.ndarray, dst: np.ndarray | None,
                weight: np.ndarray | None) -> tuple[int, int, tuple[int, int, str] | None]:
    """Parse complete lines of ``buf`` into the given (preallocated) arrays.

    Returns (records, lines consumed, error) where error is (line, column,
    message) or None.
    """
    err = ffi.new("grog_graph_error *")
    lines = ffi.new("int64_t *")
    count = lib.grog_parse_edge_text(ffi.from_buffer(buf), len(buf), fmt, first_line,
                                     _ptr("int64_t *", src), _ptr("int64_t *", dst),
                                     _ptr("double *", weight), len(src), lines, err)
    if count < 0:
        return 0, 0, (err.line, err.column, _message(err))
    return count, lines[0], None


def csr_build(n: int, src: np.ndarray, dst: np.ndarray, weight: np.ndarray | None, *, symmetric: bool,
              drop_self_loops: bool, keep_multi: bool):
    """Out-CSR (offsets, targets, weights) from u32 arcs; see grog_csr_build."""
    m = len(src)
    cap = 2 * m if symmetric else m
    offsets = np.empty(n + 1, dtype=np.int64)
    targets = np.empty(cap, dtype=np.uint32)
    weights = np.empty(cap, dtype=np.float64) if weight is not None else None
    err = ffi.new("grog_graph_error *")
    kept = lib.grog_csr_build(n, m, _ptr("uint32_t *", src), _ptr("uint32_t *", dst), _ptr("double *", weight),
                              int(symmetric), int(drop_self_loops), int(keep_multi),
                              _ptr("int64_t *", offsets), _ptr("uint32_t *", targets),
                              _ptr("double *", weights), cap, err)
    if kept < 0:
        raise GraphFormatError(f"error: building the CSR failed: {_message(err)}")
    return offsets, targets[:kept], (weights[:kept] if weights is not None else None)


def csr_transpose(n: int, offsets: np.ndarray, targets: np.ndarray, weights: np.ndarray | None):
    """In-CSR (offsets, sources, weights) of an out-CSR; see grog_csr_transpose."""
    m = len(targets)
    t_offsets = np.empty(n + 1, dtype=np.int64)
    t_sources = np.empty(m, dtype=np.uint32)
    t_weights = np.empty(m, dtype=np.float64) if weights is not None else None
    err = ffi.new("grog_graph_error *")
    rc = lib.grog_csr_transpose(n, m, _ptr("int64_t *", offsets), _ptr("uint32_t *", targets),
                                _ptr("double *", weights), _ptr("int64_t *", t_offsets),
                                _ptr("uint32_t *", t_sources), _ptr("double *", t_weights), err)
    if rc < 0:
        raise GraphFormatError(f"error: transposing the CSR failed: {_message(err)}")
    return t_offsets, t_sources, t_weights


def kron_arcs(scale: int, seed: int, first: int, count: int, thresholds: tuple[int, int, int]):
    """Arcs first..first+count-1 of the Kronecker generator (see grog_kron_arcs)."""
    src = np.empty(count, dtype=np.uint32)
    dst = np.empty(count, dtype=np.uint32)
    rc = lib.grog_kron_arcs(scale, seed, first, count, *thresholds, _ptr("uint32_t *", src), _ptr("uint32_t *", dst))
    if rc < 0:
        raise GraphFormatError(f"error: scale {scale} is outside 1..32")
    return src, dst


def uniform_arcs(scale: int, seed: int, first: int, count: int):
    """Arcs first..first+count-1 of the uniform generator (see grog_uniform_arcs)."""
    src = np.empty(count, dtype=np.uint32)
    dst = np.empty(count, dtype=np.uint32)
    rc = lib.grog_uniform_arcs(scale, seed, first, count, _ptr("uint32_t *", src), _ptr("uint32_t *", dst))
    if rc < 0:
        raise GraphFormatError(f"error: scale {scale} is outside 1..32")
    return src, dst


def csr_check(n: int, offsets: np.ndarray, idx: np.ndarray, weights: np.ndarray | None, allow_negative: bool,
              counts: np.ndarray | None) -> tuple[int, int]:
    """(kind, where) of the first problem in one CSR direction (0: none); see grog_csr_check."""
    where = ffi.new("int64_t *")
    kind = lib.grog_csr_check(n, len(idx), _ptr("int64_t *", offsets), _ptr("uint32_t *", idx),
                              _ptr("double *", weights), int(allow_negative), _ptr("int64_t *", counts), where)
    return int(kind), int(where[0])
