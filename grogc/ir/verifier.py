"""The IR verifier: runs after parsing and, with --verify-each, after every pass.

It checks, for every op at every depth: the op exists; operand count,
attributes and types follow its OpDef; every operand is defined before use in
a scope that can see it; regions end with the right terminator; a loop's
initial values, block arguments, yielded values and results agree in number
and type; outputs are named once, at the function's top level.
"""

from __future__ import annotations

import math

from grogc.ir.core import MAX_LOOP_NESTING, Block, Function, Module, Operation, Value
from grogc.ir.diagnostics import IRError
from grogc.ir.literals import literal_text
from grogc.ir.param_range import declaration_problem
from grogc.ir.types import BOOL, PARAM_TYPES
from grogc.ops import DIALECTS, FUSED, LOOPS, OPS, OpTypeError



def op_error(op: Operation, message: str, notes=None) -> IRError:
    return IRError(f"'{op.name}' op {message}", op.loc, notes)


def check_known(op_name: str, loc) -> None:
    if op_name in OPS:
        return
    dialect = op_name.split(".", 1)[0]
    if dialect not in DIALECTS:
        raise IRError(f"unknown dialect '{dialect}' in '{op_name}' (dialects: {', '.join(DIALECTS)})", loc)
    same = sorted(n.split(".", 1)[1] for n in OPS if n.startswith(dialect + "."))
    raise IRError(f"unknown op '{op_name}' (the {dialect} dialect has: {', '.join(same)})", loc)


def check_attrs(op: Operation) -> None:
    """Fill defaults, reject unknown or missing attributes and bad values."""
    opdef = OPS[op.name]
    for key in op.attrs:
        if key not in opdef.attrs:
            valid = ", ".join(k for k in opdef.attrs if k != opdef.literal) or "none"
            raise op_error(op, f"has no attribute '{key}' (valid: {valid})")
    for key, spec in opdef.attrs.items():
        if key not in op.attrs:
            if spec.required:
                what = "a literal operand" if key == opdef.literal else f"attribute '{key}'"
                raise op_error(op, f"needs {what}")
            if spec.default is not None:
                op.attrs[key] = spec.default
            continue
        value = op.attrs[key]
        if spec.kind is not object and not (isinstance(value, spec.kind) and (spec.kind is bool or not isinstance(value, bool))):
            raise op_error(op, f"attribute '{key}' must be a {spec.kind.__name__.replace('str', 'string')}, got {literal_text(value)}")
        if isinstance(value, str) and "\n" in value:
            # GIR strings escape only \" and \\: a newline cannot be printed so that it parses back.
            raise op_error(op, f"attribute '{key}' holds a newline, which a GIR string cannot contain: {value!r}")
        if spec.choices is not None and value not in spec.choices:
            allowed = ", ".join(literal_text(c) for c in spec.choices)
            raise op_error(op, f"attribute '{key}' must be one of {allowed}; got {literal_text(value)}")


