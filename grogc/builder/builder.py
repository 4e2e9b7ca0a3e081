"""AlgorithmBuilder: write a GIR algorithm in Python (docs/builder.md).

    b = AlgorithmBuilder("scale")
    alpha = b.param("alpha", "f64", default=0.85)
    x = b.init_nodes(1.0)
    y = (x * alpha + 1.0).named("y")
    b.output("y", y)
    print(b)                 # canonical GIR, which `grogc opt` reads back
    plan = b.compile()       # the same Plan as grogc.compile on that text

The builder creates IR directly (grogc.ir), the same ops, attributes, result
types and names the GIR parser creates for the equivalent text, checks each
op as it is made, and raises at the user's line.  `ir()` verifies the whole
function with grogc.ir.verifier.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from grogc.builder.coerce import literal_constant
from grogc.builder.errors import BuilderError, BuilderTypeError, BuilderValueError, user_loc
from grogc.builder.handles import Handle
from grogc.builder.loops import Loop
from grogc.builder.materialize import clone_function, name_unnamed
from grogc.builder.ops import OpMethods, atomic
from grogc.ir.core import Block, Function, Loc, Module, Operation, Param, Value
from grogc.ir.diagnostics import IRError
from grogc.ir.types import PARAM_TYPES, Type
from grogc.ir.verifier import check_attrs, check_bounds, check_default, verify_module
from grogc.ops import OPS, OpTypeError

_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_.]*\Z")


@dataclass
class _Scope:
    """A block being built: the function body or an open loop's body.
    `yielded_at` is where loop.yield_ ended it (nothing may follow)."""

    block: Block
    loop: Loop | None = None
    yielded_at: Loc | None = None


class AttrNamespace:
    """`b.attr`: node attributes in (`load`) and outputs out (`attach`, the
    seed design's spelling of `b.output`)."""

    def __init__(self, builder: "AlgorithmBuilder"):
        self._builder = builder

    def load(self, attr_name: str, dtype: str = "f64", name: str | None = None) -> Handle:
        return self._builder.load_attr(attr_name, dtype, name=name)

    def attach(self, output_name: str, value, node_ids: bool = False) -> None:
        self._builder.output(output_name, value, node_ids=node_ids)


class AlgorithmBuilder(OpMethods):
    """Builds one GIR function, `@name`.  `attr` is the AttrNamespace."""

    def __init__(self, name: str):
        loc = user_loc()
        if not isinstance(name, str) or not _NAME.match(name):
            raise BuilderValueError(f"{name!r} is not a valid function name (letters, digits, '_', '.')", loc)
        self._fn = Function(name, [], Block(), loc)
        self._scopes: list[_Scope] = [_Scope(self._fn.body)]
        self._names: dict[str, Loc] = {}  # every name in use -> where it was given
        self._derived: dict[str, Value] = {}  # names taken from loop keywords -> their loop variable
        self._outputs: dict[str, Loc] = {}
        self.attr = AttrNamespace(self)

    @property
    def function_name(self) -> str:
        return self._fn.name

    # ---- names ------------------------------------------------------------------

    def name(self, handle: Handle, name: str) -> Handle:
        """Name a value `%name` in the IR (unique in the function); returns it."""
        loc = user_loc()
        if not isinstance(handle, Handle):
            raise BuilderTypeError(f"only a handle can be named, not a {type(handle).__name__}", loc)
        value = self._value(handle, None, loc)
        if isinstance(value.owner, Function):
            raise BuilderValueError(f"%{value.name} is a parameter; its name is fixed by b.param", loc)
        if value.name == name:
            return handle
        self._claim(name, loc)
        if value.name:
            self._names.pop(value.name, None)
            self._derived.pop(value.name, None)
        value.name = name
        return handle

    def _claim(self, name: str, loc: Loc) -> str:
        if not isinstance(name, str) or not _NAME.match(name):
            raise BuilderValueError(
                f"{name!r} is not a valid value name (a letter or '_', then letters, digits, '_' or '.';"
                " numbers are kept for generated names)", loc)
        if name in self._derived:  # a loop keyword's name gives way to an explicit one
            value = self._derived.pop(name)
            first = self._names.pop(name)
            value.name = self._claim_derived(name, first, value, exclude=name)
        if name in self._names:
            first = self._names[name]
            raise BuilderValueError(f"the name %{name} is already used (at {first.file}:{first.line})", loc)
        self._names[name] = loc
        return name

    def _claim_derived(self, hint: str, loc: Loc, value: Value, exclude: str | None = None) -> str:
        """A name for a loop variable from its keyword: `hint`, or `hint_1`,
        ... when taken.  It moves on to the next free suffix if the user
        later names another value `hint` explicitly."""
        name, i = hint, 0
        while name in self._names or name == exclude:
            i += 1
            name = f"{hint}_{i}"
        self._claim(name, loc)
        self._derived[name] = value
        return name

    # ---- parameters and outputs -------------------------------------------------

    def param(self, name: str, type: str, default=None, *, min=None, max=None) -> Handle:
        """A run-time parameter `%name: type [= default] [{min = .., max = ..}]`;
        type is f64, i64, bool or node (a node's original id, an i64 internal
        id inside); min / max: its valid range, inclusive (f64 and i64)."""
        bounds = {k: v for k, v in (("min", min), ("max", max)) if v is not None}
        loc = user_loc()
        if type not in PARAM_TYPES:
            raise BuilderValueError(f"unknown parameter type {type!r} (valid: {', '.join(PARAM_TYPES)})", loc)
        self._claim(name, loc)
        value = Value(name, PARAM_TYPES[type], self._fn, len(self._fn.params), loc)
        param = Param(value, type, default, loc, bounds)
        try:
            if default is not None:
                check_default(param)  # also turns an int default of an f64 parameter into a float
            check_bounds(param)
        except IRError as err:
            raise BuilderTypeError(err.message, loc) from None
        self._fn.params.append(param)
        return Handle(self, value)

    @atomic
    def output(self, output_name: str, value, node_ids: bool = False) -> None:
        """`attr.output "output_name", %value [{node_ids = true}]`: a result of
        the algorithm; node_ids marks i64 internal ids to report as original ids."""
        loc = user_loc()
        if len(self._scopes) > 1:
            raise BuilderError("outputs are named at the top level, not inside a loop body"
                               " (output the loop's result, loop.results.NAME, after the with block)", loc)
        if output_name in self._outputs:
            first = self._outputs[output_name]
            raise BuilderValueError(f"output \"{output_name}\" is already named (at {first.file}:{first.line})", loc)
        v = self._value(value, None, loc)
        self._emit("attr.output", [v], {"name": output_name, "node_ids": node_ids}, loc=loc)
        self._outputs[output_name] = loc

    # ---- loops ------------------------------------------------------------------

    def while_loop(self, max_iter, /, **carried) -> Loop:
        """`control.while`: `with b.while_loop(cap, x=x0) as loop:` ...
        `loop.yield_(cond, x=next)`; runs at most `cap` rounds, stops after
        the first round whose cond is false.  Results: `loop.results.x`."""
        return self._loop("control.while", max_iter, carried)

    def repeat(self, count, /, **carried) -> Loop:
        """`control.repeat`: `with b.repeat(count, x=x0) as loop:` ...
        `loop.yield_(x=next)`; runs exactly max(count, 0) rounds."""
        return self._loop("control.repeat", count, carried)

    @atomic
    def _loop(self, kind: str, bound, carried: dict) -> Loop:
        loc = user_loc()
        what = "round cap" if kind == "control.while" else "round count"
        bound_value = self._value(bound, Type("i64"), loc)
        if bound_value.type != Type("i64"):
            raise BuilderTypeError(f"the loop's {what} is {bound_value.type}, but must be i64", loc)
        inits = {key: self._value(init, None, loc) for key, init in carried.items()}
        return Loop(self, kind, bound_value, inits, loc)

    # ---- the IR -----------------------------------------------------------------

    def ir(self) -> Module:
        """The algorithm as a verified IR Module (a fresh copy on each call)."""
        loc = user_loc()
        if len(self._scopes) > 1:
            raise BuilderError("the IR is not complete while a loop's with block is open", loc)
        fn = clone_function(self._fn)
        name_unnamed(fn)
        module = Module([fn], self._fn.loc.file)
        verify_module(module)
        return module

    def __str__(self) -> str:
        from grogc.ir.printer import print_module

        return print_module(self.ir())

    def compile(self, opt_level: int = 2, passes: str | None = None, **options):
        """The Plan grogc.compile gives for this algorithm (options as there)."""
        from grogc.builder.compile import compile_builder_module

        return compile_builder_module(self.ir(), opt_level=opt_level, passes=passes, **options)

    # ---- emitting ops (used by ops.py and loops.py) -----------------------------

    def _value(self, x, like: Type | None, loc: Loc) -> Value:
        """The IR value for a handle (checked visible here) or a Python
        literal (a new core.const; see coerce.py for the `like` rule)."""
        if isinstance(x, Handle):
            if x.builder is not self:
                raise BuilderValueError(f"this handle belongs to another builder (@{x.builder.function_name})", loc)
            self._check_visible(x.value, loc)
            return x.value
        try:
            value, dtype = literal_constant(x, like)
        except TypeError as err:
            raise BuilderTypeError(str(err), loc) from None
        return self._emit("core.const", [], {"value": value}, annotated=[Type(dtype)], loc=loc).value

    def _literal(self, x, like: Type | None, loc: Loc, name: str | None = None) -> Handle:
        handle = Handle(self, self._value(x, like, loc))
        return self.name(handle, name) if name is not None else handle

    def _pair(self, a, b, loc: Loc) -> tuple[Value, Value]:
        """Two operands; a literal takes its `like` type from the other."""
        if isinstance(a, Handle) or not isinstance(b, Handle):
            va = self._value(a, None, loc)
            return va, self._value(b, va.type, loc)
        vb = self._value(b, None, loc)
        return self._value(a, vb.type, loc), vb

    def _check_visible(self, value: Value, loc: Loc) -> None:
        owner = value.owner
        block = owner.parent if isinstance(owner, Operation) else owner
        if isinstance(owner, Function) or any(s.block is block for s in self._scopes):
            return
        shown = f"%{value.name}" if value.name else f"this {value.type} value"
        raise BuilderError(f"{shown} was defined inside a loop body and is not visible here"
                           " (carry it out of the loop as a loop variable and use loop.results)", loc)

    def _emit(self, op_name: str, operands: list[Value], attrs: dict | None = None,
              annotated=(), name: str | None = None, loc: Loc | None = None, scope: _Scope | None = None):
        """Append one checked op to the innermost open block; its handle(s)."""
        loc = loc or user_loc()
        scope = scope or self._scopes[-1]
        if scope.yielded_at is not None:
            raise BuilderError(f"the loop body already ended with loop.yield_ at line {scope.yielded_at.line};"
                               " nothing may follow it", loc)
        for v in operands:
            self._check_visible(v, loc)
        attrs = _filled_attrs(op_name, attrs or {}, loc)
        try:
            types = OPS[op_name].infer([v.type for v in operands], attrs, list(annotated))
        except OpTypeError as err:
            raise BuilderTypeError(f"'{op_name}' op {err}", loc) from None
        op = Operation(op_name, operands, types, [""] * len(types), attrs, (), loc)
        scope.block.append(op)
        handles = [Handle(self, r) for r in op.results]
        if name is not None:
            if len(handles) != 1:
                raise BuilderValueError(f"'{op_name}' has {len(handles)} results; name= names one", loc)
            self.name(handles[0], name)
        return handles[0] if len(handles) == 1 else handles

    def _push_scope(self, block: Block, loop: Loop) -> _Scope:
        scope = _Scope(block, loop)
        self._scopes.append(scope)
        return scope

    def _pop_scope(self, scope: _Scope) -> None:
        if self._scopes[-1] is not scope:
            raise BuilderError("loops must be closed innermost first", loop_loc(scope))
        self._scopes.pop()

    def _append_loop(self, op: Operation) -> None:
        scope = self._scopes[-1]
        if scope.yielded_at is not None:
            raise BuilderError(f"the loop body already ended with loop.yield_ at line {scope.yielded_at.line};"
                               " nothing may follow it", op.loc)
        scope.block.append(op)


def loop_loc(scope: _Scope) -> Loc | None:
    return scope.loop.loc if scope.loop is not None else None


def _filled_attrs(op_name: str, attrs: dict, loc: Loc) -> dict:
    """attrs with defaults filled and values checked, as the verifier does."""
    probe = Operation(op_name, attrs=attrs, loc=loc)
    try:
        check_attrs(probe)
    except IRError as err:
        raise BuilderValueError(err.message, loc) from None
    return probe.attrs
