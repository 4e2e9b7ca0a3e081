"""Structural IR equality, checked without printing: what "parse(print(ir))
equals ir" and "the builder makes the same IR as the parser" mean.

Two functions are equal when they have the same name and parameters
(names, declared types, defaults of the same Python type) and the same ops
in the same order: op names, attributes (values and their Python types),
result names and types, region arguments, and operands that refer to the
corresponding values.  Source locations are ignored.
"""

from __future__ import annotations

import math

from grogc.ir.core import Block, Function, Module, Operation, Value


def module_difference(a: Module, b: Module) -> str | None:
    """The first difference between two modules, or None when equal."""
    if len(a.functions) != len(b.functions):
        return f"{len(a.functions)} function(s) against {len(b.functions)}"
    for fa, fb in zip(a.functions, b.functions):
        found = function_difference(fa, fb)
        if found:
            return found
    return None


def function_difference(a: Function, b: Function) -> str | None:
    """The first difference between two functions, or None when equal."""
    if a.name != b.name:
        return f"function @{a.name} against @{b.name}"
    if len(a.params) != len(b.params):
        return f"@{a.name}: {len(a.params)} parameter(s) against {len(b.params)}"
    mapping: dict[int, Value] = {}
    for pa, pb in zip(a.params, b.params):
        if (pa.name, pa.type_name, pa.value.type) != (pb.name, pb.type_name, pb.value.type) \
                or not _same_literal(pa.default, pb.default) or pa.bounds != pb.bounds:
            def text(p):
                return f"%{p.name}: {p.type_name} = {p.default!r}" + (f" {p.bounds}" if p.bounds else "")
            return f"@{a.name}: parameter {text(pa)} against {text(pb)}"
        mapping[id(pa.value)] = pb.value
    return _block_difference(a.body, b.body, mapping, f"@{a.name}")


def _block_difference(a: Block, b: Block, mapping: dict[int, Value], where: str) -> str | None:
    for va, vb in zip(a.args, b.args):
        if (va.name, va.type) != (vb.name, vb.type):
            return f"{where}: region argument %{va.name}: {va.type} against %{vb.name}: {vb.type}"
        mapping[id(va)] = vb
    if len(a.args) != len(b.args):
        return f"{where}: {len(a.args)} region argument(s) against {len(b.args)}"
    for i, (oa, ob) in enumerate(zip(a.ops, b.ops)):
        found = _op_difference(oa, ob, mapping, f"{where}, op #{i} ({oa.name})")
        if found:
            return found
    if len(a.ops) != len(b.ops):
        extra = (a.ops if len(a.ops) > len(b.ops) else b.ops)[min(len(a.ops), len(b.ops))]
        return f"{where}: {len(a.ops)} op(s) against {len(b.ops)} (first unmatched: {extra.name})"
    return None


def _op_difference(a: Operation, b: Operation, mapping: dict[int, Value], where: str) -> str | None:
    if a.name != b.name:
        return f"{where}: {a.name} against {b.name}"
    if set(a.attrs) != set(b.attrs) or not all(_same_literal(a.attrs[k], b.attrs[k]) for k in a.attrs):
        return f"{where}: attributes {a.attrs} against {b.attrs}"
    if len(a.operands) != len(b.operands):
        return f"{where}: {len(a.operands)} operand(s) against {len(b.operands)}"
    for i, (va, vb) in enumerate(zip(a.operands, b.operands)):
        if mapping.get(id(va)) is not vb:
            return f"{where}: operand #{i} %{va.name} against %{vb.name}"
    results_a = [(r.name, r.type) for r in a.results]
    results_b = [(r.name, r.type) for r in b.results]
    if results_a != results_b:
        return f"{where}: results {_show(results_a)} against {_show(results_b)}"
    if len(a.regions) != len(b.regions):
        return f"{where}: {len(a.regions)} region(s) against {len(b.regions)}"
    for ra, rb in zip(a.regions, b.regions):
        found = _block_difference(ra, rb, mapping, where)
        if found:
            return found
    mapping.update((id(ra), rb) for ra, rb in zip(a.results, b.results))
    return None


def _same_literal(x, y) -> bool:
    if type(x) is not type(y):
        return False
    if isinstance(x, float):
        return (math.isnan(x) and math.isnan(y)) or (x == y and math.copysign(1, x) == math.copysign(1, y))
    return x == y


def _show(results) -> str:
    return ", ".join(f"%{n}: {t}" for n, t in results) or "none"
