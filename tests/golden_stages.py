"""The golden-file stages: one table of (file name, function of the input).

Every case is a folder `golden/<case>/` holding `input.gir` and one file per
stage.  `tests/test_golden.py` regenerates every stage and diffs it against
the file; `make golden` (python tests/golden_stages.py --update) rewrites
them.  A golden diff is reviewed like code, never accepted blindly.

A stage is registered by adding a row to STAGES: a function that takes the
case folder and returns the stage's text, or None when the stage does not
apply to that case.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Callable, Optional

REPO = Path(__file__).resolve().parents[1]
GOLDEN = REPO / "golden"
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))


def _parse_stage(case: Path) -> Optional[str]:
    from grogc.frontend.parser import parse_file
    from grogc.ir.printer import print_module

    return print_module(parse_file(case / "input.gir"))


def _plan_stage(case: Path) -> Optional[str]:
    """The -O2 plan listing (grogc/backend/plan.py)."""
    import grogc

    return grogc.compile(case / "input.gir", opt_level=2).listing()


def _slots_stage(case: Path) -> Optional[str]:
    """Live intervals and slots of the -O2 program (grogc/backend/slots.py)."""
    from grogc.backend.api import optimize_function, parse_entry
    from grogc.backend.lower import allocate_lowered, lower_function
    from grogc.backend.slots import format_allocation

    fn = parse_entry((case / "input.gir").read_text(), str(case / "input.gir"))
    optimize_function(fn, 2)
    lowered = lower_function(fn)
    return format_allocation(allocate_lowered(lowered), lowered.code)


def _explain_stage(fmt: str) -> "Stage":
    """`grogc explain` of the -O2 program as text or JSON, without pass times
    (grogc/explain)."""

    def stage(case: Path) -> str:
        from grogc.explain import explain_program, render

        return render(explain_program(case / "input.gir", label=f"{case.name}/input.gir"), fmt, timings=False)

    return stage


Stage = Callable[[Path], Optional[str]]


def _after_pass_stages() -> dict[str, Stage]:
    """after-<pass>.gir: the IR after each pass of the -O2 pipeline, headed by
    an IR comment, so the file parses again (grogc/passes)."""
    from grogc.passes import LEVELS

    def stage_for(index: int) -> Stage:
        def stage(case: Path) -> str:
            from grogc.frontend.parser import parse_file
            from grogc.passes import optimize

            dumps: list[str] = []
            for fn in parse_file(case / "input.gir").functions:
                found: list[str] = []
                optimize(fn, 2, verify_each=True, print_after_all=True, dump=found.append)
                dumps.append(found[index])
            return "\n".join(dumps)

        return stage

    return {f"after-{name}.gir": stage_for(i) for i, name in enumerate(LEVELS[2].split(","))}

# file name -> how to make it from the case folder.
STAGES: dict[str, Stage] = {
    "parse.gir": _parse_stage,
    "plan.txt": _plan_stage,
    "slots.txt": _slots_stage,
    "explain.txt": _explain_stage("text"),
    "explain.json": _explain_stage("json"),
    **_after_pass_stages(),
}


def cases() -> list[Path]:
    return sorted(p for p in GOLDEN.iterdir() if (p / "input.gir").is_file())


def render(case: Path) -> dict[str, str]:
    """Every stage's text for one case (stages that do not apply left out)."""
    out = {}
    for name, stage in STAGES.items():
        text = stage(case)
        if text is not None:
            out[name] = text
    return out


def update() -> None:
    for case in cases():
        for name, text in render(case).items():
            path = case / name
            if not path.exists() or path.read_text() != text:
                path.write_text(text)
                print(f"wrote {path.relative_to(REPO)}")


if __name__ == "__main__":
    if sys.argv[1:] != ["--update"]:
        sys.exit("usage: python tests/golden_stages.py --update")
    update()
