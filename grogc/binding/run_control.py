"""Stopping and watching a run of the C runtime (docs/runtime.md, "Run control").

One C call runs a whole plan with the GIL released, so Python's own signal
handling cannot stop it: CPython runs a SIGINT handler only when the main
thread is back in the interpreter.  So a run on the main thread (where
signals arrive), or one with a time limit, makes its C call on a helper
thread while the caller waits in an interruptible wait; Ctrl-C or the time
limit sets the cancel flag of the run's ``grog_control``, which the runtime
reads per loop round and per block of work, and the caller then waits for
the C call to return before raising (the C side still uses the caller's
buffers until then).  The helper thread is kept, one per calling thread, so
OpenMP keeps its thread team across runs.

``RunControl`` is what a caller holds: a time limit, ``cancel()``, and the
progress the runtime publishes while it runs (``round``, ``rounds``).
"""

from __future__ import annotations

import concurrent.futures
import math
import threading
import time
from typing import Any, Callable

from grogc.errors import GrogError

# Why a run was cancelled: the value written into grog_control.cancel.
CANCEL_BY_CALLER = 1
CANCEL_INTERRUPT = 2
CANCEL_TIMEOUT = 3


class RunTimeout(GrogError):
    """The run went past its time limit and was stopped."""


class RunCancelled(GrogError):
    """The run was stopped by RunControl.cancel() from another thread."""


def check_timeout(timeout: Any) -> float | None:
    """A time limit in seconds (None: none); GrogError unless finite and > 0."""
    if timeout is None:
        return None
    try:
        value = float(timeout)
    except (TypeError, ValueError):
        raise GrogError(f"error: timeout must be a number of seconds, got {timeout!r}") from None
    if not math.isfinite(value) or value <= 0:
        raise GrogError(f"error: timeout must be a finite number of seconds > 0, got {timeout!r}")
    return value


class RunControl:
    """A run's time limit, cancel switch and progress, usable from any thread.

    ``timeout``: seconds (None: no limit).  While the run is under way,
    ``round`` is the current round of the outermost running loop (from 1;
    0 before the first loop starts), ``rounds`` the rounds every loop has
    started so far, ``elapsed`` the seconds since the C call began.
    """

    def __init__(self, timeout: float | None = None) -> None:
        self.timeout = check_timeout(timeout)
        self._struct = None  # the grog_control of the run under way (cffi), set by attach()
        self._reason = 0     # CANCEL_* once cancelled
        self._started: float | None = None

    def attach(self, struct) -> None:
        """Bind the C struct of a new run (runtime.execute calls this)."""
        self._struct = struct
        self._started = time.monotonic()
        if self._reason:
            struct.cancel = self._reason

    def cancel(self, reason: int = CANCEL_BY_CALLER) -> None:
        """Ask the run to stop; it ends with RunCancelled (or the reason's error)."""
        if not self._reason:
            self._reason = reason
        if self._struct is not None:
            self._struct.cancel = self._reason

    @property
    def reason(self) -> int:
        return self._reason

    @property
    def round(self) -> int:
        return int(self._struct.round) if self._struct is not None else 0

    @property
    def rounds(self) -> int:
        return int(self._struct.rounds) if self._struct is not None else 0

    @property
    def elapsed(self) -> float:
        return 0.0 if self._started is None else time.monotonic() - self._started

    def stopped_error(self) -> GrogError:
        """The error a cancelled run ends with (KeyboardInterrupt for Ctrl-C)."""
        if self._reason == CANCEL_TIMEOUT:
            return RunTimeout(f"error: the run was stopped after its time limit of {self.timeout:g} s "
                              f"(in round {self.round} of its outermost loop)")
        if self._reason == CANCEL_INTERRUPT:
            return KeyboardInterrupt()
        return RunCancelled("error: the run was cancelled")


_helpers = threading.local()


def _helper() -> concurrent.futures.ThreadPoolExecutor:
    """The calling thread's helper thread (kept: OpenMP's team stays with it)."""
    ex = getattr(_helpers, "executor", None)
    if ex is None:
        ex = _helpers.executor = concurrent.futures.ThreadPoolExecutor(1, thread_name_prefix="grogc-run")
    return ex


def _wait_regardless(fut: concurrent.futures.Future) -> None:
    """Wait for the C call to return, whatever signals arrive meanwhile."""
    while True:
        try:
            concurrent.futures.wait([fut])
            return
        except KeyboardInterrupt:
            continue


def call_stoppably(call: Callable[[], Any], control: RunControl) -> Any:
    """call() -- one C call using `control`'s struct -- such that Ctrl-C (on the
    main thread) and the time limit stop it.  Returns call()'s result; after a
    cancel, call() returns its status and the caller asks control why."""
    on_main = threading.current_thread() is threading.main_thread()
    if not on_main and control.timeout is None:
        return call()  # no signal can reach this thread, no limit to keep
    fut = _helper().submit(call)
    deadline = None if control.timeout is None else time.monotonic() + control.timeout
    try:
        while True:
            wait = None if deadline is None else max(deadline - time.monotonic(), 0.0)
            done, _ = concurrent.futures.wait([fut], timeout=wait)
            if done:
                return fut.result()
            control.cancel(CANCEL_TIMEOUT)
            _wait_regardless(fut)
            return fut.result()
    except KeyboardInterrupt:
        control.cancel(CANCEL_INTERRUPT)
        _wait_regardless(fut)
        raise
