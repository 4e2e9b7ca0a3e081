"""Running a grogc program on a GrogcGraph, the way the backend needs it.

Programs are compiled once per process (and through grogc's plan cache
across processes).  A library algorithm is named by its name ("components");
the backend's own programs (programs/*.gir: NetworkX's full argument lists,
such as pagerank's nstart, personalization and dangling) by "nx/NAME".
Results come back as dicts keyed by the user's nodes with Python numbers.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import numpy as np

import grogc

PROGRAMS = Path(__file__).resolve().parent / "programs"


@lru_cache(maxsize=None)
def program(name: str):
    """The compiled Plan of a library algorithm or of a backend program ("nx/NAME")."""
    if name.startswith("nx/"):
        return grogc.compile(PROGRAMS / f"{name[3:]}.gir")
    return grogc.compile(name)


def run(name: str, G, attrs: dict | None = None, weight: str | None = None, **params):
    """Run program `name` on GrogcGraph G, weighted by edge attribute
    `weight` (None: every edge weighs 1); the RunResult (outputs + loops)."""
    return program(name).run(G.view(weight), attrs=attrs, **params)


def converged(result) -> bool:
    """Every loop stopped by its condition, and no float output holds NaN or
    inf: NetworkX's `err < n * tol` test is false for NaN, so a diverging
    iteration never counts as converged there either."""
    if not result.converged:
        return False
    return all(np.all(np.isfinite(v)) for v in result.values()
               if isinstance(v, np.ndarray) and v.dtype.kind == "f")


def node_dict(G, values) -> dict:
    """{node: value} in G's node order, with Python numbers."""
    return dict(zip(G.nodes, np.asarray(values).tolist()))


def node_vector(G, mapping, default: float = 0.0) -> np.ndarray:
    """A float64 vector in internal order from {node: value} (missing: default)."""
    return np.fromiter((mapping.get(v, default) for v in G.nodes), dtype=np.float64, count=len(G.nodes))


def internal_id(G, node) -> int:
    """The internal id of a user's node (callers check membership first)."""
    return G.index[node]
