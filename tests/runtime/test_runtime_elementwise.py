"""Every element-wise opcode, in every broadcast shape, against NumPy; the
graph sources; run-time faults with their messages."""

from __future__ import annotations

import numpy as np
import pytest
from rt_plans import PlanBuilder, op

from grogc.binding.runtime import RuntimeFault, execute

F = np.array([0.5, -1.5, 2.0, 0.0, 3.0, -0.0, 7.25])
F2 = np.array([2.0, 0.5, -3.0, 4.0, 0.0, 1.0, np.nan])
I = np.array([7, -7, 3, 0, 2**62, -(2**63), 5], dtype=np.int64)
I2 = np.array([2, 3, -2, 5, 4, 1, -1], dtype=np.int64)
B = np.array([True, False, True, False, True, False, True])
B2 = np.array([True, True, False, False, True, True, False])
DATA = {"f64": (F, F2), "i64": (I, I2), "bool": (B, B2)}

with np.errstate(all="ignore"):
    BINARY = {
        "ADD": np.add, "SUB": np.subtract, "MUL": np.multiply,
        "DIV": lambda a, b: np.true_divide(a, b) if a.dtype == np.float64 else np.floor_divide(a, b),
        "MIN": np.minimum, "MAX": np.maximum, "EQ": np.equal, "NE": np.not_equal, "LT": np.less,
        "LE": np.less_equal, "GT": np.greater, "GE": np.greater_equal, "AND": np.logical_and,
        "OR": np.logical_or, "POW": np.power,
    }
BINARY_DTYPES = {"ADD": "fi", "SUB": "fi", "MUL": "fi", "DIV": "fi", "MIN": "fi", "MAX": "fi", "POW": "fi",
                 "EQ": "fib", "NE": "fib", "LT": "fi", "LE": "fi", "GT": "fi", "GE": "fi", "AND": "b", "OR": "b"}
UNARY = {"NEG": ("fi", np.negative), "ABS": ("fi", np.abs), "SQRT": ("f", np.sqrt), "EXP": ("f", np.exp),
         "LOG": ("f", np.log), "FLOOR": ("f", np.floor), "NOT": ("b", np.logical_not),
         "RECIP": ("f", lambda x: np.where(x == 0, 0.0, 1.0 / np.where(x == 0, 1.0, x)))}
CODE = {"f": "f64", "i": "i64", "b": "bool"}
SHAPES = ["vv", "vs", "sv", "ss"]


def operand(pb, ops, dtype, values, shape_char, k):
    """A vector (LOAD_ATTR) or scalar (CONST of element 2) operand."""
    if shape_char == "v":
        slot = pb.v(dtype)
        ops.append({"op": "LOAD_ATTR", "out": slot, "in": [], "imm": pb.attr(f"x{k}", dtype)})
        return slot, values
    return pb.const(values[2].item(), dtype), values[2:3]


def run_op(name, dtype, arrays, shape, out_dtype, graph):
    pb, ops, attrs, ins, refs = PlanBuilder(), [], {}, [], []
    for k, (vals, ch) in enumerate(zip(arrays, shape)):
        slot, ref = operand(pb, ops, vals.dtype.name.replace("float64", "f64").replace("int64", "i64")
                            .replace("bool", "bool"), vals, ch, k)
        if ch == "v":
            attrs[f"x{k}"] = vals
        ins.append(slot)
        refs.append(ref)
    vector = "v" in shape
    out = pb.v(out_dtype) if vector else pb.s(out_dtype)
    ops.append(op(name, out, *ins))
    got = execute(graph, pb.plan(ops, {"y": out}), attrs=attrs)["y"]
    return np.asarray(got), refs


def binary_cases():
    for name, codes in BINARY_DTYPES.items():
        for c in codes:
            for shape in SHAPES:
                yield name, CODE[c], shape


@pytest.mark.parametrize("name,dtype,shape", list(binary_cases()))
def test_binary(digraph, name, dtype, shape):
    a, b = DATA[dtype]
    if name in ("DIV",) and dtype == "i64":
        b = np.where(b == 0, 3, b)
    if name == "POW" and dtype == "i64":
        a, b = np.array([3, -2, 0, 5, 1, -1, 2]), np.array([2, 3, 0, 7, 40, 5, 62])
    out_dtype = "bool" if name in ("EQ", "NE", "LT", "LE", "GT", "GE") else dtype
    got, (ra, rb) = run_op(name, dtype, [a, b], shape, out_dtype, digraph)
    with np.errstate(all="ignore"):
        want = BINARY[name](ra, rb)
    want = np.broadcast_to(want, got.shape) if got.shape else want
    np.testing.assert_array_equal(got, np.asarray(want).reshape(got.shape))


@pytest.mark.parametrize("name,dtype,shape",
                         [(n, CODE[c], s) for n, (codes, _) in UNARY.items() for c in codes for s in ("v", "s")])
def test_unary(digraph, name, dtype, shape):
    a = DATA[dtype][0]
    got, (ra,) = run_op(name, dtype, [a], shape, dtype, digraph)
    with np.errstate(all="ignore"):
        want = UNARY[name][1](ra)
    np.testing.assert_array_equal(got, np.asarray(want).reshape(got.shape))


@pytest.mark.parametrize("dtype", ["f64", "i64", "bool"])
@pytest.mark.parametrize("shape", ["vvv", "vvs", "vsv", "svv", "sss", "vss"])
def test_select(digraph, dtype, shape):
    x, y = DATA[dtype]
    got, (rc, rx, ry) = run_op("SELECT", dtype, [B2, x, y], shape, dtype, digraph)
    np.testing.assert_array_equal(got, np.asarray(np.where(rc, rx, ry)).reshape(got.shape))


