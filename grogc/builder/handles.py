"""`Handle`: a builder value that overloads Python's operators.

A handle wraps one IR `Value` (an op's result, a loop variable or a
parameter) of the builder that made it.  Arithmetic, comparison and logical
operators emit the matching GIR op into the block being built; a Python
number on either side becomes a constant (see coerce.py).

`==` and `!=` are deliberately NOT overloaded: a handle stays an ordinary
hashable Python object (usable in dicts, sets and `in` tests), and GIR
equality is spelled `x.eq(y)` / `x.ne(y)`.  So that `x == y` cannot slip
silently into a program as a Python bool, a handle refuses a truth value
(`if x:` raises) and conditions (select, while) must be handles.
"""

from __future__ import annotations

from grogc.builder.errors import BuilderTypeError
from grogc.ir.core import Value
from grogc.ir.types import Type
from grogc.ops import OPS, OpDef

# Annotations name "AlgorithmBuilder" (grogc.builder.builder) without importing
# it: that module imports this one, and grogc/ has no import cycles.


class Handle:
    """`value` is the IR value; `builder` the AlgorithmBuilder owning it."""

    __slots__ = ("builder", "value")

    def __init__(self, builder: "AlgorithmBuilder", value: Value):
        self.builder = builder
        self.value = value

    # ---- what it is -------------------------------------------------------------

    @property
    def type(self) -> Type:
        return self.value.type

    @property
    def dtype(self) -> str:
        return self.value.type.dtype

    @property
    def is_vector(self) -> bool:
        return self.value.type.is_vector

    @property
    def name(self) -> str | None:
        """The name given by the user (or a loop keyword), None if generated later."""
        return self.value.name or None

    def named(self, name: str) -> "Handle":
        """Give this value a name in the IR (`%name`); returns the handle."""
        self.builder.name(self, name)
        return self

    def __repr__(self) -> str:
        return f"<Handle %{self.value.name or '?'}: {self.value.type}>"

    def __bool__(self) -> bool:
        raise BuilderTypeError(
            f"a {self.type} handle has no Python truth value: it is known only when the plan runs"
            " (use b.select(cond, a, b) or a loop condition; compare with .eq()/.ne(), not ==/!=)"
        )

    # ---- arithmetic -------------------------------------------------------------

    def __add__(self, other):
        return self.builder.add(self, other)

    def __radd__(self, other):
        return self.builder.add(other, self)

    def __sub__(self, other):
        return self.builder.sub(self, other)

    def __rsub__(self, other):
        return self.builder.sub(other, self)

    def __mul__(self, other):
        return self.builder.mul(self, other)

    def __rmul__(self, other):
        return self.builder.mul(other, self)

    def __truediv__(self, other):
        return self.builder.truediv(self, other)

    def __rtruediv__(self, other):
        return self.builder.truediv(other, self)

    def __floordiv__(self, other):
        return self.builder.floordiv(self, other)

    def __rfloordiv__(self, other):
        return self.builder.floordiv(other, self)

    def __pow__(self, other):
        return self.builder.pow(self, other)

    def __rpow__(self, other):
        return self.builder.pow(other, self)

    def __neg__(self):
        return self.builder.neg(self)

    def __pos__(self):
        return self

    def __abs__(self):
        return self.builder.abs(self)

    # ---- comparisons (bool results) ---------------------------------------------

    def __lt__(self, other):
        return self.builder.lt(self, other)

    def __le__(self, other):
        return self.builder.le(self, other)

    def __gt__(self, other):
        return self.builder.gt(self, other)

    def __ge__(self, other):
        return self.builder.ge(self, other)

    def eq(self, other, name: str | None = None) -> "Handle":
        return self.builder.eq(self, other, name=name)

    def ne(self, other, name: str | None = None) -> "Handle":
        return self.builder.ne(self, other, name=name)

    # ---- logic (bool operands) --------------------------------------------------

    def __and__(self, other):
        return self.builder.and_(self, other)

    def __rand__(self, other):
        return self.builder.and_(other, self)

    def __or__(self, other):
        return self.builder.or_(self, other)

    def __ror__(self, other):
        return self.builder.or_(other, self)

    def __invert__(self):
        return self.builder.not_(self)

    # ---- element-wise functions -------------------------------------------------

    def minimum(self, other, name: str | None = None) -> "Handle":
        return self.builder.minimum(self, other, name=name)

    def maximum(self, other, name: str | None = None) -> "Handle":
        return self.builder.maximum(self, other, name=name)

    def sqrt(self, name: str | None = None) -> "Handle":
        return self.builder.sqrt(self, name=name)

    def exp(self, name: str | None = None) -> "Handle":
        return self.builder.exp(self, name=name)

    def log(self, name: str | None = None) -> "Handle":
        return self.builder.log(self, name=name)

    def floor(self, name: str | None = None) -> "Handle":
        return self.builder.floor(self, name=name)

    def recip(self, name: str | None = None) -> "Handle":
        return self.builder.recip(self, name=name)

    def cast(self, dtype: str, name: str | None = None) -> "Handle":
        return self.builder.cast(self, dtype, name=name)

    def fill(self, name: str | None = None) -> "Handle":
        return self.builder.fill(self, name=name)

    def pull(self, agg: str, dir: str = "in", weight: str = "none", gate=None, name: str | None = None) -> "Handle":
        return self.builder.pull(self, agg, dir=dir, weight=weight, gate=gate, name=name)

    # ---- reductions (node vector -> scalar) -------------------------------------

    def sum(self, name: str | None = None) -> "Handle":
        return self.builder.reduce(self, "sum", name=name)

    def min(self, name: str | None = None) -> "Handle":
        return self.builder.reduce(self, "min", name=name)

    def max(self, name: str | None = None) -> "Handle":
        return self.builder.reduce(self, "max", name=name)

    def count(self, name: str | None = None) -> "Handle":
        return self.builder.reduce(self, "count", name=name)

    def any(self, name: str | None = None) -> "Handle":
        return self.builder.reduce(self, "any", name=name)

    def all(self, name: str | None = None) -> "Handle":
        return self.builder.reduce(self, "all", name=name)


def _method(d: OpDef):
    """x.op(...) for an element-wise op: the builder's method with x first."""
    method_name = d.builder
    if d.arity == (1, 1):
        def method(self, name: str | None = None) -> "Handle":
            return getattr(self.builder, method_name)(self, name=name)
    else:
        def method(self, other, name: str | None = None) -> "Handle":
            return getattr(self.builder, method_name)(self, other, name=name)
    method.__name__ = method.__qualname__ = method_name
    method.__doc__ = f"`{d.name}`: {d.summary}"
    return method


# Every unary and binary element-wise op is a method of its operand too (x.sqrt(),
# x.minimum(y)), from its record; those written above keep their own definitions.
for _d in OPS.values():
    if _d.cls == "elementwise" and _d.dtypes and _d.arity in ((1, 1), (2, 2)) and _d.builder \
            and _d.builder not in vars(Handle):
        setattr(Handle, _d.builder, _method(_d))
