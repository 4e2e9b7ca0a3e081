"""Random builder programs print GIR that parses back to the same IR.

Hypothesis drives the builder through every op kind, literals of every
dtype (nan, -0.0, infinities, i64 extremes), user names, parameters with
defaults and nested while/repeat loops; the printed text must parse to a
structurally equal IR and print again to the same text."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from grogc.builder import AlgorithmBuilder, BuilderTypeError, BuilderValueError, module_difference
from grogc.frontend.parser import parse_module
from grogc.ir.printer import print_module

LITERALS = {
    "f64": st.floats(allow_nan=True, allow_infinity=True),
    "i64": st.integers(-(2**63), 2**63 - 1),
    "bool": st.booleans(),
}
NUMERIC_BINARY = ["add", "sub", "mul", "div", "pow", "minimum", "maximum", "eq", "ne", "lt", "le", "gt", "ge"]
BOOL_BINARY = ["and_", "or_", "eq", "ne"]
UNARY = {"f64": ["neg", "abs", "sqrt", "exp", "log", "floor", "recip"], "i64": ["neg", "abs"], "bool": ["not_"]}
PULLS = {"f64": ["sum", "mean", "min", "max", "count", "mode"], "i64": ["sum", "mean", "min", "max", "count", "mode"],
         "bool": ["or", "and", "count", "mode"]}
REDUCES = {"f64": ["sum", "min", "max", "count"], "i64": ["sum", "min", "max", "count"], "bool": ["any", "all", "count"]}
NAMES = st.from_regex(r"[A-Za-z_][A-Za-z0-9_.]{0,6}", fullmatch=True)


class Program:
    """Draws one random builder program step by step."""

    def __init__(self, data):
        self.data = data
        self.b = AlgorithmBuilder("random")
        self.keywords = 0

    def draw(self, strategy):
        return self.data.draw(strategy)

    def pick(self, pool, dtype=None, vector=None):
        choices = [h for h in pool if (dtype is None or h.dtype == dtype) and (vector is None or h.is_vector == vector)]
        return self.draw(st.sampled_from(choices)) if choices else None

    def maybe_name(self, handle):
        if handle is not None and self.draw(st.integers(0, 3)) == 0:
            try:
                handle.named(self.draw(NAMES))
            except BuilderValueError:
                pass  # taken, or purely numeric: both are refused by design
        return handle

    def step(self, pool, depth):
        b = self.b
        kind = self.draw(st.sampled_from(["const", "param", "graph", "binary", "literal_binary", "unary", "select",
                                          "cast", "reduce", "pull", "fill", "loop"]))
        if kind == "const":
            dtype = self.draw(st.sampled_from(sorted(LITERALS)))
            return b.const(self.draw(LITERALS[dtype]), dtype)
        if kind == "param":
            ptype = self.draw(st.sampled_from(["f64", "i64", "bool", "node"]))
            default = self.draw(st.none() | LITERALS["i64" if ptype == "node" else ptype])
            try:
                return b.param(self.draw(NAMES), ptype, default=default)
            except (BuilderValueError, BuilderTypeError):  # e.g. a non-finite default: refused, as it must be
                return None
        if kind == "graph":
            which = self.draw(st.sampled_from(["node_ids", "node_count", "edge_count", "degree", "triangles", "load"]))
            if which in ("node_count", "edge_count"):
                return getattr(b, which)(self.draw(st.sampled_from(["i64", "f64"])))
            if which == "degree":
                return b.degree(self.draw(st.sampled_from(["in", "out", "all"])), weighted=self.draw(st.booleans()))
            if which == "load":
                # any text but a newline, which GIR strings cannot hold (the newline case is an error test)
                name = self.draw(st.text(st.characters(blacklist_characters="\n"), max_size=5))
                return b.load_attr(name, self.draw(st.sampled_from(sorted(LITERALS))))
            return getattr(b, which)()
        if kind in ("binary", "literal_binary"):
            a = self.pick(pool)
            if a is None:
                return None
            other = self.pick(pool, a.dtype) if kind == "binary" else self.draw(LITERALS[a.dtype])
            op = self.draw(st.sampled_from(BOOL_BINARY if a.dtype == "bool" else NUMERIC_BINARY))
            return getattr(b, op)(*((a, other) if self.draw(st.booleans()) else (other, a)))
        if kind == "unary":
            a = self.pick(pool)
            return getattr(b, self.draw(st.sampled_from(UNARY[a.dtype])))(a) if a is not None else None
        if kind == "select":
            cond, a = self.pick(pool, "bool"), self.pick(pool)
            if cond is None or a is None:
                return None
            return b.select(cond, a, self.pick(pool, a.dtype))
        if kind == "cast":
            a = self.pick(pool)
            return a.cast(self.draw(st.sampled_from(sorted(LITERALS)))) if a is not None else None
        if kind in ("reduce", "pull"):
            a = self.pick(pool, vector=True)
            if a is None:
                return None
            if kind == "reduce":
                return b.reduce(a, self.draw(st.sampled_from(REDUCES[a.dtype])))
            agg = self.draw(st.sampled_from(PULLS[a.dtype]))
            weighted = a.dtype == "f64" and agg in ("sum", "mean", "min", "max")
            weight = self.draw(st.sampled_from(["none", "mul", "add"])) if weighted else "none"
            return a.pull(agg, dir=self.draw(st.sampled_from(["in", "out", "all"])), weight=weight)
        if kind == "fill":
            a = self.pick(pool, vector=False)
            return b.fill(a) if a is not None else None
        if depth < 2:
            return self.loop(pool, depth)
        return None

    def loop(self, pool, depth):
        b = self.b
        carried = {}
        for _ in range(self.draw(st.integers(0, 2))):
            init = self.pick(pool) if self.draw(st.booleans()) else self.draw(LITERALS["f64"])
            if init is not None:
                self.keywords += 1
                carried[f"c{self.keywords}_{self.draw(st.sampled_from(['x', 'l', 'acc']))}"] = init
        is_while = self.draw(st.booleans())
        bound = self.pick(pool, "i64", vector=False)
        bound = self.draw(st.integers(-3, 50)) if bound is None else bound
        make = b.while_loop if is_while else b.repeat
        with make(bound, **carried) as loop:
            inner = list(pool) + [loop[k] for k in carried]
            self.block(inner, depth + 1)
            values = {k: self.pick(inner, loop[k].dtype, loop[k].is_vector) for k in carried}
            if is_while:
                cond = self.pick(inner, "bool", vector=False)
                cond = b.const(self.draw(st.booleans())) if cond is None else cond
                loop.yield_(cond, **values)
            else:
                loop.yield_(**values)
        return list(loop.results)

    def block(self, pool, depth):
        for _ in range(self.draw(st.integers(0, 12 if depth == 0 else 6))):
            made = self.step(pool, depth)
            for h in made if isinstance(made, list) else [made]:
                if h is not None:
                    pool.append(self.maybe_name(h))

    def build(self):
        # a few values of each dtype to start from, so most steps find operands
        pool = [self.b.node_ids(), self.b.init_nodes(self.draw(LITERALS["f64"]))]
        pool.append(pool[0] > self.draw(LITERALS["i64"]))
        self.block(pool, 0)
        for i, h in enumerate(pool[: self.draw(st.integers(0, 3))]):
            self.b.output(f"out{i}", h, node_ids=h.dtype == "i64" and self.draw(st.booleans()))
        return self.b


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_random_builder_programs_round_trip(data):
    b = Program(data).build()
    text = str(b)
    parsed = parse_module(text, "<printed>")
    difference = module_difference(b.ir(), parsed)
    assert difference is None, f"{difference}\n{text}"
    assert print_module(parsed) == text
