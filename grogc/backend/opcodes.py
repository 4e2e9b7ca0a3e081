"""The opcode table: the single source of truth for the plan's instructions.

Each row: name, number, which IR op lowers to it, operand count, whether the
output may share a slot with an input that dies at this instruction (element-
wise ops may; a pull reads other nodes' values, so it never may), and a
synopsis in SQLite's style.  A few opcodes take an optional trailing input
(`_OPTIONAL`): PULL's b, the bool scalar gating the edge weights at run time.  `runtime_c/grog_opcodes.h` is generated from this
table (`python -m grogc.backend.opcodes > runtime_c/grog_opcodes.h`); a test
fails when the two drift.  The small enums used in `attr0..attr2` are here too.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass


@dataclass(frozen=True)
class Opcode:
    name: str
    code: int
    ir_op: str | None  # the IR op it comes from (None: introduced by lowering)
    inputs: int  # how many of a, b, c it always reads
    may_alias: bool  # output may reuse the slot of an input that dies here
    synopsis: str
    optional: int = 0  # further inputs it may read after those (absent: the plan omits them, C gets -1)

    @property
    def max_inputs(self) -> int:
        """The most slots its `in` list may hold."""
        return self.inputs + self.optional


_ROWS = [
    # name        IR op               in  alias  synopsis
    ("CONST",     "core.const",        0, False, "r[out] = imm"),
    ("FILL",      "core.fill",         1, False, "r[out][v] = r[a]"),
    ("COPY",      None,                1, False, "r[out] = r[a]  (loop entry or yield into a fresh buffer)"),
    ("ADD",       "core.add",          2, True,  "r[out] = r[a] + r[b]"),
    ("SUB",       "core.sub",          2, True,  "r[out] = r[a] - r[b]"),
    ("MUL",       "core.mul",          2, True,  "r[out] = r[a] * r[b]"),
    ("DIV",       "core.div",          2, True,  "r[out] = r[a] / r[b]  (i64: floor division, error on 0)"),
    ("MIN",       "core.min",          2, True,  "r[out] = min(r[a], r[b])"),
    ("MAX",       "core.max",          2, True,  "r[out] = max(r[a], r[b])"),
    ("POW",       "core.pow",          2, True,  "r[out] = r[a] ** r[b]"),
    ("NEG",       "core.neg",          1, True,  "r[out] = -r[a]"),
    ("ABS",       "core.abs",          1, True,  "r[out] = |r[a]|"),
    ("SQRT",      "core.sqrt",         1, True,  "r[out] = sqrt(r[a])"),
    ("EXP",       "core.exp",          1, True,  "r[out] = exp(r[a])"),
    ("LOG",       "core.log",          1, True,  "r[out] = log(r[a])"),
    ("FLOOR",     "core.floor",        1, True,  "r[out] = floor(r[a])"),
    ("RECIP",     "core.recip",        1, True,  "r[out] = r[a] == 0 ? 0 : 1 / r[a]"),
    ("EQ",        "core.eq",           2, True,  "r[out] = r[a] == r[b]"),
    ("NE",        "core.ne",           2, True,  "r[out] = r[a] != r[b]"),
    ("LT",        "core.lt",           2, True,  "r[out] = r[a] < r[b]"),
    ("LE",        "core.le",           2, True,  "r[out] = r[a] <= r[b]"),
    ("GT",        "core.gt",           2, True,  "r[out] = r[a] > r[b]"),
    ("GE",        "core.ge",           2, True,  "r[out] = r[a] >= r[b]"),
    ("AND",       "core.and",          2, True,  "r[out] = r[a] && r[b]"),
    ("OR",        "core.or",           2, True,  "r[out] = r[a] || r[b]"),
    ("NOT",       "core.not",          1, True,  "r[out] = !r[a]"),
    ("SELECT",    "core.select",       3, True,  "r[out] = r[a] ? r[b] : r[c]"),
    ("CAST",      "core.cast",         1, True,  "r[out] = (dtype of out) r[a]"),
    ("REDUCE",    "core.reduce",       1, False, "r[out] = reduce(attr0, r[a])"),
    ("NODE_COUNT", "graph.node_count", 0, False, "r[out] = n"),
    ("EDGE_COUNT", "graph.edge_count", 0, False, "r[out] = edges as imported"),
    ("NODE_IDS",  "graph.node_ids",    0, False, "r[out][v] = v"),
    ("DEGREE",    "graph.degree",      0, False, "r[out][v] = degree(v, dir=attr0, weighted=attr1)"),
    ("PULL",      "graph.pull",        1, False, "r[out][v] = agg(attr0) over u in N(v, dir=attr1) of w(attr2) . r[a][u]"),
    ("TRIANGLES", "graph.triangles",   0, False, "r[out][v] = triangles through v"),
    ("DIRECTED",  "graph.directed",    0, False, "r[out] = 1 if the graph is directed else 0"),
    ("SELF_LOOPS", "graph.self_loops", 0, False, "r[out][v] = stored arcs v -> v"),
    ("NEIGHBOR_COUNT", "graph.neighbor_count", 0, False, "r[out][v] = |N(v)|, in and out neighbours as a set, v excluded"),
    ("NEIGHBORHOOD_ARCS", "graph.neighborhood_arcs", 0, False, "r[out][v] = distinct arcs u -> w, u != w, u and w in N(v)"),
    ("LOAD_ATTR", "attr.load",         0, False, "r[out] = node attribute #imm_i64"),
    # ORDER OP: every opcode from REPEAT on has a body (validate.c, exec.c), so PROPAGATE stands before it
    ("PROPAGATE", "graph.propagate",   2, False, "r[out] = fixpoint from r[b]: combine(x, agg(attr0) over N(v, attr1) of f(x)), at most r[a] rounds"),
    ("REPEAT",    "control.repeat",    1, False, "run body r[a] times; carries in lists"),
    ("WHILE",     "control.while",     1, False, "run body; again while r[b] and fewer than r[a] rounds"),
    ("FUSED_MAP", "fuse.elementwise",  0, False, "run body block by block over the nodes"),
    ("FUSED_PULL", "fuse.neighbor",    0, False, "run body (one PULL inside) block by block over the nodes"),
]

# Optional trailing inputs: PULL's b gates the weights (true: w(u,v), false: w = 1).
# PROPAGATE's c is its mask (nodes<bool>).
_OPTIONAL = {"PULL": 1, "PROPAGATE": 1}

OPCODES: list[Opcode] = [Opcode(name, i, ir, n, alias, syn, _OPTIONAL.get(name, 0))
                         for i, (name, ir, n, alias, syn) in enumerate(_ROWS)]
BY_NAME: dict[str, Opcode] = {o.name: o for o in OPCODES}
BY_IR_OP: dict[str, Opcode] = {o.ir_op: o for o in OPCODES if o.ir_op}

# Enums carried in an instruction's attr0..attr2 and in slot descriptors.
DTYPES = ("f64", "i64", "bool")
SLOT_KINDS = ("scalar", "vector", "block")  # block: a block-local temporary inside a fused body
AGGS = ("sum", "mean", "min", "max", "count", "or", "and", "mode")
DIRS = ("in", "out", "all")
WEIGHT_MODES = ("none", "mul", "add")
REDUCE_OPS = ("sum", "min", "max", "count", "any", "all")
# PROPAGATE (runtime_c/grog_frontier.h): agg is an AGGS member; edge and test
# are packed into attr2 with the mask's polarity and the combine's order.
PROPAGATE_AGGS = ("min", "max", "or", "and")
PROPAGATE_EDGES = ("none", "const", "weight")
PROPAGATE_TESTS = ("ne", "strict")
PROPAGATE_FLAG_BITS = {"test": 4, "pinned": 8, "pull_first": 16}  # edge takes bits 0-1


def propagate_flags(attrs: dict) -> int:
    """PROPAGATE's attr2 from its plan attributes."""
    flags = PROPAGATE_EDGES.index(attrs["edge"])
    flags |= PROPAGATE_FLAG_BITS["test"] if attrs["test"] == "strict" else 0
    flags |= PROPAGATE_FLAG_BITS["pinned"] if attrs["pinned"] else 0
    flags |= PROPAGATE_FLAG_BITS["pull_first"] if attrs["pull_first"] else 0
    return flags

