"""The small enums shared by the IR's attributes and the plan's attr0..attr2
and slot descriptors.  The index of a name is its number in the plan and in
C (runtime_c/grog_opcodes.h is generated from these tuples)."""

from __future__ import annotations

DTYPES = ("f64", "i64", "bool")
NUMERIC = ("f64", "i64")
SLOT_KINDS = ("scalar", "vector", "block")  # block: a block-local temporary inside a fused body
AGGS = ("sum", "mean", "min", "max", "count", "or", "and", "mode")
DIRS = ("in", "out", "all")
WEIGHT_MODES = ("none", "mul", "add")
REDUCE_OPS = ("sum", "min", "max", "count", "any", "all")
BOOLS = (False, True)

# C enum prefix -> names (each gets a _N sentinel: "count" is itself a member of some enums)
ENUMS = {
    "GROG_DTYPE": DTYPES,
    "GROG_SLOT": SLOT_KINDS,
    "GROG_AGG": AGGS,
    "GROG_DIR": DIRS,
    "GROG_WEIGHT": WEIGHT_MODES,
    "GROG_REDUCE": REDUCE_OPS,
}
