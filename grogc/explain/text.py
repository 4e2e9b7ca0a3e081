"""`grogc explain` as text: the pipeline table, the final IR with fused
regions marked, the slot live-range chart and the plan listing.

Rendered with rich: colour only when asked for (the CLI asks when stdout is
a terminal), plain deterministic text otherwise (golden files).  Pass times
appear only with `timings=True`: golden files must not change run to run.
"""

from __future__ import annotations

import io

from rich import box
from rich.console import Console, Group
from rich.table import Table
from rich.text import Text

from grogc.explain.collect import Explanation
from grogc.explain.dataflow import slot_label
from grogc.explain.listing import attributes_text, row_comment
from grogc.explain.live_chart import LEGEND, slot_rows
from grogc.ir.literals import literal_text
from grogc.ops import BODY_OPCODES, FUSED as FUSED_OPS

FUSED_MARK = "▌ "
CHART_STYLES = {"w": "bold green", "r": "bold red", "x": "bold yellow", "-": "cyan", ".": "dim"}


# ---- sections ------------------------------------------------------------------


def pipeline_table(expl: Explanation, timings: bool) -> Table:
    table = Table(title=f"pipeline: {expl.data['pipeline'] or '(none)'}", box=box.SIMPLE_HEAD, title_justify="left")
    for name, justify in (("#", "right"), ("pass", "left"), ("ops", "right"), ("Δops", "right"),
                          ("vector streams/iter", "right"), ("edge streams/iter", "right"), ("changed", "left")):
        table.add_column(name, justify=justify)
    if timings:
        table.add_column("ms", justify="right")
    for k, s in enumerate(expl.passes):
        delta = s["ops_after"] - s["ops_before"]
        row = [str(k), s["name"], f"{s['ops_before']} → {s['ops_after']}", f"{delta:+d}" if delta else "0",
               str(s["vector_streams_per_iter"]), str(s["edge_streams_per_iter"]),
               "" if s["name"] == "input" else ("yes" if s.get("changed") else "no")]
        if timings:
            row.append("" if s.get("seconds") is None or s["name"] == "input" else f"{1e3 * s['seconds']:.3f}")
        table.add_row(*row)
    return table


def fused_lines(ir_text: str) -> list[tuple[str, bool, bool]]:
    """(line, inside a fused op, its opening line or closing brace) for
    every line of the IR (the text and HTML views mark them)."""
    out = []
    closing: str | None = None  # the indentation of the open fused op's closing brace
    for line in ir_text.rstrip("\n").split("\n"):
        indent = line[: len(line) - len(line.lstrip())]
        starts = closing is None and any(f" {op}" in line for op in FUSED_OPS) and line.endswith("{")
        if starts:
            closing = indent
        inside = closing is not None
        out.append((line, inside, inside and (starts or line.strip() == "}")))
        if inside and not starts and line == closing + "}":
            closing = None
    return out


def marked_ir(ir_text: str) -> Text:
    """The IR with a bar in front of every line of a fused op (its line, its
    region and its closing brace)."""
    out = Text()
    for line, inside, edge in fused_lines(ir_text):
        out.append(FUSED_MARK if inside else "  ", style="bold magenta" if inside else "")
        out.append(line + "\n", style="magenta" if edge else "")
    return out


def chart(expl: Explanation) -> Text:
    rows = slot_rows(expl.data, expl.ranges, len(expl.rows))
    pad = max((len(label) for label, _, _ in rows), default=4)
    n = len(expl.rows)
    tens = " " + "".join(str(a // 10 % 10) if a >= 10 else " " for a in range(n)) + " "
    units = "E" + "".join(str(a % 10) for a in range(n)) + "X"
    out = Text(f"{'':<{pad}}  {tens}\n{'slot':<{pad}}  {units}\n", style="bold")
    for label, cells, names in rows:
        out.append(f"{label:<{pad}}  ")
        for c in cells:
            out.append(c, style=CHART_STYLES[c])
        out.append(f"  {names}\n")
    out.append(LEGEND + "\n", style="dim")
    return out


def listing(expl: Explanation) -> Text:
    data = expl.data
    out = Text()
    out.append(f"{'addr':>4}  {'opcode':<16} {'out':<5} {'in':<12} {'attributes':<34} comment\n", style="bold")
    for row in expl.rows:
        opcode = "  " * row.depth + row.opcode
        out_slot = "-" if row.out is None else slot_label(data, row.out)
        ins = ",".join(slot_label(data, s) for s in row.inputs) or "-"
        out.append(f"{row.addr:>4}  ")
        out.append(f"{opcode:<16}", style="bold cyan" if row.opcode in BODY_OPCODES
                   else "cyan")
        out.append(f" {out_slot:<5} {ins:<12} {attributes_text(row, data):<34} ")
        out.append(f"; {row_comment(row, data)}\n", style="dim")
    for o in data["outputs"]:
        out.append(f"// output {o['name']!r} = {slot_label(data, o['slot'])}{' (node ids)' if o['node_ids'] else ''}\n",
                   style="dim")
    return out


def header(expl: Explanation) -> Text:
    d = expl.data
    params = ", ".join(f"%{p['name']}: {p['type']}" + ("" if p["default"] is None else f" = {literal_text(p['default'])}")
                       for p in d["params"])
    return Text(f"grogc explain: @{d['entry']}({params}) from {expl.source}\n"
                f"plan format {d['format_version']}, grogc {d['compiler_version']}, "
                f"source sha256 {d['source_hash'][:16]}…\n", style="bold")


def slots_summary(expl: Explanation) -> Text:
    from grogc.backend.slots import slot_summary_text

    return Text(slot_summary_text(expl.data["stats"]["slots"]) + "\n")


def _section(title: str) -> Text:
    return Text(f"\n== {title} ==\n", style="bold blue")


def renderables(expl: Explanation, timings: bool) -> list:
    if expl.stage is not None:
        name, ir_text = expl.stage
        return [header(expl), _section(f"IR after {name}"), Text(ir_text.rstrip("\n") + "\n")]
    parts = [header(expl), pipeline_table(expl, timings), _section("final IR (▌ fused regions)")]
    parts.append(marked_ir(expl.final_ir) if expl.final_ir is not None
                 else Text("(a plan file holds no IR: explain the .gir to see it)\n", style="dim"))
    parts += [_section("slots: live ranges (slots down, plan addresses across)"), slots_summary(expl), chart(expl),
              _section("plan"), listing(expl)]
    return parts


def render_text(expl: Explanation, *, color: bool = False, timings: bool = True, width: int = 160) -> str:
    """The whole explanation as a string (ANSI colour codes only if `color`)."""
    buf = io.StringIO()
    console = Console(file=buf, width=width, force_terminal=color, no_color=not color,
                      color_system="standard" if color else None, highlight=False, emoji=False)
    console.print(Group(*renderables(expl, timings)))
    text = buf.getvalue()
    # rich pads table lines to the console width; trailing blanks only make diffs noisy
    return "\n".join(line.rstrip() for line in text.split("\n"))
