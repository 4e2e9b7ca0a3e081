"""A pytest plugin for running NetworkX's own tests through grogc: it counts,
from NetworkX's dispatch log (DEBUG level), how many calls really ran in
the grogc backend and how many fell back to NetworkX, per function, and
writes them as JSON to $GROGC_NX_DISPATCH_LOG at the end of the session.

    NETWORKX_TEST_BACKEND=grogc NETWORKX_FALLBACK_TO_NX=True \\
        pytest -p nx_dispatch_count --pyargs networkx.algorithms.link_analysis
"""

from __future__ import annotations

import json
import logging
import os
from collections import Counter


class DispatchCounter(logging.Handler):
    """Counts NetworkX's "Using backend 'grogc' for call to F" (ran in
    grogc) and "Falling back to use 'networkx' instead of 'grogc'" (declined
    by can_run or not implemented) records, by function name."""

    def __init__(self):
        super().__init__(logging.DEBUG)
        self.ran: Counter = Counter()
        self.fell_back: Counter = Counter()

    def emit(self, record: logging.LogRecord) -> None:
        msg, args = str(record.msg).replace("`%s'", "'%s'"), record.args or ()  # NetworkX 3.4 quotes `name'
        if msg.startswith("Using backend '%s' for call to '%s'") and args and args[0] == "grogc":
            self.ran[args[1]] += 1
        elif msg.startswith("Falling back to use 'networkx' instead of '%s'") and args and args[0] == "grogc":
            self.fell_back[args[1]] += 1


_COUNTER = DispatchCounter()


def pytest_configure(config):
    logger = logging.getLogger("networkx")
    logger.setLevel(logging.DEBUG)
    logger.addHandler(_COUNTER)


def pytest_sessionfinish(session, exitstatus):
    path = os.environ.get("GROGC_NX_DISPATCH_LOG")
    if path:
        with open(path, "w") as f:
            json.dump({"ran": dict(_COUNTER.ran), "fell_back": dict(_COUNTER.fell_back)}, f, indent=1, sort_keys=True)


def pytest_terminal_summary(terminalreporter):
    ran, back = sum(_COUNTER.ran.values()), sum(_COUNTER.fell_back.values())
    terminalreporter.write_line(f"grogc backend: {ran} calls ran in grogc ({len(_COUNTER.ran)} functions), "
                                f"{back} fell back to NetworkX")
