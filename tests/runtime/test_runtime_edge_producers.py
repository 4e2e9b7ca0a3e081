"""A FUSED_PULL whose input is computed per edge by producer ops inside its
body (fuse-neighbor{edge-producers=true}): every aggregate but mode, every
weight mode and direction, f64/i64/bool, on graphs whose hub has more edges
than one chunk (so a chunk ends inside a node's list), agrees with the
reference interpreter, and f64 results are bit-identical to the plan that
materialises the producer (the edges are added in the same order); and the
validator's rules for producers, each with its message."""

from __future__ import annotations

import numpy as np
import pytest
from rt_mutations import both, setf
from rt_plans import pagerank_plan

import grogc
from grogc.interpreter import interpret
from grogc.binding.runtime import RuntimeFault, encode, execute
from grogc.frontend.parser import parse_module, select_entry
from grogc.graph import Graph
from grogc.ops import AGGS, BY_NAME

FOLD = "canonicalize,cse,licm,fuse-elementwise,fuse-neighbor{edge-producers=true avg-degree=1.0 gather-cost=1.0},dce"
UNFOLDED = "canonicalize,cse,licm,fuse-elementwise,fuse-neighbor,dce"

# (dtype, producer lines computing %y from %ids (i64) and %k, aggregates)
PRODUCERS = {
    "f64": (["%xf = core.cast %ids : nodes<f64>", "%c = core.cast %k : f64", "%d = core.sub %xf, %c : nodes<f64>",
             "%y = core.log %d : nodes<f64>"],  # NaN below k, -inf at k: min/max must propagate them
            ("sum", "mean", "min", "max", "count")),
    "f64s": (["%xf = core.cast %ids : nodes<f64>", "%c = core.cast %k : f64", "%d = core.sub %xf, %c : nodes<f64>",
              "%y = core.mul %d, %c : nodes<f64>"],
             ("sum", "mean", "min", "max", "count")),
    "i64": (["%y = core.sub %ids, %k : nodes<i64>"], ("sum", "mean", "min", "max", "count")),
    "bool": (["%m = core.lt %ids, %k : nodes<bool>", "%y = core.not %m : nodes<bool>"], ("count", "or", "and")),
}
OUT_TYPE = {"mean": "f64", "count": "i64"}


def program(kind: str, agg: str, weight: str, direction: str) -> str:
    lines, _ = PRODUCERS[kind]
    dtype = "bool" if kind == "bool" else kind[:3]
    out = OUT_TYPE.get(agg, dtype)
    gate = ", %on" if weight != "none" else ""
    body = "\n".join(f"  {line}" for line in lines)
    return (f"func @f(%k: i64 = 1500, %on: bool = true) {{\n  %ids = graph.node_ids : nodes<i64>\n{body}\n"
            f'  %p = graph.pull %y{gate} {{agg = "{agg}", dir = "{direction}", weight = "{weight}"}} : nodes<{out}>\n'
            f'  attr.output "p", %p\n}}\n')


CASES = [(kind, agg, weight, d) for kind, (_, aggs) in PRODUCERS.items() for agg in aggs
         for weight in (("none", "mul", "add") if kind.startswith("f64") and agg in ("sum", "mean", "min", "max")
                        else ("none",))
         for d in ("in", "out", "all")]


def hub_graph(directed: bool) -> Graph:
    """3000 nodes; node 7 has about 3000 in-arcs and node 11 3000 out-arcs
    (more than one 2048-edge chunk), plus random arcs, a self-loop, a
    duplicate arc and weights."""
    rng = np.random.default_rng(5)
    n = 3000
    others = np.arange(n)
    src = np.r_[others, np.full(n, 11), rng.integers(0, n, 4000), 5, 5]
    dst = np.r_[np.full(n, 7), others, rng.integers(0, n, 4000), 5, 9]
    src, dst = np.r_[src, 9], np.r_[dst, 5]
    weights = rng.uniform(0.5, 2.0, len(src))
    return Graph.from_edges(src + 100, dst + 100, weights=weights, directed=directed, keep_multi=True)


