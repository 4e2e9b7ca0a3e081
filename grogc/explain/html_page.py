"""`grogc explain --format html`: the explanation as one self-contained page.

Inline CSS, inline SVG and one small inline script (hover: the op's GIR
line and plan instruction in a panel, its edges and its listing row lit);
nothing is fetched, so the file opens anywhere, offline.  Sections: the
pipeline (charts.py), the dataflow graph (graph_layout.py, svg_graph.py),
the slots' Gantt chart with the memory for n nodes (charts.py), the plan
listing with its fused structure, the final IR.  With a run's profile
(op_profile.py, `grogc run --profile --report`), ops and fused regions are
coloured by their share of the run, and the listing and loops show time,
GB/s and rounds.
"""

from __future__ import annotations

from html import escape

from grogc.explain.charts import memory_summary, pipeline_table, slot_gantt
from grogc.explain.collect import Explanation
from grogc.explain.dataflow import FUSED, LOOPS, slot_label
from grogc.explain.listing import attributes_text, row_comment
from grogc.explain.op_profile import RunProfile, heat
from grogc.explain.report_assets import SCRIPT, STYLE
from grogc.explain.svg_graph import graph_svg
from grogc.explain.text import fused_lines

DEFAULT_NODES = 1_000_000


def _ms(seconds: float) -> str:
    return f"{seconds * 1e3:.3f}"


def _dur(seconds: float) -> str:
    """A short duration for a graph label: `12.3 µs`, `4.56 ms`, `1.23 s`."""
    if seconds < 1e-3:
        return f"{seconds * 1e6:.1f} µs"
    return f"{seconds * 1e3:.2f} ms" if seconds < 1 else f"{seconds:.2f} s"


def _header(expl: Explanation, profile: RunProfile | None) -> str:
    d = expl.data
    params = ", ".join(f"%{p['name']}: {p['type']}" for p in d["params"])
    lines = [f"<h1>grogc explain <code>@{escape(d['entry'])}({escape(params)})</code></h1>",
             f"<p class=\"meta\">from <code>{escape(expl.source)}</code> · pipeline <code>"
             f"{escape(d['pipeline'] or '(none)')}</code> · plan format {d['format_version']}, grogc "
             f"{escape(d['compiler_version'])}, source sha256 {escape(d['source_hash'][:16])}…</p>"]
    if profile is not None:
        threads = f", {profile.threads} threads" if profile.threads else ""
        lines.append(f"<p class=\"meta\"><b>profiled run</b> on {escape(profile.graph)}{threads}: "
                     f"<b>{_ms(profile.total)} ms</b> in the runtime (setup {_ms(profile.setup)} ms: slots "
                     "allocated, threads started). Ops and fused regions are coloured by their share of the run "
                     f'<span class="heat-legend"><i style="background:{heat(0.0)}"></i>0% '
                     f'<i style="background:{heat(0.05)}"></i>5% <i style="background:{heat(0.25)}"></i>25% '
                     f'<i style="background:{heat(1.0)}"></i>100%</span></p>')
    return "\n".join(lines)


def _nav(loops: bool) -> str:
    sections = [("pipeline", "pipeline"), ("dataflow", "dataflow"), ("slots", "slots")]
    sections += [("loops", "loops")] * loops + [("plan", "plan"), ("ir", "IR")]
    return '<nav>' + " · ".join(f'<a href="#{anchor}">{text}</a>' for anchor, text in sections) + "</nav>"


def _graph_notes(expl: Explanation, profile: RunProfile | None) -> tuple[dict[int, str], dict[int, str]]:
    """Per plan address: a text line (time, share, GB/s; a loop's rounds)
    and a heat colour (ops timed on their own and fused ops)."""
    if profile is None:
        return {}, {}
    notes, fills = {}, {}
    for addr, t in profile.ops.items():
        if t.fused_in is not None or t.calls == 0:
            continue
        gbs = f" · {t.gbs:.1f} GB/s" if t.gbs is not None else ""
        if expl.rows[addr].opcode in LOOPS:
            notes[addr] = f"· {t.rounds} rounds · {_dur(t.seconds)}"
            continue
        notes[addr] = f"{_dur(t.seconds)} · {100 * t.share:.0f}%{gbs}"
        fills[addr] = heat(t.share)
    return notes, fills


def _edge_key(kind: str, text: str) -> str:
    return (f'<span class="e"><svg class="key" width="26" height="8"><path class="edge {kind}" d="M1,4 H25"/></svg> '
            f"{text}</span>")


_LEGEND = ('<p class="legend"><span class="k op">op</span><span class="k graph">⇐ pull (reads neighbours)</span>'
           '<span class="k reduce">Σ reduction</span><span class="k fused">fused region (one pass over memory)</span>'
           '<span class="k loop">loop</span><span class="k carry">carried value</span>'
           '<span class="k param">parameter</span><span class="k output">output</span>'
           f'{_edge_key("next", "next round")}{_edge_key("cond", "loop condition")} — hover an op '
           "for its GIR line and plan instruction</p>")


