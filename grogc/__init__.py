"""grogc: a compiler for graph algorithms.

GIR text goes in, a verified and optimised plan comes out, and a small C
runtime executes the whole plan over a CSR graph in one foreign call.
"""

import os

__version__ = "0.1.0"

# The C runtime's OpenMP workers must wait passively, never spin: on a shared
# 2-core machine a spinning team slows everything else down (DESIGN.md §6).
# libgomp reads this once, when the runtime library is loaded, which may
# happen through grogc.graph or grogc.binding: so it is set here, first.
os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")

# Lazy exports: `import grogc` stays fast; the first use imports the backend.
_LAZY = {
    "compile": ("grogc.driver.api", "compile"),
    "Plan": ("grogc.backend.plan", "Plan"),
    "Graph": ("grogc.graph", "Graph"),
    "AlgorithmBuilder": ("grogc.builder", "AlgorithmBuilder"),
    "PartitionedGraph": ("grogc.distributed", "PartitionedGraph"),
}
__all__ = ["__version__", *_LAZY]


def __getattr__(name: str):
    if name in _LAZY:
        import importlib

        module, attr = _LAZY[name]
        value = getattr(importlib.import_module(module), attr)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'grogc' has no attribute {name!r}")
