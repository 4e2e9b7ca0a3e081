"""GIR text to IR: the lark LALR parse, then name resolution and checks.

Every error is an IRError at a source location (FILE:LINE:COL), rendered
with the source line and a caret; the verifier then checks types and
structure op by op.
"""

from __future__ import annotations

import functools
import re
from pathlib import Path

from lark import Lark, Token, Tree
from lark.exceptions import UnexpectedCharacters, UnexpectedEOF, UnexpectedInput, UnexpectedToken

from grogc.frontend.lalr import LalrDriver
from grogc.frontend.lexer import GirLexer, LineIndex
from grogc.ir.core import MAX_LOOP_NESTING, Block, Function, Loc, Module, Operation, Param, Value
from grogc.ir.diagnostics import IRError
from grogc.ir.gc_pause import cycle_collector_paused
from grogc.ir.types import PARAM_TYPES, Type
from grogc.ir.verifier import check_known, verify_module
from grogc.ops import LOOPS, OPS

GRAMMAR = Path(__file__).with_name("gir.lark")

# Readable names for the grammar's terminals, for "expected ..." messages.
TOKEN_NAMES = {
    "FUNC_NAME": "@function name", "VALUE_ID": "%value", "OP_NAME": "op name (dialect.op)",
    "NAME": "name", "FLOAT": "float", "INT": "integer", "SPECIAL_FLOAT": "inf", "STRING": "string",
    "BOOL": "true or false", "BAD": "character", "LBRACE": "'{'",
    "RBRACE": "'}'", "LPAR": "'('", "RPAR": "')'", "COMMA": "','", "EQUAL": "'='", "COLON": "':'",
    "VECTOR_TYPE": "nodes<T>", "FUNC": "'func'", "ITER_ARGS": "'iter_args'",
    "$END": "end of input",
}


@functools.lru_cache(maxsize=1)
def _lark() -> Lark:
    return Lark(GRAMMAR.read_text(), parser="lalr", lexer=GirLexer, maybe_placeholders=True)


@functools.lru_cache(maxsize=1)
def _driver() -> LalrDriver:
    return LalrDriver(_lark())


def parse_module(text: str, filename: str = "<input>", verify: bool = True) -> Module:
    """Parse (and by default verify) GIR text; IRError on any problem."""
    try:
        with cycle_collector_paused():
            try:
                module = _Builder(filename, LineIndex(text)).module(_parse_tree(text))
            except UnexpectedInput as err:
                raise _syntax_error(err, text, filename) from None
            if verify:
                verify_module(module)
        return module
    except IRError as err:
        raise err.with_source(text) from None


def _parse_tree(text: str):
    """The parse tree, op lines lexed as one token each (op_line.py); a
    text with a syntax error is parsed again token by token, so the error
    is reported as the plain tokens show it."""
    try:
        return _driver().parse(GirLexer().lex(text, op_lines=True))
    except UnexpectedInput:
        return _driver().parse(GirLexer().lex(text))


def parse_file(path: str | Path, verify: bool = True) -> Module:
    path = Path(path)
    try:
        text = path.read_text()
    except OSError as err:
        raise IRError(f"cannot read {path}: {err.strerror}") from None
    except UnicodeDecodeError:
        raise IRError(f"{path} is not UTF-8 text") from None
    return parse_module(text, str(path), verify)


def select_entry(module: Module, entry: str | None = None) -> Function:
    """The function to compile: the only one, or the one `entry` names."""
    names = [f"@{f.name}" for f in module.functions]
    if entry is not None:
        try:
            return module.function(entry.lstrip("@"))
        except KeyError:
            raise IRError(f"no function @{entry.lstrip('@')} in {module.file} (functions: {', '.join(names)})") from None
    if len(module.functions) > 1:
        raise IRError(f"{module.file} defines several functions ({', '.join(names)}); choose one with --entry NAME")
    return module.functions[0]


def _describe(token_type: str) -> str:
    return TOKEN_NAMES.get(token_type, token_type.lower())


def _end_loc(text: str, filename: str) -> Loc:
    """Where the input ends: after the last character of the last line."""
    lines = text.rstrip("\n").split("\n")
    return Loc(filename, len(lines), len(lines[-1]) + 1)


def _syntax_error(err: UnexpectedInput, text: str, filename: str) -> IRError:
    token = getattr(err, "token", None)
    offset = getattr(token, "start_pos", None)
    if offset is None:
        offset = getattr(err, "pos_in_stream", None) or 0
    loc = Loc(filename, *LineIndex(text).line_col(offset))
    if isinstance(err, UnexpectedToken):
        expected = sorted({_describe(t) for t in err.expected if not t.startswith("__") and t != "OP_LINE"})
        if err.token.type == "$END":
            message = "unexpected end of input"
            loc = _end_loc(text, filename)
        elif err.token.type == "BAD":
            return IRError(f"syntax error: unexpected character {str(err.token)!r}", loc)
        elif _describe(err.token.type).startswith("'"):
            message = f"unexpected {_describe(err.token.type)}"
        else:
            message = f"unexpected {_describe(err.token.type)} '{err.token}'"
        if expected:
            message += "; expected " + (", ".join(expected[:-1]) + " or " + expected[-1] if len(expected) > 1 else expected[0])
        return IRError("syntax error: " + message, loc)
    if isinstance(err, UnexpectedCharacters):
        return IRError(f"syntax error: unexpected character {err.char!r}", loc)
    if isinstance(err, UnexpectedEOF):
        return IRError("syntax error: unexpected end of input", _end_loc(text, filename))
    return IRError(f"syntax error: {err}", loc)


