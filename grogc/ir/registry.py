"""Every op of GIR v1 (and the fused ops passes introduce), declared as data.

An OpDef says how many operands an op takes, which attributes it accepts and
their allowed values, whether it has a region, whether it is pure, and how
its result types follow from its operand types.  `infer` gets the operand
types, the attributes and the annotated result types and returns the result
types the op must have; it raises OpTypeError naming the operand and both
types when something does not fit.  The verifier (verifier.py) drives it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable

from grogc.ir.types import BOOL, F64, I64, NUMERIC, Type


class OpTypeError(Exception):
    """A typing problem in one op; `operand` is the operand index, if any."""

    def __init__(self, message: str, operand: int | None = None):
        super().__init__(message)
        self.operand = operand


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


Infer = Callable[[list[Type], dict, list[Type]], list[Type]]


@dataclass(frozen=True)
class OpDef:
    name: str
    arity: tuple[int, int | None]  # min and max operand count (None: unbounded)
    infer: Infer
    attrs: dict[str, AttrSpec] = field(default_factory=dict)
    pure: bool = True
    region: bool = False  # has exactly one region
    terminator: bool = False
    literal: str | None = None  # the attribute its leading literal operand fills
    elementwise: bool = False  # applies per node (fusable)
    commutative: bool = False
    summary: str = ""


# ---- result-type rules -------------------------------------------------------


def _shape(operands: list[Type]) -> bool:
    return any(t.is_vector for t in operands)


def _same_dtype(operands: list[Type], start: int = 0) -> str:
    first = operands[start].dtype
    for i, t in enumerate(operands[start + 1 :], start + 1):
        if t.dtype != first:
            raise OpTypeError(
                f"operand #{i} has type {t}, but operand #{start} has type {operands[start]}"
                " (no implicit conversion; use core.cast)",
                i,
            )
    return first


def _require(operands: list[Type], allowed: tuple[str, ...], what: str) -> None:
    for i, t in enumerate(operands):
        if t.dtype not in allowed:
            raise OpTypeError(f"operand #{i} has type {t}, but this op needs {what}", i)


def binary(allowed: tuple[str, ...], what: str, result: str | None = None) -> Infer:
    def infer(ts, attrs, annotated):
        _require(ts, allowed, what)
        dtype = _same_dtype(ts)
        return [Type(result or dtype, _shape(ts))]

    return infer


def unary(allowed: tuple[str, ...], what: str) -> Infer:
    def infer(ts, attrs, annotated):
        _require(ts, allowed, what)
        return [ts[0]]

    return infer


def annotated(count: int, check: Callable[[list[Type], dict, list[Type]], None] | None = None) -> Infer:
    """Result types come from the annotation alone (after `check`)."""

    def infer(ts, attrs, ann):
        if len(ann) != count:
            raise OpTypeError(f"expects {count} annotated result type(s), got {len(ann)}")
        if check:
            check(ts, attrs, ann)
        return list(ann)

    return infer


def fixed(*types: Type) -> Infer:
    return lambda ts, attrs, ann: list(types)


def _infer_fill(ts, attrs, ann):
    if ts[0].is_vector:
        raise OpTypeError(f"operand #0 has type {ts[0]}, but core.fill takes a scalar", 0)
    return [ts[0].as_vector()]


def _infer_select(ts, attrs, ann):
    if ts[0].dtype != "bool":
        raise OpTypeError(f"operand #0 (the condition) has type {ts[0]}, but must be bool or nodes<bool>", 0)
    dtype = _same_dtype(ts, 1)
    return [Type(dtype, _shape(ts))]


def _check_cast(ts, attrs, ann):
    if ann[0].is_vector != ts[0].is_vector:
        raise OpTypeError(f"cannot cast {ts[0]} to {ann[0]}: a cast keeps the shape (scalar or nodes)")


def _check_const(ts, attrs, ann):
    if ann[0].is_vector:
        raise OpTypeError(f"a constant is a scalar; got {ann[0]} (use core.fill to broadcast)")
    value = attrs.get("value")
    expected = {"bool": (bool,), "i64": (int,), "f64": (float, int)}[ann[0].dtype]
    if isinstance(value, bool) and ann[0].dtype != "bool" or not isinstance(value, expected):
        raise OpTypeError(f"literal {literal_text(value)} does not fit type {ann[0]}")
    if ann[0].dtype == "i64" and not -(2**63) <= value < 2**63:
        raise OpTypeError(f"literal {value} is out of range for i64")


def _check_count(ts, attrs, ann):
    if ann[0] not in (I64, F64):
        raise OpTypeError(f"result type must be i64 or f64, got {ann[0]}")


def _check_load(ts, attrs, ann):
    if not ann[0].is_vector:
        raise OpTypeError(f"attr.load gives a node vector, got {ann[0]}")


REDUCE_RESULT = {"sum": None, "min": None, "max": None, "count": "i64", "any": "bool", "all": "bool"}


def _infer_reduce(ts, attrs, ann):
    (t,) = ts
    if not t.is_vector:
        raise OpTypeError(f"operand #0 has type {t}, but core.reduce takes a node vector", 0)
    op = attrs["op"]
    if op in ("any", "all") and t.dtype != "bool":
        raise OpTypeError(f"operand #0 has type {t}, but reduce '{op}' needs nodes<bool>", 0)
    if op in ("sum", "min", "max") and t.dtype not in NUMERIC:
        raise OpTypeError(f"operand #0 has type {t}, but reduce '{op}' needs nodes<f64> or nodes<i64>", 0)
    return [Type(REDUCE_RESULT[op] or t.dtype)]


PULL_AGGS = ("sum", "mean", "min", "max", "count", "or", "and", "mode")
DIRS = ("in", "out", "all")
WEIGHT_MODES = ("none", "mul", "add")


def _check_pull_gate(ts, weight):
    """Operand #1, if present, switches the edge weights on or off at run time:
    a bool scalar, meaningful only for a weighted pull (docs/gir-extensions.md)."""
    if len(ts) < 2:
        return
    gate = ts[1]
    if gate != BOOL:
        raise OpTypeError(f"operand #1 (the weight gate) has type {gate}, but must be bool", 1)
    if weight == "none":
        raise OpTypeError(f"operand #1 (the weight gate) has type {gate}, but weight 'none' has no weights to switch", 1)


def _infer_pull(ts, attrs, ann):
    t = ts[0]
    if not t.is_vector:
        raise OpTypeError(f"operand #0 has type {t}, but graph.pull aggregates a node vector", 0)
    agg, weight = attrs["agg"], attrs["weight"]
    if agg in ("or", "and") and t.dtype != "bool":
        raise OpTypeError(f"operand #0 has type {t}, but agg '{agg}' needs nodes<bool>", 0)
    if agg in ("sum", "mean", "min", "max") and t.dtype not in NUMERIC:
        raise OpTypeError(f"operand #0 has type {t}, but agg '{agg}' needs nodes<f64> or nodes<i64>", 0)
    if weight != "none" and t.dtype not in NUMERIC:
        raise OpTypeError(f"operand #0 has type {t}, but weight '{weight}' needs a numeric vector", 0)
    if weight != "none" and agg in ("count", "or", "and", "mode"):
        raise OpTypeError(f"weight '{weight}' has no meaning with agg '{agg}'")
    if weight != "none" and t.dtype == "i64":
        raise OpTypeError(f"operand #0 has type {t}, but weight '{weight}' combines with f64 weights: cast to nodes<f64> first", 0)
    _check_pull_gate(ts, weight)
    result = {"mean": "f64", "count": "i64"}.get(agg, t.dtype)
    return [Type(result, True)]


PROPAGATE_AGGS = ("min", "max", "or", "and")
PROPAGATE_EDGES = ("none", "const", "weight")  # f(x[u]): x[u], x[u] + const, x[u] + w(u,v)


def _infer_propagate(ts, attrs, ann):
    """graph.propagate %max_iter, %init [, %mask] -> (nodes<T>, i64): the
    frontier form of a monotone fixpoint loop (docs/frontier.md)."""
    if ts[0] != I64:
        raise OpTypeError(f"operand #0 (the round limit) has type {ts[0]}, but must be i64", 0)
    t, agg, edge = ts[1], attrs["agg"], attrs["edge"]
    if not t.is_vector:
        raise OpTypeError(f"operand #1 (the initial values) has type {t}, but must be a node vector", 1)
    if (agg in ("or", "and")) != (t.dtype == "bool"):
        raise OpTypeError(f"operand #1 has type {t}, but agg '{agg}' needs "
                          f"{'nodes<bool>' if agg in ('or', 'and') else 'nodes<f64> or nodes<i64>'}", 1)
    if len(ts) > 2 and ts[2] != Type("bool", True):
        raise OpTypeError(f"operand #2 (the mask) has type {ts[2]}, but must be nodes<bool>", 2)
    if edge == "weight" and t.dtype != "f64":
        raise OpTypeError(f"operand #1 has type {t}, but edge 'weight' adds f64 weights: it needs nodes<f64>", 1)
    const = attrs.get("const")
    if (edge == "const") != (const is not None):
        raise OpTypeError("attribute 'const' is given exactly when edge = \"const\"")
    if const is not None and (isinstance(const, bool) or not isinstance(const, float if t.dtype == "f64" else int)):
        raise OpTypeError(f"attribute 'const' = {literal_text(const)} does not fit the values' type {t.dtype}")
    if attrs.get("delta") is not None and edge != "weight":
        raise OpTypeError("attribute 'delta' needs edge = \"weight\" (it sets delta-stepping's bucket width)")
    return [t, I64]


def _infer_output(ts, attrs, ann):
    if attrs.get("node_ids") and ts[0].dtype != "i64":
        raise OpTypeError(f"operand #0 has type {ts[0]}, but node_ids = true needs i64 internal ids", 0)
    return []


def _loop_types(ts, attrs, ann):
    """Loops: operand 0 is the count / cap (i64 scalar); the rest are the
    initial values, whose types are the results' (checked with the region)."""
    if ts[0] != I64:
        raise OpTypeError(f"operand #0 (the iteration count) has type {ts[0]}, but must be i64", 0)
    return [t for t in ts[1:]]


