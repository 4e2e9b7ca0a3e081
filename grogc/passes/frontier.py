"""frontier: lower monotone fixpoint loops to `graph.propagate` (docs/frontier.md).

A `control.while` is a monotone fixpoint when it carries one node vector x
and its body is, up to operand order,

    %p    = graph.pull F {agg = A, dir = D [, weight = "add"]}     F: x, or x + const
    %c    = COMBINE(A) x, %p                                      min/max/or/and, as A
    %next = %c  |  core.select %mask, %c, x  |  core.select %mask, x, %c   (%mask from outside)
    %t    = core.ne %next, x   (or the strict test: lt for min, gt for max)
    %any  = core.reduce %t {op = "any"}
    control.yield %any, %next, <scalar counters>

Such a loop only ever needs the nodes that changed in the previous round
(the runtime's frontier), so it becomes one `graph.propagate`, which runs
the same rounds, bit for bit.  Scalar values carried beside x (a round
counter) may be updated by scalar ops that read neither x nor the pattern;
they move into a `control.repeat` that runs as many rounds as the
propagation did, so they end with exactly the values the loop gave them.

A loop with an idempotent pull that does not fit gets a `not_frontier`
attribute saying which condition failed; `grogc explain` shows it.  A
`delta` attribute on the loop (a float) is handed to the propagation: the
bucket width of delta-stepping for weighted min-plus loops.
"""

from __future__ import annotations

from dataclasses import dataclass

from grogc.ir.core import Block, Function, Operation, Value
from grogc.ir.types import I64
from grogc.passes.analysis import NOT_CONST, const_value, defined_inside, erase, insert_before, replace_uses
from grogc.passes.base import Pass
from grogc.passes.frontier_common import Match, Miss, change_test, check_counters, name_of, owner_op
from grogc.passes.frontier_mark import match_mark

COMBINE = {"core.min": "min", "core.max": "max", "core.or": "or", "core.and": "and"}


def _offer(pull: Operation, x: Value, body: Block) -> tuple[str, object, list[Operation]]:
    """The per-edge function the pull reads: ("none", None), ("const", c) or
    ("weight", None), with the op computing F when there is one."""
    f, weight = pull.operands[0], pull.attrs.get("weight", "none")
    if weight == "mul":
        raise Miss(f"the pull multiplies by the weights (weight = \"mul\"); only x, x + constant and x + w(u,v) "
                   "are frontier offers")
    if f is x:
        return ("weight" if weight == "add" else "none"), None, []
    add = owner_op(f)
    if weight == "none" and add is not None and add.name == "core.add" and add.parent is body and x in add.operands:
        other = add.operands[1] if add.operands[0] is x else add.operands[0]
        c = const_value(other)
        if c is not NOT_CONST and other is not x:
            return "const", float(c) if x.type.dtype == "f64" else c, [add]
        raise Miss(f"the pull reads x + {name_of(other)}, which is not a constant")
    raise Miss(f"the pull reads {name_of(f)}, which is neither x, x + a constant, nor x with weight = \"add\"")


def _next_value(nxt: Value, x: Value, loop: Operation) -> tuple[Operation, Value | None, bool, list[Operation]]:
    """(the combine op, the mask or None, pinned-where value, ops)."""
    op = owner_op(nxt)
    if op is None or op.parent is not loop.regions[0]:
        raise Miss(f"the yielded next value {name_of(nxt)} is not computed in the loop body")
    if op.name != "core.select":
        return op, None, False, [op]
    mask, a, b = op.operands
    if b is x or (a is not x and _pins_x(loop, x, mask, 2, b)):
        inner, pinned = a, False
    elif a is x or _pins_x(loop, x, mask, 1, a):
        inner, pinned = b, True
    else:
        raise Miss(f"the next value selects between {name_of(a)} and {name_of(b)}; a frontier loop keeps x where the "
                   "mask says so and takes the combine elsewhere (or pins it to a value x's initial value "
                   "already takes there)")
    comb = owner_op(inner)
    if comb is None or comb.parent is not loop.regions[0] or comb.name not in COMBINE:
        raise Miss(f"the next value takes {name_of(inner)} where {name_of(mask)} says so, and {name_of(inner)} is not "
                   "min, max, or or and of x and a pull")
    if not mask.type.is_vector or defined_inside(mask, loop):
        raise Miss(f"the mask {name_of(mask)} is not a node vector computed before the loop")
    return comb, mask, pinned, [op, comb]


def _same_pin(a: Value, b: Value, loop: Operation) -> bool:
    """The same loop-invariant value: one Value defined before the loop, or
    two constants of one type with the same bits (0.0 and -0.0 differ)."""
    if a is b:
        return not defined_inside(a, loop)
    ca, cb = const_value(a), const_value(b)
    if ca is NOT_CONST or cb is NOT_CONST or a.type != b.type:
        return False
    return repr(ca) == repr(cb) and type(ca) is type(cb)


def _pins_x(loop: Operation, x: Value, mask: Value, k: int, pin: Value) -> bool:
    """Whether `select %mask, ..` taking `pin` as operand #k is
    `select %mask, ..` taking x there: x's initial value is itself a
    core.select on the same mask Value taking the same invariant value in
    the same position, so by induction x equals it wherever the mask picks
    operand #k, at every round (scc's colouring loop)."""
    if defined_inside(pin, loop) or defined_inside(mask, loop):
        return False
    j = next(i for i, a in enumerate(loop.regions[0].args) if a is x)
    init = owner_op(loop.operands[1 + j])
    return (init is not None and init.name == "core.select" and init.operands[0] is mask
            and _same_pin(init.operands[k], pin, loop))


