"""A vector output's slot may live in the caller's output buffer (exec.c,
keep_outputs): no buffer of its own, no copy at the end.  These pin what
must not change with it: a slot still starts at zero whatever the buffer
held, two outputs of one slot both get it, and a slot a loop carries (its
buffers swap on the back edge) still ends in its output."""

from __future__ import annotations

import numpy as np
from rt_plans import PlanBuilder, op

from grogc.binding.runtime import encode, execute, ffi, graph_handle, lib
from grogc.graph import Graph


def _graph() -> Graph:
    return Graph.from_edges(np.array([0, 1, 2, 3]), np.array([1, 2, 3, 0]), directed=True)


def _raw(graph, plan, outs):
    prog = encode(plan)
    err = ffi.new("char[]", 256)
    ptrs = ffi.new("void *[]", [ffi.from_buffer(o) for o in outs])
    rc = lib.grog_execute(graph_handle(graph).ptr, prog.c_program(), ffi.NULL, ffi.NULL, ptrs, ffi.NULL, 2, err, 256)
    assert rc == 0, ffi.string(err).decode()


def test_a_kept_slot_starts_at_zero_whatever_the_buffer_held():
    pb = PlanBuilder()
    v = pb.v()
    # reads its output slot before anything writes it: zeros, as every slot starts
    plan = pb.plan([op("ADD", v, v, v)], {"y": v})
    g = _graph()
    out = np.full(g.n, 7.5)
    _raw(g, plan, [out])
    assert out.tolist() == [0.0] * g.n


def test_two_outputs_of_one_slot_both_get_it():
    pb = PlanBuilder()
    v = pb.v()
    plan = pb.plan([op("DEGREE", v, dir="out")], {"a": v, "b": v})
    plan["outputs"] = [{"name": "a", "slot": v, "node_ids": False}, {"name": "b", "slot": v, "node_ids": False}]
    g = _graph()
    a, b = np.full(g.n, -1.0), np.full(g.n, -2.0)
    _raw(g, plan, [a, b])
    assert a.tolist() == b.tolist() == [1.0] * g.n


def test_a_loop_carried_output_ends_in_its_buffer():
    # x <- x + 1, three rounds: the arg and next slots swap buffers every round
    pb = PlanBuilder()
    rounds, one = pb.const(3, "i64"), pb.const(1.0)
    x0, x, nxt = pb.v(), pb.v(), pb.v()
    body = [op("ADD", nxt, x, one)]
    loop = {"op": "REPEAT", "in": [rounds], "carries": [[x0, x, nxt]], "body": body}
    plan = pb.plan([op("DEGREE", x0, dir="out"), loop], {"x": x})
    got = execute(_graph(), plan)["x"]
    assert got.tolist() == [4.0] * 4