def _fused_results(ts, attrs, ann):
    return list(ann)  # checked against the region's fuse.yield by the verifier


def _no_results(ts, attrs, ann):
    return []


NUM, ANY = ("f64", "i64"), ("f64", "i64", "bool")
_ops: list[OpDef] = []


def _def(*args, **kwargs) -> None:
    _ops.append(OpDef(*args, **kwargs))


# core: scalars and element-wise work
_def("core.const", (0, 0), annotated(1, _check_const), {"value": AttrSpec(object)}, literal="value",
     summary="r[out] = literal")
_def("core.fill", (1, 1), _infer_fill, elementwise=True, summary="r[out][v] = r[a] for every node v")
for _name, _comm in (("add", True), ("sub", False), ("mul", True), ("div", False), ("min", True), ("max", True), ("pow", False)):
    _def(f"core.{_name}", (2, 2), binary(NUM, "f64 or i64 operands"), elementwise=True, commutative=_comm,
         summary=f"r[out] = {_name}(r[a], r[b])")
for _name in ("neg", "abs"):
    _def(f"core.{_name}", (1, 1), unary(NUM, "f64 or i64"), elementwise=True, summary=f"r[out] = {_name}(r[a])")
for _name in ("sqrt", "exp", "log", "floor"):
    _def(f"core.{_name}", (1, 1), unary(("f64",), "f64"), elementwise=True, summary=f"r[out] = {_name}(r[a])")
