"""Liveness and slot allocation on tiny hand-built programs, exact slot numbers."""

from __future__ import annotations

from grogc.backend.lower import allocate_lowered, lower_function
from grogc.backend.slots import Instr, VReg, allocate

from backend_helpers import function, golden_function


def V(name, dtype="f64"):
    return VReg("vector", dtype, name)


def S(name, dtype="f64"):
    return VReg("scalar", dtype, name)


def test_elementwise_chain_reuses_the_dying_input():
    a, b, c, d = V("a"), V("b"), V("c"), V("d")
    code = [Instr("DEGREE", a, []), Instr("RECIP", b, [a]), Instr("NEG", c, [b]), Instr("ADD", d, [c, c])]
    alloc = allocate(code, [], [d])
    assert [alloc.slot_of[r] for r in (a, b, c, d)] == [0, 0, 0, 0]
    assert alloc.stats()["vector_before"] == 4 and alloc.stats()["vector_after"] == 1


def test_pull_never_writes_over_its_input():
    a, b = V("a"), V("b")
    alloc = allocate([Instr("DEGREE", a, []), Instr("PULL", b, [a])], [], [b])
    assert (alloc.slot_of[a], alloc.slot_of[b]) == (0, 1)


def B(name):
    return VReg("vector", "bool", name)


def test_propagate_takes_its_dying_init_slot_but_never_its_mask():
    n = S("n", "i64")
    init, mask, x = B("init"), B("mask"), B("x")
    make = [Instr("NODE_COUNT", n, []), Instr("DEGREE", init, []), Instr("DEGREE", mask, [])]
    # both die at the PROPAGATE: the result takes the initial values' slot (b)
    alloc = allocate(make + [Instr("PROPAGATE", x, [n, init, mask])], [], [x])
    assert alloc.slot_of[x] == alloc.slot_of[init] != alloc.slot_of[mask]
    # the init lives on: only the mask dies here, and its slot is read every round, so x gets a new one
    keep = B("keep")
    code = make + [Instr("PROPAGATE", x, [n, init, mask]), Instr("NOT", keep, [init])]
    alloc = allocate(code, [], [x, keep])
    assert alloc.slot_of[x] not in (alloc.slot_of[init], alloc.slot_of[mask])
    # the marking loop: likewise never its gate (c, its last input)
    on = S("on", "i64")
    code = make + [Instr("CONST", on, []), Instr("PROPAGATE_MARK", x, [n, init, on, on, on, mask]),
                   Instr("NOT", keep, [init])]
    alloc = allocate(code, [], [x, keep])
    assert alloc.slot_of[x] not in (alloc.slot_of[init], alloc.slot_of[mask])
    # one register as both the initial values and the gate (hypothesis found it): not taken either
    alloc = allocate(make + [Instr("CONST", on, []), Instr("PROPAGATE_MARK", x, [n, mask, on, on, on, mask])], [], [x])
    assert alloc.slot_of[x] != alloc.slot_of[mask]


def test_a_live_input_is_not_overwritten_and_freed_slots_are_reused_lowest_first():
    a, b, c, d, e = V("a"), V("b"), V("c"), V("d"), V("e")
    code = [Instr("DEGREE", a, []), Instr("DEGREE", b, []), Instr("DEGREE", c, []),
            Instr("ADD", d, [a, c]),  # a and c die here: d takes a's slot (its first dying input)
            Instr("MUL", e, [d, b])]  # d and b die: e takes d's slot
    alloc = allocate(code, [], [e])
    assert [alloc.slot_of[r] for r in (a, b, c, d, e)] == [0, 1, 2, 0, 0]
    assert alloc.stats()["vector_after"] == 3


def test_pools_are_separate_by_kind_and_dtype():
    a, flag, s, t = V("a"), V("flag", "bool"), S("s"), S("t")
    code = [Instr("DEGREE", a, []), Instr("EQ", flag, [a, s]), Instr("REDUCE", t, [a], attrs={"op": "sum"})]
    alloc = allocate(code, [s], [flag, t])
    # s (entry) gets slot 0; a vector f64 1; the bool vector cannot reuse an f64 slot
    assert [alloc.slot_of[r] for r in (s, a, flag, t)] == [0, 1, 2, 0]
    assert alloc.slots == [("scalar", "f64"), ("vector", "f64"), ("vector", "bool")]
    assert alloc.stats()["peak_bytes_per_node"] == 9


def test_loop_values_live_to_the_back_edge():
    count, x0, inv, x, y, nxt = S("count", "i64"), V("x0"), V("inv"), V("x"), V("y"), V("next")
    body = [Instr("MUL", y, [x, inv]), Instr("PULL", nxt, [y])]
    loop = Instr("REPEAT", None, [count], body=body, carries=[(x0, x, nxt)])
    code = [Instr("FILL", x0, [count]), Instr("DEGREE", inv, []), loop]
    alloc = allocate(code, [count], [x])
    slot = alloc.slot_of
    assert slot[count] == 0
    assert slot[x] == slot[x0] == 1  # x0 dies at the loop: the arg takes its slot
    assert slot[inv] == 2  # read in the body: live to the loop's end
    assert slot[y] == 3 and slot[nxt] == 4  # the pull's input and output differ
    assert alloc.intervals[inv].end == loop.end == 2 * 4 + 1
    assert alloc.intervals[nxt].end == loop.end
    assert alloc.intervals[x].end == 2 * 5  # the result is an output: read at exit


