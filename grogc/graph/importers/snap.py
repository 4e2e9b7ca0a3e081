"""SNAP / whitespace edge lists: `source target [weight]` per line.

`#` and `%` start comment lines; blank lines are skipped; fields are
separated by spaces or tabs.  The first data line fixes the column count
(2, or 3 with a weight); every later line must have the same.
"""

from __future__ import annotations

from pathlib import Path

from grogc.graph import _native
from grogc.graph.importers.options import EdgeData, ImportOptions
from grogc.graph.importers.text import Progress, TextInput

COMMENTS = b"#%"


def read_snap(path: Path, opts: ImportOptions, progress: Progress | None = None) -> EdgeData:
    with TextInput(path, progress) as inp:
        first = inp.next_data_line(COMMENTS)
        ncols = len(first.split()) if first is not None else 2
        if ncols not in (2, 3):
            raise inp.error(f"expected 2 or 3 columns (source target [weight]), found {ncols}")
        if opts.weighted and ncols == 2:
            raise inp.error("--weighted was given but the edge list has no weight column")
        if first is not None:
            inp.push_back(first)
        fmt = _native.text_format(comments=COMMENTS.decode(), ncols=(ncols, ncols),
                                  weight_col=2 if ncols == 3 else -1,
                                  allow_negative=opts.allow_negative_weights)
        rows = inp.parse_rest(fmt, has_weight=ncols == 3)
    return EdgeData(rows.src, rows.dst, rows.weight, directed=True)
