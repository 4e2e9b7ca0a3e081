"""`grogc run --profile --report PAGE.html`: the explain page of the plan
that ran, coloured by the run's profile (html_page.py, op_profile.py)."""

from __future__ import annotations

from pathlib import Path

from grogc.errors import GrogError
from grogc.explain.collect import Explanation, explain_plan, explain_program, resolve_program
from grogc.explain.html_page import render_html
from grogc.explain.op_profile import run_profile
from grogc.explain.profile_view import ProfileSession


def _explanation(session: ProfileSession, program: str, opt_level: int, entry: str | None) -> Explanation:
    """From GIR, compiled again outside the cache for the pass times and the
    final IR, as `grogc explain` does, when that gives the plan that ran (it
    does: compiling is deterministic); else the plan alone."""
    plan = session.plan
    if resolve_program(program).suffix != ".plan":
        expl = explain_program(program, opt_level=opt_level, entry=entry)
        if expl.data["ops"] == plan.data["ops"] and expl.data["slots"] == plan.data["slots"]:
            return expl
    return explain_plan(plan, program)


def run_report(session: ProfileSession, program: str | Path, graph, *, graph_label: str, opt_level: int = 2,
               entry: str | None = None, threads: int = 0) -> str:
    """The page for a profiled run of `program` on `graph` (a grogc Graph)."""
    if session.result is None or session.plan is None:
        raise GrogError("error: --report: no profile was recorded (the run did not reach the C runtime)")
    expl = _explanation(session, str(program), opt_level, entry)
    label = f"{graph_label} ({graph.n:,} nodes, {graph.m:,} arcs)"
    return render_html(expl, profile=run_profile(session, label, graph.n, threads))
