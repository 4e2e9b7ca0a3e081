"""The IR's data structures: values, operations, blocks, functions, modules.

An Operation owns its result Values and its regions; a Block (the body of a
region) owns its arguments (a loop's iter_args) and an ordered list of ops.
Values keep the name the source gave them; names are unique per function
(`Function.fresh_name` makes new ones for passes).  Attributes are plain
Python values: bool, int, float or str.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Iterator, Union

from grogc.ir.types import Type

# Loops (control.repeat / control.while) nest at most this deep.  The front
# end, the verifier and every pass walk regions recursively, and the runtime
# validates at most 64 nested bodies (runtime_c/validate.c), which leaves
# room for a fused body inside the innermost loop.  The parser refuses deeper
# nesting with a located error before building anything (docs/gir.md).
MAX_LOOP_NESTING = 32

AttrValue = Union[bool, int, float, str]


@dataclass(frozen=True)
class Loc:
    """A source location: file name, 1-based line and column."""

    file: str
    line: int
    col: int

    def __str__(self) -> str:
        return f"{self.file}:{self.line}:{self.col}"


class Value:
    """An SSA value: an op's result or a block argument."""

    __slots__ = ("name", "type", "owner", "index", "loc")

    def __init__(self, name: str, type: Type, owner, index: int, loc: Loc | None = None):
        self.name = name  # without the leading '%'
        self.type = type
        self.owner = owner  # the defining Operation, Block (argument) or Function (parameter)
        self.index = index  # position among the owner's results / arguments
        self.loc = loc

    def __repr__(self) -> str:
        return f"%{self.name}: {self.type}"


class Operation:
    """One op: `results = name operands {attrs} : result types {regions}`."""

    __slots__ = ("name", "operands", "results", "attrs", "regions", "loc", "parent")

    def __init__(
        self,
        name: str,
        operands: list[Value] | tuple = (),
        result_types: list[Type] | tuple = (),
        result_names: list[str] | tuple = (),
        attrs: dict[str, AttrValue] | None = None,
        regions: list["Block"] | tuple = (),
        loc: Loc | None = None,
    ):
        self.name = name
        self.operands: list[Value] = list(operands)
        names = list(result_names) or [""] * len(result_types)
        self.results: list[Value] = [
            Value(n, t, self, i, loc) for i, (n, t) in enumerate(zip(names, result_types))
        ]
        self.attrs: dict[str, AttrValue] = dict(attrs or {})
        self.regions: list[Block] = list(regions)
        for region in self.regions:
            region.parent_op = self
        self.loc = loc
        self.parent: Block | None = None

    @property
    def dialect(self) -> str:
        return self.name.split(".", 1)[0]

    @property
    def result(self) -> Value:
        (only,) = self.results
        return only

    def walk(self) -> Iterator["Operation"]:
        """This op and every op nested in its regions, in program order."""
        yield self
        for region in self.regions:
            yield from region.walk()

    def __repr__(self) -> str:
        return f"<Operation {self.name} at {self.loc}>"


class Block:
    """A region's single block: arguments (loop-carried values) and ops."""

    __slots__ = ("args", "ops", "parent_op")

    def __init__(self, args: list[Value] | None = None, ops: list[Operation] | None = None):
        self.args: list[Value] = []
        for arg in args or []:
            self.add_arg(arg)
        self.ops: list[Operation] = []
        self.parent_op: Operation | None = None
        for op in ops or []:
            self.append(op)

    def add_arg(self, value: Value) -> Value:
        value.owner, value.index = self, len(self.args)
        self.args.append(value)
        return value

    def append(self, op: Operation) -> Operation:
        op.parent = self
        self.ops.append(op)
        return op

    def walk(self) -> Iterator[Operation]:
        # Operation.walk inlined: no generator per op, only per region
        for op in self.ops:
            yield op
            for region in op.regions:
                yield from region.walk()

    @property
    def terminator(self) -> Operation | None:
        return self.ops[-1] if self.ops else None


@dataclass
class Param:
    """A function parameter: its value inside the body, the declared type
    name (`f64`, `i64`, `bool` or `node`), the default, if any, and the
    declared range: inclusive `min` / `max` bounds (ir/param_range.py)."""

    value: Value
    type_name: str
    default: AttrValue | None = None
    loc: Loc | None = None
    bounds: dict[str, AttrValue] = field(default_factory=dict)

    @property
    def name(self) -> str:
        return self.value.name


@dataclass(eq=False)
class Function:
    """`func @name(params) { body }`."""

    name: str
    params: list[Param]
    body: Block
    loc: Loc | None = None
    _taken: set[str] | None = field(default=None, repr=False)

    def walk(self) -> Iterator[Operation]:
        return self.body.walk()

    def fresh_name(self, hint: str) -> str:
        """A value name not used anywhere in this function, based on `hint`."""
        if self._taken is None:
            self._taken = {p.name for p in self.params}
            for op in self.walk():
                self._taken.update(r.name for r in op.results)
                for region in op.regions:
                    self._taken.update(a.name for a in region.args)
        base = hint.rstrip("0123456789_") or "v"
        if hint not in self._taken:
            self._taken.add(hint)
            return hint
        i = 1
        while f"{base}_{i}" in self._taken:
            i += 1
        self._taken.add(f"{base}_{i}")
        return f"{base}_{i}"


@dataclass(eq=False)
class Module:
    """A GIR file: one or more functions."""

    functions: list[Function]
    file: str = "<input>"

    def function(self, name: str) -> Function:
        for f in self.functions:
            if f.name == name:
                return f
        raise KeyError(name)
