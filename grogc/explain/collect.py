"""What `grogc explain` shows, gathered once for every view (text, json, dot).

From GIR (a file or a library algorithm's name) the program is compiled here,
outside the plan cache, so the pass times, the final IR and any `--stage`
dump are at hand; from a `.plan` file everything comes from the plan itself
(its pass statistics, its slots and instructions), without IR.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from grogc.backend.plan import Plan
from grogc.errors import GrogError
from grogc.explain.dataflow import Dataflow, rebuild
from grogc.explain.listing import PlanRow, plan_rows
from grogc.explain.live_chart import LiveRange, live_ranges

INPUT_STAGE = "input"


@dataclass
class Explanation:
    """source: what the user named; plan: the compiled Plan; passes: per-pass
    stats (name, ops_before, ops_after, vector_streams_per_iter,
    edge_streams_per_iter, changed, seconds: None when unknown, as for a
    .plan file); final_ir: the IR after the pipeline (None from a .plan);
    stage: (name, IR text) asked for with --stage; dataflow, rows and
    ranges: the plan's rebuilt program, its listing rows and live ranges."""

    source: str
    plan: Plan
    passes: list[dict]
    final_ir: str | None
    stage: tuple[str, str] | None
    dataflow: Dataflow
    rows: list[PlanRow]
    ranges: list[LiveRange]

    @property
    def data(self) -> dict:
        return self.plan.data


def resolve_program(program: str) -> Path:
    """An existing file, else a library algorithm's name."""
    path = Path(program)
    if path.is_file():
        return path
    if not path.suffix and len(path.parts) == 1:
        try:
            from grogc.library import algorithm_path
        except ImportError:
            raise GrogError(f"error: no such file: {program} (and no algorithm library to look the name up in)") from None
        return algorithm_path(program)
    raise GrogError(f"error: no such file: {program}")


def check_stage(stage: str | None) -> None:
    if stage is None or stage == INPUT_STAGE:
        return
    from grogc.passes import PASSES

    if stage not in PASSES:
        raise GrogError(f"error: --stage: unknown stage '{stage}' (valid: {INPUT_STAGE}, {', '.join(PASSES)})")


def _from_gir(path: Path, opt_level: int, passes: str | None, entry: str | None, stage: str | None):
    from grogc.driver.api import compile_function, parse_entry, read_gir
    from grogc.ir.printer import print_function

    check_stage(stage)
    fn = parse_entry(read_gir(path), str(path), entry)
    dumps: list[str] = []
    stage_ir = print_function(fn) if stage == INPUT_STAGE else None
    options = {"print_after": [stage], "dump": dumps.append} if stage not in (None, INPUT_STAGE) else {}
    plan = compile_function(fn, opt_level=opt_level, passes=passes, **options)
    if stage is not None and stage != INPUT_STAGE:
        if not dumps:
            raise GrogError(f"error: --stage: pass '{stage}' is not in the pipeline "
                            f"'{plan.data['pipeline'] or '(none)'}'")
        stage_ir = "".join(dumps)
    seconds = plan.pass_seconds or [None] * len(plan.stats["passes"])
    stats = [{**s, "seconds": t} for s, t in zip(plan.stats["passes"], seconds)]
    return plan, stats, print_function(fn), (stage, stage_ir) if stage is not None else None


def explain_program(program: str | Path, *, opt_level: int = 2, passes: str | None = None, entry: str | None = None,
                    stage: str | None = None, label: str | None = None) -> Explanation:
    """Compile (or load) `program` and gather everything the views show;
    `label` names the source in the output (default: `program` as given)."""
    path = resolve_program(str(program))
    if path.suffix == ".plan":
        if stage is not None:
            raise GrogError(f"error: --stage shows IR, and {path} is a plan file (no IR); explain the .gir instead")
        return explain_plan(Plan.load(path), label or str(program))
    plan, stats, final_ir, stage_ir = _from_gir(path, opt_level, passes, entry, stage)
    df = rebuild(plan.data)
    return Explanation(label or str(program), plan, stats, final_ir, stage_ir, df, plan_rows(plan.data, df), live_ranges(df))


def explain_plan(plan: Plan, label: str) -> Explanation:
    """Everything the views show that a compiled Plan holds by itself (its
    pass statistics without times, its slots and instructions; no IR)."""
    stats = [{**s, "seconds": None} for s in plan.stats["passes"]]
    df = rebuild(plan.data)
    return Explanation(label, plan, stats, None, None, df, plan_rows(plan.data, df), live_ranges(df))
