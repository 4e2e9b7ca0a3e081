"""A run's outputs: turning raw results into user values, and writing them.

`finish_outputs` is shared by every executor: vectors become arrays, scalars
Python numbers, and `node_ids = true` outputs (internal ids) become the
graph's original ids; a value outside [0, n) (a sentinel such as -1 for
"no parent") becomes -1.  The writers are keyed by file extension:
CSV (`node,<output>,...`, one row per node in original ids), NPY (exactly
one output), NPZ (every output plus `nodes`), JSON (`{"nodes", "outputs"}`).
JSON has no NaN or infinity, so there those values are `null` (sssp's
unreachable nodes, for one); the other formats keep them.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Mapping

import numpy as np

from grogc.errors import GrogError
from grogc.fileio import atomic_output


@dataclass(frozen=True)
class OutputSpec:
    """One named output: `name`, and `node_ids` (its i64 values are internal
    node ids to report as original ids)."""

    name: str
    node_ids: bool = False


def finish_outputs(graph, raw: Mapping[str, Any], specs: list[OutputSpec]) -> dict[str, Any]:
    """Raw executor results to user values, in output order."""
    out: dict[str, Any] = {}
    for spec in specs:
        value = raw[spec.name]
        if isinstance(value, np.ndarray) and value.ndim == 1:
            out[spec.name] = to_original_ids(graph, value) if spec.node_ids else value
        else:
            scalar = np.asarray(value).item()
            if spec.node_ids:
                scalar = int(to_original_ids(graph, np.array([scalar], dtype=np.int64))[0])
            out[spec.name] = scalar
    return out


def to_original_ids(graph, internal: np.ndarray) -> np.ndarray:
    """Original ids of internal ids; values outside [0, n) become -1.

    The usual case is quick: every value in range (two reductions) and node
    ids 0..n-1 (ascending, so node_ids[0] == 0 and node_ids[-1] == n - 1 say
    so) leave the array as it is; otherwise one gather.  Boolean-mask
    indexing took about 13 ms for a million nodes, 20 times this."""
    internal = np.asarray(internal, dtype=np.int64)
    n = graph.n
    if internal.size == 0:
        return internal.copy()
    ids = np.asarray(graph.node_ids)
    if internal.min() >= 0 and internal.max() < n:
        if ids[0] == 0 and ids[-1] == n - 1:
            return internal
        return ids.take(internal)
    valid = (internal >= 0) & (internal < n)
    return np.where(valid, ids.take(np.where(valid, internal, 0)), -1) if n else np.full(internal.shape, -1, np.int64)


def split_outputs(outputs: Mapping[str, Any]) -> tuple[dict[str, np.ndarray], dict[str, Any]]:
    """(node vectors, scalars) of a run's outputs."""
    vectors = {k: v for k, v in outputs.items() if isinstance(v, np.ndarray) and v.ndim == 1}
    scalars = {k: v for k, v in outputs.items() if k not in vectors}
    return vectors, scalars


# ---- writers --------------------------------------------------------------------


def _csv_cell(value) -> str:
    if isinstance(value, (bool, np.bool_)):
        return "true" if value else "false"
    if isinstance(value, (float, np.floating)):
        return repr(float(value))
    return str(int(value))


def write_csv(path: Path, graph, outputs: Mapping[str, Any]) -> None:
    vectors, _ = split_outputs(outputs)
    names = list(vectors)
    columns = [graph.node_ids.tolist()] + [vectors[k].tolist() for k in names]
    with atomic_output(path, "w", newline="") as f:
        f.write(",".join(["node", *names]) + "\n")
        for row in zip(*columns):
            f.write(",".join(_csv_cell(c) for c in row) + "\n")


def write_npy(path: Path, graph, outputs: Mapping[str, Any]) -> None:
    if len(outputs) != 1:
        raise GrogError(f"error: a .npy file holds one output, but the program has {len(outputs)}: "
                        f"{', '.join(outputs)} (use .npz, .csv or .json)")
    (value,) = outputs.values()
    with atomic_output(path, "wb") as f:
        np.save(f, np.asarray(value), allow_pickle=False)


