"""The canonical printer (GIR.md, "Canonical printing").

Two-space indent per region level, names as written, one op per line,
attributes sorted by key, shortest round-trip floats, every result type.
`print_module(parse(text))` is a fixed point of itself.
"""

from __future__ import annotations

from grogc.ir.core import Block, Function, Module, Operation
from grogc.ir.literals import literal_text
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
    for op in block.ops:
        _print_op(op, depth, lines)


def print_op_line(op: Operation) -> str:
    """The op's own line (its region not included), without indentation."""
    opdef = OPS.get(op.name)
    parts = []
    if op.results:
        parts.append(", ".join(f"%{r.name}" for r in op.results) + " =")
    parts.append(op.name)
    operands = []
    attrs = dict(op.attrs)
    if opdef is not None and opdef.literal:
        operands.append(literal_text(attrs.pop(opdef.literal)))
    is_loop = op.regions and op.regions[0].args
    loop_inits = []
    if is_loop:
        count = len(op.regions[0].args)
        loop_inits = op.operands[len(op.operands) - count :]
        operands += [f"%{v.name}" for v in op.operands[: len(op.operands) - count]]
    else:
        operands += [f"%{v.name}" for v in op.operands]
    text = " ".join(parts)
    if operands:
        text += " " + ", ".join(operands)
    if is_loop:
        pairs = ", ".join(f"%{a.name} = %{v.name}" for a, v in zip(op.regions[0].args, loop_inits))
        text += f" iter_args({pairs})"
    if opdef is not None:  # like MLIR, an attribute equal to its default is elided
        for key, spec in opdef.attrs.items():
            if spec.default is not None and attrs.get(key, None) == spec.default and type(attrs[key]) is type(spec.default):
                del attrs[key]
    if attrs:
        text += " {" + ", ".join(f"{k} = {literal_text(attrs[k])}" for k in sorted(attrs)) + "}"
    if op.results:
        text += " : " + ", ".join(str(r.type) for r in op.results)
    return text


def _print_op(op: Operation, depth: int, lines: list[str]) -> None:
    indent = "  " * depth
    text = print_op_line(op)
    if op.regions:
        lines.append(f"{indent}{text} {{")
        _print_block(op.regions[0], depth + 1, lines)
        lines.append(f"{indent}}}")
    else:
        lines.append(indent + text)
