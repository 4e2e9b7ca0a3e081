"""grogc: a compiler for graph algorithms.

GIR text goes in, a verified and optimised plan comes out, and a small C
runtime executes the whole plan over a CSR graph in one foreign call.
"""

__version__ = "0.1.0"

# Lazy exports: `import grogc` stays fast; the first use imports the backend.
_LAZY = {
    "compile": ("grogc.backend.api", "compile"),
    "Plan": ("grogc.backend.plan", "Plan"),
    "Graph": ("grogc.graph", "Graph"),
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
