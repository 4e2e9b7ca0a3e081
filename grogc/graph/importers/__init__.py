"""Edge-list importers, one module per input format, chosen by a table.

``import_graph(path)`` picks the reader from ``--format`` or the file
extension (a trailing .gz is ignored), reads the edges in original ids and
builds the Graph.
"""

from __future__ import annotations

from pathlib import Path
from typing import Callable

from grogc.graph.build import build_internal, relabel
from grogc.graph.errors import at
from grogc.graph.graph import Graph
from grogc.graph.importers.csv_edges import read_csv
from grogc.graph.importers.dimacs import read_dimacs
from grogc.graph.importers.gap import read_gap
from grogc.graph.importers.ldbc import read_ldbc
from grogc.graph.importers.mtx import read_mtx
from grogc.graph.importers.options import EdgeData, ImportOptions
from grogc.graph.importers.snap import read_snap
from grogc.graph.importers.text import Progress

Reader = Callable[[Path, ImportOptions, "Progress | None"], EdgeData]

READERS: dict[str, Reader] = {
    "snap": read_snap,
    "mtx": read_mtx,
    "csv": read_csv,
    "gap": read_gap,
    "dimacs": read_dimacs,
    "ldbc": read_ldbc,
}

EXTENSIONS: dict[str, str] = {
    ".txt": "snap", ".el": "snap", ".edges": "snap", ".tsv": "snap", ".snap": "snap",
    ".mtx": "mtx", ".mm": "mtx",
    ".csv": "csv",
    ".sg": "gap", ".wsg": "gap",
    ".gr": "dimacs",
    ".properties": "ldbc", ".v": "ldbc", ".e": "ldbc",
}


def detect_format(path: Path) -> str:
    """The format name for a file, from its extension (``.gz`` stripped); a
    folder holding exactly one LDBC ``.properties`` file is an LDBC graph."""
    if path.is_dir():
        found = sorted(path.glob("*.properties"))
        if len(found) == 1:
            return "ldbc"
        raise at(path, None, "is a folder: name the input file (an LDBC graph folder must hold exactly one "
                             f".properties file; this one holds {len(found)})")
    name = path.name.removesuffix(".gz")
    suffix = Path(name).suffix.lower()
    if suffix not in EXTENSIONS:
        known = ", ".join(sorted(EXTENSIONS))
        raise at(path, None, f"cannot tell the format from the extension '{suffix or '(none)'}'; "
                             f"pass --format ({'|'.join(READERS)}); known extensions: {known}")
    return EXTENSIONS[suffix]


def read_edges(path: str | Path, fmt: str | None = None, options: ImportOptions | None = None,
               progress: Progress | None = None) -> EdgeData:
    """The edges of an input file in original ids (no CSR yet)."""
    path = Path(path)
    options = options or ImportOptions()
    name = fmt or detect_format(path)
    if name not in READERS:
        raise at(path, None, f"unknown format '{name}' (choose one of {', '.join(READERS)})")
    if not path.exists():
        raise at(path, None, "no such file")
    if path.is_dir() and name == "ldbc":  # an LDBC graph folder: its .properties names the rest
        path = next(path.glob("*.properties"), path)
    return READERS[name](path, options, progress)


def import_graph(path: str | Path, fmt: str | None = None, options: ImportOptions | None = None,
                 progress: Progress | None = None) -> Graph:
    """Read an input file and build its Graph (see ImportOptions for the policies)."""
    options = options or ImportOptions()
    edges = read_edges(path, fmt, options, progress)
    if not len(edges.src) and (edges.nodes is None or not len(edges.nodes)):
        # An n = 0 graph is never what an import meant: say so rather than write one.
        raise at(path, None, "no edges and no vertices: the input is empty or holds only comments and blank lines")
    directed = edges.directed and not options.undirected
    node_ids, src, dst = relabel(edges.src, edges.dst, edges.nodes)
    weight = edges.weight
    del edges  # the int64 id arrays are the biggest thing alive; free them before the build
    csr = build_internal(node_ids, src, dst, weight, directed=directed, keep_multi=options.keep_multi,
                         drop_self_loops=options.drop_self_loops)
    return Graph(csr)


__all__ = ["READERS", "EXTENSIONS", "ImportOptions", "EdgeData", "detect_format", "read_edges", "import_graph"]