_def("core.recip", (1, 1), unary(("f64",), "f64"), elementwise=True, summary="r[out] = r[a] == 0 ? 0 : 1 / r[a]")
for _name, _comm in (("eq", True), ("ne", True)):
    _def(f"core.{_name}", (2, 2), binary(ANY, "f64, i64 or bool operands", "bool"), elementwise=True,
         commutative=_comm, summary=f"r[out] = r[a] {'==' if _name == 'eq' else '!='} r[b]")
for _name, _sym in (("lt", "<"), ("le", "<="), ("gt", ">"), ("ge", ">=")):
    _def(f"core.{_name}", (2, 2), binary(NUM, "f64 or i64 operands", "bool"), elementwise=True,
         summary=f"r[out] = r[a] {_sym} r[b]")
_def("core.and", (2, 2), binary(("bool",), "bool operands"), elementwise=True, commutative=True,
     summary="r[out] = r[a] and r[b]")
_def("core.or", (2, 2), binary(("bool",), "bool operands"), elementwise=True, commutative=True,
     summary="r[out] = r[a] or r[b]")
_def("core.not", (1, 1), unary(("bool",), "bool"), elementwise=True, summary="r[out] = not r[a]")
_def("core.select", (3, 3), _infer_select, elementwise=True, summary="r[out] = r[c] ? r[a] : r[b]")
_def("core.cast", (1, 1), annotated(1, _check_cast), elementwise=True, summary="r[out] = (T) r[a]")
_def("core.reduce", (1, 1), _infer_reduce, {"op": AttrSpec(str, tuple(REDUCE_RESULT))},
     summary="r[out] = reduce(op, r[a])")

