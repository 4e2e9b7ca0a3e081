"""The runtime tests' small graph: every awkward feature in seven nodes.

A module of its own (not conftest) so that tests and the fuzz driver can
import it by a name no other test folder uses.
"""

from __future__ import annotations

import numpy as np

from grogc.graph import Graph

# self-loop (2, 2), a duplicate arc 0 -> 1, a dangling node 5, an isolated node 6
EDGES = [(0, 1), (0, 1), (1, 2), (2, 2), (2, 0), (3, 2), (4, 3), (1, 4), (4, 0), (3, 5), (0, 3)]
WEIGHTS = [0.5, 1.5, 2.0, 0.25, 3.0, 1.0, 4.0, 0.75, 2.5, 1.25, 0.125]


def make_graph(directed: bool = True, weighted: bool = False) -> Graph:
    src = np.array([e[0] for e in EDGES]) * 10 + 100  # original ids differ from internal ones
    dst = np.array([e[1] for e in EDGES]) * 10 + 100
    return Graph.from_edges(src, dst, np.array(WEIGHTS) if weighted else None, directed=directed,
                            nodes=np.array([160]), keep_multi=True)
