"""`grogc explain`: what the compiler did to a program (docs/explain.md).

    from grogc.explain import explain_program, render
    expl = explain_program("pagerank.gir")       # or a .plan file, or "pagerank"
    print(render(expl, "text"))                  # "json", "dot"

Modules: collect.py gathers the Explanation once; dataflow.py rebuilds the
plan's program (also from a bare .plan file); live_chart.py, listing.py,
text.py, json_format.py and dot.py are the views; profile_view.py shows
`grogc run --profile / --trace`.
"""

from __future__ import annotations

from grogc.errors import GrogError

FORMATS = ("text", "json", "dot")


def explain_program(program, **kw):
    """See collect.explain_program."""
    from grogc.explain.collect import explain_program as collect

    return collect(program, **kw)


def render(expl, fmt: str = "text", *, color: bool = False, timings: bool = True) -> str:
    """The explanation in `fmt` (text, json or dot), ending in a newline."""
    if fmt == "text":
        from grogc.explain.text import render_text

        return render_text(expl, color=color, timings=timings)
    if fmt == "json":
        from grogc.explain.json_format import render_json

        return render_json(expl, timings=timings)
    if fmt == "dot":
        from grogc.explain.dot import render_dot

        return render_dot(expl)
    raise GrogError(f"error: unknown format '{fmt}' (valid: {', '.join(FORMATS)})")


__all__ = ["FORMATS", "explain_program", "render"]
