"""grogc: a compiler for graph algorithms.

GIR text goes in, a verified and optimised plan comes out, and a small C
runtime executes the whole plan over a CSR graph in one foreign call.
"""

__version__ = "0.1.0"