# graph: the graph itself
_def("graph.node_count", (0, 0), annotated(1, _check_count), summary="r[out] = n")
_def("graph.edge_count", (0, 0), annotated(1, _check_count), summary="r[out] = number of edges")
_def("graph.node_ids", (0, 0), fixed(Type("i64", True)), summary="r[out][v] = v")
_def("graph.degree", (0, 0), fixed(Type("f64", True)),
     {"dir": AttrSpec(str, DIRS), "weighted": AttrSpec(bool, default=False)},
     summary="r[out][v] = number (or weight sum) of v's edges in dir")
_def("graph.pull", (1, 2), _infer_pull,
     {"agg": AttrSpec(str, PULL_AGGS), "dir": AttrSpec(str, DIRS), "weight": AttrSpec(str, WEIGHT_MODES, "none")},
     summary="r[out][v] = agg over neighbours u of r[a][u] (r[b], if given: a bool gate, false = w 1)")
_def("graph.triangles", (0, 0), fixed(Type("i64", True)), summary="r[out][v] = triangles through v")
# library extensions (docs/gir-extensions.md)
_def("graph.directed", (0, 0), fixed(Type("bool", False)), summary="r[out] = true if the graph is directed")
_def("graph.self_loops", (0, 0), fixed(Type("i64", True)), summary="r[out][v] = stored arcs v -> v")
_def("graph.neighbor_count", (0, 0), fixed(Type("i64", True)),
     summary="r[out][v] = |N(v)|: in and out neighbours as a set, v excluded")
_def("graph.neighborhood_arcs", (0, 0), fixed(Type("i64", True)),
     summary="r[out][v] = distinct arcs u -> w, u != w, with u and w in N(v)")

_def("graph.propagate", (2, 3), _infer_propagate,
     {"agg": AttrSpec(str, PROPAGATE_AGGS), "dir": AttrSpec(str, DIRS), "edge": AttrSpec(str, PROPAGATE_EDGES, "none"),
      "const": AttrSpec(object, optional=True), "test": AttrSpec(str, ("ne", "strict"), "ne"),
      "pinned": AttrSpec(bool, default=False), "pull_first": AttrSpec(bool, default=False),
      "delta": AttrSpec(float, optional=True)},
     summary="r[out] = fixpoint of x = combine(x, agg over N(v, dir) of f(x)) from r[b], at most r[a] rounds;"
             " mask r[c] pins nodes where it equals 'pinned'")

# attr: data in and out
_def("attr.load", (0, 0), annotated(1, _check_load), {"name": AttrSpec(str)}, literal="name", pure=True,
     summary="r[out] = node attribute 'name'")
_def("attr.output", (1, 1), _infer_output, {"name": AttrSpec(str), "node_ids": AttrSpec(bool, default=False)},
     literal="name", pure=False, summary="output 'name' = r[a]")

# control: loops
_def("control.repeat", (1, None), _loop_types, region=True, summary="run the body r[a] times")
_def("control.while", (1, None), _loop_types, region=True,
     attrs={"delta": AttrSpec(float, optional=True), "not_frontier": AttrSpec(str, optional=True)},
     summary="run the body while its condition holds, at most r[a] times")
_def("control.yield", (0, None), _no_results, terminator=True, pure=False,
     summary="next iteration's values (while: the condition first)")

# fuse: ops the fusion passes introduce (docs/fusion.md)
_def("fuse.elementwise", (0, 0), _fused_results, region=True,
     summary="run the region block by block over the nodes; intermediates never reach memory")
_def("fuse.neighbor", (0, 0), _fused_results, region=True,
     summary="one pull with its per-edge producer and per-node epilogue, block by block")
_def("fuse.yield", (1, None), _no_results, terminator=True, pure=False, summary="the fused op's results")

OPS: dict[str, OpDef] = {d.name: d for d in _ops}
DIALECTS = sorted({name.split(".")[0] for name in OPS})


def literal_text(value) -> str:
    """A literal as GIR prints it (shortest float that reads back exactly)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if value != value:
            return "nan"
        if value in (float("inf"), float("-inf")):
            return "inf" if value > 0 else "-inf"
        text = repr(value)
        if "e" in text:
            mantissa, exponent = text.split("e")
            if "." not in mantissa:
                mantissa += ".0"
            return f"{mantissa}e{int(exponent)}"
        return text
    if isinstance(value, str):
        return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'
    raise TypeError(f"not a GIR literal: {value!r}")
