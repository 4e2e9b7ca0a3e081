"""The canonical printer (GIR.md, "Canonical printing").

Two-space indent per region level, names as written, one op per line,
attributes sorted by key, shortest round-trip floats, every result type.
`print_module(parse(text))` is a fixed point of itself.
"""

from __future__ import annotations

from grogc.ir.core import Block, Function, Module, Operation
from grogc.ir.literals import literal_text
from grogc.ir.types import ELEMENT_TYPES, Type
from grogc.ops import OPS


def print_module(module: Module) -> str:
    return "\n".join(print_function(f) for f in module.functions)


def print_function(fn: Function) -> str:
    params = []
    for p in fn.params:
        text = f"%{p.name}: {p.type_name}"
        if p.default is not None:
            text += f" = {literal_text(p.default)}"
        if p.bounds:
            text += " {" + ", ".join(f"{k} = {literal_text(v)}" for k, v in sorted(p.bounds.items())) + "}"
        params.append(text)
    lines = [f"func @{fn.name}({', '.join(params)}) {{"]
    _print_block(fn.body, 1, lines)
    lines.append("}")
    return "\n".join(lines) + "\n"


def _print_block(block: Block, depth: int, lines: list[str]) -> None:
    indent = "  " * depth
    for op in block.ops:
        text = print_op_line(op)
        if op.regions:
            lines.append(f"{indent}{text} {{")
            _print_block(op.regions[0], depth + 1, lines)
            lines.append(f"{indent}}}")
        else:
            lines.append(indent + text)


# (dtype, is_vector) -> the type as printed (str(Type) is a Python call per result)
_TYPE_TEXT = {(dtype, is_vector): str(Type(dtype, is_vector)) for dtype in ELEMENT_TYPES for is_vector in (False, True)}

# op name -> (its literal operand's attribute or None, ((attribute, default), ...)):
# what the printer needs from the op's record, looked up once per name
# (the printer runs after every pass, over every op).
_LAYOUT: dict[str, tuple[str | None, tuple]] = {}


def _layout(name: str) -> tuple[str | None, tuple]:
    layout = _LAYOUT.get(name)
    if layout is None:
        opdef = OPS.get(name)
        if opdef is None:
            layout = (None, ())
        else:
            layout = (opdef.literal or None,
                      tuple((key, spec.default) for key, spec in opdef.attrs.items() if spec.default is not None))
        _LAYOUT[name] = layout
    return layout


def _print_block(block: Block, depth: int, lines: list[str]) -> None:
    indent = "  " * depth
    for op in block.ops:
        text = print_op_line(op)
        if op.regions:
            lines.append(f"{indent}{text} {{")
            _print_block(op.regions[0], depth + 1, lines)
            lines.append(f"{indent}}}")
        else:
            lines.append(indent + text)


# (dtype, is_vector) -> the type as printed (str(Type) is a Python call per result)
_TYPE_TEXT = {(dtype, is_vector): str(Type(dtype, is_vector)) for dtype in ELEMENT_TYPES for is_vector in (False, True)}

# op name -> (its literal operand's attribute or None, ((attribute, default), ...)):
# what the printer needs from the op's record, looked up once per name
# (the printer runs after every pass, over every op).
_LAYOUT: dict[str, tuple[str | None, tuple]] = {}


def _layout(name: str) -> tuple[str | None, tuple]:
    layout = _LAYOUT.get(name)
    if layout is None:
        opdef = OPS.get(name)
        if opdef is None:
            layout = (None, ())
        else:
            layout = (opdef.literal or None,
                      tuple((key, spec.default) for key, spec in opdef.attrs.items() if spec.default is not None))
        _LAYOUT[name] = layout
    return layout


def print_op_line(op: Operation) -> str:
    """The op's own line (its region not included), without indentation."""
    literal, defaults = _layout(op.name)
    results = op.results
    text = ", ".join(["%" + r.name for r in results]) + " = " + op.name if results else op.name
    attrs = op.attrs
    operands = [literal_text(attrs[literal])] if literal else []
    loop_args = op.regions[0].args if op.regions else None
    if loop_args:
        count = len(op.operands) - len(loop_args)
        operands += ["%" + v.name for v in op.operands[:count]]
    else:
        operands += ["%" + v.name for v in op.operands]
    if operands:
        text += " " + ", ".join(operands)
    if loop_args:
        pairs = ", ".join([f"%{a.name} = %{v.name}" for a, v in zip(loop_args, op.operands[count:])])
        text += f" iter_args({pairs})"
    if attrs:
        # like MLIR, an attribute equal to its default (same type too: 1 is not 1.0) is elided
        hidden = {literal} if literal else set()
        for key, default in defaults:
            value = attrs.get(key)
            if value == default and type(value) is type(default):
                hidden.add(key)
        shown = sorted(key for key in attrs if key not in hidden)
        if shown:
            text += " {" + ", ".join([f"{k} = {literal_text(attrs[k])}" for k in shown]) + "}"
    if results:
        text += " : " + ", ".join([_TYPE_TEXT[r.type.dtype, r.type.is_vector] for r in results])
    return text
