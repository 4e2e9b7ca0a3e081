"""Structural comparison of IR: same ops, operands, attributes, types and
regions, with values matched by position rather than by object identity.

Used by round-trip tests (parse(print(ir)) == ir) and by the builder's tests.
Value names are compared too unless `names=False`.
"""

from __future__ import annotations

from grogc.ir.core import Block, Function, Module, Operation, Value


def module_difference(a: Module, b: Module, names: bool = True) -> str | None:
    """None when equal, else a description of the first difference."""
    if len(a.functions) != len(b.functions):
        return f"{len(a.functions)} functions vs {len(b.functions)}"
    for fa, fb in zip(a.functions, b.functions):
        diff = function_difference(fa, fb, names)
        if diff:
            return diff
    return None


def function_difference(a: Function, b: Function, names: bool = True) -> str | None:
    if a.name != b.name:
        return f"function @{a.name} vs @{b.name}"
    if [(p.type_name, repr(p.default)) for p in a.params] != [(p.type_name, repr(p.default)) for p in b.params]:
        return f"@{a.name}: parameters differ"
    mapping: dict[int, Value] = {}
    for pa, pb in zip(a.params, b.params):
        if names and pa.name != pb.name:
            return f"@{a.name}: parameter %{pa.name} vs %{pb.name}"
        mapping[id(pa.value)] = pb.value
    return _block_difference(a.body, b.body, mapping, names, f"@{a.name}")


def _block_difference(a: Block, b: Block, mapping: dict, names: bool, where: str) -> str | None:
    if len(a.args) != len(b.args) or len(a.ops) != len(b.ops):
        return f"{where}: block shapes differ ({len(a.args)} args/{len(a.ops)} ops vs {len(b.args)}/{len(b.ops)})"
    for va, vb in zip(a.args, b.args):
        diff = _value_difference(va, vb, names, where)
        if diff:
            return diff
        mapping[id(va)] = vb
    for i, (oa, ob) in enumerate(zip(a.ops, b.ops)):
        diff = _op_difference(oa, ob, mapping, names, f"{where}/op{i}({oa.name})")
        if diff:
            return diff
    return None


def _value_difference(va: Value, vb: Value, names: bool, where: str) -> str | None:
    if va.type != vb.type:
        return f"{where}: %{va.name} has type {va.type} vs {vb.type}"
    if names and va.name != vb.name:
        return f"{where}: value %{va.name} vs %{vb.name}"
    return None


def _op_difference(a: Operation, b: Operation, mapping: dict, names: bool, where: str) -> str | None:
    if a.name != b.name:
        return f"{where}: op {a.name} vs {b.name}"
    if _typed_attrs(a.attrs) != _typed_attrs(b.attrs):
        return f"{where}: attributes {a.attrs} vs {b.attrs}"
    if len(a.operands) != len(b.operands):
        return f"{where}: {len(a.operands)} operands vs {len(b.operands)}"
    for i, (va, vb) in enumerate(zip(a.operands, b.operands)):
        if mapping.get(id(va)) is not vb:
            return f"{where}: operand #{i} %{va.name} vs %{vb.name}"
    if len(a.results) != len(b.results):
        return f"{where}: {len(a.results)} results vs {len(b.results)}"
    for ra, rb in zip(a.results, b.results):
        diff = _value_difference(ra, rb, names, where)
        if diff:
            return diff
        mapping[id(ra)] = rb
    if len(a.regions) != len(b.regions):
        return f"{where}: {len(a.regions)} regions vs {len(b.regions)}"
    for ra, rb in zip(a.regions, b.regions):
        diff = _block_difference(ra, rb, mapping, names, where)
        if diff:
            return diff
    return None


def _typed_attrs(attrs: dict) -> dict:
    # 1 and 1.0 and True compare equal in Python; in IR they are different literals.
    return {k: (type(v).__name__, repr(v)) for k, v in attrs.items()}
