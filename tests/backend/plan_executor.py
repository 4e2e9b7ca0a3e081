"""A slot-level NumPy executor of plan dicts, for testing the LOWERING.

It follows runtime_c/grog_exec.h literally: one buffer per slot, constants
and params stored before the first op, loop args receive their init by copy
(unless the same slot), the back edge SWAPS the arg and next buffers of
vectors (scalars are copied), and fused bodies run block by block with a tiny
block size, so a slot allocation that lets one block clobber what another
block still reads gives wrong answers here.  Its element-wise and graph
kernels are the op records' reference kernels (the interpreter's): what it checks is the plan's
data flow, not the kernels (the C runtime checks those).
"""

from __future__ import annotations

import numpy as np

from grogc.ops import propagate, propagate_mark
from grogc.backend.params import NUMPY_DTYPE
from grogc.ops import BY_NAME, OPS, Ctx

BLOCK = 2  # nodes per block: small, so every graph has several blocks
_IR = {o.name: o.ir_op for o in BY_NAME.values()}
_COMBINE = {"sum": np.add, "min": np.minimum, "max": np.maximum, "count": np.add,
            "any": np.logical_or, "all": np.logical_and}


class PlanExecutor:
    def __init__(self, plan: dict, graph, params: dict, attrs: dict):
        self.plan, self.graph, self.n = plan, graph, graph.n
        self.kinds = [(s["kind"], NUMPY_DTYPE[s["dtype"]]) for s in plan["slots"]]
        self.r: list = [None] * len(self.kinds)
        self.attr_arrays = [attrs[a["name"]] for a in plan["attrs"]]
        for c in plan["constants"]:
            self.r[c["slot"]] = self.kinds[c["slot"]][1](c["value"])
        for p in plan["params"]:
            self.r[p["slot"]] = self.kinds[p["slot"]][1](params[p["name"]])

    def run(self) -> dict:
        with np.errstate(all="ignore"):
            self.block(self.plan["ops"])
        return {o["name"]: (np.array(self.r[o["slot"]]) if self.kinds[o["slot"]][0] == "vector"
                            else self.r[o["slot"]]) for o in self.plan["outputs"]}

    def block(self, ops: list, span: slice | None = None) -> None:
        for op in ops:
            getattr(self, "op_" + op["op"].lower(), self.simple)(op, span)

    def simple(self, op: dict, span: slice | None) -> None:
        args = [self.read(s, span) for s in op["in"]]
        kind, dtype = self.kinds[op["out"]]
        attrs = dict(op.get("attrs", {}))
        if op["op"] == "LOAD_ATTR":
            attrs["name"] = self.plan["attrs"][op["imm"]]["name"]
        ctx = Ctx(attrs, {np.float64: "f64", np.int64: "i64", np.bool_: "bool"}[dtype], self.graph,
                  {a["name"]: v for a, v in zip(self.plan["attrs"], self.attr_arrays)})
        value = OPS[_IR[op["op"]]].kernel(ctx, *args)
        self.write(op["out"], value, span)

    def read(self, s: int, span: slice | None):
        kind, _ = self.kinds[s]
        if kind == "vector" and span is not None:
            return self.r[s][span]
        return self.r[s]

    def write(self, s: int, value, span: slice | None) -> None:
        kind, dtype = self.kinds[s]
        if kind == "scalar":
            self.r[s] = dtype(value)
        elif kind == "block":
            self.r[s] = np.broadcast_to(np.asarray(value, dtype=dtype), (span.stop - span.start,)).copy()
        elif span is None:
            self.r[s] = np.broadcast_to(np.asarray(value, dtype=dtype), (self.n,)).copy()
        else:
            if self.r[s] is None or len(self.r[s]) != self.n:
                self.r[s] = np.zeros(self.n, dtype=dtype)
            self.r[s][span] = value

    def op_copy(self, op: dict, span) -> None:
        self.write(op["out"], np.copy(self.read(op["in"][0], span)), span)

    def op_pull(self, op: dict, span) -> None:
        assert self.kinds[op["in"][0]][0] == "vector", "this executor pulls from vector slots only"
        # A pull reads its input at neighbours: writing over it would be a bug
        # the whole-array kernel here could not show, so check it directly.
        assert op["out"] != op["in"][0], f"PULL writes over its input slot {op['out']}"
        if span is None:
            return self.simple(op, None)
        a = op["attrs"]
        gate = [self.read(s, None) for s in op["in"][1:]]  # the optional weight gate, a bool scalar
        full = OPS["graph.pull"].kernel(Ctx(a, "", self.graph), self.r[op["in"][0]], *gate)
        self.write(op["out"], full[span], span)

    def op_reduce(self, op: dict, span) -> None:
        if span is None:
            return self.simple(op, None)
        part = self._reduce_part(op, span)
        kind = op["attrs"]["op"]
        self.r[op["out"]] = part if span.start == 0 else self.kinds[op["out"]][1](_COMBINE[kind](self.r[op["out"]], part))

    def _reduce_part(self, op, span):
        dtype = {np.float64: "f64", np.int64: "i64", np.bool_: "bool"}[self.kinds[op["out"]][1]]
        return OPS["core.reduce"].kernel(Ctx(op["attrs"], dtype), self.read(op["in"][0], span))

    def fused(self, op: dict, span) -> None:
        for start in range(0, max(self.n, 1), BLOCK):
            self.block(op["body"], slice(start, min(start + BLOCK, self.n)))

    op_fused_map = op_fused_pull = fused

    def loop(self, op: dict, span) -> None:
        count = int(self.r[op["in"][0]])
        for init, arg, _ in op["carries"]:
            if init != arg:
                self.r[arg] = np.copy(self.r[init]) if self.kinds[arg][0] == "vector" else self.r[init]
        rounds = 0
        while rounds < count:
            self.block(op["body"])
            rounds += 1
            stop = op["op"] == "WHILE" and not bool(self.r[op["cond"]])
            for _, arg, nxt in op["carries"]:  # the back edge: swap buffers
                if self.kinds[arg][0] == "vector":
                    self.r[arg], self.r[nxt] = self.r[nxt], self.r[arg]
                else:
                    self.r[arg] = self.r[nxt]
            if stop:
                break

    op_repeat = op_while = loop

    def op_propagate(self, op: dict, span) -> None:
        attrs = dict(op["attrs"])  # agg, dir and the packed flags: unpacked as the runtime reads them
        flags = attrs["flags"]
        attrs.update(edge=propagate.edge_of(flags), test="strict" if flags & propagate.FLAG_BITS["test"] else "ne",
                     pinned=bool(flags & propagate.FLAG_BITS["pinned"]),
                     pull_first=bool(flags & propagate.FLAG_BITS["pull_first"]))
        if attrs["edge"] == "const":
            attrs["const"] = op["imm"]
        x, rounds = propagate.run(self.graph, attrs, *[self.read(s, None) for s in op["in"]])
        assert op["out"] not in op["in"][2:], "PROPAGATE writes over its mask"
        self.write(op["out"], x, None)
        if "rounds" in op:
            self.write(op["rounds"], rounds, None)

    def op_propagate_mark(self, op: dict, span) -> None:
        flags = op["attrs"]["flags"]  # cmp in bits 0-2, combine "and" in bit 3: unpacked as the runtime reads them
        attrs = dict(op["attrs"], cmp=propagate_mark.CMPS[flags & 7],
                     combine="and" if flags & propagate_mark.AND_BIT else "or")
        x, rounds = propagate_mark.run(self.graph, attrs, *[self.read(s, None) for s in op["in"]])
        assert op["out"] not in op["in"][2:], "PROPAGATE_MARK writes over a value it reads every round"
        self.write(op["out"], x, None)
        if "rounds" in op:
            self.write(op["rounds"], rounds, None)


def execute_plan(plan: dict, graph, params: dict, attrs: dict | None = None) -> dict:
    """Run a plan dict; params already bound (node params internal ids)."""
    return PlanExecutor(plan, graph, params, attrs or {}).run()
