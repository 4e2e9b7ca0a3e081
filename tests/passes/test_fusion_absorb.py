"""fuse-elementwise's shortcut for a pair with nothing computed between it
(fusion_absorb.py: the pair is legal without the convexity search, and a
fused op takes a plain op without fusion.fuse) gives exactly what the
general path gives: the same IR, names and locations included, and the
same fresh names taken (later passes and lowering draw from them)."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings

from gir_strategies import programs
from grogc.frontend.parser import parse_module
from grogc.ir.printer import print_function
from grogc.passes import fuse_elementwise, optimize
from grogc.passes.fuse_elementwise import FuseElementwise


def _mixed(n: int, loop: bool) -> str:
    """Element-wise chains broken by pulls, reductions summed by scalar adds
    (a scalar op between a group and the next op it takes), in a loop or not."""
    ind = "    " if loop else "  "
    lines = ["func @m(%alpha: f64 = 0.5, %k: i64 = 2) {", '  %x0 = graph.degree {dir = "in"} : nodes<f64>']
    if loop:
        lines.append("  %out = control.repeat %k iter_args(%a = %x0) : nodes<f64> {")
    cur, total = ("a" if loop else "x0"), None
    for i in range(n):
        if i % 6 == 5:
            lines.append(f'{ind}%r{i} = core.reduce %{cur} {{op = "sum"}} : f64')
            if total is not None:
                lines.append(f"{ind}%t{i} = core.add %{total}, %r{i} : f64")
            total = f"t{i}" if total is not None else f"r{i}"
            continue
        op = ('graph.pull %{} {{agg = "sum", dir = "in"}}' if i % 11 == 10 else
              "core.mul %{}, %alpha" if i % 3 else "core.add %{}, %x0").format(cur)
        lines.append(f"{ind}%v{i} = {op} : nodes<f64>")
        cur = f"v{i}"
    if loop:
        lines += [f"{ind}control.yield %{cur}", "  }", '  attr.output "y", %out']
    else:
        lines += [f'  attr.output "y", %{cur}', f'  attr.output "s", %{total}']
    return "\n".join(lines + ["}"]) + "\n"


def _fused(text: str, shortcut: bool, max_ops: int) -> list[tuple[str, list[str]]]:
    out = []
    with pytest.MonkeyPatch.context() as mp:
        if not shortcut:
            mp.setattr(fuse_elementwise, "nothing_between", lambda index, a, b: False)
        for fn in parse_module(text).functions:
            optimize(fn, pipeline="canonicalize,cse,licm")
            FuseElementwise(max_ops=max_ops).run(fn)
            out.append((print_function(fn), sorted(fn._taken or ())))
    return out


@pytest.mark.parametrize("text", [_mixed(90, False), _mixed(90, True)], ids=["straight", "loop"])
@pytest.mark.parametrize("max_ops", [3, 8, 32])
def test_the_shortcut_gives_the_general_result_on_long_mixed_programs(text, max_ops):
    shortcut = _fused(text, True, max_ops)
    assert shortcut == _fused(text, False, max_ops)
    assert "fuse.elementwise" in shortcut[0][0]


@settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))
@given(programs())
def test_the_shortcut_gives_the_general_result_on_random_programs(text):
    for max_ops in (2, 32):
        assert _fused(text, True, max_ops) == _fused(text, False, max_ops)
