"""The plan as rows, in the spirit of SQLite's EXPLAIN: one record per
instruction (address, opcode, out, inputs, attributes, comment) that the
text, JSON and DOT views all read."""

from __future__ import annotations

import re
from dataclasses import dataclass

from grogc.explain.dataflow import Dataflow, slot_label
from grogc.ops import BY_NAME

_REGISTER = re.compile(r"r\[(out|a|b|c)\]")


@dataclass
class PlanRow:
    """One instruction.  addr: pre-order address; depth: nesting (loop and
    fused bodies one deeper); parent: address of the enclosing loop or fused
    op (None at top level); out / inputs: slot numbers (out None for loops
    and fused ops); attributes: PULL/DEGREE/REDUCE attributes plus `imm`,
    `attr` (LOAD_ATTR's attribute name), `cond`, `carries` ([init, arg,
    next] slots), `reduce_outs`; comment: the IR line it came from;
    synopsis: the opcode table's one-line meaning."""

    addr: int
    depth: int
    parent: int | None
    opcode: str
    out: int | None
    inputs: list[int]
    attributes: dict
    comment: str
    synopsis: str


def _attributes(op: dict, data: dict) -> dict:
    attrs = dict(op.get("attrs") or {})
    if "imm" in op:
        if op["op"] == "LOAD_ATTR":
            attrs["attr"] = data["attrs"][op["imm"]]["name"]
        else:
            attrs["imm"] = op["imm"]
    for key in ("cond", "carries", "reduce_outs"):
        if op.get(key) not in (None, []):
            attrs[key] = op[key]
    return attrs


def plan_rows(data: dict, df: Dataflow) -> list[PlanRow]:
    return [PlanRow(addr, df.depth[addr], df.parent[addr], op["op"], op.get("out"), list(op.get("in", [])),
                    _attributes(op, data), op.get("comment", ""), BY_NAME[op["op"]].synopsis)
            for addr, op in enumerate(df.ops)]


def attributes_text(row: PlanRow, data: dict) -> str:
    """`agg=sum dir=in`, `cond=s14 carries=v7>v7<v12` (init>arg<next)."""
    parts = []
    for key, value in row.attributes.items():
        if key == "cond":
            parts.append(f"cond={slot_label(data, value)}")
        elif key == "carries":
            parts.append("carries=" + ",".join(
                f"{slot_label(data, i)}>{slot_label(data, a)}<{slot_label(data, n)}" for i, a, n in value))
        elif key == "reduce_outs":
            parts.append("reduces=" + ",".join(slot_label(data, s) for s in value))
        elif isinstance(value, bool):
            parts.append(f"{key}={str(value).lower()}")
        elif key == "attr":
            parts.append(f"attr={value!r}")
        else:
            parts.append(f"{key}={value}")
    return " ".join(parts)


def row_comment(row: PlanRow, data: dict) -> str:
    """The synopsis with the slots filled in (`v12 = b11 + s3`), and the IR
    value the instruction writes."""
    slots = {"out": row.out}
    slots.update(zip("abc", row.inputs))
    if "cond" in row.attributes:  # WHILE keeps its condition in b
        slots["b"] = row.attributes["cond"]
    synopsis = _REGISTER.sub(lambda m: slot_label(data, slots[m.group(1)]) if slots.get(m.group(1)) is not None
                             else m.group(0), row.synopsis)
    enum_values = [v for k, v in row.attributes.items() if k not in ("cond", "carries", "reduce_outs", "imm", "attr")]
    for k, value in enumerate(enum_values):  # attr0..attr2 hold the PULL/DEGREE/REDUCE attributes in order
        synopsis = synopsis.replace(f"attr{k}", str(value).lower() if isinstance(value, bool) else str(value))
    if "attr" in row.attributes:
        synopsis = synopsis.replace("#imm_i64", repr(row.attributes["attr"]))
    value = re.match(r"^(%[^ ]+( *, *%[^ ]+)*) =", row.comment)
    return synopsis + (f"   {value.group(1)}" if value else "")


def row_text(row: PlanRow, data: dict) -> str:
    """One line for the instruction: `17 PULL b11 <- v8  agg=sum dir=in weight=none ; b11[v] = ...`."""
    out = "" if row.out is None else f" {slot_label(data, row.out)}"
    ins = ",".join(slot_label(data, s) for s in row.inputs)
    attrs = attributes_text(row, data)
    return f"{row.addr} {row.opcode}{out}{' <- ' + ins if ins else ''}{'  ' + attrs if attrs else ''} ; {row_comment(row, data)}"
