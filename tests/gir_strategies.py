"""Hypothesis strategies for random, well-typed GIR programs.

`programs(safe=...)` draws the text of one function: typed parameters with
and without defaults, every kind of op (element-wise ops and graph sources
are drawn from the op records, so a new op is generated without a change
here), `repeat` and `while` loops nested
up to two deep with several carried values, and several outputs.  With
`safe=True` it leaves out what can fault at run time (the records'
TrapRules: i64 division, i64 powers, f64-to-i64 casts) and what the records
do not fold (exp, log, f64 pow: libm), so two executors can be compared on
the results; with `safe=False` every op may appear (for
parse/print round trips).  Loops always run a small, bounded number of times.
"""

from __future__ import annotations

from hypothesis import strategies as st

from grogc.ops import OPS


def _elementwise(safe: bool) -> list[tuple[str, str]]:
    """(op, operand dtype) for every element-wise op with a DtypeRule, from
    the records.  Safe: nothing that may fault (the record's TrapRule) and
    nothing whose result could differ between executors (outside the
    record's fold policy: exp, log, f64 pow go through libm)."""
    pairs = []
    for name, d in OPS.items():
        rule = d.dtypes
        if d.cls != "elementwise" or rule is None or rule.condition or rule.result == "free" or name == "core.fill":
            continue
        for dtype in rule.inputs:
            if safe and ((d.trap and d.trap.in_dtype == dtype) or d.fold is None or dtype not in d.fold):
                continue
            pairs.append((name, dtype))
    return pairs


ELEMENTWISE, ELEMENTWISE_SAFE = _elementwise(False), _elementwise(True)
# zero-operand graph sources without attributes (their result types from the plan side)
SOURCES = [n for n, d in OPS.items() if d.cls == "source" and not d.attrs and n.startswith("graph.")]


