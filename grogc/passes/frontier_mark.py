"""The frontier pass's marking shape: a loop that grows (or shrinks) a set of
marked nodes by a test on a pull of values the marks select, as scc's
marking loop does (docs/frontier.md, "The marking loop").  It becomes one
`graph.propagate_mark` (grogc/ops/propagate_mark.py).

A `control.while` carrying exactly one node vector x of bool (plus scalar
counters) whose body is, up to operand order,

    %offer = core.select x, ON, OFF                         ON, OFF: f64 or i64, defined before the loop
    %p     = graph.pull %offer {agg = "min"|"max", dir = D} no weights, no weight gate
    %t     = CMP %p, REF                                    eq ne lt le gt ge; REF defined before the loop
   [%t'    = core.and %t, GATE]                             GATE: nodes<bool> defined before the loop
    %next  = core.or x, %t'   |   core.and x, %t'
    %c     = core.ne %next, x
    %any   = core.reduce %c {op = "any"}
    control.yield %any, %next, <scalar counters>

Why the runtime may skip nodes: next[v] is an element-wise function of
x[v], the pull at v and loop invariants, and the pull at v reads only
x[u] for u in N(v, dir).  So a node none of whose pull inputs changed in
the last round, and which did not change itself, keeps its value; such a
round re-evaluates only the neighbours of the nodes that changed (a node
that changed is settled: or keeps a mark, and keeps a clear).  Every
element-wise function of a bool x and invariants at a node is a select of
two invariants, so the offer form loses nothing; nothing in the pattern can
trap (select, min/max pull, comparisons, and, or).
"""

from __future__ import annotations

from grogc.ir.core import Operation, Value
from grogc.ops.propagate_mark import CMPS, MIRROR
from grogc.passes.analysis import defined_inside
from grogc.passes.frontier_common import Match, Miss, change_test, check_counters, name_of, owner_op

CMP_OPS = {f"core.{c}": c for c in CMPS}
COMBINES = {"core.or": "or", "core.and": "and"}


def _committed(text: str) -> Miss:
    """A Miss once the loop is clearly of this shape (its pull reads
    select(x, ...)): its reason is the one `not_frontier` shows."""
    miss = Miss(text)
    miss.committed = True
    return miss


def _invariant(v: Value, loop: Operation, what: str) -> None:
    if defined_inside(v, loop):
        raise _committed(f"{what} {name_of(v)} is computed in the loop; the marking form needs a value from before it")


def _inside(v: Value, body) -> Operation | None:
    op = owner_op(v)
    return op if op is not None and op.parent is body else None


def match_mark(loop: Operation) -> Match:
    """The loop's marking pattern, or Miss naming the first condition that failed."""
    body = loop.regions[0]
    yielded = body.ops[-1].operands
    cond, nexts = yielded[0], yielded[1:]
    vectors = [i for i, a in enumerate(body.args) if a.type.is_vector]
    if len(vectors) != 1 or body.args[vectors[0]].type.dtype != "bool":
        raise Miss("it does not carry exactly one node vector of bool")
    j = vectors[0]
    x, nxt = body.args[j], nexts[j]
    pull = next((op for op in body.ops if op.name == "graph.pull"), None)
    offer = _inside(pull.operands[0], body) if pull is not None else None
    if offer is None or offer.name != "core.select" or offer.operands[0] is not x:
        raise Miss("its pull does not read core.select x, ON, OFF")
    on, off = offer.operands[1], offer.operands[2]
    _invariant(on, loop, "the offer's value for marked nodes")
    _invariant(off, loop, "the offer's value for unmarked nodes")
    if on.type.dtype not in ("f64", "i64"):
        raise _committed(f"the pull reads {on.type.dtype} values; the marking form pulls f64 or i64")
    if pull.attrs["agg"] not in ("min", "max"):
        raise _committed(f"the pull aggregates with '{pull.attrs['agg']}'; the marking form takes min or max")
    if pull.attrs.get("weight", "none") != "none" or len(pull.operands) > 1:
        raise _committed("the pull reads arc weights; the marking form pulls the offers themselves")
    comb = _inside(nxt, body)
    if comb is None or comb.name not in COMBINES or x not in comb.operands or comb.operands[0] is comb.operands[1]:
        raise _committed(f"the next value {name_of(nxt)} is not core.or or core.and of x and a test")
    t = comb.operands[1] if comb.operands[0] is x else comb.operands[0]
    ops, gate = [comb], None
    test = _inside(t, body)
    if test is not None and test.name == "core.and":
        a, b = test.operands
        inner, gate = (a, b) if _inside(a, body) is not None and _inside(a, body).name in CMP_OPS else (b, a)
        _invariant(gate, loop, "the gate")
        if not gate.type.is_vector:
            raise _committed(f"the gate {name_of(gate)} is a scalar; the marking form takes a node vector")
        ops.append(test)
        test = _inside(inner, body)
    if test is None or test.name not in CMP_OPS or pull.results[0] not in test.operands:
        raise _committed(f"the next value combines x with {name_of(t)}, which is not a comparison of the pull "
                         "(and a gate)")
    p_first = test.operands[0] is pull.results[0]
    ref = test.operands[1] if p_first else test.operands[0]
    _invariant(ref, loop, "the compared value")
    cmp = CMP_OPS[test.name] if p_first else MIRROR[CMP_OPS[test.name]]
    ops += [test, pull, offer]
    try:
        kind, test_ops = change_test(cond, nxt, x, COMBINES[comb.name], body)
        if kind != "ne":
            raise Miss("the change test must be core.ne")
        pattern = ops + test_ops
        check_counters(body, j, x, pattern)
    except Miss as miss:
        raise _committed(str(miss)) from None
    attrs = {"agg": pull.attrs["agg"], "dir": pull.attrs["dir"], "cmp": cmp, "combine": COMBINES[comb.name]}
    tail = [on, off, ref] + ([gate] if gate is not None else [])
    return Match(j, pattern, attrs, tail, "graph.propagate_mark")