_ELEMENT_TYPE_NAMES = ("f64", "i64", "bool")
_TYPES = {(name, is_vector): Type(name, is_vector) for name in _ELEMENT_TYPE_NAMES for is_vector in (False, True)}
_ESCAPE = re.compile(r'\\([\\"])')  # GIR strings escape only \\ and \"


class _Builder:
    """Walks the lark tree and builds IR, resolving %names in scope."""

    def __init__(self, filename: str, lines: LineIndex):
        self.filename = filename
        self.lines = lines

    def loc(self, tok: Token) -> Loc:
        return Loc(self.filename, *self.lines.line_col(tok.start_pos))

    def module(self, tree: Tree) -> Module:
        return Module([self.function(f) for f in tree.children], self.filename)

    # ---- functions and scopes ---------------------------------------------------

    def function(self, tree: Tree) -> Function:
        name_tok, *rest = tree.children
        # Tree.data may be a lark Token, whose == runs in Python: compare plain text
        params_trees = [c for c in rest if c is not None and str(c.data) == "param"]
        op_trees = [c for c in rest if c is not None and str(c.data) == "op"]
        self.defs: dict[str, Token] = {}  # every name defined so far in the function: its token
        self.all_defs: dict[str, Token] = {}  # filled by _collect when an unknown name needs it
        self.op_trees = op_trees
        self._check_nesting(op_trees)
        self.scopes: list[dict[str, Value]] = [{}]
        fn = Function(name_tok[1:], [], Block(), self.loc(name_tok))
        for p in params_trees:
            tok, type_tok, default, bounds_tree = p.children
            name = tok[1:]
            if str(type_tok) not in PARAM_TYPES:
                raise IRError(f"unknown parameter type '{type_tok}' (parameter types: f64, i64, bool, node)", self.loc(type_tok))
            value = Value(name, PARAM_TYPES[str(type_tok)], fn, len(fn.params), self.loc(tok))
            self.define(tok, value)
            bounds = {}
            for attr in bounds_tree.children if bounds_tree is not None else ():
                key_tok, literal = attr.children
                if str(key_tok) in bounds:
                    raise IRError(f"parameter %{name} has range attribute '{key_tok}' twice", self.loc(key_tok))
                bounds[str(key_tok)] = self.literal(literal)
            fn.params.append(Param(value, str(type_tok), self.literal(default) if default is not None else None,
                                   self.loc(tok), bounds))
        for op_tree in op_trees:
            fn.body.append(self.op(op_tree))
        return fn

    def _check_nesting(self, op_trees) -> None:
        """Loops nest at most MAX_LOOP_NESTING deep (ir/core.py): checked
        here, without recursion, before anything walks the tree recursively."""
        stack = [(tree, 0) for tree in op_trees]  # (op, loops around it)
        while stack:
            tree, around = stack.pop()
            name_tok, region = tree.children[1], tree.children[-1]
            if region is None:
                continue
            depth = around + (str(name_tok) in LOOPS)
            if depth > MAX_LOOP_NESTING:
                raise IRError(f"'{name_tok}' op is nested {depth} loops deep; GIR allows at most "
                              f"{MAX_LOOP_NESTING} nested loops", self.loc(name_tok))
            stack.extend((child, depth) for child in region.children)

    def _collect(self, op_trees) -> None:
        """First definition site of every name, to tell 'used before its
        definition' and 'defined in a region' from 'never defined'."""
        for op_tree in op_trees:
            results, _, _, iter_args, _, _, region = op_tree.children
            if results is not None:
                for tok in results.children:
                    self.all_defs.setdefault(tok[1:], tok)
            if iter_args is not None:
                for pair in iter_args.children:
                    self.all_defs.setdefault(pair.children[0][1:], pair.children[0])
            if region is not None:
                self._collect(region.children)

    def define(self, tok: Token, value: Value) -> None:
        name = tok[1:]
        if name in self.defs:
            raise IRError(f"redefinition of %{name}", self.loc(tok), [("previously defined here", self.loc(self.defs[name]))])
        self.defs[name] = tok
        self.scopes[-1][name] = value

    def lookup(self, tok: Token) -> Value:
        name = tok[1:]
        for scope in reversed(self.scopes):
            value = scope.get(name)
            if value is not None:
                return value
        if name in self.defs:
            raise IRError(f"%{name} is defined inside a region and is not visible here", self.loc(tok),
                          [("defined here", self.loc(self.defs[name]))])
        if not self.all_defs:  # only an error needs every definition site
            self._collect(self.op_trees)
        if name in self.all_defs:
            raise IRError(f"use of %{name} before its definition", self.loc(tok),
                          [("defined here", self.loc(self.all_defs[name]))])
        raise IRError(f"use of undefined value %{name}", self.loc(tok))

    # ---- ops ----------------------------------------------------------------------

    def op(self, tree: Tree) -> Operation:
        results, name_tok, operands, iter_args, attr_dict, type_list, region = tree.children
        names = results.children if results is not None else []
        loc = self.loc(names[0] if names else name_tok)
        op_name = str(name_tok)
        if op_name not in OPS:  # (the location is computed only for the error)
            check_known(op_name, self.loc(name_tok))
        opdef = OPS[op_name]
        attrs: dict = {}
        operand_values: list[Value] = []
        for i, item in enumerate(operands.children if operands is not None else ()):
            if item.type == "VALUE_ID":
                operand_values.append(self.lookup(item))
            elif i == 0 and opdef.literal:
                attrs[opdef.literal] = self.literal(item)
            else:
                where = "a literal" if opdef.literal else "literal operands"
                raise IRError(f"'{op_name}' op operand #{i} is a literal, but this op takes %values"
                              + (f" after {where}" if opdef.literal else " (make a constant with core.const)"),
                              self.loc(item))
        if opdef.literal and opdef.literal not in attrs:
            raise IRError(f"'{op_name}' op needs a literal operand first (e.g. {_literal_example(op_name)})", loc)
        for attr in attr_dict.children if attr_dict is not None else ():
            key_tok, value = attr.children
            if str(key_tok) in attrs:
                raise IRError(f"'{op_name}' op has attribute '{key_tok}' twice", self.loc(key_tok))
            attrs[str(key_tok)] = self.literal(value)
        types = [self.type(t) for t in type_list.children] if type_list is not None else []
        if len(names) != len(types):
            if not types:
                raise IRError(f"'{op_name}' op defines {len(names)} value(s) but has no result type (add ': TYPE')", loc)
            raise IRError(f"'{op_name}' op defines {len(names)} value(s) but annotates {len(types)} type(s)", loc)
        regions = []
        if region is not None:
            block = Block()
            inits = []
            if iter_args is not None:
                if len(iter_args.children) != len(types):
                    raise IRError(f"'{op_name}' op has {len(iter_args.children)} iter_args but {len(types)} result type(s)", loc)
                for pair, t in zip(iter_args.children, types):
                    arg_tok, init_tok = pair.children
                    inits.append((arg_tok, self.lookup(init_tok), t))
            self.scopes.append({})
            for arg_tok, _, t in inits:
                self.define(arg_tok, block.add_arg(Value(arg_tok[1:], t, block, 0, self.loc(arg_tok))))
            for inner in region.children:
                block.append(self.op(inner))
            self.scopes.pop()
            operand_values += [init for _, init, _ in inits]
            regions.append(block)
        elif iter_args is not None:
            raise IRError(f"'{op_name}' op has iter_args but no region", loc)
        if op_name == "core.const" and types and types[0].dtype == "f64" and type(attrs.get("value")) is int:
            attrs["value"] = float(attrs["value"])  # `core.const 1 : f64` is the double 1.0
        op = Operation(op_name, operand_values, types, [t[1:] for t in names], attrs, regions, loc)
        for i, (tok, value) in enumerate(zip(names, op.results)):
            if i:  # the first result's location is the op's
                value.loc = self.loc(tok)
            self.define(tok, value)
        return op

    def type(self, tree: Tree) -> Type:
        (tok,) = tree.children
        name = str(tok)
        is_vector = str(tree.data) == "nodes_type"
        if is_vector:
            name = name[name.index("<") + 1 : -1].strip()
        if name not in _ELEMENT_TYPE_NAMES:
            raise IRError(f"unknown type '{tok}' (types: f64, i64, bool, nodes<f64>, nodes<i64>, nodes<bool>)", self.loc(tok))
        return _TYPES[name, is_vector]

    def literal(self, tok: Token):
        kind, text = tok.type, str(tok)
        if kind == "BOOL":
            return text == "true"
        if kind == "INT":
            return int(text)
        if kind == "SPECIAL_FLOAT":
            return float(text)
        if kind == "FLOAT":
            value = float(text)
            if value in (float("inf"), float("-inf")):  # 1e400: rounding would silently give inf
                raise IRError(f"float literal {text} is too large for f64 (write inf or -inf for an infinity)", self.loc(tok))
            return value
        return _ESCAPE.sub(r"\1", text[1:-1])


def _literal_example(op_name: str) -> str:
    return {"core.const": "core.const 1.0 : f64", "attr.load": 'attr.load "weight" : nodes<f64>',
            "attr.output": 'attr.output "rank", %x'}[op_name]
