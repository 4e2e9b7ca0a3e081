"""The GIR lexer: one master regular expression, tokens for lark's LALR parser.

GIR's tokens are context-free, so one pass with `re.finditer` does; it is
about three times faster than lark's own lexer, which matters for the front
end's throughput bar (docs/benchmarks.md). Terminal names are the grammar's
(gir.lark); a character that starts no token becomes a BAD token, which the
parser reports as an unexpected character at its line and column.  In
fast mode (`lex(text, op_lines=True)`) a plain op line is one OP_LINE token
(op_line.py).
"""

from __future__ import annotations

import bisect
import re

from lark import Token
from lark.lexer import Lexer

from grogc.frontend import op_line

# Tried in this order.  The punctuation, %values and @names come first (the
# most frequent tokens, each told by its first character, so no other token
# can match where they do); then longest and most specific first.
_SPEC = [
    ("PUNCT", r"[{}()<>,=:]"),
    ("VALUE_ID", r"%(?:[A-Za-z_][A-Za-z0-9_.]*|[0-9]+)"),
    ("FUNC_NAME", r"@[A-Za-z_][A-Za-z0-9_.]*"),
    ("VECTOR_TYPE", r"nodes[ \t]*<[ \t]*[A-Za-z_][A-Za-z0-9_]*[ \t]*>"),
    ("OP_NAME", r"[A-Za-z_][A-Za-z0-9_]*\.[A-Za-z_][A-Za-z0-9_]*"),
    ("SPECIAL_FLOAT", r"-?inf\b|nan\b"),
    ("FLOAT", r"-?[0-9]+\.[0-9]*(?:[eE][+-]?[0-9]+)?|-?[0-9]+[eE][+-]?[0-9]+"),
    ("INT", r"-?[0-9]+"),
    ("NAME", r"[A-Za-z_][A-Za-z0-9_]*"),
    ("STRING", r'"(?:\\[\\"]|[^"\\\n])*"'),
    ("BAD", r"."),
]
# Each match skips white space and comments, then takes exactly one token;
# a match with no group is the trailing white space at the end of the text.
_MASTER = re.compile(r"(?:\s+|//[^\n]*)*(?:" + "|".join(f"(?P<{name}>{pattern})" for name, pattern in _SPEC) + ")?")
# The fast mode's: an op line first (op_line.py), then the same tokens.
_MASTER_OP_LINES = re.compile(r"(?:\s+|//[^\n]*)*(?:(?P<OP_LINE>" + op_line.PATTERN + ")|"
                              + "|".join(f"(?P<{name}>{pattern})" for name, pattern in _SPEC) + ")?")
_PUNCT = {"{": "LBRACE", "}": "RBRACE", "(": "LPAR", ")": "RPAR", "<": "LESSTHAN", ">": "MORETHAN",
          ",": "COMMA", "=": "EQUAL", ":": "COLON"}
_KEYWORDS = {"func": "FUNC", "iter_args": "ITER_ARGS", "true": "BOOL", "false": "BOOL"}


class _Token(Token):
    """A lark Token with only its type, text and offset set: lark's own
    constructor fills eight fields through two calls, a fifth of the parse
    time of a long program.  Line and column read as None (LineIndex has them)."""

    __slots__ = ()
    line = column = end_line = end_column = end_pos = None


_new_str = str.__new__


class GirLexer(Lexer):
    """A lark custom lexer (lark calls `lex(text)`).

    Tokens carry only their offset (`start_pos`); `LineIndex` turns an offset
    into a line and column when a location is needed, which is cheaper than
    counting lines for every token.
    """

    def __init__(self, lexer_conf=None):
        pass

    def lex(self, text: str, op_lines: bool = False):
        """The tokens of `text`; with `op_lines`, a plain op line is one
        OP_LINE token (op_line.py) where the plain tokens could mean nothing else."""
        pos, end = 0, len(text)
        match_at = (_MASTER_OP_LINES if op_lines else _MASTER).match
        previous = None
        while pos < end:
            match = match_at(text, pos)
            kind = match.lastgroup
            if kind is None:
                return
            if kind == "OP_LINE":
                node = None if previous in op_line.REFUSED_AFTER else op_line.build(match, text, _token, _plain_token)
                if node is not None:
                    yield node
                    previous = "OP_LINE"
                    pos = match.end()
                    continue
                match = _MASTER.match(text, pos)  # the same place, token by token
                kind = match.lastgroup
            value = match.group(kind)
            start = match.start(kind)
            if kind == "PUNCT":
                kind = _PUNCT[value]
            elif kind == "NAME":
                kind = _KEYWORDS.get(value, "NAME")
            token = _new_str(_Token, value)
            token.type, token.value, token.start_pos = kind, value, start
            yield token
            previous = kind
            pos = match.end()


def _token(kind: str, value: str, start: int) -> _Token:
    token = _new_str(_Token, value)
    token.type, token.value, token.start_pos = kind, value, start
    return token


def _plain_token(text: str, offset: int) -> tuple[str, str]:
    """(kind, text) of the token the plain lexer reads at `offset`."""
    match = _MASTER.match(text, offset)
    kind = match.lastgroup
    if kind is None:
        return "", ""
    value = match.group(kind)
    return (_KEYWORDS.get(value, "NAME") if kind == "NAME" else kind), value


class LineIndex:
    """Offsets to 1-based (line, column) by binary search over line starts."""

    def __init__(self, text: str):
        self.starts = [0] + [m.end() for m in re.finditer("\n", text)]

    def line_col(self, offset: int) -> tuple[int, int]:
        line = bisect.bisect_right(self.starts, offset)
        return line, offset - self.starts[line - 1] + 1
