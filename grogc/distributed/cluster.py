"""`--scheduler ADDRESS|local:N`: a Dask client for one run.

`local:N` starts a LocalCluster of N worker processes, one thread each, on
the loopback interface only (its dashboard too, on a free port); anything else is the address
of a running scheduler (tcp://host:8786).  The context manager closes what
it opened.
"""

from __future__ import annotations

import re
from contextlib import contextmanager
from typing import Iterator

from grogc.errors import GrogError

_LOCAL = re.compile(r"^local:(\d+)$")


def _dask():
    try:
        from dask.distributed import Client, LocalCluster
    except ImportError:
        raise GrogError("error: --scheduler needs dask.distributed: pip install 'grogc[distributed]'") from None
    return Client, LocalCluster


@contextmanager
def dask_client(scheduler: str) -> Iterator:
    """A connected dask.distributed Client for `scheduler` (connecting waits
    as long as Dask's `distributed.comm.timeouts.connect` setting says)."""
    Client, LocalCluster = _dask()
    m = _LOCAL.match(scheduler)
    if scheduler.startswith("local") and not m:
        raise GrogError(f"error: --scheduler expects ADDRESS or local:N (N worker processes), got '{scheduler}'")
    if m:
        workers = int(m.group(1))
        if not 1 <= workers <= 64:
            raise GrogError(f"error: --scheduler local:N needs 1 <= N <= 64, got {workers}")
        cluster = LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, host="127.0.0.1",
                               dashboard_address="127.0.0.1:0")
        try:
            with Client(cluster) as client:
                yield client
        finally:
            cluster.close()
        return
    import dask

    try:
        client = Client(scheduler, timeout=dask.config.get("distributed.comm.timeouts.connect"))
    except (OSError, TimeoutError, ValueError) as err:
        raise GrogError(f"error: cannot reach the Dask scheduler at {scheduler}: {err}") from None
    try:
        yield client
    finally:
        client.close()
