"""LDBC output files: `vertex_id value` per line, and the validation rules
(exact for BFS and CDLP, equivalent partitions for WCC, relative 1e-4 for
PR, LCC and SSSP; see docs/ldbc.md)."""

from __future__ import annotations

import math
from pathlib import Path

from grogc.errors import GrogError
from grogc.fileio import atomic_output
from grogc.graph.importers.ldbc import read_utf8

UNREACHABLE = 9223372036854775807  # BFS: Long.MAX_VALUE
EPSILON = 1e-4
INTEGER_ALGORITHMS = ("BFS", "CDLP", "WCC")


def format_value(algorithm: str, value) -> str:
    """One value as LDBC writes it: integers, or floats as %.15e / Infinity."""
    if algorithm in INTEGER_ALGORITHMS:
        return str(int(value))
    value = float(value)
    if math.isinf(value):
        return "Infinity" if value > 0 else "-Infinity"
    return f"{value:.15e}"


def write_output(path: Path, algorithm: str, values: dict) -> None:
    """`vertex_id value` lines in ascending vertex id, written atomically."""
    with atomic_output(path, "w", encoding="ascii", newline="\n") as f:
        f.write("".join(f"{v} {format_value(algorithm, values[v])}\n" for v in sorted(values)))


def read_output(path: Path, algorithm: str) -> dict:
    """vertex id -> value (int, or float with Infinity in any case)."""
    values: dict = {}
    try:
        lines = read_utf8(path).splitlines()
    except OSError as err:
        raise GrogError(f"error: cannot read {path}: {err.strerror}") from None
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        parts = line.split()
        if len(parts) != 2:
            raise GrogError(f"error: {path}:{number}: expected 'vertex value', found '{line[:40]}'")
        try:
            vertex = int(parts[0])
            values[vertex] = int(parts[1]) if algorithm in INTEGER_ALGORITHMS else float(parts[1])
        except ValueError:
            raise GrogError(f"error: {path}:{number}: cannot read '{line[:40]}' as {algorithm} output") from None
    return values


def _equivalent(got: dict, ref: dict) -> list:
    """Vertices where the labelling breaks a bijection with the reference's."""
    forward: dict = {}
    backward: dict = {}
    bad = []
    for v in sorted(ref):
        g, r = got[v], ref[v]
        if forward.setdefault(g, r) != r or backward.setdefault(r, g) != g:
            bad.append(v)
    return bad


def _epsilon(got: dict, ref: dict) -> list:
    bad = []
    for v in sorted(ref):
        r, s = ref[v], got[v]
        if math.isinf(r) or math.isinf(s):
            if r != s:
                bad.append(v)
        elif not abs(r - s) <= EPSILON * abs(r):
            bad.append(v)
    return bad


def _exact(got: dict, ref: dict) -> list:
    return [v for v in sorted(ref) if got[v] != ref[v]]


RULES = {"BFS": _exact, "CDLP": _exact, "WCC": _equivalent, "PR": _epsilon, "LCC": _epsilon, "SSSP": _epsilon}
RULE_NAMES = {"BFS": "exact", "CDLP": "exact", "WCC": "equivalence", "PR": "epsilon 1e-4", "LCC": "epsilon 1e-4",
              "SSSP": "epsilon 1e-4"}


def compare(algorithm: str, got: dict, ref: dict) -> str | None:
    """None when `got` passes LDBC's rule for the algorithm, else why not."""
    if set(got) != set(ref):
        missing, extra = sorted(set(ref) - set(got)), sorted(set(got) - set(ref))
        return f"vertex sets differ: missing {missing[:5]}, extra {extra[:5]}"
    bad = RULES[algorithm](got, ref)
    if bad:
        v = bad[0]
        return f"{len(bad)} of {len(ref)} vertices differ ({RULE_NAMES[algorithm]}); first: vertex {v}: got {got[v]}, reference {ref[v]}"
    return None
