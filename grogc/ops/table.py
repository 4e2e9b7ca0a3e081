"""The op table: one record per op of GIR (and the fused ops passes introduce).

ORDER OP: the records stand in opcode order; an op's opcode is its position
among the entries that have a plan side.  Plan files name opcodes, but the
encoder, the compiled runtime and encoded programs (the validator's tests
mutate them by number) share the numbers, so a new op is appended at the end
of SEQUENCE (never inserted; tests/backend/test_op_records.py pins them),
and nothing may rely on a class being a contiguous range of opcodes: C
reads the generated flag table instead (runtime_c/grog_opcodes.h).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from grogc.ir.types import BOOL, Type
from grogc.ops import propagate as prop
from grogc.ops import propagate_mark as mark
from grogc.ops import semantics as sem
from grogc.ops import typing_rules as tr
from grogc.ops.enums import AGGS, BOOLS, DIRS, DTYPES, NUMERIC, REDUCE_OPS, WEIGHT_MODES
from grogc.ops.record import AttrSpec, DtypeRule, OpDef, PlanAttr, PlanSpec, TrapRule


@dataclass(frozen=True)
class PlanOnly:
    """A plan instruction no IR op lowers to (the lowering introduces it)."""

    cls: str
    plan: PlanSpec
    dtypes: DtypeRule | None = None
    trap: TrapRule | None = None
    fusable: bool = True
    name: str | None = None


NUM = DtypeRule(NUMERIC, "same", "f64 or i64 operands")
NUM1 = DtypeRule(NUMERIC, "same", "f64 or i64")
REAL1 = DtypeRule(("f64",), "same", "f64")
EQUALITY = DtypeRule(DTYPES, "bool", "f64, i64 or bool operands")
ORDER = DtypeRule(NUMERIC, "bool", "f64 or i64 operands")
LOGIC = DtypeRule(("bool",), "same", "bool operands")
LOGIC1 = DtypeRule(("bool",), "same", "bool")
ANY_SAME = DtypeRule(DTYPES, "same", "any")
F64_CLASS = DtypeRule(("f64",), "bool", "f64")  # classifies a double: f64 in, bool out

I64_DIVISOR = TrapRule("i64", safe_operand=1, safe=lambda c: c != 0)
I64_EXPONENT = TrapRule("i64", safe_operand=1, safe=lambda c: c >= 0)
F64_TO_I64 = TrapRule("f64", out_dtype="i64")


def ew(name: str, opcode: str, rule: DtypeRule, kernel, synopsis: str, summary: str, *, arity: int,
       commutative: bool = False, fold: tuple[str, ...] | None = DTYPES, trap: TrapRule | None = None,
       builder: str | None = None) -> OpDef:
    """An element-wise op whose types follow its DtypeRule."""
    return OpDef(name, "elementwise", (arity, arity), tr.from_rule(rule), commutative=commutative, dtypes=rule,
                 trap=trap, kernel=kernel, fold=fold,
                 plan=PlanSpec(opcode, arity, synopsis, may_alias=True), builder=builder, summary=summary)


def source(name: str, opcode: str, infer, kernel, synopsis: str, summary: str, out_kind: str,
           out_dtypes: tuple[str, ...], attrs: dict | None = None, plan_attrs: tuple = (), **kw) -> OpDef:
    """A zero-operand op: a fact of the graph or a datum."""
    return OpDef(name, "source", (0, 0), infer, attrs or {}, kernel=kernel,
                 plan=PlanSpec(opcode, 0, synopsis, attrs=plan_attrs, out_kind=out_kind, out_dtypes=out_dtypes),
                 summary=summary, **kw)


SEQUENCE: list = [
    OpDef("core.const", "source", (0, 0), tr.annotated(1, tr.check_const), {"value": AttrSpec(object)},
          literal="value", in_fused=True, kernel=sem.const,
          plan=PlanSpec("CONST", 0, "r[out] = imm", out_kind="scalar", out_dtypes=DTYPES),
          summary="r[out] = literal", builder="const"),
    OpDef("core.fill", "elementwise", (1, 1), tr.infer_fill, dtypes=ANY_SAME, kernel=sem.fill,
          stream_writes=True, plan=PlanSpec("FILL", 1, "r[out][v] = r[a]", out_kind="vector"),
          summary="r[out][v] = r[a] for every node v", builder="fill"),
    PlanOnly("elementwise", PlanSpec("COPY", 1, "r[out] = r[a]  (loop entry or yield into a fresh buffer)"),
             ANY_SAME),
    ew("core.add", "ADD", NUM, sem.ufunc(np.add), "r[out] = r[a] + r[b]", "r[out] = add(r[a], r[b])",
       arity=2, commutative=True, builder="add"),
    ew("core.sub", "SUB", NUM, sem.ufunc(np.subtract), "r[out] = r[a] - r[b]", "r[out] = sub(r[a], r[b])",
       arity=2, builder="sub"),
    ew("core.mul", "MUL", NUM, sem.ufunc(np.multiply), "r[out] = r[a] * r[b]", "r[out] = mul(r[a], r[b])",
       arity=2, commutative=True, builder="mul"),
    ew("core.div", "DIV", NUM, sem.div, "r[out] = r[a] / r[b]  (i64: floor division, error on 0)",
       "r[out] = div(r[a], r[b])", arity=2, trap=I64_DIVISOR, builder="div"),
    ew("core.min", "MIN", NUM, sem.ufunc(np.minimum), "r[out] = min(r[a], r[b])", "r[out] = min(r[a], r[b])",
       arity=2, commutative=True, builder="minimum"),
    ew("core.max", "MAX", NUM, sem.ufunc(np.maximum), "r[out] = max(r[a], r[b])", "r[out] = max(r[a], r[b])",
       arity=2, commutative=True, builder="maximum"),
    # f64 pow is not folded: libm's pow is not correctly rounded, so compile and run time could differ
    ew("core.pow", "POW", NUM, sem.power, "r[out] = r[a] ** r[b]", "r[out] = pow(r[a], r[b])", arity=2,
       fold=("i64",), trap=I64_EXPONENT, builder="pow"),
    ew("core.neg", "NEG", NUM1, sem.ufunc(np.negative), "r[out] = -r[a]", "r[out] = neg(r[a])", arity=1, builder="neg"),
    ew("core.abs", "ABS", NUM1, sem.ufunc(np.abs), "r[out] = |r[a]|", "r[out] = abs(r[a])", arity=1, builder="abs"),
    ew("core.sqrt", "SQRT", REAL1, sem.ufunc(np.sqrt), "r[out] = sqrt(r[a])", "r[out] = sqrt(r[a])", arity=1,
       builder="sqrt"),
    ew("core.exp", "EXP", REAL1, sem.ufunc(np.exp), "r[out] = exp(r[a])", "r[out] = exp(r[a])", arity=1,
       fold=(), builder="exp"),
    ew("core.log", "LOG", REAL1, sem.ufunc(np.log), "r[out] = log(r[a])", "r[out] = log(r[a])", arity=1,
       fold=(), builder="log"),
    ew("core.floor", "FLOOR", REAL1, sem.ufunc(np.floor), "r[out] = floor(r[a])", "r[out] = floor(r[a])",
       arity=1, builder="floor"),
    ew("core.recip", "RECIP", REAL1, sem.recip, "r[out] = r[a] == 0 ? 0 : 1 / r[a]",
       "r[out] = r[a] == 0 ? 0 : 1 / r[a]", arity=1, builder="recip"),
    ew("core.eq", "EQ", EQUALITY, sem.ufunc(np.equal), "r[out] = r[a] == r[b]", "r[out] = r[a] == r[b]",
       arity=2, commutative=True, builder="eq"),
    ew("core.ne", "NE", EQUALITY, sem.ufunc(np.not_equal), "r[out] = r[a] != r[b]", "r[out] = r[a] != r[b]",
       arity=2, commutative=True, builder="ne"),
    ew("core.lt", "LT", ORDER, sem.ufunc(np.less), "r[out] = r[a] < r[b]", "r[out] = r[a] < r[b]", arity=2,
       builder="lt"),
    ew("core.le", "LE", ORDER, sem.ufunc(np.less_equal), "r[out] = r[a] <= r[b]", "r[out] = r[a] <= r[b]",
       arity=2, builder="le"),
    ew("core.gt", "GT", ORDER, sem.ufunc(np.greater), "r[out] = r[a] > r[b]", "r[out] = r[a] > r[b]", arity=2,
       builder="gt"),
    ew("core.ge", "GE", ORDER, sem.ufunc(np.greater_equal), "r[out] = r[a] >= r[b]", "r[out] = r[a] >= r[b]",
       arity=2, builder="ge"),
    ew("core.and", "AND", LOGIC, sem.ufunc(np.logical_and), "r[out] = r[a] && r[b]", "r[out] = r[a] and r[b]",
       arity=2, commutative=True, builder="and_"),
    ew("core.or", "OR", LOGIC, sem.ufunc(np.logical_or), "r[out] = r[a] || r[b]", "r[out] = r[a] or r[b]",
       arity=2, commutative=True, builder="or_"),
    ew("core.not", "NOT", LOGIC1, sem.ufunc(np.logical_not), "r[out] = !r[a]", "r[out] = not r[a]", arity=1,
       builder="not_"),
    ew("core.select", "SELECT", DtypeRule(DTYPES, "same", "any", condition=True), sem.select,
       "r[out] = r[a] ? r[b] : r[c]", "r[out] = r[c] ? r[a] : r[b]", arity=3, builder="select"),
    OpDef("core.cast", "elementwise", (1, 1), tr.annotated(1, tr.check_cast),
          dtypes=DtypeRule(DTYPES, "free", "any"), trap=F64_TO_I64, kernel=sem.cast, fold=DTYPES,
          plan=PlanSpec("CAST", 1, "r[out] = (dtype of out) r[a]", may_alias=True), summary="r[out] = (T) r[a]",
          builder="cast"),
    OpDef("core.reduce", "reduce", (1, 1), tr.infer_reduce, {"op": AttrSpec(str, REDUCE_OPS)}, in_fused=True,
          kernel=sem.reduce,
          plan=PlanSpec("REDUCE", 1, "r[out] = reduce(attr0, r[a])",
                        attrs=(PlanAttr("op", REDUCE_OPS, label="reduce op"),)),
          summary="r[out] = reduce(op, r[a])", builder="reduce"),
    source("graph.node_count", "NODE_COUNT", tr.annotated(1, tr.check_count), sem.node_count, "r[out] = n",
           "r[out] = n", "scalar", NUMERIC, builder="node_count"),
    source("graph.edge_count", "EDGE_COUNT", tr.annotated(1, tr.check_count), sem.edge_count,
           "r[out] = edges as imported", "r[out] = number of edges", "scalar", NUMERIC,
           builder="edge_count"),
    source("graph.node_ids", "NODE_IDS", tr.fixed(Type("i64", True)), sem.node_ids, "r[out][v] = v",
           "r[out][v] = v", "vector", ("i64",), stream_writes=True, builder="node_ids"),
    source("graph.degree", "DEGREE", tr.fixed(Type("f64", True)), sem.degree,
           "r[out][v] = degree(v, dir=attr0, weighted=attr1)",
           "r[out][v] = number (or weight sum) of v's edges in dir", "vector", ("f64",),
           {"dir": AttrSpec(str, DIRS), "weighted": AttrSpec(bool, default=False)},
           (PlanAttr("dir", DIRS), PlanAttr("weighted", BOOLS, False)), stream_writes=True, builder="degree"),
    OpDef("graph.pull", "graph", (1, 2), tr.infer_pull,
          {"agg": AttrSpec(str, AGGS), "dir": AttrSpec(str, DIRS), "weight": AttrSpec(str, WEIGHT_MODES, "none")},
          kernel=sem.pull,
          plan=PlanSpec("PULL", 1, "r[out][v] = agg(attr0) over u in N(v, dir=attr1) of w(attr2) . r[a][u]",
                        optional=1,  # b: a bool scalar gating the weights at run time (false: w = 1)
                        attrs=(PlanAttr("agg", AGGS), PlanAttr("dir", DIRS), PlanAttr("weight", WEIGHT_MODES, "none"))),
          summary="r[out][v] = agg over neighbours u of r[a][u] (r[b], if given: a bool gate, false = w 1)",
          builder="pull"),
    source("graph.triangles", "TRIANGLES", tr.fixed(Type("i64", True)), sem.triangles,
           "r[out][v] = triangles through v", "r[out][v] = triangles through v", "vector", ("i64",),
           stream_writes=True, builder="triangles"),
    # library extensions (docs/gir-extensions.md)
    source("graph.directed", "DIRECTED", tr.fixed(BOOL), sem.DIRECTED, "r[out] = 1 if the graph is directed else 0",
           "r[out] = true if the graph is directed", "scalar", ("bool",), builder="directed"),
    source("graph.self_loops", "SELF_LOOPS", tr.fixed(Type("i64", True)), sem.SELF_LOOPS,
           "r[out][v] = stored arcs v -> v", "r[out][v] = stored arcs v -> v", "vector", ("i64",),
           builder="self_loops"),
    source("graph.neighbor_count", "NEIGHBOR_COUNT", tr.fixed(Type("i64", True)), sem.NEIGHBOR_COUNT,
           "r[out][v] = |N(v)|, in and out neighbours as a set, v excluded",
           "r[out][v] = |N(v)|: in and out neighbours as a set, v excluded", "vector", ("i64",),
           builder="neighbor_count"),
    source("graph.neighborhood_arcs", "NEIGHBORHOOD_ARCS", tr.fixed(Type("i64", True)), sem.NEIGHBORHOOD_ARCS,
           "r[out][v] = distinct arcs u -> w, u != w, u and w in N(v)",
           "r[out][v] = distinct arcs u -> w, u != w, with u and w in N(v)", "vector", ("i64",),
           builder="neighborhood_arcs"),
    # the output dtype is the attribute's own (the plan's attrs table): no fixed dtype here
    source("attr.load", "LOAD_ATTR", tr.annotated(1, tr.check_load), sem.load, "r[out] = node attribute #imm_i64",
           "r[out] = node attribute 'name'", "vector", (), {"name": AttrSpec(str)}, literal="name",
           builder="load_attr"),
    OpDef("control.repeat", "loop", (1, None), tr.loop_types,
          plan=PlanSpec("REPEAT", 1, "run body r[a] times; carries in lists"), summary="run the body r[a] times",
          builder="repeat"),
    OpDef("control.while", "loop", (1, None), tr.loop_types,
          # delta: delta-stepping's bucket width for the frontier pass; not_frontier: why that pass left it
          {"delta": AttrSpec(float, optional=True), "not_frontier": AttrSpec(str, optional=True)},
          plan=PlanSpec("WHILE", 1, "run body; again while r[b] and fewer than r[a] rounds"),
          summary="run the body while its condition holds, at most r[a] times", builder="while_loop"),
    OpDef("fuse.elementwise", "fused", (0, 0), tr.fused_results,
          plan=PlanSpec("FUSED_MAP", 0, "run body block by block over the nodes"),
          summary="run the region block by block over the nodes; intermediates never reach memory"),
    OpDef("fuse.neighbor", "fused", (0, 0), tr.fused_results,
          plan=PlanSpec("FUSED_PULL", 0, "run body (one PULL inside) block by block over the nodes"),
          summary="one pull with its per-edge producer and per-node epilogue, block by block"),
    # library graph kernels: algorithms whose best form is not a propagation (docs/gir-extensions.md)
    source("graph.core_number", "CORE_NUMBER", tr.fixed(Type("i64", True)), sem.CORE_NUMBER,
           "r[out][v] = core number of v (bucket peeling)",
           "r[out][v] = core number of v (nx.core_number's degree convention)", "vector", ("i64",),
           stream_writes=True, builder="core_number"),
    source("graph.scc", "SCC", tr.fixed(Type("i64", True)), sem.SCC,
           "r[out][v] = smallest id in v's strong component",
           "r[out][v] = smallest internal id in v's strongly connected component", "vector", ("i64",),
           stream_writes=True, builder="scc"),
    source("graph.wcc", "WCC", tr.fixed(Type("i64", True)), sem.WCC,
           "r[out][v] = smallest id in v's weak component",
           "r[out][v] = smallest internal id in v's weakly connected component", "vector", ("i64",),
           stream_writes=True, builder="wcc"),
    # ops without an instruction of their own
    OpDef("attr.output", "sink", (1, 1), tr.infer_output,
          {"name": AttrSpec(str), "node_ids": AttrSpec(bool, default=False)}, literal="name", pure=False,
          summary="output 'name' = r[a]", builder="output"),
    OpDef("control.yield", "terminator", (0, None), tr.no_results, pure=False,
          summary="next iteration's values (while: the condition first)"),
    OpDef("fuse.yield", "terminator", (1, None), tr.no_results, pure=False, summary="the fused op's results"),
    # f64 classification (docs/adding-an-op.md's worked example)
    ew("core.isnan", "ISNAN", F64_CLASS, sem.ufunc(np.isnan), "r[out] = r[a] is NaN", "r[out] = r[a] is NaN",
       arity=1, builder="isnan"),
    ew("core.isinf", "ISINF", F64_CLASS, sem.ufunc(np.isinf), "r[out] = r[a] is +inf or -inf",
       "r[out] = r[a] is +inf or -inf", arity=1, builder="isinf"),
    # the frontier pass's op (docs/frontier.md); two results, so the plan names the second in "rounds".
    # The result may take the initial values' slot (b, copied first); never the mask's, read every round.
    OpDef("graph.propagate", "fixpoint", (2, 3), prop.infer, prop.ATTRS, kernel=prop.kernel,
          plan=PlanSpec("PROPAGATE", 2, "r[out] = fixpoint from r[b] of combine(x, agg(attr0) over N(v, attr1) of "
                                        "f(x)), at most r[a] rounds (c: mask)", optional=1,
                        may_alias=True, alias_inputs=(1,),
                        attrs=(PlanAttr("agg", prop.AGGS), PlanAttr("dir", DIRS),
                               PlanAttr("flags", prop.FLAGS, 0, packs=tuple(prop.PACKED)))),
          summary="r[out] = fixpoint of x = combine(x, agg over N(v, dir) of f(x)) from r[b], at most r[a] rounds;"
                  " mask r[c] pins nodes where it equals 'pinned'"),
    # the frontier pass's marking loop (docs/frontier.md); a, b, optional gate c, list = on, off, ref [, rounds];
    # the result may take the initial values' slot (b), never the gate's
    OpDef("graph.propagate_mark", "fixpoint", (5, 6), mark.infer, mark.ATTRS, kernel=mark.kernel,
          plan=PlanSpec("PROPAGATE_MARK", 5, "r[out] = fixpoint from r[b] of combine(x, cmp(agg(attr0) over "
                                             "N(v, attr1) of select(x, on, off), ref) [and gate]), at most r[a] rounds",
                        optional=1, may_alias=True, alias_inputs=(1,),
                        attrs=(PlanAttr("agg", mark.AGGS), PlanAttr("dir", DIRS),
                               PlanAttr("flags", mark.FLAGS, 0, packs=mark.PACKED))),
          summary="r[out] = fixpoint of x = combine(x, cmp(agg over N(v, dir) of select(x, on, off), ref) and gate)"
                  " from r[b], at most r[a] rounds"),
]
