"""NetworkX's `networkx.backends` entry point: the backend interface object.

NetworkX looks functions up on it by name, converts graphs with
convert_from_nx / convert_to_nx, asks can_run before each call and, when
running its own test suite through a backend, calls on_start_tests.
"""

from __future__ import annotations

import importlib

from grogc.nx_backend import FUNCTIONS
from grogc.nx_backend.can_run import reason_not_to_run
from grogc.nx_backend.graph import convert_from_nx, convert_to_nx


class BackendInterface:
    """One attribute per dispatched function (FUNCTIONS), plus NetworkX's hooks."""

    convert_from_nx = staticmethod(convert_from_nx)
    convert_to_nx = staticmethod(convert_to_nx)

    def __init__(self):
        for name, (module, _) in FUNCTIONS.items():
            func = getattr(importlib.import_module(f"grogc.nx_backend.{module}"), name)
            setattr(self, name, func)

    def can_run(self, name, args, kwargs):
        reason = reason_not_to_run(getattr(self, name), name, args, kwargs)
        return True if reason is None else reason

    def should_run(self, name, args, kwargs):
        return True

    @staticmethod
    def on_start_tests(items):
        from grogc.nx_backend.testing import mark_known_differences

        mark_known_differences(items)


backend_interface = BackendInterface()
