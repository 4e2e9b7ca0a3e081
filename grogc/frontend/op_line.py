"""One token for a whole plain op line: the front end's fast path.

Most lines of a long GIR program are one op of one result on one line,
`%v = core.add %a, %b : nodes<f64>`, perhaps with attributes
(`{agg = "sum"}`).  Lexed token by token, each costs some eight tokens
through the LALR loop and its tree callbacks (about 6 us a token: most of
the parse time of a 20,000-op program, docs/benchmarks.md).  The lexer's
fast mode (lexer.py, `op_lines=True`) matches such a line with one regular
expression and hands the parser one OP_LINE token that is already the
`op` tree the grammar would build from its tokens (gir.lark: `_op: op |
OP_LINE`); the parser's loop shifts it like any token.

The tree is exactly the one the plain tokens give: the same nodes, the
same tokens (type, text and offset), the same None placeholders, so the
builder cannot tell them apart (tests/frontend/test_op_line.py compares
the two).  Where the plain tokens could mean something else (a line
continuing on the next one, a keyword used as a name, a literal the
plain lexer would split), the line is not matched and is lexed as
before; and a text with any syntax error is parsed again in plain mode
(parser.py), so every message and location is the plain parser's.
"""

from __future__ import annotations

import re

_ID = r"[A-Za-z_][A-Za-z0-9_]*"
_VALUE = r"%(?:[A-Za-z_][A-Za-z0-9_.]*|[0-9]+)"
# a superset of the literals an attribute may hold here; each is checked against the plain lexer
_LITERAL = r'"(?:\\[\\"]|[^"\\\n])*"|-?[0-9]+(?:\.[0-9]*)?(?:[eE][+-]?[0-9]+)?|true|false'
_ATTR = rf"{_ID}[ \t]*=[ \t]*(?:{_LITERAL})"
_VECTOR = rf"nodes[ \t]*<[ \t]*{_ID}[ \t]*>"

# `%r = d.op [%a, ...] [{k = lit, ...}] : T`, the type last on its line, and
# the next token not one that would continue the op (`,` another type, `{` a
# region).  Atomic parts keep the look-ahead linear; they are written as a
# look-ahead that captures plus a back-reference to the capture (Python's
# `re` has possessive quantifiers only from 3.11, and grogc runs on 3.10).
PATTERN = (rf"(?P<ol_res>{_VALUE})[ \t]*=[ \t]*(?P<ol_name>{_ID}\.{_ID})"
           rf"(?:[ \t]+(?P<ol_args>{_VALUE}(?=(?P<ol_more>(?:[ \t]*,[ \t]*{_VALUE})*))(?P=ol_more)))?"
           rf"(?:[ \t]*(?P<ol_attrs>\{{[ \t]*{_ATTR}(?:[ \t]*,[ \t]*{_ATTR})*[ \t]*\}}))?"
           rf"[ \t]*:[ \t]*(?P<ol_type>{_VECTOR}|{_ID})"
           r"(?=[ \t\r]*(?:\n|//|$))(?!(?=(?P<ol_gap>(?:\s|//[^\n]*)*))(?P=ol_gap)[,{])")

_VALUES = re.compile(_VALUE)
_ATTRS = re.compile(rf"(?P<key>{_ID})[ \t]*=[ \t]*(?P<lit>{_LITERAL})")
# what the plain lexer makes of these words is not a NAME (a keyword, or inf/nan)
_NOT_NAMES = frozenset({"func", "iter_args", "true", "false", "inf", "nan"})
# the token before an op line must not be one a %value could continue
# (operands after an op name or a comma, `=` in iter_args, `(` of a list)
REFUSED_AFTER = frozenset({"OP_NAME", "COMMA", "EQUAL", "LPAR"})
LITERAL_KINDS = frozenset({"STRING", "INT", "FLOAT", "BOOL"})


class Node:
    """A parse-tree node as the builder reads it: `data` (the rule) and `children`."""

    __slots__ = ("data", "children")

    def __init__(self, data: str, children: list):
        self.data = data
        self.children = children


class OpLine(Node):
    """An `op` node that is also the parser's OP_LINE token (its `type`);
    the position fields are what the parser may read from a token."""

    __slots__ = ("type", "start_pos", "line", "column", "end_line", "end_column", "end_pos")

    def __init__(self, children: list, start_pos: int):
        super().__init__("op", children)
        self.type = "OP_LINE"
        self.start_pos = start_pos
        self.line = self.column = self.end_line = self.end_column = self.end_pos = None


def build(match, text: str, token, plain_token) -> OpLine | None:
    """The op tree of an OP_LINE match, or None where the plain lexer would
    see other tokens.  `token(kind, value, start)` makes a token;
    `plain_token(text, offset)` is the plain lexer's (kind, text) there."""
    start = match.start("ol_res")
    results = Node("results", [token("VALUE_ID", match.group("ol_res"), start)])
    name = token("OP_NAME", match.group("ol_name"), match.start("ol_name"))
    operands = None
    if match.group("ol_args") is not None:
        operands = Node("operands", [token("VALUE_ID", m.group(), m.start())
                                     for m in _VALUES.finditer(text, match.start("ol_args"), match.end("ol_args"))])
    attr_dict = None
    if match.group("ol_attrs") is not None:
        attrs = []
        for m in _ATTRS.finditer(text, match.start("ol_attrs"), match.end("ol_attrs")):
            key, lit = m.group("key"), m.group("lit")
            kind, value = plain_token(text, m.start("lit"))
            if key in _NOT_NAMES or kind not in LITERAL_KINDS or value != lit:
                return None
            attrs.append(Node("attr", [token("NAME", key, m.start("key")), token(kind, lit, m.start("lit"))]))
        attr_dict = Node("attr_dict", attrs)
    type_text = match.group("ol_type")
    if type_text.startswith("nodes") and type_text.endswith(">"):
        type_node = Node("nodes_type", [token("VECTOR_TYPE", type_text, match.start("ol_type"))])
    elif type_text in _NOT_NAMES:
        return None
    else:
        type_node = Node("scalar_type", [token("NAME", type_text, match.start("ol_type"))])
    return OpLine([results, name, operands, None, attr_dict, Node("type_list", [type_node]), None], start)