@pytest.mark.parametrize("src", ["f64", "i64", "bool"])
@pytest.mark.parametrize("dst", ["f64", "i64", "bool"])
def test_cast(digraph, src, dst):
    a = {"f64": np.array([1.9, -1.9, 0.0, -0.0, 2.5e18, -7.0, 1e-300]), "i64": I, "bool": B}[src]
    got, (ra,) = run_op("CAST", src, [a], "v", dst, digraph)
    want = np.trunc(ra).astype(np.int64) if (src, dst) == ("f64", "i64") else ra.astype({"f64": np.float64,
                                                                                          "i64": np.int64,
                                                                                          "bool": np.bool_}[dst])
    np.testing.assert_array_equal(got, want)


def test_fill_copy_and_sources(digraph):
    pb = PlanBuilder()
    c, vf, vc, ids = pb.const(2.5), pb.v(), pb.v(), pb.v("i64")
    nc, ec, ncf = pb.s("i64"), pb.s("i64"), pb.s("f64")
    ops = [op("FILL", vf, c), op("COPY", vc, vf), op("NODE_IDS", ids), op("NODE_COUNT", nc), op("EDGE_COUNT", ec),
           op("NODE_COUNT", ncf)]
    r = execute(digraph, pb.plan(ops, {"fill": vf, "copy": vc, "ids": ids, "n": nc, "m": ec, "nf": ncf}))
    assert r["fill"].tolist() == [2.5] * 7 and r["copy"].tolist() == [2.5] * 7
    assert r["ids"].tolist() == list(range(7))
    assert (r["n"], r["m"], r["nf"]) == (7, 11, 7.0)
    assert isinstance(r["n"], int) and isinstance(r["nf"], float)


# Every (reduction, element type) pair GIR allows (the others are verifier errors).
REDUCE_CASES = [(rop, dtype) for rop in ("sum", "min", "max", "count", "any", "all") for dtype in ("f64", "i64", "bool")
                if {"count": True, "any": dtype == "bool", "all": dtype == "bool"}.get(rop, dtype != "bool")]


@pytest.mark.parametrize("rop, dtype", REDUCE_CASES)
def test_reduce(digraph, dtype, rop):
    x = DATA[dtype][0]
    pb = PlanBuilder()
    xs = pb.v(dtype)
    out_dtype = {"count": "i64", "any": "bool", "all": "bool"}.get(rop, dtype)
    r = pb.s(out_dtype)
    ops = [{"op": "LOAD_ATTR", "out": xs, "in": [], "imm": pb.attr("x", dtype)}, op("REDUCE", r, xs, op=rop)]
    got = execute(digraph, pb.plan(ops, {"r": r}), attrs={"x": x})["r"]
    want = {"sum": lambda: x.sum(), "min": lambda: x.min(), "max": lambda: x.max(),
            "count": lambda: int(np.count_nonzero(x)), "any": lambda: bool(x.any()), "all": lambda: bool(x.all())}[rop]()
    assert got == want


def test_reduce_identities_on_an_empty_graph():
    from grogc.graph import Graph

    g = Graph.from_edges([], [], nodes=np.array([], dtype=np.int64))
    pb = PlanBuilder()
    v, w = pb.v("f64"), pb.v("i64")
    outs = {f"{d}{o}": pb.s(d) for d in ("f64", "i64") for o in ("sum", "min", "max")}
    ops = [op("FILL", v, pb.const(1.0)), op("FILL", w, pb.const(1, "i64"))]
    ops += [op("REDUCE", s, v if k.startswith("f64") else w, op=k[3:]) for k, s in outs.items()]
    r = execute(g, pb.plan(ops, outs))
    assert r == {"f64sum": 0.0, "f64min": np.inf, "f64max": -np.inf, "i64sum": 0, "i64min": 2**63 - 1,
                 "i64max": -(2**63)}


FAULTS = [
    ("DIV", "i64", [5, 0], "integer division by zero"),
    ("POW", "i64", [2, -1], "integer power with a negative exponent"),
    ("CAST", "f64", [np.nan], "cast of NaN or an out-of-range f64 to i64"),
    ("CAST", "f64", [9.3e18], "cast of NaN or an out-of-range f64 to i64"),
]


@pytest.mark.parametrize("name,dtype,values,message", FAULTS)
@pytest.mark.parametrize("vector", [False, True])
def test_runtime_faults(digraph, name, dtype, values, message, vector):
    pb = PlanBuilder()
    ins = [pb.const(v, dtype) for v in values]
    ops = []
    if vector:
        ins[0], scalar = pb.v(dtype), ins[0]
        ops.append(op("FILL", ins[0], scalar))
    out = (pb.v if vector else pb.s)("i64")
    ops.append(op(name, out, *ins))
    with pytest.raises(RuntimeFault) as e:
        execute(digraph, pb.plan(ops, {"y": out}))
    addr = len(values) + len(ops) - 1
    assert str(e.value) == f"runtime error: instruction {addr} ({name}): {message} [plan ops[{len(ops) - 1}]]"
    assert e.value.status == 2


def test_fault_inside_a_fused_body_names_the_body_instruction(digraph):
    pb = PlanBuilder()
    zero, v, blk = pb.const(0, "i64"), pb.v("i64"), pb.b("i64")
    out = pb.v("i64")
    ops = [op("NODE_IDS", v),
           {"op": "FUSED_MAP", "reduce_outs": [], "body": [op("ADD", blk, v, v), op("DIV", out, blk, zero)]}]
    with pytest.raises(RuntimeFault, match=r"instruction 4 \(DIV\): integer division by zero \[plan ops\[1\]\.body\[1\]\]"):
        execute(digraph, pb.plan(ops, {"y": out}))
