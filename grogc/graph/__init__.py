"""Graphs for grogc: the g.csr format, importers, generators and the Graph class.

Public entry points::

    from grogc.graph import Graph, GraphFormatError
    g = Graph.load("g.csr")
    g = open_graph("edges.mtx")   # a g.csr, or any importable file (imported in memory)
"""

from pathlib import Path

from grogc.graph.errors import GraphFormatError
from grogc.graph.graph import Graph



def open_graph(path: str | Path, fmt: str | None = None, options=None) -> Graph:
    """A g.csr file, read and checked; any other file is imported in memory
    with ``options`` (an ImportOptions: the policies of `grogc graph import`)
    and the format ``fmt`` or its extension names.  A g.csr's policies were
    fixed when it was imported: asking for others is an error, except
    allow_negative_weights, which says whether such weights may be loaded."""
    path = Path(path)
    if path.suffix == ".csr" and fmt is None:
        from grogc.graph.errors import at

        allow_negative = bool(options and options.allow_negative_weights)
        if options is not None and options != type(options)(allow_negative_weights=allow_negative):
            raise at(path, None, "is a g.csr: its import policies (--undirected, --weighted, --keep-multi, "
                                 "--drop-self-loops, ...) were fixed by `grogc graph import`; give them there")
        return Graph.load(path, allow_negative_weights=allow_negative)
    from grogc.graph.importers import import_graph

    return import_graph(path, fmt, options)


__all__ = ["Graph", "GraphFormatError", "open_graph"]
