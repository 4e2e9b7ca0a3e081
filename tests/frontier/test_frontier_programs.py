"""Frontier loops (docs/frontier.md): generated propagation programs run
-O0 (the reference interpreter, op by op) and -O2 (graph.propagate in the C
runtime) to the same bits, on 1 and 2 threads; the pass really produced a
PROPAGATE, so the comparison is never vacuous."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import grogc
from grogc.frontend.parser import parse_module, select_entry
from grogc.graph import Graph
from grogc.interpreter import interpret
from frontier_oracle import assert_O2_equals_O0, small_graphs

# 1000 is far above n (at most 12), so the kernels that need max_iter >= n run; a loop that never
# converges (NaN with `ne`) runs every round in the -O0 interpreter, so a larger cap only costs time
CAPS = ("%n", "0", "1", "2", "3", "1000")


INITS = {
    "i64": ["%x0 = graph.node_ids : nodes<i64>",
            "%x0 = core.select %is_src, %izero, %n : nodes<i64>",
            "%x0 = core.select %is_src, %n, %izero : nodes<i64>"],
    "f64": ["%x0 = core.select %is_src, %fzero, %finf : nodes<f64>",
            "%idsf = core.cast %ids : nodes<f64>\n  %x0 = core.mul %idsf, %fhalf : nodes<f64>",
            # NaN: the exact dense fallback.  (-0.0 takes it too, but np.minimum and the C runtime's
            # MIN already order -0.0 and 0.0 differently, PROPAGATE or not: a separate issue)
            "%x0 = core.select %is_src, %fnan, %fone : nodes<f64>"],
    "bool": ["%x0 = core.eq %ids, %src : nodes<bool>", "%x0 = core.ne %ids, %src : nodes<bool>"],
}
AGGS = {"i64": ("min", "max"), "f64": ("min", "max"), "bool": ("or", "and")}
# invariant values a select may pin masked nodes to (when x's initial value is pinned the same way)
PINS = {"i64": ("%n", "%izero", "%ids"), "f64": ("%fone", "%finf", "%fnan"), "bool": ("%btrue", "%bfalse")}
CONSTS = {"i64": ("1", "0", "-2", "3"), "f64": ("1.0", "0.5", "-1.0", "0.0")}


@st.composite
def programs(draw):
    dtype = draw(st.sampled_from(sorted(INITS)))
    agg = draw(st.sampled_from(AGGS[dtype]))
    direction = draw(st.sampled_from(("in", "out", "all")))
    edge = "none" if dtype == "bool" else draw(st.sampled_from(("none", "const", "weight" if dtype == "f64" else "const")))
    body = []
    offer = "%x"
    if edge == "const":
        body.append(f"%c = core.const {draw(st.sampled_from(CONSTS[dtype]))} : {dtype}")
        body.append(f"%f = core.add %x, %c : nodes<{dtype}>")
        offer = "%f"
    weight = ', weight = "add"' if edge == "weight" else ""
    body.append(f'%p = graph.pull {offer} {{agg = "{agg}", dir = "{direction}"{weight}}} : nodes<{dtype}>')
    comb = {"min": "core.min", "max": "core.max", "or": "core.or", "and": "core.and"}[agg]
    body.append(f"%y = {comb} %p, %x : nodes<{dtype}>" if draw(st.booleans()) else
                f"%y = {comb} %x, %p : nodes<{dtype}>")
    nxt, init = "%y", "%x0"
    if draw(st.booleans()):
        keep = draw(st.sampled_from(("%x", "%x", "pin")))  # pin: scc's colouring loop, `select %dn, %big, %lower`
        if keep == "pin":
            keep = draw(st.sampled_from(PINS[dtype]))
            init = "%x0p"
        first = draw(st.booleans())
        body.append(f"%nx = core.select %mask, %y, {keep} : nodes<{dtype}>" if first else
                    f"%nx = core.select %mask, {keep}, %y : nodes<{dtype}>")
        pinned = f"%x0p = core.select %mask, %x0, {keep} : nodes<{dtype}>" if first else \
            f"%x0p = core.select %mask, {keep}, %x0 : nodes<{dtype}>"
        nxt = "%nx"
    strict = {"min": "core.lt", "max": "core.gt"}.get(agg)
    test = draw(st.sampled_from(("ne", "strict"))) if strict else "ne"
    body.append(f"%t = core.ne {nxt}, %x : nodes<bool>" if test == "ne" else f"%t = {strict} {nxt}, %x : nodes<bool>")
    body.append('%any = core.reduce %t {op = "any"} : bool')
    counter = draw(st.booleans())
    if counter:
        body.append("%k1 = core.add %k, %ione : i64")
    cap = draw(st.sampled_from(CAPS))
    cap_def = "" if cap == "%n" else f"  %cap = core.const {cap} : i64\n"
    carried = f"%x = {init}, %k = %izero" if counter else f"%x = {init}"
    types = f"nodes<{dtype}>, i64" if counter else f"nodes<{dtype}>"
    yields = f"%any, {nxt}, %k1" if counter else f"%any, {nxt}"
    results = "%r, %rk" if counter else "%r"
    inner = "\n".join("    " + line for line in body)
    text = f"""func @prop(%src: node) {{
  %ids = graph.node_ids : nodes<i64>
  %n = graph.node_count : i64
  %izero = core.const 0 : i64
  %ione = core.const 1 : i64
  %three = core.const 3 : i64
  %fzero = core.const 0.0 : f64
  %fone = core.const 1.0 : f64
  %fhalf = core.const 0.5 : f64
  %finf = core.const inf : f64
  %fnan = core.const nan : f64
  %btrue = core.const true : bool
  %bfalse = core.const false : bool
  %is_src = core.eq %ids, %src : nodes<bool>
  %third = core.div %ids, %three : nodes<i64>
  %back = core.mul %third, %three : nodes<i64>
  %mask = core.ne %back, %ids : nodes<bool>
{cap_def}  {draw(st.sampled_from(INITS[dtype]))}
{"  " + pinned + chr(10) if init == "%x0p" else ""}  {results} = control.while {"%n" if cap == "%n" else "%cap"} iter_args({carried}) : {types} {{
{inner}
    control.yield {yields}
  }}
  attr.output "x", %r
{'  attr.output "rounds", %rk' + chr(10) if counter else ''}}}
"""
    return text


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(small_graphs(), programs(), st.data())
def test_O0_equals_O2_on_generated_propagation_programs(graph, text, data):
    source = data.draw(st.integers(0, graph.n - 1))
    assert_O2_equals_O0(text, graph, {"src": source}, "PROPAGATE")


EMPTY_LOOP = """func @f() {{
  %ids = graph.node_ids : nodes<i64>
  %cap = core.const {cap} : i64
  %zero = core.const 0 : i64
  %one = core.const 1 : i64
  %x, %k = control.while %cap iter_args(%d = %ids, %c = %zero) : nodes<i64>, i64 {{
    %p = graph.pull %d {{agg = "min", dir = "{direction}"}} : nodes<i64>
    %nx = core.min %d, %p : nodes<i64>
    %t = core.ne %nx, %d : nodes<bool>
    %any = core.reduce %t {{op = "any"}} : bool
    %c1 = core.add %c, %one : i64
    control.yield %any, %nx, %c1
  }}
  attr.output "x", %x
  attr.output "k", %k
}}
"""


@pytest.mark.parametrize("cap", [0, 1, 5])
@pytest.mark.parametrize("direction", ["in", "all"])
def test_a_graph_without_nodes_runs_the_body_once_as_O0_does(cap, direction):
    # PROPAGATE reported 0 rounds on no nodes where the loop runs its body once (and its counter once)
    text = EMPTY_LOOP.format(cap=cap, direction=direction)
    graph = Graph.from_edges(np.array([], np.int64), np.array([], np.int64), directed=True, nodes=np.arange(0))
    assert_O2_equals_O0(text, graph, {}, "PROPAGATE")
    assert int(interpret(select_entry(parse_module(text, "<empty>")), graph, {})["k"]) == min(cap, 1)
