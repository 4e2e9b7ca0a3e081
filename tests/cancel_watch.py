"""A watcher thread that cancels a run once its progress counter shows it
is under way: the cancel tests' way of stopping a run midway."""

from __future__ import annotations

import threading
import time


def cancel_after_rounds(ctl, rounds: int, *, poll: float = 0.001, wait: float = 60.0) -> tuple[threading.Thread, list]:
    """Start a thread that waits until `ctl.round` reaches `rounds` (at most
    `wait` seconds: without progress reports there is nothing to wait for),
    records the round it saw in the returned list, then cancels. Join the
    thread after the run."""
    seen: list = []

    def watch_then_cancel():
        deadline = time.monotonic() + wait
        while ctl.round < rounds and time.monotonic() < deadline:
            time.sleep(poll)
        seen.append(ctl.round)
        ctl.cancel()

    watcher = threading.Thread(target=watch_then_cancel)
    watcher.start()
    return watcher, seen
