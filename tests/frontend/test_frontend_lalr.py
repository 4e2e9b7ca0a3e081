"""The LALR driver (grogc/frontend/lalr.py) against lark's own loop over the
same table: the same tree for every GIR file in the tree, and the same
UnexpectedToken (token, position, expected terminals) for broken input."""

from __future__ import annotations

import glob
from pathlib import Path

import pytest
from lark.exceptions import UnexpectedToken

from grogc.frontend.lexer import GirLexer
from grogc.frontend.parser import _driver, _lark

ROOT = Path(__file__).resolve().parents[2]
SOURCES = sorted(p for pattern in ("golden/**/*.gir", "examples/**/*.gir", "grogc/**/*.gir", "benchmarks/*.gir")
                 for p in glob.glob(str(ROOT / pattern), recursive=True))

BROKEN = [
    "",
    "func",
    "func @f() {",
    "func @f() { %x = core.add %a, : f64 }",
    "func @f() { %x = core.add %a %b : f64 }",
    "func @f(%a f64) { }",
    "func @f() { %x = = core.const 1 : f64 }",
    "func @f() { %r = control.repeat %k iter_args(%a %b) : f64 { } }",
    "func @f() { attr.output \"y\", %x } }",
    "func @f() { %x = core.const 1 : f64 $ }",
    "func @f() { %x = core.const 1 {a = } : f64 }",
]


def test_there_are_sources():
    assert len(SOURCES) > 20


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: str(Path(p).relative_to(ROOT)))
def test_same_tree_as_lark(path):
    text = Path(path).read_text()
    assert _driver().parse(GirLexer().lex(text)) == _lark().parse(text)


@pytest.mark.parametrize("text", BROKEN)
def test_same_error_as_lark(text):
    with pytest.raises(UnexpectedToken) as ours:
        _driver().parse(GirLexer().lex(text))
    with pytest.raises(UnexpectedToken) as lark_s:
        _lark().parse(text)
    a, b = ours.value, lark_s.value
    assert (a.token.type, str(a.token), a.token.start_pos) == (b.token.type, str(b.token), b.token.start_pos)
    assert a.expected == b.expected
