"""The front end's fast path (grogc/frontend/op_line.py): an op line lexed
as one OP_LINE token gives exactly the tree its plain tokens give (nodes,
token types, texts and offsets, None placeholders), on every GIR file in
the tree, random programs and lines built to tempt it; where the plain
tokens fail to parse, the fast ones fail too (parse_module then reports
the plain parse's error)."""

from __future__ import annotations

import glob
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from lark.exceptions import UnexpectedInput

from gir_strategies import programs
from grogc.frontend.lexer import GirLexer
from grogc.frontend.parser import _driver, parse_module
from grogc.ir.diagnostics import IRError

ROOT = Path(__file__).resolve().parents[2]
SOURCES = sorted(p for pattern in ("golden/**/*.gir", "examples/**/*.gir", "grogc/**/*.gir", "benchmarks/*.gir")
                 for p in glob.glob(str(ROOT / pattern), recursive=True))


def _shape(node):
    """A tree as plain data: (rule, children) for nodes, (type, text, offset) for tokens."""
    if node is None:
        return None
    if hasattr(node, "children"):
        return str(node.data), [_shape(c) for c in node.children]
    return node.type, str(node), node.start_pos


def _tree(text: str, op_lines: bool):
    try:
        return _shape(_driver().parse(GirLexer().lex(text, op_lines=op_lines)))
    except UnexpectedInput:
        return "syntax error"


def _op_lines(text: str) -> int:
    return sum(getattr(t, "type", None) == "OP_LINE" for t in GirLexer().lex(text, op_lines=True))


def _same(text: str) -> None:
    plain, fast = _tree(text, False), _tree(text, True)
    if plain == "syntax error":
        assert fast == "syntax error"  # the fast path never accepts what the grammar refuses
    else:
        assert fast == plain


def test_there_are_sources_with_op_lines():
    assert len(SOURCES) > 20
    assert sum(_op_lines(Path(p).read_text()) for p in SOURCES) > 500


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: str(Path(p).relative_to(ROOT)))
def test_the_same_tree_for_every_gir_file(path):
    _same(Path(path).read_text())


def _func(*lines: str) -> str:
    return "func @f(%a: f64) {\n" + "\n".join(lines) + "\n}\n"


TEMPTING = [
    # plain op lines in every form the pattern takes
    _func("  %x = core.add %v, %a : nodes<f64>", '  attr.output "y", %x'),
    _func("%x=core.add %v,%a:nodes < f64 >", "\t%y = core.neg %x\t: nodes<f64>   // comment", '  attr.output "y", %y'),
    _func('  %p = graph.pull %v {agg = "sum", dir = "in"} : nodes<f64>', '  attr.output "y", %p'),
    _func("  %c = core.const 1 : f64", "  %n = graph.node_ids : nodes<i64>", '  attr.output "y", %n'),
    _func('  %p = graph.pull %v {agg = "s\\"u", k = -1, f = 1.5e3, g = 2., b = true} : nodes<f64>'),
    _func("  %x = core.add %v, %a : nodes<f64>\r", '  attr.output "y", %x\r'),
    _func("  %x.1 = core.add %v, %a : f64", "  %2 = core.add %x.1, %a : f64"),
    # lines the plain tokens read otherwise: continued on the next line, keywords, split literals
    _func("  %x = core.add %v, %a : f64", "    , f64"),
    _func("  %x = core.add %v, %a : f64 // c", "  // more", "  { }"),
    _func("  %x = core.foo", "  %y = core.add %v, %a : f64"),
    _func("  attr.output \"y\",", "  %y = core.add %v, %a : f64"),
    _func("  %r = control.repeat %k iter_args(%b =", "  %y = core.add %v, %a : f64"),
    _func("  %x = core.add %v, %a : true"), _func("  %x = core.add %v, %a : inf"),
    _func("  %x = core.add %v, %a : func"), _func("  %x = core.add %v, %a : f64.x"),
    _func("  %x = core.add %v, %a {true = 1} : f64"), _func("  %x = core.add %v, %a {k = 1.5e} : f64"),
    _func("  %x = core.add %v, %a {k = 1x} : f64"), _func("  %x = core.add %v, %a {k = nan} : f64"),
    _func("  %x = core.add.y %v : f64"), _func("  %x = core.add%v : f64"), _func("  %1a = core.add %v : f64"),
    _func("  %x = core.add %v, %a : nodes"), _func("  %x = core.add %v, %a : nodes<f64> <"),
    "func @f() {\n  %x = core.add %v, %a : f64",
    "  %x = core.add %v, %a : f64\n",
    _func("  %x = core.add %v, %a : f64") + _func("  %y = core.add %v, %a : f64"),
]


@pytest.mark.parametrize("text", TEMPTING)
def test_the_same_tree_for_tempting_lines(text):
    _same(text)


def test_the_tempting_lines_use_the_fast_path_where_they_may():
    assert _op_lines(TEMPTING[1]) == 2 and _op_lines(TEMPTING[4]) == 1
    assert _op_lines(TEMPTING[7]) == 0 and _op_lines(TEMPTING[9]) == 0


@settings(max_examples=80, deadline=None, suppress_health_check=list(HealthCheck))
@given(programs())
def test_the_same_tree_for_random_programs(text):
    _same(text)


def test_a_syntax_error_is_reported_as_the_plain_tokens_show_it():
    text = _func("  %x = core.foo", "  %y = core.add %v, %a : f64")
    with pytest.raises(IRError) as err:
        parse_module(text)
    # the message of the parser before the fast path: `%y` read as an operand of core.foo
    assert str(err.value).splitlines()[0] == ("<input>:3:6: error: syntax error: unexpected '='; expected %value, "
                                              "',', ':', 'iter_args', '{', '}' or op name (dialect.op)")


def test_long_runs_of_blank_space_stay_linear():
    text = _func("  %x = core.add %v, %a : nodes<f64>" + " " * 20_000, "\n" * 20_000 + "  attr.output \"y\", %x")
    start = time.process_time()
    assert _tree(text, True) == _tree(text, False) != "syntax error"
    assert time.process_time() - start < 5  # exponential backtracking would never end