@pytest.fixture(scope="module", params=[True, False], ids=["directed", "undirected"])
def hub(request) -> Graph:
    return hub_graph(request.param)


def _producer_lens(plan) -> list[int]:
    found = []

    def walk(ops):
        for op in ops:
            if op.get("producer_len"):
                found.append(op["producer_len"])
            walk(op.get("body", []))
    walk(plan.data["ops"])
    return found


@pytest.mark.parametrize("kind,agg,weight,direction", CASES)
def test_per_edge_producer_agrees(hub, kind, agg, weight, direction):
    text = program(kind, agg, weight, direction)
    folded = grogc.compile(text, passes=FOLD)
    assert _producer_lens(folded), f"the producer was not folded:\n{folded.listing()}"
    fn = select_entry(parse_module(text, "<test>"))
    for on in ((True, False) if weight != "none" else (True,)):
        want = interpret(fn, hub, {"on": on})["p"]
        got = folded.run(hub, on=on)["p"]
        assert got.dtype == want.dtype
        if got.dtype.kind == "f":
            np.testing.assert_allclose(got, want, rtol=1e-12, atol=1e-12, equal_nan=True)
            # the same edges in the same order as a pull over the materialised producer: the same bits
            materialised = grogc.compile(text, passes=UNFOLDED).run(hub, on=on)["p"]
            np.testing.assert_array_equal(got, materialised)
        else:
            np.testing.assert_array_equal(got, want)
        assert np.array_equal(folded.run(hub, threads=1, on=on)["p"], got, equal_nan=True)


# ---- the validator ------------------------------------------------------------

VALIDATED = '''func @f(%s: f64 = 2.0) {
  %x = graph.degree {dir = "out", weighted = false} : nodes<f64>
  %y = core.mul %x, %s : nodes<f64>
  %z = core.add %y, %s : nodes<f64>
  %p = graph.pull %z {agg = "sum", dir = "in"} : nodes<f64>
  %q = core.add %p, %x : nodes<f64>
  %t = core.reduce %q {op = "sum"} : f64
  attr.output "q", %q
  attr.output "t", %t
}
'''
# Its plan: 0 DEGREE v1; 1 FUSED_PULL (producer_len 2) {2 MUL b2 = v1*s0; 3 ADD b2 = b2+s0;
# 4 PULL b3 <- b2; 5 ADD v4 = b3+v1; 6 REDUCE s5 <- v4}.
LAYOUT_NAMES = [("DEGREE", 1), ("FUSED_PULL", -1), ("MUL", 2), ("ADD", 2), ("PULL", 3), ("ADD", 4), ("REDUCE", 5)]





def opcode(name: str) -> int:
    from grogc.ops import BY_NAME

    return BY_NAME[name].code


VALIDATOR_CASES = [
    ("mode", setf(4, attr0=AGGS.index("mode")),
     "instruction 4 (PULL): agg mode cannot read a per-edge producer"),
    ("faulting producer op", both(setf(2, opcode=opcode("CAST")), lambda p: p.slots[2].__setitem__("dtype", 1)),
     "instruction 2 (CAST): may fault at run time (i64 DIV or POW, CAST f64 to i64), but it stands in the "
     "FUSED_PULL's producer, which runs once per edge"),
    ("producer writes a vector", setf(2, out=4),
     "instruction 2 (MUL): output is vector slot 4, but a producer op writes per-edge values (block slots only)"),
    ("producer reads an epilogue value", setf(2, a=4),
     "instruction 2 (MUL): input a is slot 4, which this fused body writes after its producer (an epilogue "
     "value), but a producer op reads only values complete before the fused op and the producer's own"),
    ("producer reads a reduction", setf(3, b=5),
     "instruction 3 (ADD): input b is slot 5, which this fused body writes after its producer (an epilogue value)"),
    ("producer holds the pull", setf(1, attr0=3),
     "instruction 4 (PULL): stands in the FUSED_PULL's producer (before its PULL), which holds element-wise ops only"),
    ("epilogue reads a per-edge value", setf(5, a=2),
     "instruction 5 (ADD): input a is slot 2, a per-edge value of the FUSED_PULL's producer (only its PULL reads it)"),
    ("pull input not from the producer", both(setf(1, attr0=1), setf(3, opcode=opcode("FILL"), a=0, b=-1)),
     "instruction 4 (PULL): input a is slot 2, but its FUSED_PULL's producer (the instructions before the PULL) "
     "does not write it"),
    ("producer not right before the pull", both(setf(1, attr0=1), setf(3, opcode=opcode("FILL"), out=3, a=0, b=-1)),
     "instruction 1 (FUSED_PULL): producer_len (attr0) is 1, but body instruction 3 is FILL, not the PULL"),
    ("unmarked producer", setf(1, attr0=0),
     "instruction 4 (PULL): input a is slot 2 (block), but must be vector"),
    ("producer_len too large", setf(1, attr0=5),
     "instruction 1 (FUSED_PULL): producer_len (attr0) is 5, but must lie in 0..4"),
    ("producer_len negative", setf(1, attr0=-1),
     "instruction 1 (FUSED_PULL): producer_len (attr0) is -1, but must lie in 0..4"),
]


