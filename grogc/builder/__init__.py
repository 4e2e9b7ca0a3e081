"""The Python front end: write a GIR algorithm with AlgorithmBuilder.

Both front ends meet in the same IR: the builder creates exactly the IR the
GIR parser creates for the equivalent text (docs/builder.md).
"""

from grogc.builder.builder import AlgorithmBuilder, AttrNamespace
from grogc.ir.compare import function_difference, module_difference
from grogc.builder.errors import BuilderError, BuilderTypeError, BuilderValueError
from grogc.builder.handles import Handle
from grogc.builder.loops import Loop, LoopResults

__all__ = [
    "AlgorithmBuilder", "AttrNamespace", "BuilderError", "BuilderTypeError", "BuilderValueError",
    "Handle", "Loop", "LoopResults", "function_difference", "module_difference",
]
