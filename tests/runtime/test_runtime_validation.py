"""Every check of the runtime's validator, each with its message.

The programs are encoded hand-written plans whose NumPy tables are mutated
before the call, so the C validator (not the Python encoder) sees the bad
field.  The PageRank program's layout, for reading the rows below:
addr 0-1 CONST, 2 NODE_COUNT, 3 DIV, 4 FILL, 5 DEGREE, 6 RECIP, 7 EQ, 8 SUB,
9-10 MUL, 11 WHILE, 12 FUSED_MAP {13 MUL, 14 SELECT, 15 REDUCE}, 16 MUL,
17 FUSED_PULL {18 PULL, 19 ADD, 20 MUL, 21 ADD, 22 SUB, 23 ABS, 24 REDUCE},
25 GE.  Slots: 0-2 params, 3-13 scalars (13 bool), 14-19 f64 vectors,
20 bool vector, 21-26 f64 block slots.
"""

from __future__ import annotations

import numpy as np
import pytest
from rt_mutations import setf, setlist, setslot
from rt_plans import PlanBuilder, op, pagerank_plan

from grogc.binding.runtime import RuntimeFault, encode, execute, ffi, graph_handle, lib
from grogc.errors import GrogError
from grogc.ops import OPCODES





def carries(*triples):
    """Replace the WHILE's carries (list entries 2..) with the given triples."""
    def mutate(p):
        flat = [x for t in triples for x in t]
        p.lists = np.concatenate([p.lists[:2], np.array(flat, np.int32)])
        p.code[11]["list_off"], p.code[11]["list_len"] = 2, len(flat)
    return mutate


