"""What an importer is asked to do, and what it hands back."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class ImportOptions:
    """User choices for `grogc graph import` (all default to the strict, common case)."""

    undirected: bool = False  # store every edge both ways, whatever the file says
    weighted: bool = False  # require a weight column (an error when the input has none)
    keep_multi: bool = False  # keep parallel edges instead of merging them (minimum weight)
    drop_self_loops: bool = False  # leave out edges v -> v
    allow_negative_weights: bool = False  # accept weights below zero
    csv_src: str = "src"  # CSV column names
    csv_dst: str = "dst"
    csv_weight: str = "weight"  # used when present in the header (required with weighted)
    csv_header: bool | None = None  # None: detect (a first line of integers is data)


@dataclass
class EdgeData:
    """Edges in original ids as read from a file, before the CSR is built."""

    src: np.ndarray  # int64 original ids
    dst: np.ndarray  # int64 original ids
    weight: np.ndarray | None  # float64, or None when the input has no weights
    directed: bool  # what the file says (or the format's default)
    nodes: np.ndarray | None = None  # vertices that exist even without edges
