"""The op record: every fact about one op, in one place (docs/adding-an-op.md).

An OpDef holds the IR side (name, operand count, attributes, how result types
follow from operand types, traits), the plan side (a PlanSpec: opcode, inputs,
aliasing, attribute layout, synopsis) and the semantics (the reference kernel
the interpreter runs and constant folding evaluates, with the dtypes folding
may use).  Everything else (verifier, folding, may-trap, fusion legality,
lowering, the plan schema, the runtime encoder, explain, the builder's op
methods, the C header with its flag table) reads the records; nothing keeps
a second copy.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable

from grogc.ir.types import Type

# An op's class: what it is to the passes, the lowering and the runtime.
#   elementwise  one value per node from the same node's inputs (fusable, may alias a dying input)
#   source       no operands: a literal, a fact of the graph, a node attribute
#   graph        reads other nodes' values along edges (graph.pull)
#   reduce       node vector -> scalar
#   sink         an effect (attr.output)
#   loop, fused  ops with one region (the plan gives them a body)
#   terminator   ends a region
#   fixpoint     a whole propagation loop in one op (graph.propagate, docs/frontier.md)
CLASSES = ("elementwise", "source", "graph", "reduce", "sink", "loop", "fused", "terminator", "fixpoint")
REGION_CLASSES = ("loop", "fused")


class OpTypeError(Exception):
    """A typing problem in one op; `operand` is the operand index, if any."""

    def __init__(self, message: str, operand: int | None = None):
        super().__init__(message)
        self.operand = operand


class Trap(Exception):
    """A run-time fault of a reference kernel (integer division by zero, bad
    cast...): the interpreter reports it, constant folding leaves the op."""


@dataclass(frozen=True)
class AttrSpec:
    """An attribute: its Python type, allowed values (None: any), default
    (None: required unless `optional`)."""

    kind: type
    choices: tuple | None = None
    default: object = None
    optional: bool = False

    @property
    def required(self) -> bool:
        return self.default is None and not self.optional


@dataclass(frozen=True)
class DtypeRule:
    """Element-wise typing as data: the dtypes the operands take (all alike,
    after a leading bool condition when `condition`), the result dtype
    ("same": the operands', "free": the annotation's, or a dtype) and the
    words messages use for the allowed dtypes."""

    inputs: tuple[str, ...]
    result: str
    words: str
    condition: bool = False


@dataclass(frozen=True)
class TrapRule:
    """When an op may stop the program with a run-time error (MLIR's
    ConditionallySpeculatable): operands of dtype `in_dtype` (and a result of
    `out_dtype`, if given); a constant operand #`safe_operand` for which
    `safe(constant)` holds rules the fault out (the runtime sees only slots,
    so a per-edge producer refuses the op whatever the constant)."""

    in_dtype: str
    out_dtype: str | None = None
    safe_operand: int | None = None
    safe: Callable[[Any], bool] | None = None


@dataclass(frozen=True)
class PlanAttr:
    """One of an instruction's attr0..attr2: the IR attribute it encodes and
    its values in order (the number written is the index)."""

    key: str
    values: tuple
    default: object = None
    label: str | None = None  # how the runtime's messages name it (default: the key)
    packs: tuple[str, ...] = ()  # IR attributes packed into it as bit fields (the op's lowering computes it)


@dataclass(frozen=True)
class PlanSpec:
    """The op as a plan instruction.  `inputs`: slots it always reads (a, b,
    c); `optional`: further ones it may read (absent: -1 in C); `may_alias`:
    its output may take the slot of an input that dies here (`alias_inputs`:
    only these inputs, by position; None: any); `attrs`: the
    layout of attr0..attr2; `out_kind`/`out_dtypes`: the output a source op
    writes (checked by the runtime's validator); `synopsis` in SQLite's style."""

    opcode: str
    inputs: int
    synopsis: str
    may_alias: bool = False
    alias_inputs: tuple[int, ...] | None = None
    optional: int = 0
    attrs: tuple[PlanAttr, ...] = ()
    out_kind: str | None = None
    out_dtypes: tuple[str, ...] = ()

    @property
    def max_inputs(self) -> int:
        """The most slots its `in` list may hold."""
        return self.inputs + self.optional


@dataclass(frozen=True)
class Ctx:
    """What a reference kernel may read besides its operands: the op's
    attributes, its result dtype, and (at run time only) the graph and the
    node attributes; folding passes graph=None and folds no graph op."""

    attrs: dict
    out_dtype: str
    graph: Any = None
    node_attrs: dict = field(default_factory=dict)


Infer = Callable[[list[Type], dict, list[Type]], list[Type]]
Kernel = Callable[..., Any]


@dataclass(frozen=True)
class OpDef:
    name: str
    cls: str  # one of CLASSES
    arity: tuple[int, int | None]  # min and max operand count (None: unbounded)
    infer: Infer
    attrs: dict[str, AttrSpec] = field(default_factory=dict)
    pure: bool = True
    literal: str | None = None  # the attribute its leading literal operand fills
    commutative: bool = False
    dtypes: DtypeRule | None = None  # element-wise typing, shared with the builder and the C validator
    trap: TrapRule | None = None
    stream_writes: bool = False  # writes an n-long result without reading any (passes/stats.py)
    kernel: Kernel | None = None  # reference semantics: kernel(ctx, *operand values)
    fold: tuple[str, ...] | None = None  # operand dtypes folding may evaluate; None: never folded
    plan: PlanSpec | None = None
    in_fused: bool = False  # may stand in a fused region though not element-wise (const, reduce)
    builder: str | None = None  # the builder's method name (None: no plain op method)
    summary: str = ""

    @property
    def region(self) -> bool:
        return self.cls in REGION_CLASSES

    @property
    def terminator(self) -> bool:
        return self.cls == "terminator"

    @property
    def elementwise(self) -> bool:
        return self.cls == "elementwise"

    @property
    def fusable(self) -> bool:
        """May stand inside a fused region (a pull only in fuse.neighbor)."""
        return self.elementwise or self.in_fused
