"""builder.compile(): the builder's IR through the one compile path.

The builder's Module goes to grogc.backend.api.compile_module when the
backend offers it (the IR itself, with the user's Python lines as source
locations); otherwise its canonical GIR text, the IR's own serialization, goes
to grogc.backend.api.compile, which is what `grogc compile` runs.
"""

from __future__ import annotations

from grogc.errors import GrogError
from grogc.ir.core import Module
from grogc.ir.printer import print_module


def compile_builder_module(module: Module, opt_level: int = 2, passes: str | None = None, **options):
    """The Plan for module, as grogc.compile makes it for the same program."""
    try:
        from grogc.backend import api
    except ImportError as err:
        raise GrogError(f"error: cannot compile: the compiler back end is not installed ({err})") from None
    compile_module = getattr(api, "compile_module", None)
    if compile_module is not None:
        return compile_module(module, opt_level=opt_level, passes=passes, **options)
    return api.compile(print_module(module), opt_level=opt_level, passes=passes, **options)
