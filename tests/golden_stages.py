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
    from grogc.driver.api import optimize_function, parse_entry
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
# The small graph every case's results are shown on: 8 nodes with sparse
# original ids, weighted arcs, a self-loop, a duplicate arc, a node with no
# out-arcs and an isolated node.
GOLDEN_GRAPH_ARCS = [(10, 20, 0.5), (10, 20, 1.5), (20, 30, 2.0), (30, 30, 0.25), (30, 10, 3.0), (40, 30, 1.0),
                     (50, 40, 4.0), (20, 50, 0.75), (50, 10, 2.5), (40, 60, 1.25), (10, 40, 0.125), (70, 50, 1.0)]
GOLDEN_GRAPH_ISOLATED = [80]
# Values for parameters without defaults (a `node` parameter gets the first node).
REQUIRED_PARAMS = {"f64": 1.0, "i64": 2, "bool": True}


def _golden_graph():
    import numpy as np

    from grogc.graph import Graph

    src, dst, w = (np.array(col) for col in zip(*GOLDEN_GRAPH_ARCS))
    return Graph.from_edges(src.astype(np.int64), dst.astype(np.int64), w.astype(np.float64), directed=True,
                            nodes=np.array(GOLDEN_GRAPH_ISOLATED), keep_multi=True)


def _number(x) -> str:
    return repr(x) if isinstance(x, (bool, int)) else f"{x:.12g}"


def _results_stage(case: Path) -> Optional[str]:
    """The reference interpreter's outputs on the golden graph (the C runtime
    must agree: tests/backend checks every golden case)."""
    import numpy as np

    from grogc.interpreter import interpret
    from grogc.frontend.parser import parse_file, select_entry

    fn = select_entry(parse_file(case / "input.gir"))
    g = _golden_graph()
    params = {p.name: int(g.node_ids[0]) if p.type_name == "node" else REQUIRED_PARAMS[p.type_name]
              for p in fn.params if p.default is None}
    attrs = {}
    for op in fn.walk():
        if op.name == "attr.load":
            dtype = op.results[0].type.dtype
            attrs[op.attrs["name"]] = {"f64": np.arange(g.n) * 0.5, "i64": np.arange(g.n),
                                       "bool": np.arange(g.n) % 2 == 1}[dtype]
    out = interpret(fn, g, params, attrs)
    vectors = {k: np.asarray(v) for k, v in out.items() if np.ndim(v) == 1}
    scalars = {k: v for k, v in out.items() if np.ndim(v) == 0}
    lines = [f"// reference interpreter on the golden graph (tests/golden_stages.py), params {params}"]
    if vectors:
        lines.append("node " + " ".join(vectors))
        for i, node in enumerate(g.node_ids.tolist()):
            lines.append(f"{node} " + " ".join(_number(v[i].item()) for v in vectors.values()))
    lines += [f"{k} = {_number(np.asarray(v).item())}" for k, v in scalars.items()]
    return "\n".join(lines) + "\n"


STAGES: dict[str, Stage] = {
    "parse.gir": _parse_stage,
    "plan.txt": _plan_stage,
    "slots.txt": _slots_stage,
    "explain.txt": _explain_stage("text"),
    "explain.json": _explain_stage("json"),
    "results.txt": _results_stage,
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
