"""builder.compile(): the builder's IR through the one compile path.

The builder's verified Function goes to grogc.driver.api.compile_function,
the function `grogc.compile` calls after parsing: the same passes, the same
lowering, the same Plan.  The builder's source locations are the user's
Python lines.
"""

from __future__ import annotations

from grogc.ir.core import Module


def compile_builder_module(module: Module, opt_level: int = 2, passes: str | None = None, **options):
    """The Plan for the module's function, as grogc.compile makes it for the
    same program (options are compile_function's: verify_each, timing, ...)."""
    from grogc.driver.api import compile_function

    (fn,) = module.functions
    return compile_function(fn, opt_level=opt_level, passes=passes, **options)
