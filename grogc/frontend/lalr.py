"""The LALR driver loop: lark's parse table and tree callbacks, run by a
tighter loop than lark's own.

lark builds the LALR(1) table from gir.lark and the callbacks that shape
the parse tree; this module only replaces the loop that feeds tokens
through the table.  lark's loop hashes and compares its Rule objects in
Python for every reduction (`callbacks[rule]`, an `assert`); here each
table entry is precompiled to a state number (shift) or to (size, goto
symbol, callback) (reduce), which halves the parse time of a long program
(docs/benchmarks.md, compile scale).  The tree and the errors are lark's:
the same callbacks build the same Tree, and a token with no action raises
lark's UnexpectedToken with the same expected set.
"""

from __future__ import annotations

from lark import Lark, Token
from lark.exceptions import UnexpectedToken
from lark.parsers.lalr_analysis import Shift


class LalrDriver:
    """Parses token streams with the table of a `Lark(..., parser="lalr")`."""

    def __init__(self, lark: Lark, start: str = "start"):
        parser = lark.parser.parser.parser  # lark's LALR _Parser: its parse_table and callbacks
        table, callbacks = parser.parse_table, parser.callbacks
        self.start = table.start_states[start]
        self.end = table.end_states[start]
        # state -> {symbol: next state (shift) or (size, goto symbol, callback) (reduce)}.  Symbols
        # as plain str: lark's rule names are Tokens, whose == (in a dict lookup) runs in Python.
        self.states: dict[int, dict[str, object]] = {
            state: {str(symbol): arg if action is Shift else (len(arg.expansion), str(arg.origin.name), callbacks[arg])
                    for symbol, (action, arg) in actions.items()}
            for state, actions in table.states.items()}

    def _unexpected(self, token: Token, state: int) -> UnexpectedToken:
        # as lark's own loop says it: the terminals (upper case) the state accepts
        return UnexpectedToken(token, {s for s in self.states[state] if s.isupper()})

    def parse(self, tokens):
        """The parse tree of a token stream (lark Tokens)."""
        states = self.states
        state = self.start
        state_stack = [state]
        values: list = []
        token = None
        for token in tokens:
            kind = token.type
            while True:
                entry = states[state].get(kind)
                if entry is None:
                    raise self._unexpected(token, state)
                if entry.__class__ is int:  # shift
                    state = entry
                    state_stack.append(state)
                    values.append(token)
                    break
                # reduce, written inline (this loop runs per token: a call per reduction adds to that);
                # the end-of-input loop below repeats these lines for the same reason
                size, goto, callback = entry
                if size:
                    children = values[-size:]
                    del values[-size:]
                    del state_stack[-size:]
                else:
                    children = []
                values.append(callback(children))
                state = states[state_stack[-1]][goto]
                state_stack.append(state)
        end = Token.new_borrow_pos("$END", "", token) if token is not None else Token("$END", "", 0, 1, 1)
        while True:
            entry = states[state].get("$END")
            if entry is None or entry.__class__ is int:
                raise self._unexpected(end, state)
            size, goto, callback = entry
            if size:
                children = values[-size:]
                del values[-size:]
                del state_stack[-size:]
            else:
                children = []
            values.append(callback(children))
            state = states[state_stack[-1]][goto]
            state_stack.append(state)
            if state == self.end:
                return values[-1]
