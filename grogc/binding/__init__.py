"""The runtime binding: the cffi build of runtime_c/ (build_runtime.py), the
header generated from the op records (c_header.py), the plan encoder
(encoder.py) and the one-call wrapper (runtime.py)."""
