"""grogc runs on the Python that pyproject.toml's requires-python names
(3.10).  Two things that work on 3.11 and break there: a regular
expression with what `re` gained later (possessive quantifiers and atomic
groups: importing grogc fails with "multiple repeat"), and a typer option
callback annotated with a builtin generic such as list[str] (on 3.10 that
passes for a class, and typer's issubclass fails when any command starts)."""

from __future__ import annotations

import importlib
import inspect
import re
import types
import typing
from pathlib import Path

import pytest

import grogc

_parser = getattr(re, "_parser", None)  # 3.11+: sre_parse's successor
LATER = {"POSSESSIVE_REPEAT", "ATOMIC_GROUP"}


def _opcodes(parsed):
    for op, arg in parsed:
        yield str(op)
        for part in arg if isinstance(arg, (list, tuple)) else [arg]:
            if isinstance(part, _parser.SubPattern):
                yield from _opcodes(part)
            elif isinstance(part, (list, tuple)):
                for sub in part:
                    if isinstance(sub, _parser.SubPattern):
                        yield from _opcodes(sub)


def _patterns():
    root = Path(grogc.__file__).parent
    for path in sorted(root.rglob("*.py")):  # files, not pkgutil: some packages have no __init__.py
        parts = path.relative_to(root.parent).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        if name.endswith("__main__"):  # runs the command line when imported
            continue
        try:
            module = importlib.import_module(name)
        except ImportError:  # an optional extra (dask) or the runtime not built
            continue
        for attr, value in vars(module).items():
            if isinstance(value, re.Pattern) and isinstance(value.pattern, str):
                yield f"{name}.{attr}", value.pattern


@pytest.mark.skipif(_parser is None, reason="re._parser (Python 3.11+) is needed to read the patterns")
def test_no_regular_expression_needs_python_3_11():
    found = list(_patterns())
    assert any(name == "grogc.frontend.lexer._MASTER_OP_LINES" for name, _ in found), [n for n, _ in found]
    for name, pattern in found:
        used = LATER & set(_opcodes(_parser.parse(pattern)))
        assert not used, f"{name} uses {sorted(used)}, which Python 3.10's re does not know"


def _commands(app):
    yield from app.registered_commands
    for group in app.registered_groups:
        yield from _commands(group.typer_instance)


def test_no_option_callback_is_annotated_with_a_builtin_generic():
    from grogc.cli import app

    callbacks = {getattr(p.default, "callback", None) for c in _commands(app)
                 for p in inspect.signature(c.callback).parameters.values()} - {None}
    assert len(callbacks) >= 5, callbacks
    for cb in callbacks:
        for name, hint in typing.get_type_hints(cb).items():
            assert not isinstance(hint, types.GenericAlias), f"{cb.__qualname__}: {name}: {hint} (write typing.List etc.)"