class Verifier:
    def __init__(self, fn: Function):
        self.fn = fn
        self.outputs: dict[str, Operation] = {}
        self.loop_depth = 0

    def run(self) -> None:
        for p in self.fn.params:
            if p.type_name not in PARAM_TYPES:
                raise IRError(f"parameter %{p.name} has unknown type '{p.type_name}'", p.loc)
            if p.default is not None:
                check_default(p)
            check_bounds(p)
        visible = {id(p.value) for p in self.fn.params}
        self.block(self.fn.body, visible, None)

    def block(self, block: Block, visible: set[int], owner: Operation | None) -> None:
        visible = visible | {id(a) for a in block.args}
        for i, op in enumerate(block.ops):
            last = i == len(block.ops) - 1
            self.op(op, visible, owner, last)
            visible.update(id(r) for r in op.results)
        expected = _terminator_for(owner)
        if expected and (not block.ops or block.ops[-1].name != expected):
            where = block.ops[-1].loc if block.ops else owner.loc
            raise IRError(f"'{owner.name}' op body must end with '{expected}'", where)

    def op(self, op: Operation, visible: set[int], owner: Operation | None, last: bool) -> None:
        check_known(op.name, op.loc)
        opdef = OPS[op.name]
        for i, v in enumerate(op.operands):
            if id(v) not in visible:
                raise op_error(op, f"operand #{i} %{v.name} is not defined before this use, or not visible here")
        lo, hi = opdef.arity
        n = len(op.operands)
        if n < lo or (hi is not None and n > hi):
            want = f"{lo}" if lo == hi else (f"at least {lo}" if hi is None else f"{lo} to {hi}")
            raise op_error(op, f"expects {want} operand(s), got {n}")
        check_attrs(op)
        if opdef.region != bool(op.regions) or len(op.regions) > 1:
            raise op_error(op, "needs a region" if opdef.region else "takes no region")
        if opdef.terminator:
            if not last or _terminator_for(owner) != op.name:
                raise op_error(op, "must be the last op of a " + ("loop body" if op.name == "control.yield" else "fused op's region"))
        if op.name == "attr.output":
            if owner is not None:
                raise op_error(op, "must be at the top level of the function, not inside a region")
            name = op.attrs["name"]
            if name in self.outputs:
                raise op_error(op, f"output \"{name}\" is already named", [("first named here", self.outputs[name].loc)])
            self.outputs[name] = op
        operand_types = [v.type for v in op.operands]
        result_types = [r.type for r in op.results]
        try:
            inferred = opdef.infer(operand_types, op.attrs, result_types)
        except OpTypeError as err:
            raise op_error(op, str(err)) from None
        if len(inferred) != len(result_types):
            raise op_error(op, f"has {len(inferred)} result(s), but {len(result_types)} are defined")
        for i, (want, got) in enumerate(zip(inferred, result_types)):
            if want != got:
                raise op_error(op, f"result #{i} is annotated {got}, but its type is {want}")
        if op.regions:
            if op.name in LOOPS:
                self.loop(op)
                self.loop_depth += 1
                if self.loop_depth > MAX_LOOP_NESTING:
                    raise op_error(op, f"is nested {self.loop_depth} loops deep; GIR allows at most "
                                       f"{MAX_LOOP_NESTING} nested loops")
            self.block(op.regions[0], visible, op)
            if op.name in LOOPS:
                self.loop_depth -= 1
                self.loop_yield(op)
            elif op.name in FUSED:
                self.fused(op)
        if op.name == "control.yield" and owner is not None and owner.name in LOOPS:
            pass  # checked by loop_yield with the loop's types in hand

    def loop(self, op: Operation) -> None:
        body = op.regions[0]
        inits = op.operands[1:]
        if not (len(inits) == len(body.args) == len(op.results)):
            raise op_error(op, f"has {len(inits)} iter_args but {len(op.results)} result(s)")
        for i, (init, arg, res) in enumerate(zip(inits, body.args, op.results)):
            if not (init.type == arg.type == res.type):
                raise op_error(op, f"iter_arg #{i} %{arg.name} starts as %{init.name} of type {init.type}, but the loop result #{i} has type {res.type}")

    def loop_yield(self, op: Operation) -> None:
        yield_op = op.regions[0].ops[-1]
        values = list(yield_op.operands)
        types = [r.type for r in op.results]
        if op.name == "control.while":
            if not values:
                raise op_error(yield_op, "in a 'control.while' must yield the continue condition (bool) first")
            cond = values.pop(0)
            if cond.type != BOOL:
                raise op_error(yield_op, f"operand #0 (the while condition) has type {cond.type}, but must be a bool scalar")
        offset = 1 if op.name == "control.while" else 0
        if len(values) != len(types):
            raise op_error(yield_op, f"yields {len(values)} loop value(s), but the loop carries {len(types)}",
                           [("the loop is here", op.loc)])
        for i, (v, t) in enumerate(zip(values, types)):
            if v.type != t:
                raise op_error(yield_op, f"operand #{i + offset} %{v.name} has type {v.type}, but loop value #{i} has type {t}",
                               [("the loop is here", op.loc)])

    def fused(self, op: Operation) -> None:
        from grogc.ir.fused import check_fused_region

        message = check_fused_region(op)
        if message:
            raise op_error(op, message)


def _terminator_for(owner: Operation | None) -> str | None:
    if owner is None:
        return None
    if owner.name in LOOPS:
        return "control.yield"
    if owner.name in FUSED:
        return "fuse.yield"
    return None


def check_default(p) -> None:
    value, type_name = p.default, p.type_name
    ok = {
        "f64": isinstance(value, (int, float)) and not isinstance(value, bool),
        "i64": isinstance(value, int) and not isinstance(value, bool),
        "node": isinstance(value, int) and not isinstance(value, bool),
        "bool": isinstance(value, bool),
    }[type_name]
    if not ok:
        article = "an" if type_name[0] in "aeiou" else "a"
        raise IRError(f"parameter %{p.name} has type {type_name}, but its default {literal_text(value)} is not {article} {type_name}", p.loc)
    if type_name == "f64" and isinstance(value, int):
        p.default = value = float(value)
    if type_name == "f64" and not math.isfinite(value):  # a run would refuse it as a value too
        raise IRError(f"parameter %{p.name} has default {literal_text(value)}, but parameter values must be finite", p.loc)
    if type_name in ("i64", "node") and not -(2**63) <= value < 2**63:
        raise IRError(f"parameter %{p.name} has default {value}, which is out of range for i64", p.loc)


def check_bounds(p) -> None:
    if p.type_name == "f64":  # 0 reads as 0.0 in an f64 range, as in a default
        p.bounds = {k: float(v) if isinstance(v, int) and not isinstance(v, bool) else v for k, v in p.bounds.items()}
    problem = declaration_problem(p.type_name, p.bounds, p.default)
    if problem:
        raise IRError(f"parameter %{p.name}: {problem}", p.loc)


def verify_function(fn: Function) -> None:
    Verifier(fn).run()


def verify_module(module: Module) -> None:
    names: dict[str, Function] = {}
    for fn in module.functions:
        if fn.name in names:
            raise IRError(f"function @{fn.name} is defined twice", fn.loc, [("first defined here", names[fn.name].loc)])
        names[fn.name] = fn
        verify_function(fn)
