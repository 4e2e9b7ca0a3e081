"""CSV edge lists with a header naming the columns (default src,dst[,weight]).

Without a header (a first line made only of integers) the columns are taken
by position: source, target and an optional weight.  Every line must have as
many fields as the first one.  Quoted fields are not supported (ids and
weights are plain numbers).
"""

from __future__ import annotations

from pathlib import Path

from grogc.graph import _native
from grogc.graph.importers.options import EdgeData, ImportOptions
from grogc.graph.importers.text import Progress, TextInput, split_fields


def _is_int(field: bytes) -> bool:
    try:
        int(field)
        return True
    except ValueError:
        return False


def read_csv(path: Path, opts: ImportOptions, progress: Progress | None = None) -> EdgeData:
    with TextInput(path, progress) as inp:
        first = inp.next_data_line(b"#")
        fields = split_fields(first, b",") if first is not None else [b"", b""]
        header = opts.csv_header if opts.csv_header is not None else not all(_is_int(f) for f in fields)
        ncols = len(fields)
        if header:
            names = [f.decode("utf-8", "replace").strip('"') for f in fields]

            def column(name: str, required: bool) -> int:
                if name in names:
                    return names.index(name)
                if required:
                    raise inp.error(f"the CSV header has no column '{name}' (columns: {', '.join(names)})")
                return -1

            src_col, dst_col = column(opts.csv_src, True), column(opts.csv_dst, True)
            weight_col = column(opts.csv_weight, opts.weighted)
        else:
            if ncols not in (2, 3):
                raise inp.error(f"a CSV without a header needs 2 or 3 columns (source,target[,weight]), "
                                f"found {ncols}")
            if opts.weighted and ncols == 2:
                raise inp.error("--weighted was given but the CSV has no weight column")
            src_col, dst_col, weight_col = 0, 1, (2 if ncols == 3 else -1)
            if first is not None:
                inp.push_back(first)
        fmt = _native.text_format(delimiter=",", comments="#", ncols=(ncols, ncols), src_col=src_col,
                                  dst_col=dst_col, weight_col=weight_col,
                                  allow_negative=opts.allow_negative_weights)
        data = inp.parse_rest(fmt, has_weight=weight_col >= 0)
    return EdgeData(data.src, data.dst, data.weight, directed=True)
