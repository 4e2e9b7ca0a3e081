"""The dataflow graph as inline SVG, drawn from graph_layout.py's layout.

Every node is a `<g class="node KIND">` with `data-node` (its layout id) and,
for a plan instruction, `data-addr`; its `<title>` (the hover text) holds
the instruction's GIR line and its plan instruction.  Every edge is a
`<path class="edge KIND">` with `data-src`/`data-dst`.  The HTML page's
script and its tests read those attributes; the look is in the page's CSS
(classes), so a profile only adds fill colours.
"""

from __future__ import annotations

from html import escape

from grogc.explain.collect import Explanation
from grogc.explain.graph_layout import BOX_PAD, BOXES, LINE_H, NODE_PAD, GraphLayout, Node, coord, layout_graph
from grogc.explain.listing import row_text

# the badge on a marked node, by op class (graph_layout.MARKED_CLASSES)
BADGES = {"graph": "⇐", "reduce": "Σ"}


def _a(value: str) -> str:
    return escape(value, quote=True)


def node_tooltip(expl: Explanation, node: Node) -> str:
    """What hovering a node shows: a plan instruction's GIR line and plan
    instruction; for the other nodes, what they are."""
    if node.addr is not None:
        row = expl.rows[node.addr]
        return f"GIR:  {row.comment.strip() or '(no IR line)'}\nplan: {row_text(row, expl.data)}"
    kinds = {"param": "a parameter", "const": "a constant of the plan", "carry": "a loop-carried value",
             "unwritten": "a slot the plan reads before writing it (the runtime reads zeros)",
             "output": "an output"}
    return f"{' '.join(node.lines)}: {kinds[node.kind]}"


class _Painter:
    def __init__(self, expl: Explanation, layout: GraphLayout, fills: dict[int, str]):
        self.expl = expl
        self.layout = layout
        self.fills = fills
        self.out: list[str] = []

    def ancestors(self, nid: str) -> set[str]:
        seen = set()
        parent = self.layout.nodes[nid].parent
        while parent is not None:
            seen.add(parent)
            parent = self.layout.nodes[parent].parent
        return seen

    def node_open(self, node: Node, classes: str) -> None:
        addr = "" if node.addr is None else f' data-addr="{node.addr}"'
        self.out.append(f'<g class="{classes}" data-node="{node.id}"{addr}>'
                        f"<title>{escape(node_tooltip(self.expl, node))}</title>")

    def fill(self, node: Node) -> str:
        colour = self.fills.get(node.addr) if node.addr is not None else None
        return f' style="fill:{colour}"' if colour else ""

    def box(self, node: Node) -> None:
        self.node_open(node, f"node box {node.kind}")
        self.out.append(f'<rect x="{coord(node.x)}" y="{coord(node.y)}" width="{coord(node.w)}" height="{coord(node.h)}" rx="6"'
                        f"{self.fill(node)}/>")
        self.out.append("</g>")
        for child in node.children:
            if self.layout.nodes[child].kind in BOXES:
                self.box(self.layout.nodes[child])

    def leaf(self, node: Node) -> None:
        classes = f"node {node.kind}" + (f" {node.mark}" if node.mark else "")
        self.node_open(node, classes)
        self.out.append(f'<rect x="{coord(node.x)}" y="{coord(node.y)}" width="{coord(node.w)}" height="{coord(node.h)}" '
                        f'rx="{9 if node.kind == "carry" else 3}"{self.fill(node)}/>')
        for k, line in enumerate(node.lines):
            cls = ' class="head"' if k == 0 else ""
            self.out.append(f'<text{cls} x="{coord(node.x + NODE_PAD)}" y="{coord(node.y + NODE_PAD + 9 + k * LINE_H)}">'
                            f"{escape(line)}</text>")
        if node.mark:
            cx, cy = node.x + node.w, node.y
            self.out.append(f'<circle class="badge" cx="{coord(cx)}" cy="{coord(cy)}" r="8"/>'
                            f'<text class="badge" x="{coord(cx)}" y="{coord(cy + 4)}">{BADGES[node.mark]}</text>')
        self.out.append("</g>")

    def edge_path(self, e) -> str:
        nodes = self.layout.nodes
        src, dst = nodes[e.src], nodes[e.dst]
        if e.kind in ("next", "cond"):  # back up the loop: out to the right and up
            sx, sy = src.x + src.w, src.y + src.h / 2
            tx, ty = (dst.x + dst.w, dst.y + dst.h / 2) if e.kind == "next" else (dst.x + dst.w, dst.y + 11)
            bulge = 28 + 0.08 * abs(sy - ty) + max(0.0, sx - tx)
            return (f"M{coord(sx)},{coord(sy)} C{coord(sx + bulge)},{coord(sy)} {coord(tx + bulge)},{coord(ty)} "
                    f"{coord(tx)},{coord(ty)}")
        sx, sy = src.x + src.w / 2, src.y + src.h
        if src.kind == "carry" and src.parent not in self.ancestors(e.dst):
            sy = nodes[src.parent].y + nodes[src.parent].h  # a loop's result leaves from the loop's bottom
        tx, ty = dst.x + dst.w * (e.port + 1) / (e.ports + 1), dst.y
        dy = max(18.0, abs(ty - sy) / 2)
        return f"M{coord(sx)},{coord(sy)} C{coord(sx)},{coord(sy + dy)} {coord(tx)},{coord(ty - dy)} {coord(tx)},{coord(ty)}"

    def paint(self) -> str:
        lay = self.layout
        self.out.append(f'<svg class="dataflow" width="{coord(lay.width)}" height="{coord(lay.height)}" '
                        f'viewBox="0 0 {coord(lay.width)} {coord(lay.height)}" role="img">')
        self.out.append('<defs><marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" '
                        'markerHeight="7" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z"/></marker></defs>')
        for nid in lay.top:
            if lay.nodes[nid].kind in BOXES:
                self.box(lay.nodes[nid])
        self.out.append('<g class="edges">')
        for e in lay.edges:
            self.out.append(f'<path class="edge {e.kind}" data-src="{e.src}" data-dst="{e.dst}" '
                            f'd="{self.edge_path(e)}" marker-end="url(#arrow)"/>')
        self.out.append("</g>")
        # box titles above the edges that cross them (with a halo), below the nodes
        self.out.append('<g class="box-heads">')
        for node in lay.nodes.values():
            if node.kind in BOXES:
                self.out.append(f'<text class="head {node.kind}" x="{coord(node.x + BOX_PAD)}" y="{coord(node.y + 15)}">'
                                f"{escape(node.lines[0])}</text>")
        self.out.append("</g>")
        for node in lay.nodes.values():
            if node.kind not in BOXES:
                self.leaf(node)
        self.out.append("</svg>")
        return "\n".join(self.out)


def graph_svg(expl: Explanation, notes: dict[int, str] | None = None, fills: dict[int, str] | None = None) -> str:
    """The SVG element; `notes` adds a text line per plan address, `fills`
    a fill colour per plan address (the profile's heat)."""
    return _Painter(expl, layout_graph(expl, notes), fills or {}).paint()
