"""The Python API: GIR in, Plan out (DESIGN.md "Python API").

    plan = grogc.compile("pagerank.gir")         # a path or GIR source text
    out = plan.run(graph, alpha=0.9)             # C runtime, one call
    ref = grogc.backend.api.run_reference(...)   # the NumPy oracle instead
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any, Mapping

from grogc.backend.lower import lower
from grogc.backend.plan import Plan
from grogc.errors import GrogError


def source_hash(fn) -> str:
    """sha256 (hex) of the function's canonical IR text, before any pass."""
    from grogc.ir.printer import print_function

    return hashlib.sha256(print_function(fn).encode()).hexdigest()


def parse_entry(text: str, filename: str = "<input>", entry: str | None = None):
    """Parse and verify GIR text; the entry function (IRError on bad input)."""
    from grogc.frontend.parser import parse_module, select_entry

    return select_entry(parse_module(text, filename), entry)


def optimize_function(fn, opt_level: int = 2, passes: str | None = None, **options):
    """Run the pass pipeline on `fn` in place; returns (pipeline string,
    per-pass stats).  -O0 without --passes runs nothing."""
    if passes is None and opt_level == 0:
        return "", []
    try:
        from grogc.passes import optimize
    except ImportError as err:
        raise GrogError(f"error: -O{opt_level} needs the optimisation passes (grogc.passes), which cannot be "
                        f"imported ({err}); compile with -O0") from None
    report = optimize(fn, level=opt_level, pipeline=passes, **options)
    return report.pipeline, [dict(s) for s in report.stats]


def compile_function(fn, *, opt_level: int = 2, passes: str | None = None, **options) -> Plan:
    """Optimise a verified Function (in place) and lower it to a Plan."""
    digest = source_hash(fn)
    pipeline, stats = optimize_function(fn, opt_level, passes, **options)
    return Plan(lower(fn, source_hash=digest, pipeline=pipeline, pass_stats=stats))


def compile_source(text: str, *, filename: str = "<input>", opt_level: int = 2, passes: str | None = None,
                   entry: str | None = None, **options) -> Plan:
    """GIR source text -> Plan."""
    return compile_function(parse_entry(text, filename, entry), opt_level=opt_level, passes=passes, **options)


def _looks_like_path(x) -> bool:
    if isinstance(x, Path):
        return True
    return "\n" not in x and "{" not in x and (x.endswith(".gir") or Path(x).is_file())


def read_gir(path: str | Path) -> str:
    try:
        return Path(path).read_text()
    except FileNotFoundError:
        raise GrogError(f"error: no such file: {path}") from None
    except (OSError, UnicodeDecodeError) as err:
        raise GrogError(f"error: cannot read {path}: {err}") from None


def compile(path_or_source: str | Path, *, opt_level: int = 2, passes: str | None = None,
            entry: str | None = None, **options) -> Plan:
    """A .gir path or GIR source text -> Plan (grogc.compile)."""
    if _looks_like_path(path_or_source):
        text, name = read_gir(path_or_source), str(path_or_source)
    else:
        text, name = str(path_or_source), "<input>"
    return compile_source(text, filename=name, opt_level=opt_level, passes=passes, entry=entry, **options)


def run_reference(path_or_source: str | Path, graph, *, entry: str | None = None,
                  attrs: Mapping[str, Any] | None = None, **params) -> dict[str, Any]:
    """Run a .gir program (unoptimised) with the reference interpreter."""
    from grogc.backend.interpreter import interpret

    if _looks_like_path(path_or_source):
        text, name = read_gir(path_or_source), str(path_or_source)
    else:
        text, name = str(path_or_source), "<input>"
    return interpret(parse_entry(text, name, entry), graph, params, attrs)


def load_program(path: str | Path, *, opt_level: int = 2, entry: str | None = None) -> Plan:
    """A `.plan` file or a `.gir` file (compiled) -> Plan, by extension."""
    path = Path(path)
    if path.suffix == ".gir":
        return compile(path, opt_level=opt_level, entry=entry)
    return Plan.load(path)
