"""Fuzz driver, run in a subprocess so that a crash fails a test instead of
killing pytest: mutate valid programs' fields at random (opcodes, slots,
enums, body and list ranges, slot kinds and dtypes, table entries) and
check that execute either returns or raises RuntimeFault/GrogError.

    python rt_fuzz_driver.py --examples 300 [--asan-module DIR]

--asan-module DIR: import `_grog_runtime_asan` from DIR in place of the
normal build (tests/runtime/test_runtime_sanitize.py builds it).  Prints
"ok <examples>" on success; the last "case ..." line before a crash names
the offending mutation.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))


def install_asan_module(directory: str) -> None:
    import importlib

    sys.path.insert(0, directory)
    sys.modules["grogc.binding._grog_runtime"] = importlib.import_module("_grog_runtime_asan")


def corpus():
    """(name, plan, attrs) of valid programs covering every opcode family."""
    import numpy as np
    from rt_plans import PlanBuilder, components_plan, op, pagerank_plan

    pb = PlanBuilder()
    k = pb.attr("x", "f64")
    x, ids, y, z, c, t = pb.v(), pb.v("i64"), pb.v(), pb.v("i64"), pb.v("bool"), pb.v("i64")
    s, cnt, m = pb.s(), pb.s("i64"), pb.s("i64")
    three, zero_i = pb.const(3, "i64"), pb.const(0, "i64")
    ops = [{"op": "LOAD_ATTR", "out": x, "in": [], "imm": k}, op("NODE_IDS", ids),
           op("PULL", y, x, agg="mean", dir="all", weight="mul"), op("PULL", z, ids, agg="mode", dir="in"),
           op("GT", c, y, x), op("PULL", cnt_v := pb.v("i64"), c, agg="count", dir="out"),
           op("TRIANGLES", t), op("DIV", z, z, three), op("REDUCE", s, y, op="max"),
           op("REDUCE", cnt, c, op="count"), op("CAST", z, x), op("SELECT", y, c, x, y),
           {"op": "REPEAT", "in": [three], "carries": [[zero_i, m, m2 := pb.s("i64")]],
            "body": [op("ADD", m2, m, three)]}]
    misc = pb.plan(ops, {"y": y, "z": z, "t": t, "s": s, "cnt": cnt, "m": m, "cv": cnt_v})
    rng = np.random.default_rng(0)
    kb = PlanBuilder()
    outs = {name.lower(): kb.v("i64") for name in GRAPH_KERNELS}
    kernels = kb.plan([op(name, outs[name.lower()]) for name in GRAPH_KERNELS], outs)
    return [("pagerank", pagerank_plan(), {}), ("components", components_plan(), {}),
            ("misc", misc, {"x": rng.standard_normal(7) * 3}), ("edge-producer", edge_producer_plan(), {}),
            ("graph-kernels", kernels, {})]


# The library's graph kernels (no inputs, an i64 vector out): one program runs them all.
GRAPH_KERNELS = ("TRIANGLES", "NEIGHBOR_COUNT", "NEIGHBORHOOD_ARCS", "CORE_NUMBER", "SCC", "WCC")


def edge_producer_plan() -> dict:
    """A FUSED_PULL whose pull input is computed per edge in its body."""
    import grogc

    text = """func @f(%s: f64 = 2.0, %on: bool = true) {
  %x = graph.degree {dir = "out"} : nodes<f64>
  %ids = graph.node_ids : nodes<i64>
  %y = core.mul %x, %s : nodes<f64>
  %z = core.add %y, %s : nodes<f64>
  %p = graph.pull %z, %on {agg = "max", dir = "all", weight = "add"} : nodes<f64>
  %q = core.add %p, %x : nodes<f64>
  %t = core.reduce %q {op = "sum"} : f64
  %b = core.lt %ids, %ids : nodes<bool>
  %c = graph.pull %b {agg = "and", dir = "in"} : nodes<bool>
  attr.output "q", %q
  attr.output "t", %t
  attr.output "c", %c
}
"""
    passes = "canonicalize,cse,fuse-elementwise,fuse-neighbor{edge-producers=true avg-degree=1.0 gather-cost=1.0},dce"
    plan = grogc.compile(text, passes=passes, cache=False).data
    assert "producer_len" in str(plan), plan
    return plan


FIELDS = ["opcode", "out", "a", "b", "c", "attr0", "attr1", "attr2", "list_off", "list_len", "body_off", "body_len"]


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--examples", type=int, default=200)
    ap.add_argument("--asan-module")
    args = ap.parse_args()
    if args.asan_module:
        install_asan_module(args.asan_module)

    import numpy as np
    from rt_graphs import make_graph
    from hypothesis import HealthCheck, given, settings
    from hypothesis import strategies as st

    from grogc.binding.runtime import encode, execute
    from grogc.errors import GrogError

    graphs = [make_graph(True, True), make_graph(False, False)]
    progs = [(name, plan, attrs) for name, plan, attrs in corpus()]
    for name, plan, attrs in progs:  # the corpus itself runs cleanly
        for g in graphs:
            execute(g, encode(plan), attrs=attrs)
    from grogc.ops import OPCODES

    # every opcode and a few past the end (GROG_OP_COUNT grows as ops are added)
    interesting = st.one_of(st.integers(-3, len(OPCODES) + 2), st.sampled_from([2**31 - 1, -(2**31), 1000, 65, 64]))
    mutation = st.tuples(st.sampled_from(["code", "list", "slot", "param", "output", "attr"]),
                         st.integers(0, 10**6), st.sampled_from(FIELDS), interesting)

    @settings(max_examples=args.examples, deadline=None, derandomize=True, database=None,
              suppress_health_check=list(HealthCheck))
    @given(which=st.integers(0, len(progs) - 1), graph=st.integers(0, 1), muts=st.lists(mutation, min_size=1, max_size=4),
           threads=st.integers(1, 2))
    def fuzz(which, graph, muts, threads):
        name, plan, attrs = progs[which]
        prog = encode(plan)
        for table, index, field, value in muts:
            arr = {"code": prog.code, "list": prog.lists, "slot": prog.slots, "param": prog.param_slots,
                   "output": prog.output_slots, "attr": prog.attr_dtypes}[table]
            if len(arr) == 0:
                continue
            i = index % len(arr)
            if table == "code":
                arr[i][field] = value
            elif table == "slot":
                arr[i]["kind" if index % 2 else "dtype"] = value
            else:
                arr[i] = value
        print(f"case {name} graph={graph} threads={threads} {muts}", flush=True)
        try:
            execute(graphs[graph], prog, attrs=attrs, threads=threads)
        except GrogError:
            pass

    fuzz()
    print(f"ok {args.examples}", flush=True)


if __name__ == "__main__":
    main()
