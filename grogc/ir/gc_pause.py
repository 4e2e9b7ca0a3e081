"""`cycle_collector_paused()`: run a compile stage with Python's cyclic
garbage collector off.

Every compile stage allocates many small objects that live until the stage
ends (ops, values, tokens, index entries); the collector, triggered by the
allocation count, would only rescan them again and again: about 15% of the
time of a 20,000-op compile (docs/benchmarks.md, compile scale).  Reference
counting still frees what is not in a cycle; the cycles left (a discarded
op and its values point at each other) are collected after the stage.
"""

from __future__ import annotations

import gc
from contextlib import contextmanager
from typing import Iterator


@contextmanager
def cycle_collector_paused() -> Iterator[None]:
    """Disable the cyclic collector for the block; restore its state after
    (a caller that had it off keeps it off)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