@pytest.fixture(scope="module")
def validated_plan():
    plan = grogc.compile(VALIDATED, passes=FOLD)
    prog = encode(plan.data)
    assert [(int(r["opcode"]), int(r["out"])) for r in prog.code] == [(opcode(o), out) for o, out in LAYOUT_NAMES], \
        plan.listing()
    assert int(prog.code[1]["attr0"]) == 2
    return plan


@pytest.mark.parametrize("mutate,message", [c[1:] for c in VALIDATOR_CASES], ids=[c[0] for c in VALIDATOR_CASES])
def test_producer_validation(validated_plan, digraph, mutate, message):
    prog = encode(validated_plan.data)
    want = interpret(select_entry(parse_module(VALIDATED, "<test>")), digraph, {})
    np.testing.assert_allclose(execute(digraph, prog)["q"], want["q"], rtol=1e-12)  # valid before the mutation
    mutate(prog)
    with pytest.raises(RuntimeFault) as e:
        execute(digraph, prog)
    assert e.value.status == 1
    assert message in str(e.value)


def test_fused_map_has_no_producer(digraph):
    prog = encode(pagerank_plan())
    prog.code[12]["attr0"] = 1
    with pytest.raises(RuntimeFault, match=r"instruction 12 \(FUSED_MAP\): attr0 is 1, but a FUSED_MAP has no "
                                           r"producer \(must be 0\)"):
        execute(digraph, prog)


# ---- random producers ---------------------------------------------------------

from hypothesis import assume, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

LEAVES = {"f64": ["deg", "wdeg"], "i64": ["ids"], "bool": []}
SCALARS = {"f64": "pf", "i64": "pi"}


class _Producer:
    """A random element-wise expression over vectors made outside the fused
    op (node ids, degrees) and scalar parameters, as GIR lines."""

    def __init__(self, draw):
        self.draw, self.lines, self.count = draw, [], 0

    def emit(self, dtype: str, text: str) -> str:
        self.count += 1
        name = f"e{self.count}"
        self.lines.append(f"  %{name} = {text} : nodes<{dtype}>")
        return name

    def expr(self, dtype: str, depth: int) -> str:
        if (depth == 0 or self.draw(st.integers(0, 3)) == 0) and LEAVES[dtype]:
            return self.draw(st.sampled_from(LEAVES[dtype]))
        kind = self.draw(st.integers(0, 3))
        if dtype == "bool":
            if kind <= 1 or depth == 0:
                d = self.draw(st.sampled_from(["f64", "i64"]))
                cmp = self.draw(st.sampled_from(["lt", "le", "gt", "ge", "eq", "ne"]))
                return self.emit("bool", f"core.{cmp} %{self.expr(d, depth - 1)}, %{SCALARS[d]}")
            if kind == 2:
                return self.emit("bool", f"core.not %{self.expr('bool', depth - 1)}")
            op = self.draw(st.sampled_from(["and", "or"]))
            return self.emit("bool", f"core.{op} %{self.expr('bool', depth - 1)}, %{self.expr('bool', depth - 1)}")
        if kind == 0:
            op = self.draw(st.sampled_from(["add", "sub", "mul", "min", "max"]))
            other = SCALARS[dtype] if self.draw(st.booleans()) else self.expr(dtype, depth - 1)
            return self.emit(dtype, f"core.{op} %{self.expr(dtype, depth - 1)}, %{other}")
        if kind == 1 and dtype == "f64":
            op = self.draw(st.sampled_from(["neg", "abs", "recip", "floor"]))
            return self.emit(dtype, f"core.{op} %{self.expr(dtype, depth - 1)}")
        if kind == 2:
            c = self.expr("bool", depth - 1)
            return self.emit(dtype, f"core.select %{c}, %{self.expr(dtype, depth - 1)}, %{SCALARS[dtype]}")
        src = "i64" if dtype == "f64" and self.draw(st.booleans()) else "bool"
        return self.emit(dtype, f"core.cast %{self.expr(src, depth - 1)}")


