"""`grogc explain`: what the compiler did to a program (docs/explain.md).

    from grogc.explain import explain_program, render
    expl = explain_program("pagerank.gir")       # or a .plan file, or "pagerank"
    print(render(expl, "text"))                  # "json", "dot", "html"

Modules: collect.py gathers the Explanation once; dataflow.py rebuilds the
plan's program (also from a bare .plan file); live_chart.py, listing.py,
text.py, json_format.py and dot.py are the views; html_page.py is the HTML
report (graph_layout.py and svg_graph.py draw the dataflow graph, charts.py
the pipeline and slot charts, op_profile.py colours it by a run's profile);
profile_view.py shows `grogc run --profile / --trace`.
"""

from __future__ import annotations

from grogc.errors import GrogError

FORMATS = ("text", "json", "dot", "html")


def explain_program(program, **kw):
    """See collect.explain_program."""
    from grogc.explain.collect import explain_program as collect

    return collect(program, **kw)


def render(expl, fmt: str = "text", *, color: bool = False, timings: bool = True, nodes: int | None = None) -> str:
    """The explanation in `fmt` (text, json, dot or html), ending in a newline;
    `nodes`: n for the html page's slot memory."""
    if fmt == "text":
        from grogc.explain.text import render_text

        return render_text(expl, color=color, timings=timings)
    if fmt == "json":
        from grogc.explain.json_format import render_json

        return render_json(expl, timings=timings)
    if fmt == "dot":
        from grogc.explain.dot import render_dot

        return render_dot(expl)
    if fmt == "html":
        from grogc.explain.html_page import render_html

        return render_html(expl, timings=timings, nodes=nodes)
    raise GrogError(f"error: unknown format '{fmt}' (valid: {', '.join(FORMATS)})")


__all__ = ["FORMATS", "explain_program", "render"]