def match(loop: Operation) -> Match:
    """The loop's pattern, or Miss naming the first condition that failed."""
    body = loop.regions[0]
    yielded = body.ops[-1].operands
    cond, nexts = yielded[0], yielded[1:]
    vectors = [i for i, a in enumerate(body.args) if a.type.is_vector]
    if len(vectors) != 1:
        raise Miss(f"it carries {len(vectors)} node vectors; a frontier loop carries exactly one")
    j = vectors[0]
    x, nxt = body.args[j], nexts[j]
    comb, mask, pinned, ops = _next_value(nxt, x, loop)
    if comb.name not in COMBINE or x not in comb.operands or comb.operands[0] is comb.operands[1]:
        raise Miss(f"the next value is {comb.name} of {', '.join(map(name_of, comb.operands))}, not min, max, or or "
                   "and of x and a pull")
    p = comb.operands[1] if comb.operands[0] is x else comb.operands[0]
    pull = owner_op(p)
    if pull is None or pull.name != "graph.pull" or pull.parent is not body:
        raise Miss(f"x is combined with {name_of(p)}, which is not a graph.pull in the loop")
    agg = COMBINE[comb.name]
    if pull.attrs["agg"] != agg:
        raise Miss(f"the pull aggregates with '{pull.attrs['agg']}' but the combine is {comb.name}; "
                   "a fixpoint needs the same idempotent operation in both")
    if len(pull.operands) > 1:
        raise Miss("the pull has a weight gate (operand #1)")
    edge, const, offer_ops = _offer(pull, x, body)
    test, test_ops = change_test(cond, nxt, x, agg, body)
    pattern = ops + [pull] + offer_ops + test_ops
    attrs = {"agg": agg, "dir": pull.attrs["dir"], "edge": edge, "test": test, "pinned": pinned,
             "pull_first": comb.operands[0] is p}
    if const is not None:
        attrs["const"] = const
    if "delta" in loop.attrs:
        if edge != "weight":
            raise Miss("it has a delta attribute, but its pull adds no weights (delta-stepping needs weight = \"add\")")
        attrs["delta"] = loop.attrs["delta"]
    check_counters(body, j, x, pattern)
    return Match(j, pattern, attrs, [mask] if mask is not None else [])


def _match_either(loop: Operation) -> Match:
    """The propagation shape, else the marking shape; when neither fits, the
    reason of the marking shape if the loop got past its first condition
    (its pull reads select(x, ...)), else the propagation's."""
    try:
        return match(loop)
    except Miss as miss:
        try:
            return match_mark(loop)
        except Miss as mark_miss:
            raise (mark_miss if getattr(mark_miss, "committed", False) else miss) from None


def _mark(loop: Operation, reason: str) -> None:
    """Leave the reason on a loop that nearly fits: one with a pull whose
    aggregate could make a fixpoint."""
    if any(op.name == "graph.pull" and op.attrs["agg"] in ("min", "max", "or", "and") for op in loop.regions[0].ops):
        loop.attrs["not_frontier"] = reason


def rewrite(fn: Function, loop: Operation, m: Match) -> None:
    body = loop.regions[0]
    j = m.index
    x, init = body.args[j], loop.operands[1 + j]
    operands = [loop.operands[0], init] + m.tail
    prop = Operation(m.name, operands, [x.type, I64],
                     [fn.fresh_name(loop.results[j].name), fn.fresh_name("rounds")], m.attrs, loc=loop.loc)
    insert_before(loop, prop)
    replace_uses(fn, loop.results[j], prop.results[0])
    counters = [i for i in range(len(body.args)) if i != j]
    if counters:
        _counters_loop(fn, loop, prop.results[1], counters, m.pattern)
    erase(loop)


def _counters_loop(fn: Function, loop: Operation, rounds: Value, counters: list[int], pattern: list[Operation]) -> None:
    """The scalar counters, run as many rounds as the propagation ran."""
    body = loop.regions[0]
    inside = {id(op) for op in pattern}
    args = [Value(fn.fresh_name(body.args[i].name), body.args[i].type, None, 0, body.args[i].loc) for i in counters]
    block = Block(args)
    for op in body.ops[:-1]:
        if id(op) not in inside:
            block.append(op)
    yielded = [body.ops[-1].operands[1 + i] for i in counters]
    block.append(Operation("control.yield", yielded, loc=body.ops[-1].loc))
    rep = Operation("control.repeat", [rounds] + [loop.operands[1 + i] for i in counters],
                    [body.args[i].type for i in counters], [fn.fresh_name(loop.results[i].name) for i in counters],
                    regions=[block], loc=loop.loc)
    insert_before(loop, rep)
    for old, new in zip([body.args[i] for i in counters], args):
        replace_uses(fn, old, new)
    for i, result in zip(counters, rep.results):
        replace_uses(fn, loop.results[i], result)


@dataclass(frozen=True)
class FrontierLoops(Pass):
    name = "frontier"
    summary = "run monotone fixpoint loops (min/max/or/and propagation) over frontiers: graph.propagate"

    def run(self, fn: Function) -> bool:
        """False when it rewrote nothing and left every reason as it was
        (the pass manager then need not print the IR again)."""
        changed = False
        loops = [op for op in fn.walk() if op.name == "control.while"]
        for loop in reversed(loops):  # inner loops first
            before = loop.attrs.get("not_frontier")
            try:
                m = _match_either(loop)
            except Miss as miss:
                _mark(loop, str(miss))
                changed |= loop.attrs.get("not_frontier") != before
                continue
            loop.attrs.pop("not_frontier", None)
            rewrite(fn, loop, m)
            changed = True
        return changed