CASES = [
    ("opcode", setf(3, opcode=99), f"instruction 3: opcode 99 is not an opcode (0..{len(OPCODES) - 1})"),
    ("negative opcode", setf(3, opcode=-1), "instruction 3: opcode -1 is not an opcode"),
    ("slot range", setf(3, b=40), "instruction 3 (DIV): input b is slot 40, but the program has 27 slots"),
    ("negative slot", setf(3, a=-1), "instruction 3 (DIV): input a is slot -1, but the program has 27 slots"),
    ("output range", setf(3, out=27), "instruction 3 (DIV): output is slot 27, but the program has 27 slots"),
    ("output kind", setf(4, out=6), "instruction 4 (FILL): output is slot 6 (scalar), but must be vector"),
    ("scalar output of a vector op", setf(6, out=6),
     "instruction 6 (RECIP): output is slot 6 (scalar), but must be vector"),
    ("vector output of scalar op", setf(3, out=14),
     "instruction 3 (DIV): output is slot 14 (vector), but must be scalar"),
    ("mixed dtypes", setf(3, b=1),
     "instruction 3 (DIV): input b is slot 1 of dtype i64, but input a is f64 (no implicit conversion)"),
    ("compare output", setf(7, out=17), "instruction 7 (EQ): output is slot 17 of dtype f64, but must be bool"),
    ("bool op on f64", setf(3, opcode=23), "instruction 3 (AND): input a is slot 4 of dtype f64, but must be bool"),
    ("f64-only op on i64", setf(6, a=1, out=11), "instruction 6 (RECIP): input a is slot 1 of dtype i64, but must be f64"),
    ("select condition", setf(14, a=15),
     "instruction 14 (SELECT): input a (the condition) is slot 15 of dtype f64, but must be bool"),
    ("agg enum", setf(18, attr0=8), "instruction 18 (PULL): agg (attr0) is 8, but must lie in 0..7"),
    ("dir enum", setf(18, attr1=3), "instruction 18 (PULL): dir (attr1) is 3, but must lie in 0..2"),
    ("weight enum", setf(18, attr2=-1), "instruction 18 (PULL): weight (attr2) is -1, but must lie in 0..2"),
    ("pull or on f64", setf(18, attr0=5), "instruction 18 (PULL): input a is slot 19 of dtype f64, but must be bool"),
    ("pull weight with count", setf(18, attr0=4, attr2=1), "instruction 18 (PULL): weight 1 has no meaning with agg 4"),
    ("pull count output", setf(18, attr0=4), "instruction 18 (PULL): output is slot 22 of dtype f64, but must be i64"),
    ("pull in place", setf(18, out=19),
     "instruction 18 (PULL): output and input are both slot 19, but a pull reads its input at other nodes"),
    ("pull block input", setf(18, a=21), "instruction 18 (PULL): input a is slot 21 (block), but must be vector ["),
    ("degree dir", setf(5, attr0=5), "instruction 5 (DEGREE): dir (attr0) is 5, but must lie in 0..2"),
    ("degree weighted", setf(5, attr1=2), "instruction 5 (DEGREE): weighted (attr1) is 2, but must be 0 or 1"),
    ("reduce enum", setf(15, attr0=6), "instruction 15 (REDUCE): reduce op (attr0) is 6, but must lie in 0..5"),
    ("reduce any on f64", setf(15, attr0=4), "instruction 15 (REDUCE): input a is slot 21 of dtype f64, but must be bool"),
    ("reduce output kind", setf(15, out=19), "instruction 15 (REDUCE): output is slot 19 (vector), but must be scalar"),
    ("node count dtype", setf(2, out=13), "instruction 2 (NODE_COUNT): output is slot 13 of dtype bool, but must be f64 or i64"),
    ("while count dtype", setf(11, a=0),
     "instruction 11 (WHILE): input a (the count) is slot 0 of dtype f64, but must be i64"),
    ("while condition dtype", setf(11, b=12),
     "instruction 11 (WHILE): the condition (b) is slot 12 of dtype f64, but must be bool"),
    ("while condition range", setf(11, b=99), "instruction 11 (WHILE): the condition (b) is slot 99"),
    ("carries multiple of 3", setf(11, list_len=2),
     "instruction 11 (WHILE): carries list has 2 entries, not a multiple of 3 (init, arg, next)"),
    ("carries range", setf(11, list_off=3),
     "instruction 11 (WHILE): carries list [3, +3) lies outside the 5 list entries"),
    ("carries negative", setf(11, list_off=-1), "carries list [-1, +3) lies outside the 5 list entries"),
    ("carry slot range", setlist(1, 50), "instruction 11 (WHILE): carry 0 arg is slot 50, but the program has 27 slots"),
    ("carry kind", setlist(0, 12),
     "instruction 11 (WHILE): carry 0: init slot 12 is scalar f64, but arg slot 15 is vector f64"),
    ("carry block", setlist(2, 21), "carry 0 next is slot 21, a block slot"),
    ("carry args distinct", carries((14, 15, 16), (17, 15, 18)),
     "instruction 11 (WHILE): carry 1: arg slot 15 is also the arg slot of an earlier carry"),
    ("carry nexts distinct", carries((14, 15, 16), (17, 18, 16)),
     "instruction 11 (WHILE): carry 1: next slot 16 is also the next slot of an earlier carry"),
    ("carry init in another's arg", carries((14, 15, 16), (15, 17, 18)),
     "instruction 11 (WHILE): carry 1: init slot 15 is the arg slot of another carry"),
    ("carry init in a later one's arg", carries((17, 15, 16), (14, 17, 18)),
     "instruction 11 (WHILE): carry 0: init slot 17 is the arg slot of another carry"),
    ("body_off", setf(11, body_off=13),
     "instruction 11 (WHILE): body_off is 13, but a body starts right after its instruction (12)"),
    ("body too long", setf(11, body_len=15),
     "instruction 11 (WHILE): body [12, +15) does not fit inside its parent, which ends at 26"),
    ("nested body too long", setf(12, body_len=14),
     "instruction 12 (FUSED_MAP): body [13, +14) does not fit inside its parent, which ends at 26"),
    ("negative body", setf(12, body_len=-1), "instruction 12 (FUSED_MAP): body [13, +-1) does not fit"),
    ("body on a plain op", setf(3, body_len=1), "instruction 3 (DIV): body_len is 1, but this opcode has no body"),
    ("block slot outside fused", setf(6, out=21),
     "instruction 6 (RECIP): output is slot 21, a block slot, but block slots exist only inside fused bodies"),
    ("no pull in fused pull", setf(18, opcode=2),
     "instruction 17 (FUSED_PULL): the body holds 0 PULLs, but a FUSED_PULL holds exactly one"),
    ("pull in fused map", setf(13, opcode=33, out=21, a=19, attr0=0, attr1=0, attr2=0),
     "instruction 13 (PULL): may not stand inside a FUSED_MAP body"),
    ("graph op in fused", setf(19, opcode=31, out=26), "instruction 19 (NODE_IDS): may not stand inside a FUSED_PULL body"),
    ("pull input written in body", setf(21, out=19),
     "instruction 18 (PULL): input a is slot 19, which the same fused body writes"),
    ("block read before write", setf(19, a=23),
     "instruction 19 (ADD): input a is block slot 23, read before anything in this fused body writes it"),
    ("reduction read in its body", lambda p: (setf(19, opcode=28, out=12, a=22, attr0=0)(p), setf(20, a=22, b=12)(p)),
     "instruction 20 (MUL): input b is slot 12, a reduction of this fused body (known only after the body)"),
    ("reduce out not listed", setf(24, out=9),
     "instruction 24 (REDUCE): writes slot 9, which is not in its fused op's reduce_outs"),
    ("reduce_outs count", setf(12, list_len=2), "instruction 12 (FUSED_MAP): reduce_outs lists 2 slots, but the body holds 1 REDUCEs"),
    ("reduce_outs kind", setlist(3, 19), "instruction 12 (FUSED_MAP): reduce_outs[0] is slot 19 (vector), but must be scalar"),
    ("prologue overwrites a scalar read earlier", setf(22, opcode=4, out=11, a=4, b=5),
     "instruction 22 (SUB): writes scalar slot 11, which an earlier instruction of this fused body reads"),
    ("slot kind", setslot(3, kind=3), "slot 3: kind 3 is not a slot kind (0..2)"),
    ("slot dtype", setslot(3, dtype=-2), "slot 3: dtype -2 is not a dtype (0..2)"),
]