class _Gen:
    def __init__(self, draw, safe: bool):
        self.draw = draw
        self.safe = safe
        self.lines: list[str] = []
        self.counter = 0
        self.scopes: list[list[tuple[str, str]]] = [[]]  # (name, type) visible per depth

    # ---- helpers --------------------------------------------------------------------
    def fresh(self) -> str:
        self.counter += 1
        return f"v{self.counter}"

    def visible(self, type_: str | None = None) -> list[str]:
        return [n for scope in self.scopes for n, t in scope if type_ is None or t == type_]

    def define(self, name: str, type_: str) -> None:
        self.scopes[-1].append((name, type_))

    def emit(self, depth: int, text: str) -> None:
        self.lines.append("  " * depth + text)

    def pick(self, options):
        return self.draw(st.sampled_from(options))

    def value_of(self, type_: str, depth: int) -> str:
        """A visible value of the type, making a constant (or fill) if none."""
        names = self.visible(type_)
        if names and self.draw(st.integers(0, 4)) > 0:
            return self.pick(names)
        name = self.fresh()
        if type_.startswith("nodes<"):
            scalar = self.value_of(type_[6:-1], depth)
            self.emit(depth, f"%{name} = core.fill %{scalar} : {type_}")
        else:
            literal = {
                "f64": self.pick(["0.0", "1.0", "-2.5", "0.25", "3.0"]),
                "i64": self.pick(["0", "1", "-3", "7", "2"]),
                "bool": self.pick(["true", "false"]),
            }[type_]
            self.emit(depth, f"%{name} = core.const {literal} : {type_}")
        self.define(name, type_)
        return name

    # ---- ops --------------------------------------------------------------------------
    def op(self, depth: int) -> None:
        kind = self.draw(st.integers(0, 9))
        name = self.fresh()
        vec = self.draw(st.booleans())
        wrap = (lambda d: f"nodes<{d}>") if vec else (lambda d: d)
        if kind <= 2:  # an element-wise op typed by its record's DtypeRule
            op, d = self.pick(ELEMENTWISE_SAFE if self.safe else ELEMENTWISE)
            rule = OPS[op].dtypes
            operands = [self.value_of(wrap(d), depth)]
            if OPS[op].arity[0] == 2:
                operands.append(self.value_of(self.pick([d, wrap(d)]), depth))
            t = wrap(d if rule.result == "same" else rule.result)
            self.emit(depth, f"%{name} = {op} " + ", ".join("%" + v for v in operands) + f" : {t}")
        elif kind == 3:
            d = self.pick(["f64", "i64", "bool"])
            c, a, b = self.value_of(wrap("bool"), depth), self.value_of(wrap(d), depth), self.value_of(d, depth)
            t = wrap(d)
            self.emit(depth, f"%{name} = core.select %{c}, %{a}, %{b} : {t}")
        elif kind == 4:
            src = self.pick(["i64", "bool"] + ([] if self.safe else ["f64"]))
            dst = self.pick(["f64", "i64", "bool"])
            a = self.value_of(wrap(src), depth)
            t = wrap(dst)
            self.emit(depth, f"%{name} = core.cast %{a} : {t}")
        elif kind == 5:
            d = self.pick(["f64", "i64", "bool"])
            op = self.pick({"f64": ["sum", "min", "max", "count"], "i64": ["sum", "min", "max", "count"], "bool": ["any", "all", "count"]}[d])
            a = self.value_of(f"nodes<{d}>", depth)
            t = {"count": "i64", "any": "bool", "all": "bool"}.get(op, d)
            self.emit(depth, f'%{name} = core.reduce %{a} {{op = "{op}"}} : {t}')
        elif kind == 6:
            d = self.pick(["f64", "i64", "bool"])
            agg = self.pick({"f64": ["sum", "mean", "min", "max", "count", "mode"], "i64": ["sum", "mean", "min", "max", "count", "mode"],
                             "bool": ["or", "and", "count", "mode"]}[d])
            weight = "none"
            if d == "f64" and agg in ("sum", "mean", "min", "max"):
                weight = self.pick(["none", "mul", "add"])
            a = self.value_of(f"nodes<{d}>", depth)
            # a weighted pull sometimes takes the run-time weight gate (a bool scalar)
            gate = f", %{self.value_of('bool', depth)}" if weight != "none" and self.draw(st.booleans()) else ""
            t = {"mean": "f64", "count": "i64"}.get(agg, d)
            w = "" if weight == "none" else f', weight = "{weight}"'
            self.emit(depth, f'%{name} = graph.pull %{a}{gate} {{agg = "{agg}", dir = "{self.pick(["in", "out", "all"])}"{w}}} : nodes<{t}>')
            t = f"nodes<{t}>"
        elif kind == 7:
            weighted = ", weighted = true" if self.draw(st.booleans()) else ""
            t = "nodes<f64>"
            self.emit(depth, f'%{name} = graph.degree {{dir = "{self.pick(["in", "out", "all"])}"{weighted}}} : {t}')
        elif kind == 8:  # a source of the graph, typed by its record's plan side
            op = self.pick(SOURCES)
            spec = OPS[op].plan
            d = self.pick(list(spec.out_dtypes))
            t = f"nodes<{d}>" if spec.out_kind == "vector" else d
            self.emit(depth, f"%{name} = {op} : {t}")
        else:
            if depth < 2:
                self.loop(depth, name)
            return
        self.define(name, t)

    def loop(self, depth: int, name: str) -> None:
        carried = [self.pick(["f64", "i64", "nodes<f64>", "nodes<i64>", "nodes<bool>"]) for _ in range(self.draw(st.integers(1, 3)))]
        inits = [self.value_of(t, depth) for t in carried]
        is_while = self.draw(st.booleans())
        count = self.fresh()
        self.emit(depth, f"%{count} = core.const {self.draw(st.integers(0, 3))} : i64")
        self.define(count, "i64")
        results = [f"{name}_{i}" for i in range(len(carried))]
        args = [f"{name}_a{i}" for i in range(len(carried))]
        pairs = ", ".join(f"%{a} = %{v}" for a, v in zip(args, inits))
        kind = "while" if is_while else "repeat"
        self.emit(depth, f"{', '.join('%' + r for r in results)} = control.{kind} %{count} iter_args({pairs}) : {', '.join(carried)} {{")
        self.scopes.append([(a, t) for a, t in zip(args, carried)])
        for _ in range(self.draw(st.integers(0, 5))):
            self.op(depth + 1)
        yielded = [self.value_of(t, depth + 1) for t in carried]
        cond = []
        if is_while:
            cond = [self.value_of("bool", depth + 1)]
        self.emit(depth + 1, "control.yield " + ", ".join("%" + v for v in cond + yielded))
        self.scopes.pop()
        self.emit(depth, "}")
        for r, t in zip(results, carried):
            self.define(r, t)

    def program(self) -> str:
        params = []
        for i in range(self.draw(st.integers(0, 3))):
            t = self.pick(["f64", "i64", "bool"])
            default = {"f64": "0.5", "i64": "2", "bool": "true"}[t]
            params.append(f"%p{i}: {t}" + (f" = {default}" if self.draw(st.booleans()) else ""))
            self.define(f"p{i}", t)
        for _ in range(self.draw(st.integers(1, 12))):
            self.op(1)
        outputs = self.draw(st.lists(st.sampled_from(self.visible()), min_size=1, max_size=3, unique=True)) if self.visible() else []
        for i, v in enumerate(outputs):
            self.emit(1, f'attr.output "out{i}", %{v}')
        return f"func @random({', '.join(params)}) {{\n" + "\n".join(self.lines) + ("\n" if self.lines else "") + "}\n"


@st.composite
def programs(draw, safe: bool = False) -> str:
    """The text of one random, well-typed GIR function."""
    return _Gen(draw, safe).program()