def write_npz(path: Path, graph, outputs: Mapping[str, Any]) -> None:
    if "nodes" in outputs:
        raise GrogError("error: an output named 'nodes' clashes with the node column of a .npz file")
    arrays = {k: np.asarray(v) for k, v in outputs.items()}
    with atomic_output(path, "wb") as f:
        np.savez(f, nodes=np.asarray(graph.node_ids), **arrays)


def _json_value(value):
    """A value as JSON can hold it: lists of numbers, NaN and +-inf as None (null)."""
    arr = np.asarray(value)
    if arr.dtype.kind == "f" and not np.isfinite(arr).all():
        arr = arr.astype(object)
        arr[~np.isfinite(np.asarray(value, dtype=np.float64))] = None
    return arr.tolist() if arr.ndim else arr.item()


def write_json(path: Path, graph, outputs: Mapping[str, Any]) -> None:
    doc = {"nodes": graph.node_ids.tolist(), "outputs": {k: _json_value(v) for k, v in outputs.items()}}
    with atomic_output(path, "w") as f:
        json.dump(doc, f, allow_nan=False)  # never NaN / Infinity, which are not JSON
        f.write("\n")


WRITERS: dict[str, Callable[[Path, Any, Mapping[str, Any]], None]] = {
    ".csv": write_csv, ".npy": write_npy, ".npz": write_npz, ".json": write_json,
}


NO_OUTPUTS = "the program names no outputs (attr.output); nothing to show"


def write_outputs(path: str | Path, graph, outputs: Mapping[str, Any]) -> None:
    """Write a run's outputs, in the format the file's extension names.
    A run without outputs is an error (no file is written)."""
    path = Path(path)
    writer = WRITERS.get(path.suffix.lower())
    if writer is None:
        # the full path: '/dev/null' named as 'null' read like a file in the working directory
        raise GrogError(f"error: cannot write {path}: the output format comes from the file name's extension "
                        f"({', '.join(WRITERS)}); without -o, run prints a summary")
    if not outputs:
        raise GrogError(f"error: the program names no outputs (attr.output); nothing to write to {path}")
    writer(path, graph, outputs)


# ---- the terminal summary (grogc run without -o) ------------------------------------


def _cell(value) -> str:
    if isinstance(value, (float, np.floating)):
        return f"{float(value):.6g}"
    if isinstance(value, (bool, np.bool_)):
        return "true" if value else "false"
    return str(value)


def summary_lines(graph, outputs: Mapping[str, Any]) -> list[str]:
    """The graph, then one line per output: scalars their value; vectors
    min / max / mean (numbers) or the count of true (bool).  A program
    without outputs gets the line NO_OUTPUTS instead."""
    lines = [f"graph: n = {graph.n}, edges = {graph.num_edges}, {'directed' if graph.directed else 'undirected'}"]
    if not outputs:
        return lines + [NO_OUTPUTS]
    vectors, scalars = split_outputs(outputs)
    for name, value in scalars.items():
        lines.append(f"{name} = {_cell(value)}")
    for name, arr in vectors.items():
        if arr.dtype == np.bool_:
            lines.append(f"{name}: {int(arr.sum())} of {len(arr)} true")
        elif len(arr):
            lines.append(f"{name}: min {_cell(arr.min())}, max {_cell(arr.max())}, mean {_cell(arr.mean())}, "
                         f"{len(np.unique(arr))} distinct")
        else:
            lines.append(f"{name}: (no nodes)")
    return lines


def top_rows_table(graph, outputs: Mapping[str, Any], rows: int = 10):
    """A rich Table of the first `rows` nodes (original ids) and every vector
    output, or None when there is no vector output (or no node) to show."""
    from rich.table import Table

    vectors, _ = split_outputs(outputs)
    if not vectors or graph.n == 0:
        return None
    title = f"first {min(rows, graph.n)} of {graph.n} nodes"
    table = Table(title=title, min_width=len(title) + 4)  # a narrow table must not wrap its title
    table.add_column("node", justify="right")
    for name in vectors:
        table.add_column(name, justify="right")
    for i in range(min(rows, graph.n)):
        table.add_row(str(int(graph.node_ids[i])), *(_cell(v[i]) for v in vectors.values()))
    return table
