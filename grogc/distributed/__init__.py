"""Running plans on a dask.distributed cluster over a partitioned graph.

    pg = grogc.PartitionedGraph.load("parts/")      # `grogc graph partition`
    out = plan.run(pg, client=client, alpha=0.9)

See docs/distributed.md.  Dask is needed only to run (grogc[distributed]).
"""

from grogc.distributed.partitioned import PartitionedGraph

__all__ = ["PartitionedGraph"]
