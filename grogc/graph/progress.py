"""Progress for long work: rich, on stderr, only on a terminal.

``ProgressBar`` is a callable ``(done, total)`` the importers and generators
call; it draws nothing until the work has run for ``delay`` seconds, and
nothing at all when stderr is not a terminal (piped output stays clean).
``DelayedStatus`` is for work that cannot report progress (one call into
the C runtime, which releases the GIL): a spinner with a message, shown only
if the work is still running after ``delay`` seconds.
"""

from __future__ import annotations

import sys
import threading
import time

# rich is imported only when something is drawn: piped runs never load it.


class ProgressBar:
    """Callable progress sink that shows a transient bar after ``delay`` seconds."""

    def __init__(self, description: str, delay: float = 1.0, enabled: bool | None = None) -> None:
        self.description = description
        self.delay = delay
        self.enabled = sys.stderr.isatty() if enabled is None else enabled
        self._start = time.monotonic()
        self._bar = None  # a rich Progress, once drawn
        self._task = None

    def __call__(self, done: int, total: int) -> None:
        if not self.enabled:
            return
        if self._bar is None:
            if time.monotonic() - self._start < self.delay:
                return
            from rich.console import Console
            from rich.progress import BarColumn, Progress, TaskProgressColumn, TextColumn, TimeRemainingColumn

            self._bar = Progress(TextColumn("{task.description}"), BarColumn(), TaskProgressColumn(),
                                 TimeRemainingColumn(), console=Console(stderr=True), transient=True)
            self._bar.start()
            self._task = self._bar.add_task(self.description, total=max(total, 1))
        self._bar.update(self._task, completed=done, total=max(total, 1))

    def close(self) -> None:
        if self._bar is not None:
            self._bar.stop()
            self._bar = None

    def __enter__(self) -> "ProgressBar":
        return self

    def __exit__(self, *exc) -> None:
        self.close()


class DelayedStatus:
    """Context manager: a spinner on stderr after ``delay`` seconds, on a terminal only."""

    def __init__(self, message: str, delay: float = 1.0, enabled: bool | None = None) -> None:
        self.message = message
        self.delay = delay
        self.enabled = sys.stderr.isatty() if enabled is None else enabled
        self._done = threading.Event()
        self._thread: threading.Thread | None = None

    def _show(self) -> None:
        if self._done.wait(self.delay):
            return
        from rich.console import Console

        with Console(stderr=True).status(self.message):
            self._done.wait()

    def __enter__(self) -> "DelayedStatus":
        if self.enabled:
            self._thread = threading.Thread(target=self._show, daemon=True)
            self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._done.set()
        if self._thread is not None:
            self._thread.join()
