"""DIMACS shortest-path graphs (.gr): `c` comments, `p sp N M`, then `a U V W` arcs.

Vertices are 1..N (all of them, isolated ones included); weights are the
arc lengths.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from grogc.graph import _native
from grogc.graph.budget import check_build
from grogc.graph.importers.options import EdgeData, ImportOptions
from grogc.graph.importers.text import Progress, TextInput, line_of_record, parse_int


def read_dimacs(path: Path, opts: ImportOptions, progress: Progress | None = None) -> EdgeData:
    with TextInput(path, progress) as inp:
        problem = inp.next_data_line(b"c")
        parts = problem.split() if problem is not None else []
        if len(parts) != 4 or parts[0] != b"p":
            raise inp.error("wrong DIMACS header: expected the problem line 'p sp <nodes> <arcs>' "
                            "before any arc")
        n = parse_int(inp, parts[2], "the node count")
        m = parse_int(inp, parts[3], "the arc count")
        p_line = inp.line
        check_build(path, p_line, n, m, weighted=True, what="the p line declares a graph")
        fmt = _native.text_format(comments="c", line_tag="a", ncols=(3, 3), weight_col=2,
                                  allow_negative=opts.allow_negative_weights)
        data = inp.parse_rest(fmt, has_weight=True)
    if len(data.src) != m:
        raise inp.error(f"wrong counts: the p line says {m} arcs, the file has {len(data.src)}", line=p_line)
    bad = (data.src < 1) | (data.src > n) | (data.dst < 1) | (data.dst > n)
    if bad.any():
        k = int(np.argmax(bad))
        line = line_of_record(path, k, lambda s: s.startswith(b"a"), p_line)
        raise inp.error(f"arc {data.src[k]} -> {data.dst[k]} names a node outside 1..{n}", line=line)
    return EdgeData(data.src, data.dst, data.weight, directed=True, nodes=np.arange(1, n + 1, dtype=np.int64))
