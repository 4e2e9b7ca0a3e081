"""Graphs for grogc: the g.csr format, importers, generators and the Graph class.

Public entry points::

    from grogc.graph import Graph, GraphFormatError
    g = Graph.load("g.csr")
"""

from grogc.graph.errors import GraphFormatError
from grogc.graph.graph import Graph

__all__ = ["Graph", "GraphFormatError"]
