"""The Python types of a graph's edge weights, and what they make of a path length.

NetworkX sums path lengths in Python, starting from the int 0: with int
weights (and a missing weight's default 1) the lengths are ints, with float
weights (2.0 too) floats.  grogc sums in float64, which gives NetworkX's
values for Python ints and floats alike; which Python type to hand back is
read from the weights' types, recorded when the graph is converted.  Weights
that mix ints and floats make each length's type depend on the path
NetworkX's search settles on first; other types (NumPy scalars, Fractions)
make NumPy or exact arithmetic of it: can_run declines both.
"""

from __future__ import annotations

from itertools import chain
from operator import methodcaller

# weight types -> the type of every length but the source's (NetworkX's int 0)
LENGTH_TYPE: dict[frozenset, type] = {
    frozenset(): int,  # unweighted, or no edges: hop counts
    frozenset({int}): int,
    frozenset({bool}): int,  # 0 + True is the int 1
    frozenset({int, bool}): int,
    frozenset({float}): float,
}

UNWEIGHTED = frozenset({int})  # every edge weighs NetworkX's default, the int 1


class Missing:
    """Stands for an edge without the weight attribute: the path functions
    use NetworkX's default 1, an int, whatever default a conversion used."""


MISSING = Missing()


def edge_weights(G, weight: str, default=1):
    """The weight of every arc of NetworkX graph G in adjacency order (a
    C-level iterator: no Python loop per edge)."""
    return map(methodcaller("get", weight, default), chain.from_iterable(map(dict.values, G._adj.values())))


def types_of(values) -> frozenset:
    """The set of Python types among `values` (Missing for MISSING)."""
    return frozenset(map(type, values))


def path_weight_types(types: frozenset) -> frozenset:
    """The types a path function meets: a missing weight is its int 1."""
    return frozenset(int if t is Missing else t for t in types)


def length_type_problem(types: frozenset) -> str | None:
    """Why lengths over weights of these types cannot have NetworkX's types, or None."""
    if types in LENGTH_TYPE:
        return None
    if {int, float} <= types:
        return ("weights mix ints and floats: the type of each length depends on the path NetworkX's search "
                "settles on first")
    names = ", ".join(sorted(t.__name__ for t in types - {int, float, bool}))
    return f"weights of type {names}: NetworkX's lengths keep their arithmetic, grogc sums Python floats"