def test_pagerank_o0_slots_exact():
    lowered = lower_function(golden_function("pagerank"))
    alloc = allocate_lowered(lowered)
    by_name = {r.name: alloc.slot_of[r] for r in alloc.slot_of}
    assert (by_name["x0"], by_name["xi"]) == (7, 7)  # loop entry without a copy
    assert by_name["next"] == 11 and by_name["contrib"] == 8 and by_name["delta"] == 8
    assert by_name["inv_deg"] == 9 and by_name["dangling"] == 10
    assert alloc.stats() == {"vector_before": 13, "vector_after": 5, "scalar": 10, "block": 0,
                             "bytes_per_node_before": 97, "peak_bytes_per_node": 33}


def test_loop_yielding_outer_value_and_arg_gets_copies():
    fn = function("""func @f(%k: i64 = 3) {
  %z = core.const 0.0 : f64
  %v0 = core.fill %z : nodes<f64>
  %a, %b, %c = control.repeat %k iter_args(%x = %v0, %y = %v0, %w = %v0) : nodes<f64>, nodes<f64>, nodes<f64> {
    %s = core.add %x, %z : nodes<f64>
    control.yield %s, %s, %v0
  }
  attr.output "a", %a
  attr.output "b", %b
  attr.output "c", %c
}""")
    lowered = lower_function(fn)
    alloc = allocate_lowered(lowered)
    loop = lowered.code[-1]
    assert [i.op for i in loop.body] == ["ADD", "COPY", "COPY"]
    assert [i.ins[0].name for i in loop.body[1:]] == ["s", "v0"]
    slots = [[alloc.slot_of[r] for r in carry] for carry in loop.carries]
    nexts = [c[2] for c in slots]
    args = [c[1] for c in slots]
    assert len(set(nexts + args)) == 6  # every arg and next a slot of its own
    assert slots[0][0] == slots[1][0] == slots[2][0]  # one init, copied into each arg
    assert len({c[1] for c in slots} | {slots[0][0]}) == 4  # %v0 stays live: no arg takes its slot


def test_while_condition_outside_body_is_copied():
    fn = function("""func @f(%k: i64 = 3, %go: bool = true) {
  %ids = graph.node_ids : nodes<i64>
  %r = control.while %k iter_args(%x = %ids) : nodes<i64> {
    %m = graph.pull %x {agg = "max", dir = "in"} : nodes<i64>
    control.yield %go, %m
  }
  attr.output "r", %r
}""")
    lowered = lower_function(fn)
    loop = lowered.code[-1]
    assert [i.op for i in loop.body] == ["PULL", "COPY"]
    assert loop.cond is loop.body[1].out and loop.body[1].ins[0].name == "go"


def test_fused_body_values_get_block_slots_and_outer_inputs_live_to_its_end():
    fn = function("""func @f() {
  %d = graph.degree {dir = "out"} : nodes<f64>
  %r, %s = fuse.elementwise : nodes<f64>, f64 {
    %a = core.recip %d : nodes<f64>
    %b = core.neg %a : nodes<f64>
    %c = core.mul %b, %d : nodes<f64>
    %t = core.reduce %b {op = "sum"} : f64
    fuse.yield %c, %t
  }
  attr.output "r", %r
  attr.output "s", %s
}""")
    lowered = lower_function(fn)
    alloc = allocate_lowered(lowered)
    fused = lowered.code[1]
    kinds = {r.name: (r.kind, alloc.slot_of[r]) for r in alloc.slot_of}
    assert fused.op == "FUSED_MAP" and [r.name for r in fused.reduce_outs] == ["t"]
    assert kinds["a"] == ("block", 1) and kinds["b"] == ("block", 1)  # b may write over a
    assert kinds["c"] == ("vector", 2)  # not over d, though d dies here: every block reads d
    assert kinds["d"] == ("vector", 0) and kinds["t"] == ("scalar", 3)


def test_pagerank_o2_uses_at_most_five_vector_slots():
    import grogc

    from backend_helpers import GOLDEN

    stats = grogc.compile(GOLDEN / "pagerank" / "input.gir", opt_level=2).stats["slots"]
    assert stats["vector_after"] <= 5
    assert stats["vector_before"] == 7 and stats["peak_bytes_per_node"] == 33


def test_reduction_read_inside_its_own_fused_region_is_refused():
    import pytest

    from grogc.errors import GrogError

    fn = function("""func @f() {
  %d = graph.degree {dir = "out"} : nodes<f64>
  %r = fuse.elementwise : nodes<f64> {
    %t = core.reduce %d {op = "sum"} : f64
    %c = core.mul %d, %t : nodes<f64>
    fuse.yield %c
  }
  attr.output "r", %r
}""")
    with pytest.raises(GrogError, match=r"%t is a reduction read inside the same fused region"):
        lower_function(fn)
