"""The HTML report's small charts: the pipeline's bars and the slots' Gantt
chart (one row per slot, one bar per value, plan addresses across), with
the slot memory for a given n.  Inline SVG; the look is the page's CSS."""

from __future__ import annotations

from html import escape

from grogc.backend.slots import ELEMENT_BYTES
from grogc.explain.collect import Explanation
from grogc.explain.dataflow import FUSED, LOOPS, slot_label
from grogc.explain.graph_layout import coord
from grogc.explain.live_chart import column, value_text

BAR_W = 96


def _bar(before: float, after: float, top: float) -> str:
    """A bar for `after`, with `before` as a ghost behind it when they differ."""
    scale = BAR_W / top if top else 0.0
    ghost = f'<rect class="ghost" width="{coord(before * scale)}" height="10"/>' if before != after else ""
    return (f'<svg class="bar" width="{BAR_W}" height="10">{ghost}'
            f'<rect class="after" width="{coord(after * scale)}" height="10"/></svg>')


def pipeline_table(expl: Explanation, timings: bool) -> str:
    """Each pass (row 0 the input): ops before -> after, vector and edge
    streams per loop iteration after it (ghost bar: before it), changed, ms."""
    passes = expl.passes
    top_ops = max((max(s["ops_before"], s["ops_after"]) for s in passes), default=0)
    top_vec = max((s["vector_streams_per_iter"] for s in passes), default=0)
    top_edge = max((s["edge_streams_per_iter"] for s in passes), default=0)
    head = ('<th>#</th><th>pass</th><th colspan="2">ops</th><th colspan="2" title="passes over node vectors per loop '
            'iteration">vector streams/iter</th><th colspan="2" title="passes over the edges per loop iteration">'
            "edge streams/iter</th><th>changed</th>" + ("<th>ms</th>" if timings else ""))
    rows = []
    prev = None
    for k, s in enumerate(passes):
        vec_before = prev["vector_streams_per_iter"] if prev else s["vector_streams_per_iter"]
        edge_before = prev["edge_streams_per_iter"] if prev else s["edge_streams_per_iter"]
        changed = "" if s["name"] == "input" else ("yes" if s.get("changed") else "no")
        ms = "" if s.get("seconds") is None or s["name"] == "input" else f"{1e3 * s['seconds']:.3f}"
        rows.append(f'<tr class="{"changed" if changed == "yes" else ""}"><td class="num">{k}</td>'
                    f"<td>{escape(s['name'])}</td>"
                    f'<td class="num">{s["ops_before"]} → {s["ops_after"]}</td>'
                    f"<td>{_bar(s['ops_before'], s['ops_after'], top_ops)}</td>"
                    f'<td class="num">{s["vector_streams_per_iter"]}</td>'
                    f"<td>{_bar(vec_before, s['vector_streams_per_iter'], top_vec)}</td>"
                    f'<td class="num">{s["edge_streams_per_iter"]}</td>'
                    f"<td>{_bar(edge_before, s['edge_streams_per_iter'], top_edge)}</td>"
                    f"<td>{changed}</td>" + (f'<td class="num">{ms}</td>' if timings else "") + "</tr>")
        prev = s
    return f'<table class="pipeline"><thead><tr>{head}</tr></thead><tbody>{"".join(rows)}</tbody></table>'


# ---- slots --------------------------------------------------------------------------


def _bytes(x: float) -> str:
    for unit, size in (("GB", 1e9), ("MB", 1e6), ("kB", 1e3)):
        if x >= size:
            return f"{x / size:.1f} {unit}"
    return f"{x:.0f} B"


def memory_summary(expl: Explanation, n: int) -> str:
    """Slot memory at n nodes: every vector slot exists for the whole run, so
    this is the peak (docs/slots.md)."""
    s = expl.data["stats"]["slots"]
    return (f"<p class=\"memory\">At <b>n = {n:,}</b> nodes: <b>{s['vector_after']} vector slots, "
            f"{s['peak_bytes_per_node']} B/node → peak {_bytes(s['peak_bytes_per_node'] * n)}</b> "
            f"(without reuse {s['vector_before']} vectors, {s['bytes_per_node_before']} B/node → "
            f"{_bytes(s['bytes_per_node_before'] * n)}); {s['scalar']} scalar slots; {s['block']} block slots "
            f"(a few KiB each, whatever n).</p>")


def region_spans(expl: Explanation) -> list[tuple[int, int, str]]:
    """(first, last address, opcode) of every loop and fused op's body."""
    last = {}
    for row in expl.rows:
        parent = row.parent
        while parent is not None:
            last[parent] = max(last.get(parent, parent), row.addr)
            parent = expl.rows[parent].parent
    return [(r.addr, last.get(r.addr, r.addr), r.opcode) for r in expl.rows if r.opcode in LOOPS + FUSED]


