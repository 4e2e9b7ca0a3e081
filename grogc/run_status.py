"""`grogc run`'s sign of life: a spinner with the loop round and the elapsed time.

The C runtime publishes the current round of the outermost running loop in
the run's grog_control (binding/run_control.py); this reads it a few times a
second.  On a terminal it is a rich spinner shown once the run has lasted
``delay`` seconds (like graph/progress.DelayedStatus, which it extends);
forced (`--progress`) it shows from the start, and when stderr is not a
terminal it prints a plain line every ``every`` seconds instead.
"""

from __future__ import annotations

import sys
import time

from grogc.graph.progress import DelayedStatus


class RunStatus(DelayedStatus):
    """Context manager: "MESSAGE: round R, T s" on stderr while a run lasts."""

    def __init__(self, message: str, control, force: bool = False, delay: float = 1.0, every: float = 1.0) -> None:
        tty = sys.stderr.isatty()
        super().__init__(message, 0.0 if force else delay, enabled=force or tty)
        self.control = control
        self.lines = force and not tty  # a pipe or a file: plain lines, no spinner
        self.every = every
        self._start = time.monotonic()

    def text(self) -> str:
        """What the spinner (or a progress line) says now."""
        r = self.control.round
        where = f"round {r:,}" if r else "not in a loop"
        return f"{self.message}: {where}, {time.monotonic() - self._start:.1f} s"

    def _show(self) -> None:
        if self._done.wait(self.delay):
            return
        if self.lines:
            while True:
                print(self.text(), file=sys.stderr, flush=True)
                if self._done.wait(self.every):
                    return
        from rich.console import Console

        with Console(stderr=True).status(self.text()) as status:
            while not self._done.wait(0.2):
                status.update(self.text())
