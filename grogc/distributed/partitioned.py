"""PartitionedGraph: the client's view of a partition folder.

It reads only the manifest (and, when a run needs them, the original node
ids); the part files are read by the workers, each its own.  `Plan.run(pg,
client=client)` calls `pg.run_plan`.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np

from grogc.errors import GrogError
from grogc.graph.part_format import read_manifest, read_node_ids


class PartitionedGraph:
    """A graph split into parts by `grogc graph partition`.

    n, m, num_edges, directed, weighted: of the whole graph; parts: P;
    bounds: [lo_0, ..., lo_P = n]; node_ids: original ids (loaded on use);
    retries: how often a run starts again when a part is lost mid-run.
    """

    def __init__(self, folder: Path, manifest: dict):
        self.folder = Path(folder)
        self.manifest = manifest
        self.partition_id = manifest["partition_id"]
        self.n, self.m, self.num_edges = manifest["n"], manifest["m"], manifest["num_edges"]
        self.directed, self.weighted = bool(manifest["directed"]), bool(manifest["weighted"])
        self.parts = len(manifest["parts"])
        self.bounds = [0] + [p["hi"] for p in manifest["parts"]]
        self._node_ids: np.ndarray | None = None
        self.retries = 1

    @classmethod
    def load(cls, folder: str | Path) -> "PartitionedGraph":
        return cls(Path(folder), read_manifest(Path(folder)))

    def __repr__(self) -> str:
        return f"PartitionedGraph({self.folder}, n={self.n}, m={self.m}, parts={self.parts})"

    @property
    def node_ids(self) -> np.ndarray:
        if self._node_ids is None:
            self._node_ids = read_node_ids(self.folder, self.manifest)
        return self._node_ids

    def part_size(self, p: int) -> int:
        return self.bounds[p + 1] - self.bounds[p]

    def exchanged_values(self, direction: str) -> int:
        """Ghost values all parts send for one pull in `direction`."""
        return sum(e["sends"][direction] for e in self.manifest["parts"])

    def sends_to(self, p: int, direction: str) -> list[int]:
        """The parts part p sends ghost values to for a pull in `direction`."""
        counts = self.manifest["parts"][p]["sends_to"][direction]
        return [q for q, c in enumerate(counts) if c > 0]

    def run_plan(self, plan_data: dict, params: dict, attrs: dict, *, client=None, threads: int = 0,
                 profile=None) -> dict[str, Any]:
        """Raw outputs of a plan run on `client` (Plan.run's partitioned path)."""
        if client is None:
            raise GrogError("error: a PartitionedGraph runs on a Dask cluster: pass client=dask.distributed.Client(...)")
        from grogc.distributed.driver import run_partitioned

        return run_partitioned(self, plan_data, client, params, attrs, threads=threads, profile=profile,
                               retries=self.retries)
