"""Loops as context managers, with loop-carried values declared by keyword.

    with b.while_loop(max_iter, x=x0) as loop:    # carries x, starting at x0
        nxt = step(loop.x)                        # loop.x: this round's value
        loop.yield_(more, x=nxt)                  # condition, then every carried value
    x = loop.results.x                            # the value after the loop

`b.repeat(count, x=x0)` is the same without the condition:
`loop.yield_(x=nxt)`.  The keyword names the loop variable in the IR
(`iter_args(%x = %x0)`; `x_1`, ... if the name is taken, or once the user
names another value `x`, e.g. the result); results are named with
`.named(...)` like any value.  Nothing is guessed: the carried
values are exactly the keywords, and the body must end with `yield_`
giving each of them, with the type it started with.
"""

from __future__ import annotations

from grogc.builder.errors import BuilderError, BuilderTypeError, BuilderValueError, user_loc
from grogc.builder.handles import Handle
from grogc.ir.core import Block, Loc, Operation, Value
from grogc.ir.types import BOOL

# Annotations name "AlgorithmBuilder" (grogc.builder.builder) without importing
# it: that module imports this one, and grogc/ has no import cycles.

KIND_WORD = {"control.while": "while", "control.repeat": "repeat"}
RESERVED = {"kind", "loc", "results", "yield_"}  # the Loop's own attributes


class LoopResults:
    """The loop's results by carried name: `results.x`, `results["x"]`,
    and in keyword order by iteration or index."""

    def __init__(self, handles: dict[str, Handle]):
        self._handles = handles

    def __getattr__(self, key: str) -> Handle:
        handles = self.__dict__.get("_handles", {})
        if key in handles:
            return handles[key]
        raise AttributeError(f"the loop carries no value '{key}' (it carries: {', '.join(handles) or 'nothing'})")

    def __getitem__(self, key) -> Handle:
        if isinstance(key, int):
            return list(self._handles.values())[key]
        return getattr(self, key)

    def __iter__(self):
        return iter(self._handles.values())

    def __len__(self) -> int:
        return len(self._handles)