ENUMS = {
    "GROG_DTYPE": DTYPES,
    "GROG_SLOT": SLOT_KINDS,
    "GROG_AGG": AGGS,
    "GROG_DIR": DIRS,
    "GROG_WEIGHT": WEIGHT_MODES,
    "GROG_REDUCE": REDUCE_OPS,
}


def c_header() -> str:
    """The text of runtime_c/grog_opcodes.h."""
    out = [
        "/* Generated by `python -m grogc.backend.opcodes` from grogc/backend/opcodes.py.",
        " * Do not edit: change the table there and regenerate (a test checks they agree). */",
        "#ifndef GROG_OPCODES_H",
        "#define GROG_OPCODES_H",
        "",
        "enum grog_opcode {",
    ]
    for o in OPCODES:
        out.append(f"    GROG_OP_{o.name} = {o.code},{' ' * max(1, 12 - len(o.name))}/* {o.synopsis} */")
    out += [f"    GROG_OP_COUNT = {len(OPCODES)}", "};", ""]
    for prefix, names in ENUMS.items():
        out.append(f"enum {prefix.lower()} {{")
        out += [f"    {prefix}_{name.upper()} = {i}," for i, name in enumerate(names)]
        # the sentinel is _N, not _COUNT: "count" is itself a member of some enums
        out += [f"    {prefix}_N = {len(names)}", "};", ""]
    out.append("/* Inputs each opcode always reads (a, b, c), indexed by opcode; then the optional")
    out.append(" * ones it may read after them (-1 when absent). */")
    out.append("static const int grog_opcode_inputs[GROG_OP_COUNT] = {" + ", ".join(str(o.inputs) for o in OPCODES) + "};")
    out.append("static const int grog_opcode_optional_inputs[GROG_OP_COUNT] = {"
               + ", ".join(str(o.optional) for o in OPCODES) + "};")
    out.append("static const char *const grog_opcode_names[GROG_OP_COUNT] = {" + ", ".join(f'"{o.name}"' for o in OPCODES) + "};")
    out += ["", "#endif", ""]
    return "\n".join(out)


if __name__ == "__main__":
    sys.stdout.write(c_header())