def _listing(expl: Explanation, profile: RunProfile | None) -> str:
    """The plan as a table, bodies indented and marked; a run's measurements
    come before the (wide) attributes and comment."""
    data = expl.data
    head = ["addr", "opcode", "out", "in"]
    if profile is not None:
        head += ["calls", "rounds", "ms", "share", "GB/s"]
    head += ["attributes", "comment"]
    rows = []
    for row in expl.rows:
        parent_kind = "" if row.parent is None else (
            "in-fused" if expl.rows[row.parent].opcode in FUSED else "in-loop")
        region = " region" if row.opcode in LOOPS + FUSED else ""
        cells = [f'<td class="num">{row.addr}</td>',
                 f'<td class="opcode" style="padding-left:{0.4 + 1.2 * row.depth:.1f}em">{row.opcode}</td>',
                 f"<td>{'-' if row.out is None else slot_label(data, row.out)}</td>",
                 f"<td>{','.join(slot_label(data, s) for s in row.inputs) or '-'}</td>"]
        if profile is not None:
            t = profile.ops[row.addr]
            own = t.fused_in is None and t.calls
            style = f' style="background:{heat(t.share)}"' if own and row.opcode not in LOOPS else ""
            cells += [f'<td class="num">{t.calls}</td>', f'<td class="num">{"" if t.rounds is None else t.rounds}</td>',
                      f'<td class="num"{style}>{_ms(t.seconds) if own else ""}</td>',
                      f'<td class="num">{f"{100 * t.share:.1f}%" if own else ""}</td>',
                      f'<td class="num">{f"{t.gbs:.2f}" if own and t.gbs is not None else ""}</td>']
        cells += [f"<td>{escape(attributes_text(row, data))}</td>",
                  f'<td class="comment">{escape(row_comment(row, data))}</td>']
        rows.append(f'<tr class="{parent_kind}{region}" data-addr="{row.addr}">{"".join(cells)}</tr>')
    outputs = "".join(f"<li>output <code>{escape(repr(o['name']))}</code> = {slot_label(data, o['slot'])}"
                      f"{' (node ids)' if o['node_ids'] else ''}</li>" for o in data["outputs"])
    return (f'<table class="listing"><thead><tr>{"".join(f"<th>{h}</th>" for h in head)}</tr></thead>'
            f'<tbody>{"".join(rows)}</tbody></table><ul class="outputs">{outputs}</ul>')


def _loops(expl: Explanation, profile: RunProfile) -> str:
    """Each loop's rounds and whatever else the runtime recorded for it."""
    items = []
    for row in expl.rows:
        if row.opcode not in LOOPS:
            continue
        t = profile.ops[row.addr]
        extra = "".join(f"; {escape(k)}: <b>{escape(v)}</b>" for k, v in t.loop.items())
        items.append(f"<li><b>{row.opcode} @{row.addr}</b> <code>{escape(row.comment.split(' = ')[0])}</code>: "
                     f"{t.calls} runs, {t.rounds} rounds in all, {_ms(t.seconds)} ms{extra}</li>")
    return f'<ul class="loops">{"".join(items)}</ul>' if items else '<p class="meta">(the plan has no loops)</p>'


def _ir_section(expl: Explanation) -> str:
    """The final IR with its fused regions marked (with --stage: the IR after that pass)."""
    title, ir_text = ("Final IR", expl.final_ir) if expl.stage is None else (f"IR after {expl.stage[0]}", expl.stage[1])
    if ir_text is None:
        return '<h2 id="ir">Final IR</h2><p class="meta">(a plan file holds no IR: explain the .gir to see it)</p>'
    lines = []
    for line, inside, edge in fused_lines(ir_text):
        cls = "fused bound" if edge else "fused" if inside else ""
        lines.append(f'<span class="{cls}">{escape(line)}</span>' if cls else escape(line))
    return f'<h2 id="ir">{escape(title)}</h2><pre class="ir">{chr(10).join(lines)}</pre>'


def render_html(expl: Explanation, *, nodes: int | None = None, profile: RunProfile | None = None,
                timings: bool = True) -> str:
    """The whole page.  `nodes`: n for the slot memory (default: the
    profiled graph's, else 1,000,000)."""
    n = nodes if nodes is not None else (profile.n if profile is not None and profile.n else DEFAULT_NODES)
    notes, fills = _graph_notes(expl, profile)
    parts = [
        "<!DOCTYPE html>", '<html lang="en"><head><meta charset="utf-8">',
        f"<title>grogc explain: @{escape(expl.data['entry'])}</title>",
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<style>{STYLE}</style></head><body>",
        _header(expl, profile),
        _nav(profile is not None),
        f"<h2 id=\"pipeline\">Pipeline</h2>{pipeline_table(expl, timings and profile is None)}",
        "<p class=\"meta\">Bars: ops, and passes over node vectors and over edges per loop iteration, after each "
        "pass (pale: before it).</p>",
        f'<h2 id="dataflow">Dataflow</h2>{_LEGEND}<div class="scroll">{graph_svg(expl, notes, fills)}</div>',
        f"<h2 id=\"slots\">Slots</h2>{memory_summary(expl, n)}<div class=\"scroll\">{slot_gantt(expl, n)}</div>",
        "<p class=\"meta\">One row per slot, one bar per value from its write to its last read (E entry, X exit); "
        "loop bodies shaded grey, fused bodies gold; a value read in a loop but defined outside lives to the "
        "body's end.</p>",
    ]
    if profile is not None:
        parts.append(f"<h2 id=\"loops\">Loops</h2>{_loops(expl, profile)}")
    parts += [f'<h2 id="plan">Plan</h2><div class="scroll">{_listing(expl, profile)}</div>',
              _ir_section(expl),
              '<div id="hover" hidden></div>', f"<script>{SCRIPT}</script>", "</body></html>"]
    return "\n".join(parts) + "\n"
