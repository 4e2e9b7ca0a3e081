"""Graphs for grogc: the g.csr format, importers, generators and the Graph class.

Public entry points::

    from grogc.graph import Graph, GraphFormatError
    g = Graph.load("g.csr")
    g = open_graph("edges.mtx")   # a g.csr, or any importable file (imported in memory)
"""

from pathlib import Path

from grogc.graph.errors import GraphFormatError
from grogc.graph.graph import Graph



def open_graph(path: str | Path) -> Graph:
    """A g.csr file, read and checked; any other file is imported in memory with
    the default import policies and the format its extension names (for
    other policies, `grogc graph import` it to a g.csr first)."""
    path = Path(path)
    if path.suffix == ".csr":
        return Graph.load(path)
    from grogc.graph.importers import import_graph

    return import_graph(path)


__all__ = ["Graph", "GraphFormatError", "open_graph"]