@pytest.mark.parametrize("mutate,message", [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_validation_message(digraph, mutate, message):
    prog = encode(pagerank_plan())
    assert len(prog.code) == 26 and len(prog.slots) == 27
    execute(digraph, prog)  # valid before the mutation
    mutate(prog)
    with pytest.raises(RuntimeFault) as e:
        execute(digraph, prog)
    assert e.value.status == 1
    assert message in str(e.value)


def small_program():
    pb = PlanBuilder()
    k = pb.attr("w", "f64")
    x, y = pb.v(), pb.s()
    p = pb.param("p", "f64", 1.0)
    return encode(pb.plan([{"op": "LOAD_ATTR", "out": x, "in": [], "imm": k}, op("REDUCE", y, x, op="sum")],
                          {"x": x, "y": y})), p


@pytest.mark.parametrize("field,value,message", [
    ("attr", 1, "instruction 0 (LOAD_ATTR): attribute index (imm_i64) is 1, but the program has 1 attributes"),
    ("attr", -1, "attribute index (imm_i64) is -1"),
    ("attr_dtype", 1, "instruction 0 (LOAD_ATTR): output is slot 0 of dtype f64, but must be i64"),
    ("attr_dtype", 7, "attribute 0: dtype 7 is not a dtype"),
    ("param", 9, "parameter 0: slot 9, but the program has 3 slots"),
    ("param", 0, "parameter 0: slot 0 is a vector slot, but must be scalar"),
    ("output", -4, "output 1: slot -4, but the program has 3 slots"),
])
def test_tables(digraph, field, value, message):
    prog, _ = small_program()
    w = np.ones(digraph.n)
    assert execute(digraph, prog, attrs={"w": w})["y"] == 7.0
    if field == "attr":
        prog.code[0]["imm_i64"] = value
    elif field == "attr_dtype":
        prog.attr_dtypes[0] = value
    elif field == "param":
        prog.param_slots[0] = value
    else:
        prog.output_slots[1] = value
    with pytest.raises(RuntimeFault) as e:
        execute(digraph, prog, attrs={"w": w.astype(np.int64) if value == 1 else w})
    assert message in str(e.value)


def test_block_output_is_refused(digraph):
    prog = encode(pagerank_plan())
    prog.output_slots[0] = 21
    with pytest.raises(RuntimeFault, match="output 0: slot 21 is a block slot"):
        execute(digraph, prog)


def test_nesting_depth_limit(digraph):
    pb = PlanBuilder()
    one = pb.const(1, "i64")
    body: list = []
    for _ in range(70):
        body = [{"op": "REPEAT", "in": [one], "carries": [], "body": body}]
    with pytest.raises(RuntimeFault, match=r"instruction 65 \(REPEAT\): bodies nest deeper than 64"):
        execute(digraph, pb.plan(body, {}))


def raw_call(graph, prog, mutate_struct):
    p = prog.c_program()
    mutate_struct(p)
    err = ffi.new("char[]", 512)
    outs = ffi.new("void *[]", 4)
    keep = [np.zeros(graph.n) for _ in range(4)]
    for k, a in enumerate(keep):
        outs[k] = ffi.from_buffer(a)
    params = ffi.new("grog_scalar[]", 4)
    rc = lib.grog_execute(graph_handle(graph).ptr, p, params, ffi.NULL, outs, ffi.NULL, 1, err, 512)
    return rc, ffi.string(err).decode()


@pytest.mark.parametrize("field,value,message", [
    ("top_len", 3, "program: top_len is 3, but the top level must cover all 26 instructions"),
    ("n_slots", -1, "program: a count is negative"),
    ("code", None, "program: code is NULL but n_code is 26"),
    ("lists", None, "program: lists is NULL but n_lists is 5"),
])
def test_program_struct(digraph, field, value, message):
    prog = encode(pagerank_plan())

    def mutate(p):
        setattr(p, field, ffi.NULL if value is None else value)

    assert raw_call(digraph, prog, mutate) == (1, message)


def test_null_outputs_and_params(digraph):
    prog, _ = small_program()
    p = prog.c_program()
    err = ffi.new("char[]", 256)
    h = graph_handle(digraph).ptr
    w = np.ones(digraph.n)
    attrs = ffi.new("void *[]", [ffi.from_buffer(w)])
    assert lib.grog_execute(h, p, ffi.NULL, attrs, ffi.NULL, ffi.NULL, 1, err, 256) == 1
    assert ffi.string(err).decode() == "params is NULL but the program has 1 parameters"
    params = ffi.new("grog_scalar[]", 1)
    assert lib.grog_execute(h, p, params, ffi.NULL, ffi.NULL, ffi.NULL, 1, err, 256) == 1
    assert ffi.string(err).decode() == "attrs is NULL but the program has 1 attributes"
    outs = ffi.new("void *[]", 2)
    assert lib.grog_execute(h, p, params, attrs, outs, ffi.NULL, 1, err, 256) == 1
    assert ffi.string(err).decode() == "output 0: buffer is NULL"
    assert lib.grog_execute(h, ffi.NULL, params, attrs, outs, ffi.NULL, 1, err, 256) == 1
    assert ffi.string(err).decode() == "program is NULL"


class FakeGraph:
    """The array attributes of a Graph, with no checks of its own."""

    def __init__(self, **fields):
        self.__dict__.update(fields)


def fake_graph(**changes):
    off = np.array([0, 2, 3, 3], np.int64)
    idx = np.array([1, 2, 0], np.uint32)
    g = dict(n=3, m=3, num_edges=3, directed=True, out_offsets=off, out_targets=idx, in_offsets=off.copy(),
             in_sources=idx.copy(), out_weights=None, in_weights=None)
    g.update(changes)
    return FakeGraph(**g)


@pytest.mark.parametrize("changes,message", [
    ({"out_offsets": np.array([1, 2, 3, 3])}, "graph: out_offsets[0] is 1, must be 0"),
    ({"in_offsets": np.array([0, 2, 1, 3])}, "graph: in_offsets decreases at node 1 (2 then 1)"),
    ({"out_offsets": np.array([0, 2, 3, 2])}, "graph: out_offsets decreases at node 2 (3 then 2)"),
    ({"m": 4, "out_targets": np.array([1, 2, 0, 0], np.uint32)}, "graph: out_offsets[n] is 3, but m is 4"),
    ({"in_sources": np.array([1, 3, 0], np.uint32)}, "graph: in index 1 is node 3, but n is 3"),
    ({"out_weights": np.ones(3)}, "graph: in_weights is NULL but the other direction has weights"),
    ({"n": -1}, "graph: negative size (n -1, m 3, num_edges 3)"),
])
def test_graph_open_checks(changes, message):
    with pytest.raises(RuntimeFault) as e:
        graph_handle(fake_graph(**changes))
    assert str(e.value) == f"runtime: {message}"


def test_a_good_fake_graph_opens():
    assert graph_handle(fake_graph()).n == 3


@pytest.mark.parametrize("plan_change,message", [
    (lambda p: p["ops"].__setitem__(0, {"op": "FROB"}), "plan ops[0]: unknown opcode 'FROB'"),
    (lambda p: p["ops"][9]["body"][2]["body"][0]["attrs"].__setitem__("agg", "median"),
     "plan ops[9].body[2].body[0]: agg 'median' is not one of sum, mean, min, max, count, or, and, mode"),
    (lambda p: p["ops"][3]["attrs"].pop("dir"), "plan ops[3]: DEGREE needs attribute 'dir'"),
    (lambda p: p["slots"][0].__setitem__("kind", "matrix"), "plan slots: unknown or missing kind/dtype 'matrix'"),
    (lambda p: p["ops"][1]["in"].pop(), "plan ops[1]: DIV takes 2 inputs, got 1"),
])
def test_encoder_messages(plan_change, message):
    plan = pagerank_plan()
    plan_change(plan)
    with pytest.raises(GrogError) as e:
        encode(plan)
    assert str(e.value) == message


def test_missing_param_and_attr_messages(digraph):
    prog, _ = small_program()
    prog.params[0] = ("p", "f64", None)
    with pytest.raises(GrogError, match="runtime: parameter 'p' has no value and no default"):
        execute(digraph, prog, attrs={"w": np.ones(7)})
    with pytest.raises(GrogError, match="runtime: node attribute 'w' was not given"):
        execute(digraph, prog, {"p": 1.0})
    with pytest.raises(GrogError, match=r"runtime: node attribute 'w' has shape \(3,\), but the graph has 7 nodes"):
        execute(digraph, prog, {"p": 1.0}, attrs={"w": np.ones(3)})
