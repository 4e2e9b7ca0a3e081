"""`captures` (passes/analysis.py) walks an op once, leaving out what is
defined before each read; it must list what the definition says: every
value read at any depth that nothing inside the op defines, in program
order, once.  Checked against that definition on every GIR file in the
tree and on random programs, before and after -O2 (fused ops, loops)."""

from __future__ import annotations

import glob
from pathlib import Path

from hypothesis import HealthCheck, given, settings

from gir_strategies import programs
from grogc.frontend.parser import parse_module
from grogc.passes import optimize
from grogc.passes.analysis import captures

ROOT = Path(__file__).resolve().parents[2]
SOURCES = sorted(p for pattern in ("golden/**/*.gir", "examples/**/*.gir", "grogc/**/*.gir", "benchmarks/*.gir")
                 for p in glob.glob(str(ROOT / pattern), recursive=True))


def _by_definition(op) -> list[int]:
    defined = {id(r) for inner in op.walk() if inner is not op for r in inner.results}
    defined |= {id(a) for inner in op.walk() for region in inner.regions for a in region.args}
    out: dict[int, None] = {}
    for inner in op.walk():
        for v in inner.operands:
            if inner is op or id(v) not in defined:
                out.setdefault(id(v))
    return list(out)


def _check(text: str) -> int:
    checked = 0
    for fn in parse_module(text).functions:
        for _ in range(2):
            for op in fn.walk():
                assert [id(v) for v in captures(op)] == _by_definition(op)
                checked += bool(op.regions)
            optimize(fn, 2)
    return checked


def test_captures_on_every_gir_file():
    assert sum(_check(Path(p).read_text()) for p in SOURCES) > 100


@settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck))
@given(programs())
def test_captures_on_random_programs(text):
    _check(text)
