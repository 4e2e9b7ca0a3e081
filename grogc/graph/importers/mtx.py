"""Matrix Market coordinate files (general or symmetric; pattern, integer or real).

Entry (i, j) is the arc i -> j; ids are the 1-based indices as written, and
every index 1..N of the size line is a vertex, so isolated vertices survive.
A symmetric matrix is an undirected graph.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from grogc.graph import _native
from grogc.graph.budget import check_build
from grogc.graph.importers.options import EdgeData, ImportOptions
from grogc.graph.importers.text import Progress, TextInput, line_of_record, parse_int

FIELDS = {"pattern": 2, "integer": 3, "real": 3}
SYMMETRIES = {"general": True, "symmetric": False}  # -> directed


def read_mtx(path: Path, opts: ImportOptions, progress: Progress | None = None) -> EdgeData:
    with TextInput(path, progress) as inp:
        banner = inp.next_line()
        words = (banner or b"").decode("ascii", "replace").split()
        if len(words) != 5 or words[0] != "%%MatrixMarket" or words[1].lower() != "matrix":
            raise inp.error("wrong Matrix Market header: expected "
                            "'%%MatrixMarket matrix coordinate <field> <symmetry>'")
        layout, field, symmetry = (w.lower() for w in words[2:])
        if layout != "coordinate":
            raise inp.error(f"unsupported Matrix Market layout '{layout}' (only 'coordinate' holds a graph)")
        if field not in FIELDS:
            raise inp.error(f"unsupported Matrix Market field '{field}' (expected pattern, integer or real)")
        if symmetry not in SYMMETRIES:
            raise inp.error(f"unsupported Matrix Market symmetry '{symmetry}' (expected general or symmetric)")
        size = inp.next_data_line(b"%")
        if size is None:
            raise inp.error("truncated file: the size line 'rows cols entries' is missing")
        parts = size.split()
        if len(parts) != 3:
            raise inp.error(f"wrong size line: expected 'rows cols entries', found {len(parts)} fields")
        rows, cols, nnz = (parse_int(inp, p, what) for p, what in zip(parts, ("rows", "cols", "entries")))
        if rows != cols or rows < 0 or nnz < 0:
            raise inp.error(f"wrong size line: a graph needs a square matrix, found {rows} x {cols}")
        size_line = inp.line
        ncols = FIELDS[field]
        check_build(path, size_line, rows, nnz, weighted=ncols == 3, symmetric=symmetry == "symmetric",
                    what="the size line declares a graph")
        if opts.weighted and ncols == 2:
            raise inp.error("--weighted was given but the matrix is a pattern (no values)", line=1)
        fmt = _native.text_format(comments="%", ncols=(ncols, ncols), weight_col=2 if ncols == 3 else -1,
                                  allow_negative=opts.allow_negative_weights)
        data = inp.parse_rest(fmt, has_weight=ncols == 3)
    if len(data.src) != nnz:
        raise inp.error(f"wrong counts: the size line says {nnz} entries, the file has {len(data.src)}",
                        line=size_line)
    bad = (data.src < 1) | (data.src > rows) | (data.dst < 1) | (data.dst > rows)
    if bad.any():
        k = int(np.argmax(bad))
        line = line_of_record(path, k, lambda s: bool(s) and not s.startswith(b"%"), size_line)
        raise inp.error(f"index ({data.src[k]}, {data.dst[k]}) outside the {rows} x {rows} matrix", line=line)
    return EdgeData(data.src, data.dst, data.weight, directed=SYMMETRIES[symmetry],
                    nodes=np.arange(1, rows + 1, dtype=np.int64))
