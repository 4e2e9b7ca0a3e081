"""IR types: scalar element types and node vectors of them (GIR.md, Types).

Types are frozen dataclasses: compare them with `==` (two equal types need
not be the same object), and they can be dictionary keys.  `node` exists only as a parameter type; inside a function a
node parameter is an `i64` internal id.
"""

from __future__ import annotations

from dataclasses import dataclass

ELEMENT_TYPES = ("f64", "i64", "bool")
NUMERIC = ("f64", "i64")


@dataclass(frozen=True)
class Type:
    """`dtype` is the element type; `is_vector` says one value per node."""

    dtype: str
    is_vector: bool = False

    def __str__(self) -> str:
        return f"nodes<{self.dtype}>" if self.is_vector else self.dtype

    @property
    def is_scalar(self) -> bool:
        return not self.is_vector

    def with_dtype(self, dtype: str) -> "Type":
        return Type(dtype, self.is_vector)

    def as_vector(self) -> "Type":
        return Type(self.dtype, True)

    def as_scalar(self) -> "Type":
        return Type(self.dtype, False)


F64, I64, BOOL = Type("f64"), Type("i64"), Type("bool")
NODES_F64, NODES_I64, NODES_BOOL = Type("f64", True), Type("i64", True), Type("bool", True)

# Parameter types: the scalars plus `node` (an original id, an i64 inside).
PARAM_TYPES = {"f64": F64, "i64": I64, "bool": BOOL, "node": I64}


def parse_type(text: str) -> Type:
    """`f64` or `nodes<f64>` to a Type; ValueError names what is wrong."""
    text = text.strip()
    if text.startswith("nodes<") and text.endswith(">"):
        inner = text[6:-1].strip()
        if inner in ELEMENT_TYPES:
            return Type(inner, True)
    elif text in ELEMENT_TYPES:
        return Type(text)
    raise ValueError(f"unknown type '{text}'")
