"""The compiler pipeline behind every entry point: GIR text -> verified IR ->
passes -> lowered Plan.  The API (api.py) and the plan cache (cache.py) both
call it; it imports neither."""

from __future__ import annotations

import hashlib

from grogc.backend.lower import lower
from grogc.backend.plan import Plan
from grogc.errors import GrogError
from grogc.frontend.parser import parse_module, select_entry
from grogc.ir.printer import print_function


def source_hash(fn, text: str | None = None) -> str:
    """sha256 (hex) of the function's canonical IR text, before any pass
    (`text`: that text, when the caller printed it already)."""
    return hashlib.sha256((print_function(fn) if text is None else text).encode()).hexdigest()


def parse_entry(text: str, filename: str = "<input>", entry: str | None = None):
    """Parse and verify GIR text; the entry function (IRError on bad input)."""
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
    text = print_function(fn)  # printed once: the hash and the pass manager's input
    digest = source_hash(fn, text)
    pipeline, stats = optimize_function(fn, opt_level, passes, input_text=text, **options)
    # Pass times stay out of the plan file, so the same program always compiles
    # to the same bytes (cache entries, reproducible builds); they remain on
    # the Plan object for `grogc explain`.
    stored = [{k: v for k, v in s.items() if k != "seconds"} for s in stats]
    plan = Plan(lower(fn, source_hash=digest, pipeline=pipeline, pass_stats=stored))
    plan.pass_seconds = [s.get("seconds", 0.0) for s in stats]
    return plan


def compile_source(text: str, *, filename: str = "<input>", opt_level: int = 2, passes: str | None = None,
                   entry: str | None = None, **options) -> Plan:
    """GIR source text -> Plan."""
    return compile_function(parse_entry(text, filename, entry), opt_level=opt_level, passes=passes, **options)