@st.composite
def producer_programs(draw) -> str:
    dtype = draw(st.sampled_from(["f64", "i64", "bool"]))
    agg = draw(st.sampled_from({"f64": ["sum", "mean", "min", "max", "count"], "i64": ["sum", "mean", "min", "max", "count"],
                                "bool": ["or", "and", "count"]}[dtype]))
    weight = draw(st.sampled_from(["none", "mul", "add"])) if dtype == "f64" and agg not in ("count",) else "none"
    direction = draw(st.sampled_from(["in", "out", "all"]))
    gen = _Producer(draw)
    x = gen.expr(dtype, 3)
    if x in LEAVES[dtype]:  # a producer needs at least one op
        x = gen.emit(dtype, f"core.max %{x}, %{SCALARS[dtype]}")
    out = OUT_TYPE.get(agg, dtype)
    gate = ", %on" if weight != "none" else ""
    w = "" if weight == "none" else f', weight = "{weight}"'
    tail = {"f64": "core.add %p, %deg : nodes<f64>", "i64": "core.add %p, %ids : nodes<i64>",
            "bool": "core.not %p : nodes<bool>"}[out]
    return "\n".join([
        "func @r(%pf: f64 = 1.5, %pi: i64 = 3, %on: bool = true) {",
        "  %ids = graph.node_ids : nodes<i64>",
        '  %deg = graph.degree {dir = "out"} : nodes<f64>',
        '  %wdeg = graph.degree {dir = "in", weighted = true} : nodes<f64>',
        *gen.lines,
        f'  %p = graph.pull %{x}{gate} {{agg = "{agg}", dir = "{direction}"{w}}} : nodes<{out}>',
        f"  %q = {tail}",
        '  attr.output "p", %p',
        '  attr.output "q", %q',
        "}",
    ]) + "\n"


@st.composite
def small_graphs(draw) -> Graph:
    n = draw(st.integers(1, 30))
    m = draw(st.integers(0, 90))
    src = np.array(draw(st.lists(st.integers(0, n - 1), min_size=m, max_size=m)), dtype=np.int64)
    dst = np.array(draw(st.lists(st.integers(0, n - 1), min_size=m, max_size=m)), dtype=np.int64)
    weights = np.linspace(0.25, 3.0, m) if draw(st.booleans()) else None
    return Graph.from_edges(src, dst, weights=weights, directed=draw(st.booleans()), keep_multi=True,
                            nodes=np.arange(n))


@settings(max_examples=60, deadline=None)
@given(producer_programs(), small_graphs(), st.booleans())
def test_random_producers_agree_with_the_interpreter(text, graph, on):
    plan = grogc.compile(text, passes=FOLD, cache=False)
    assume(_producer_lens(plan))  # canonicalize may leave no producer (min(x, x) is x)
    want = interpret(select_entry(parse_module(text, "<test>")), graph, {"on": on})
    got = plan.run(graph, on=on)
    for name in ("p", "q"):
        if want[name].dtype.kind == "f":
            np.testing.assert_allclose(got[name], want[name], rtol=1e-9, atol=1e-12, equal_nan=True, err_msg=name)
        else:
            np.testing.assert_array_equal(got[name], want[name], err_msg=name)