ROW_H = 18
LABEL_W = 86
HEAD_H = 34


def slot_gantt(expl: Explanation, n: int) -> str:
    """One row per slot, one bar per value from its write to its last read
    (columns: E entry, the plan addresses, X exit); loop and fused bodies
    shaded behind; a strip of the bytes live at each address at n nodes."""
    data = expl.data
    n_cols = len(expl.rows) + 2
    cw = max(12.0, min(24.0, 760 / n_cols))
    width = LABEL_W + n_cols * cw + 8
    strip_h = 40
    height = HEAD_H + len(data["slots"]) * ROW_H + strip_h + 26
    out = [f'<svg class="gantt" width="{coord(width)}" height="{coord(height)}" viewBox="0 0 {coord(width)} {coord(height)}">']
    body_h = len(data["slots"]) * ROW_H

    def x_of(col: float) -> float:
        return LABEL_W + col * cw

    for first, last, opcode in region_spans(expl):
        kind = "loop" if opcode in LOOPS else "fused"
        out.append(f'<rect class="span {kind}" x="{coord(x_of(first + 1))}" y="{HEAD_H - 4}" '
                   f'width="{coord((last - first + 1) * cw)}" height="{coord(body_h + 4)}"><title>{opcode} @{first}: '
                   f"addresses {first}–{last}</title></rect>")
    labels = ["E"] + [str(a) for a in range(len(expl.rows))] + ["X"]
    for col, text in enumerate(labels):
        if cw >= 16 or col % 2 == 0 or text in ("E", "X"):
            out.append(f'<text class="col" x="{coord(x_of(col) + cw / 2)}" y="{HEAD_H - 10}">{text}</text>')
    out.append(f'<text class="axis" x="4" y="{HEAD_H - 10}">slot \\ addr</text>')
    for s, desc in enumerate(data["slots"]):
        y = HEAD_H + s * ROW_H
        out.append(f'<text class="slot" x="4" y="{y + 13}">{slot_label(data, s)} {desc["dtype"]}</text>')
        out.append(f'<line class="grid" x1="{LABEL_W}" x2="{coord(width - 8)}" y1="{y + ROW_H}" y2="{y + ROW_H}"/>')
    for r in expl.ranges:
        first, last = column(r.start), min(column(r.end), n_cols - 1)
        x0 = x_of(first) + cw / 2
        x1 = max(x_of(last) + cw / 2, x0 + cw / 2)
        y = HEAD_H + r.slot * ROW_H + 3
        kind = data["slots"][r.slot]["kind"]
        name = value_text(r.value)
        label = name if len(name) * 6.2 < x1 - x0 - 4 else ""
        out.append(f'<g class="value {kind}"><title>{escape(name)} in {slot_label(data, r.slot)}: written at '
                   f"{labels[first]}, last read at {labels[last]}</title>"
                   f'<rect x="{coord(x0)}" y="{y}" width="{coord(x1 - x0)}" height="{ROW_H - 6}" rx="3"/>'
                   f'<text x="{coord(x0 + 3)}" y="{y + 10}">{escape(label)}</text></g>')
    out.append(_live_strip(expl, n, x_of, cw, HEAD_H + body_h + 10, strip_h))
    out.append("</svg>")
    return "\n".join(out)


def live_bytes(expl: Explanation, n: int) -> list[int]:
    """Bytes of the vector slots holding a live value at each chart column,
    at n nodes (a slot updated in place counts once)."""
    n_cols = len(expl.rows) + 2
    held = set()
    for r in expl.ranges:
        if expl.data["slots"][r.slot]["kind"] == "vector":
            held.update((r.slot, col) for col in range(column(r.start), min(column(r.end), n_cols - 1) + 1))
    live = [0] * n_cols
    for s, col in held:
        live[col] += ELEMENT_BYTES[expl.data["slots"][s]["dtype"]] * n
    return live


def _live_strip(expl: Explanation, n: int, x_of, cw: float, y: float, h: float) -> str:
    live = live_bytes(expl, n)
    top = max(live, default=0) or 1
    bars = [f'<rect class="live" x="{coord(x_of(c) + 1)}" y="{coord(y + h - v / top * h)}" width="{coord(cw - 2)}" '
            f'height="{coord(v / top * h)}"><title>{_bytes(v)} of vector values live</title></rect>'
            for c, v in enumerate(live) if v]
    return (f'<text class="slot" x="4" y="{coord(y + h / 2)}">live vectors</text>'
            f'<text class="slot" x="4" y="{coord(y + h / 2 + 12)}">peak {_bytes(max(live, default=0))}</text>' + "".join(bars))