class Loop:
    """One `control.while` or `control.repeat` being built.  `kind` is the
    op name, `loc` the user's line of the `b.while_loop(...)` call."""

    def __init__(self, builder: "AlgorithmBuilder", kind: str, bound: Value, inits: dict[str, Value], loc: Loc):
        for key in inits:
            if key.startswith("_") or key in RESERVED or hasattr(Loop, key):
                raise BuilderValueError(f"'{key}' cannot name a loop variable (it clashes with the loop's own"
                                        " attributes or is private); choose another keyword", loc)
        self.kind = kind
        self.loc = loc
        self._builder = builder
        self._bound = bound
        self._inits = inits
        self._vars: dict[str, Handle] = {}
        self._scope = None
        self._state = "new"  # new -> open -> closed (or failed)
        self._results: LoopResults | None = None

    # ---- inside the with block ---------------------------------------------------

    def __enter__(self) -> "Loop":
        if self._state != "new":
            raise BuilderError("a loop's with block can be entered only once", user_loc())
        args = []
        for key, init in self._inits.items():
            arg = Value("", init.type, None, 0, self.loc)
            arg.name = self._builder._claim_derived(key, self.loc, arg)
            args.append(arg)
        body = Block(args)
        self._scope = self._builder._push_scope(body, self)
        self._vars = {key: Handle(self._builder, arg) for key, arg in zip(self._inits, args)}
        self._state = "open"
        return self

    def __getattr__(self, key: str) -> Handle:
        variables = self.__dict__.get("_vars", {})
        if key in variables:
            if self.__dict__.get("_state") != "open":
                raise BuilderError(f"loop variable '{key}' exists only inside the with block;"
                                   f" after the loop use loop.results.{key}", user_loc())
            return variables[key]
        raise AttributeError(f"the loop carries no value '{key}' (it carries: {', '.join(self._inits) or 'nothing'})")

    def __getitem__(self, key: str) -> Handle:
        return getattr(self, key)

    def yield_(self, *condition, **values) -> None:
        """End the body: `yield_(cond, x=..)` for a while loop (cond: a bool
        scalar handle, go round again while true), `yield_(x=..)` for repeat."""
        loc = user_loc()
        word = KIND_WORD[self.kind]
        if self._state != "open":
            raise BuilderError(f"loop.yield_ belongs inside the {word} loop's with block", loc)
        if self._builder._scopes[-1] is not self._scope:
            raise BuilderError(f"this yield_ is for the outer {word} loop, but an inner loop is still open", loc)
        if self._scope.yielded_at is not None:
            raise BuilderError(f"the loop body already yielded at line {self._scope.yielded_at.line}", loc)
        mark = len(self._scope.block.ops)
        try:
            self._yield(condition, values, loc)
        except BuilderError:
            del self._scope.block.ops[mark:]  # no stray constants from a failed yield_
            raise
        self._scope.yielded_at = loc

    def _yield(self, condition: tuple, values: dict, loc: Loc) -> None:
        operands = self._condition(condition, loc) if self.kind == "control.while" else self._no_condition(condition, loc)
        missing = [k for k in self._inits if k not in values]
        unknown = [k for k in values if k not in self._inits]
        if missing or unknown:
            parts = ([f"missing {', '.join(missing)}"] if missing else []) + ([f"unknown {', '.join(unknown)}"] if unknown else [])
            raise BuilderError(f"loop.yield_ must give every carried value ({', '.join(self._inits) or 'none'});"
                               f" {'; '.join(parts)}", loc)
        for key, init in self._inits.items():
            value = self._builder._value(values[key], init.type, loc)
            if value.type != init.type:
                raise BuilderTypeError(f"loop value '{key}' is {init.type}, but yield_ gives {value.type}"
                                       f" ({_fix_hint(init.type, value.type)})", loc)
            operands.append(value)
        self._builder._emit("control.yield", operands, loc=loc)

    def _condition(self, condition: tuple, loc: Loc) -> list[Value]:
        if len(condition) != 1:
            raise BuilderError(f"a while loop yields its condition first: loop.yield_(cond, {_keywords(self._inits)})", loc)
        (cond,) = condition
        if not isinstance(cond, Handle):
            raise BuilderTypeError(
                f"the while condition is a Python {type(cond).__name__}, not a bool handle"
                " (did you write x == y? use x.eq(y); for a fixed number of rounds use b.repeat)", loc)
        value = self._builder._value(cond, None, loc)
        if value.type != BOOL:
            hint = " (reduce it first, e.g. .any())" if value.type.dtype == "bool" else ""
            raise BuilderTypeError(f"the while condition is {value.type}, but must be a bool scalar{hint}", loc)
        return [value]

    def _no_condition(self, condition: tuple, loc: Loc) -> list[Value]:
        if condition:
            raise BuilderError(f"a repeat loop has no condition: loop.yield_({_keywords(self._inits)})", loc)
        return []

    # ---- leaving the with block ------------------------------------------------------

    def __exit__(self, exc_type, exc, tb) -> bool:
        if self._state != "open":
            return False
        self._builder._pop_scope(self._scope)
        if exc_type is not None:
            self._state = "failed"  # the user's error propagates; the loop is dropped
            return False
        self._state = "closed"
        if self._scope.yielded_at is None:
            word = KIND_WORD[self.kind]
            how = f"loop.yield_(cond, {_keywords(self._inits)})" if word == "while" else f"loop.yield_({_keywords(self._inits)})"
            raise BuilderError(f"the {word} loop's body does not end with {how}", self.loc)
        inits = list(self._inits.values())
        op = Operation(self.kind, [self._bound, *inits], [v.type for v in inits], [""] * len(inits), {},
                       [self._scope.block], self.loc)
        self._builder._append_loop(op)
        self._results = LoopResults({key: Handle(self._builder, r) for key, r in zip(self._inits, op.results)})
        return False

    @property
    def results(self) -> LoopResults:
        """The loop's results by carried name (after the with block)."""
        if self._results is None:
            raise BuilderError("loop.results exist after the with block has ended (with a yield_)", user_loc())
        return self._results


def _keywords(inits: dict) -> str:
    return ", ".join(f"{k}=..." for k in inits)


def _fix_hint(want, got) -> str:
    if want.dtype != got.dtype:
        return f"no implicit conversion; use .cast('{want.dtype}')"
    if want.is_vector:
        return "use .fill() to broadcast a scalar"
    return "a node vector cannot become a scalar; reduce it, e.g. .sum()"
