"""Result-type rules of the op records: how result types follow from operand
types and attributes.  `infer(operand types, attrs, annotated result types)`
returns the result types the op must have, or raises OpTypeError naming the
operand and both types.  Element-wise ops derive theirs from their DtypeRule
(`from_rule`), so the builder and the C validator read the same data."""

from __future__ import annotations

from typing import Callable

from grogc.ir.literals import literal_text
from grogc.ir.types import BOOL, F64, I64, NUMERIC, Type
from grogc.ops.enums import REDUCE_OPS
from grogc.ops.record import DtypeRule, Infer, OpTypeError


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


def from_rule(rule: DtypeRule) -> Infer:
    """An element-wise op's rule: operands of the allowed dtypes, all alike
    (after the condition), the result shaped like the widest operand."""

    def infer(ts, attrs, ann):
        start = 0
        if rule.condition:
            if ts[0].dtype != "bool":
                raise OpTypeError(f"operand #0 (the condition) has type {ts[0]}, but must be bool or nodes<bool>", 0)
            start = 1
        for i, t in enumerate(ts[start:], start):
            if t.dtype not in rule.inputs:
                raise OpTypeError(f"operand #{i} has type {t}, but this op needs {rule.words}", i)
        dtype = _same_dtype(ts, start)
        return [Type(dtype if rule.result == "same" else rule.result, _shape(ts))]

    return infer


def infer_fill(ts, attrs, ann):
    if ts[0].is_vector:
        raise OpTypeError(f"operand #0 has type {ts[0]}, but core.fill takes a scalar", 0)
    return [ts[0].as_vector()]


def check_cast(ts, attrs, ann):
    if ann[0].is_vector != ts[0].is_vector:
        raise OpTypeError(f"cannot cast {ts[0]} to {ann[0]}: a cast keeps the shape (scalar or nodes)")


def check_const(ts, attrs, ann):
    if ann[0].is_vector:
        raise OpTypeError(f"a constant is a scalar; got {ann[0]} (use core.fill to broadcast)")
    value = attrs.get("value")
    expected = {"bool": (bool,), "i64": (int,), "f64": (float, int)}[ann[0].dtype]
    if isinstance(value, bool) and ann[0].dtype != "bool" or not isinstance(value, expected):
        raise OpTypeError(f"literal {literal_text(value)} does not fit type {ann[0]}")
    if ann[0].dtype == "i64" and not -(2**63) <= value < 2**63:
        raise OpTypeError(f"literal {value} is out of range for i64")


def check_count(ts, attrs, ann):
    if ann[0] not in (I64, F64):
        raise OpTypeError(f"result type must be i64 or f64, got {ann[0]}")


def check_load(ts, attrs, ann):
    if not ann[0].is_vector:
        raise OpTypeError(f"attr.load gives a node vector, got {ann[0]}")


# reduce op -> result dtype (None: the operand's)
REDUCE_RESULT = dict(zip(REDUCE_OPS, (None, None, None, "i64", "bool", "bool")))


def infer_reduce(ts, attrs, ann):
    (t,) = ts
    if not t.is_vector:
        raise OpTypeError(f"operand #0 has type {t}, but core.reduce takes a node vector", 0)
    op = attrs["op"]
    if op in ("any", "all") and t.dtype != "bool":
        raise OpTypeError(f"operand #0 has type {t}, but reduce '{op}' needs nodes<bool>", 0)
    if op in ("sum", "min", "max") and t.dtype not in NUMERIC:
        raise OpTypeError(f"operand #0 has type {t}, but reduce '{op}' needs nodes<f64> or nodes<i64>", 0)
    return [Type(REDUCE_RESULT[op] or t.dtype)]


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


def infer_pull(ts, attrs, ann):
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


def infer_output(ts, attrs, ann):
    if attrs.get("node_ids") and ts[0].dtype != "i64":
        raise OpTypeError(f"operand #0 has type {ts[0]}, but node_ids = true needs i64 internal ids", 0)
    return []


def loop_types(ts, attrs, ann):
    """Loops: operand 0 is the count / cap (i64 scalar); the rest are the
    initial values, whose types are the results' (checked with the region)."""
    if ts[0] != I64:
        raise OpTypeError(f"operand #0 (the iteration count) has type {ts[0]}, but must be i64", 0)
    return [t for t in ts[1:]]


def fused_results(ts, attrs, ann):
    return list(ann)  # checked against the region's fuse.yield by the verifier


def no_results(ts, attrs, ann):
    return []
