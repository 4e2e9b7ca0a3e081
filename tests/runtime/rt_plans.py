"""Hand-written plan dicts for the runtime's tests and benchmarks.

`PlanBuilder` allocates slots and collects constants; `pagerank_plan` and
`components_plan` are what the compiler should emit at -O2 for GIR.md's two
examples (fused map + fused pull; one fused pull), written by hand so the
runtime can be tested without the compiler.
"""

from __future__ import annotations

from typing import Any


class PlanBuilder:
    """Collects slots, constants and params; `op` makes one op dict."""

    def __init__(self) -> None:
        self.slots: list[dict] = []
        self.constants: list[dict] = []
        self.params: list[dict] = []
        self.attrs: list[dict] = []

    def slot(self, kind: str, dtype: str) -> int:
        self.slots.append({"kind": kind, "dtype": dtype})
        return len(self.slots) - 1

    def s(self, dtype: str = "f64") -> int:
        return self.slot("scalar", dtype)

    def v(self, dtype: str = "f64") -> int:
        return self.slot("vector", dtype)

    def b(self, dtype: str = "f64") -> int:
        return self.slot("block", dtype)

    def const(self, value: Any, dtype: str = "f64") -> int:
        slot = self.s(dtype)
        self.constants.append({"slot": slot, "value": value})
        return slot

    def param(self, name: str, ptype: str, default: Any = None) -> int:
        slot = self.s("i64" if ptype == "node" else ptype)
        self.params.append({"name": name, "type": ptype, "default": default, "slot": slot})
        return slot

    def attr(self, name: str, dtype: str) -> int:
        self.attrs.append({"name": name, "dtype": dtype})
        return len(self.attrs) - 1

    def plan(self, ops: list[dict], outputs: dict[str, int]) -> dict:
        return {"magic": "GROGPLAN", "format_version": 1, "params": self.params, "attrs": self.attrs,
                "slots": self.slots, "constants": self.constants, "ops": ops,
                "outputs": [{"name": k, "slot": s, "node_ids": False} for k, s in outputs.items()], "stats": {}}


def op(name: str, out: int | None = None, *ins: int, **attrs: Any) -> dict:
    d: dict[str, Any] = {"op": name, "in": list(ins)}
    if out is not None:
        d["out"] = out
    if attrs:
        d["attrs"] = attrs
    return d


def pagerank_plan() -> dict:
    """GIR.md's PageRank at -O2: LICM'd invariants, a FUSED_MAP for the pull's
    input and the dangling sum, a FUSED_PULL for pull + epilogue + L1 error."""
    pb = PlanBuilder()
    alpha = pb.param("alpha", "f64", 0.85)
    max_iter = pb.param("max_iter", "i64", 100)
    tol = pb.param("tol", "f64", 1e-6)
    n = pb.s()
    one, zero = pb.const(1.0), pb.const(0.0)
    inv_n, keep, teleport, limit, dsum, dshare, err = (pb.s() for _ in range(7))
    more = pb.s("bool")
    x0, xi, nxt, deg, inv_deg, contrib = (pb.v() for _ in range(6))
    dangling = pb.v("bool")
    dmass, nsum, t, damped, delta, absd = (pb.b() for _ in range(6))
    body = [
        {"op": "FUSED_MAP", "reduce_outs": [dsum], "body": [
            op("MUL", contrib, xi, inv_deg),
            op("SELECT", dmass, dangling, xi, zero),
            op("REDUCE", dsum, dmass, op="sum")]},
        op("MUL", dshare, dsum, inv_n),
        {"op": "FUSED_PULL", "reduce_outs": [err], "body": [
            op("PULL", nsum, contrib, agg="sum", dir="in", weight="none"),
            op("ADD", t, nsum, dshare),
            op("MUL", damped, t, alpha),
            op("ADD", nxt, damped, teleport),
            op("SUB", delta, nxt, xi),
            op("ABS", absd, delta),
            op("REDUCE", err, absd, op="sum")]},
        op("GE", more, err, limit),
    ]
    ops = [
        op("NODE_COUNT", n),
        op("DIV", inv_n, one, n),
        op("FILL", x0, inv_n),
        op("DEGREE", deg, dir="out", weighted=False),
        op("RECIP", inv_deg, deg),
        op("EQ", dangling, deg, zero),
        op("SUB", keep, one, alpha),
        op("MUL", teleport, keep, inv_n),
        op("MUL", limit, tol, n),
        {"op": "WHILE", "in": [max_iter], "cond": more, "carries": [[x0, xi, nxt]], "body": body},
    ]
    return pb.plan(ops, {"pagerank": xi})


def components_plan() -> dict:
    """GIR.md's min-label components at -O2: one FUSED_PULL per round."""
    pb = PlanBuilder()
    max_iter = pb.param("max_iter", "i64", 1000000)
    ids, lab, nxt = pb.v("i64"), pb.v("i64"), pb.v("i64")
    nmin, changed = pb.b("i64"), pb.b("bool")
    anyc = pb.s("bool")
    body = [{"op": "FUSED_PULL", "reduce_outs": [anyc], "body": [
        op("PULL", nmin, lab, agg="min", dir="all", weight="none"),
        op("MIN", nxt, lab, nmin),
        op("NE", changed, nxt, lab),
        op("REDUCE", anyc, changed, op="any")]}]
    ops = [op("NODE_IDS", ids),
           {"op": "WHILE", "in": [max_iter], "cond": anyc, "carries": [[ids, lab, nxt]], "body": body}]
    return pb.plan(ops, {"component": lab})
