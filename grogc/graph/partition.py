"""Split a graph into P node ranges balanced by edges (`grogc graph partition`).

Part p owns nodes lo_p..hi_p-1.  The cuts put about (in-arcs + out-arcs) / P
arcs in each part, counting a node's in- and out-rows, because those are
what a part's pulls walk.  Everything a part needs is in its own file
(grogc/graph/part_format.py): its rows with global ids, its ghosts (remote
nodes its rows name) and, for every other part, which of its own nodes that
part reads, so the executor sends exactly the ghost values, never vectors.
"""

from __future__ import annotations

import hashlib
import uuid
from pathlib import Path

import numpy as np

from grogc.errors import GrogError
from grogc.fileio import write_bytes_atomic
from grogc.graph.part_format import (DIR_NEEDS, FLAG_IN, FLAG_OUT, MANIFEST_FORMAT, NODE_IDS_FILE, PART_VERSION, PartData,
                                     write_manifest, write_part)


def edge_balanced_bounds(graph, parts: int) -> np.ndarray:
    """int64[parts + 1]: 0 = b_0 <= ... <= b_P = n, each range holding about
    an equal share of in- plus out-arcs (ties broken by node count)."""
    if parts < 1:
        raise GrogError(f"error: --parts must be at least 1, got {parts}")
    n = graph.n
    # a node's weight is its arcs plus one, so a graph without edges still splits by nodes
    cum = (np.asarray(graph.out_offsets[1:], dtype=np.int64) + np.asarray(graph.in_offsets[1:], dtype=np.int64)
           + np.arange(1, n + 1, dtype=np.int64))
    total = int(cum[-1]) if n else 0
    targets = [(total * i + parts - 1) // parts for i in range(1, parts)]
    cuts = np.searchsorted(cum, targets, side="left") + 1 if n else np.zeros(parts - 1, dtype=np.int64)
    bounds = np.concatenate([[0], np.minimum(cuts, n), [n]]).astype(np.int64)
    return np.maximum.accumulate(bounds)


def _rows(offsets, idx, weights, lo: int, hi: int):
    a, b = int(offsets[lo]), int(offsets[hi])
    off = np.asarray(offsets[lo:hi + 1], dtype=np.int64) - a
    ids = np.asarray(idx[a:b], dtype=np.int64)
    w = None if weights is None else np.asarray(weights[a:b], dtype=np.float64)
    return off, ids, w


def partition_graph(graph, parts: int, folder: str | Path) -> dict:
    """Write `graph` as `parts` part files and a manifest into `folder`
    (created if needed); returns the manifest."""
    folder = Path(folder)
    if folder.exists() and not folder.is_dir():
        raise GrogError(f"error: cannot write {folder}: it is not a folder")
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as err:
        raise GrogError(f"error: cannot create {folder}: {err.strerror or err}") from None
    bounds = edge_balanced_bounds(graph, parts)
    pid = uuid.uuid4().hex
    rows, ghosts, flags = [], [], []
    for p in range(parts):
        lo, hi = int(bounds[p]), int(bounds[p + 1])
        out = _rows(graph.out_offsets, graph.out_targets, graph.out_weights, lo, hi)
        inn = _rows(graph.in_offsets, graph.in_sources, graph.in_weights, lo, hi)
        rows.append((out, inn))
        named = np.concatenate([inn[1], out[1]])
        remote = (named < lo) | (named >= hi)
        bits = np.concatenate([np.full(len(inn[1]), FLAG_IN, np.uint8), np.full(len(out[1]), FLAG_OUT, np.uint8)])
        g, inverse = np.unique(named[remote], return_inverse=True)
        f = np.zeros(len(g), dtype=np.uint8)
        np.bitwise_or.at(f, inverse, bits[remote])
        ghosts.append(g)
        flags.append(f)
    entries = []
    for p in range(parts):
        lo, hi = int(bounds[p]), int(bounds[p + 1])
        send_idx, send_flags, send_off = [], [], [0]
        for q in range(parts):
            if q == p:
                send_idx.append(np.zeros(0, np.int64))
                send_flags.append(np.zeros(0, np.uint8))
            else:
                a, b = np.searchsorted(ghosts[q], [lo, hi])
                send_idx.append(ghosts[q][a:b] - lo)
                send_flags.append(flags[q][a:b])
            send_off.append(send_off[-1] + len(send_idx[-1]))
        (out_off, out_ids, out_w), (in_off, in_ids, in_w) = rows[p]
        arrays = {"out_offsets": out_off, "out_targets": out_ids, "in_offsets": in_off, "in_sources": in_ids,
                  "ghosts": ghosts[p], "ghost_flags": flags[p], "send_offsets": np.array(send_off, np.int64),
                  "send_index": np.concatenate(send_idx), "send_flags": np.concatenate(send_flags)}
        if graph.weighted:
            arrays["out_weights"], arrays["in_weights"] = out_w, in_w
        data = PartData(pid, p, parts, lo, hi, graph.n, graph.num_edges, bool(graph.directed), bool(graph.weighted),
                        arrays)
        name = f"part-{p}.grogpart"
        digest = write_part(folder / name, data)
        sf = np.concatenate(send_flags)
        entries.append({"part": p, "file": name, "lo": lo, "hi": hi, "sha256": digest,
                        "arcs": len(out_ids) + len(in_ids), "ghosts": len(ghosts[p]),
                        # values part p sends per exchange, by the pull's direction
                        "sends": {d: int(np.count_nonzero(sf & need)) for d, need in DIR_NEEDS.items()},
                        "sends_to": {d: [int(np.count_nonzero(f & need)) for f in send_flags]
                                     for d, need in DIR_NEEDS.items()}})
    ids = np.ascontiguousarray(graph.node_ids, dtype="<i8").tobytes()
    write_bytes_atomic(folder / NODE_IDS_FILE, ids)
    manifest = {"format": MANIFEST_FORMAT, "version": PART_VERSION, "partition_id": pid, "n": graph.n,
                "m": graph.m, "num_edges": graph.num_edges, "directed": bool(graph.directed),
                "weighted": bool(graph.weighted),
                "node_ids": {"file": NODE_IDS_FILE, "sha256": hashlib.sha256(ids).hexdigest()},
                "parts": entries}
    write_manifest(folder, manifest)
    return manifest
