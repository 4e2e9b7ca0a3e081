"""Where each plan instruction runs when the graph is partitioned.

One table, keyed by opcode name.  An opcode that is not in it is refused
("cannot run partitioned: needs the whole graph"), so instructions added
later (whole-graph kernels, frontier loops) are refused until someone
decides how they split.

    client   scalar work: the client holds every scalar (loop counts and
             conditions are decided there); run through the C runtime on
             the client, on a graph of n nodes and no arcs
    nodes    element-wise work on a part's own nodes (the part's graph A: its
             k nodes, no arcs)
    reduce   a per-part partial, combined on the client in part order
    rows     reads only the part's own rows (graph B: owned nodes, then
             ghosts with empty rows); no values from other parts
    pull     reads neighbours' values: ghost values are exchanged first
    loop     control flow, driven by the client
    fused    flattened into its body first (flatten.py)

`rows` is exact because a part file holds both the in- and the out-rows of
its nodes: degree, self-loops and the in/out neighbour set are per-row facts.
"""

from __future__ import annotations

from grogc.errors import GrogError
from grogc.ops import FIXPOINT_OPCODES, OPCODES, ops_of_class
from grogc.passes.manager import LEVELS

# Every op of class "elementwise" (grogc/ops records) works node by node, so
# it splits by nodes whatever it computes; the rest are named one by one.
ELEMENTWISE = (*(o.name for o in OPCODES if o.ir_op in ops_of_class("elementwise")),
               "CONST", "COPY", "LOAD_ATTR", "NODE_IDS")

PLACEMENT: dict[str, str] = {
    **{name: "nodes" for name in ELEMENTWISE},   # "client" instead when the output is a scalar
    "NODE_COUNT": "client", "EDGE_COUNT": "client", "DIRECTED": "client",
    "REDUCE": "reduce",
    "DEGREE": "rows", "SELF_LOOPS": "rows", "NEIGHBOR_COUNT": "rows",
    "PULL": "pull",
    "REPEAT": "loop", "WHILE": "loop",
    "FUSED_MAP": "fused", "FUSED_PULL": "fused",
}


# Frontier loops (PROPAGATE, docs/frontier.md) run dense on a partitioned
# graph: plans for it are compiled with -O2's pipeline minus the frontier pass,
# so each round is the loop's plain pull + combine, which parts can split.
PARTITIONED_PIPELINE = ",".join(p for p in LEVELS[2].split(",") if p != "frontier")

# Why an instruction outside PLACEMENT cannot run, when there is more to say.
REFUSAL_HINTS: dict[str, str] = {
    name: "frontier loops run dense on a partitioned graph: compile with "
          "passes=grogc.distributed.PARTITIONED_PIPELINE (grogc run --scheduler does)"
    for name in FIXPOINT_OPCODES
}


def placement(op: dict, slots: list[dict]) -> str:
    """Where `op` runs; GrogError for an instruction that needs the whole graph."""
    name = op["op"]
    where = PLACEMENT.get(name)
    if where is None:
        comment = f" ({op['comment']})" if op.get("comment") else ""
        hint = REFUSAL_HINTS.get(name, "run it on a g.csr instead")
        raise GrogError(f"error: cannot run partitioned: {name}{comment} needs the whole graph; {hint}")
    if where == "nodes" and op.get("out") is not None and slots[op["out"]]["kind"] == "scalar":
        return "client"
    return where


def check_partitionable(ops: list[dict], slots: list[dict]) -> None:
    """Refuse a plan with any instruction that needs the whole graph, before
    anything runs."""
    for op in ops:
        placement(op, slots)
        check_partitionable(op.get("body", []), slots)
