"""A layered layout of the plan's dataflow graph (the HTML report's picture;
svg_graph.py draws it).

Every plan instruction is ONE node: a leaf instruction a small box, a loop or
a fused op a box holding its body (so loops and fused regions nest).  The
other nodes: parameters and constants (top), a loop's carried values (the
first row inside its box) and the outputs (bottom).  Edges follow values, as
in dot.py, one per use: each `in` slot of an instruction (a loop's round
count enters the loop's box), each carried value's init and next (the
dashed back edge), each WHILE condition (dotted, back up to its loop) and
each output.

The layout is compound and layered: inside each block (the top level, a
loop body, a fused body) an item sits one row below the lowest sibling it
reads from (SSA order means a producer always comes first; the back edges
next and cond are left out), rows are ordered by the mean position of what
they read (one barycentre sweep) and centred; a box is as large as its
laid-out body.  Node sizes come from their text in a monospace font, so
the geometry needs no font metrics.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from grogc.explain.collect import Explanation
from grogc.explain.dataflow import FUSED, LOOPS, slot_label
from grogc.explain.listing import attributes_text
from grogc.explain.live_chart import value_text
from grogc.ops import BY_NAME

CHAR_W = 6.6  # px per character of the 11px monospace labels
LINE_H = 13
NODE_PAD = 7
MIN_W = 44
GAP_X = 16
GAP_Y = 30
BOX_PAD = 10
BOX_HEAD = 22
BOXES = ("loop", "fused")  # the node kinds drawn as a box around their body
BACK_EDGES = ("next", "cond")  # drawn upwards, ignored by the layering
# op classes (the op records') the picture marks: a graph op reads neighbours (a pull),
# a reduction folds a vector into a scalar
MARKED_CLASSES = ("graph", "reduce")


@dataclass
class Node:
    """id: `op<addr>`, `carry<addr>_<k>`, `param<k>`, `const<k>`, `out<k>`;
    kind: op, loop, fused (those three are plan instructions, `addr` set),
    carry, param, const, output; lines: its text; parent: the id of the
    box it sits in; children: a box's items; mark: its op class when the
    picture marks it (MARKED_CLASSES); x, y, w, h: absolute geometry."""

    id: str
    kind: str
    addr: int | None
    lines: list[str]
    parent: str | None = None
    children: list[str] = field(default_factory=list)
    mark: str | None = None
    x: float = 0.0
    y: float = 0.0
    w: float = 0.0
    h: float = 0.0


@dataclass
class Edge:
    """A use: `src` node -> `dst` node; kind: use, count (a loop's round
    count), init, next, cond, output; port/ports: which of the dst's inputs
    it is (spreads the arrow heads along its top)."""

    src: str
    dst: str
    kind: str
    port: int = 0
    ports: int = 1


@dataclass
class GraphLayout:
    nodes: dict[str, Node]
    edges: list[Edge]
    top: list[str]
    width: float
    height: float

    def instruction_nodes(self) -> list[Node]:
        return [n for n in self.nodes.values() if n.addr is not None]


def coord(x: float) -> str:
    """An SVG number: one decimal at most (`12`, `12.5`)."""
    return f"{x:.1f}".rstrip("0").rstrip(".")


def _mark(opcode: str) -> str | None:
    cls = BY_NAME[opcode].cls
    return cls if cls in MARKED_CLASSES else None


def _text_size(lines: list[str]) -> tuple[float, float]:
    return max(MIN_W, max(len(s) for s in lines) * CHAR_W + 2 * NODE_PAD), len(lines) * LINE_H + 2 * NODE_PAD - 2


class _Builder:
    def __init__(self, expl: Explanation, notes: dict[int, str]):
        self.expl = expl
        self.notes = notes
        self.data = expl.data
        self.df = expl.dataflow
        self.nodes: dict[str, Node] = {}
        self.edges: list[Edge] = []
        self.entry_of: dict[int, str] = {}  # id(register) -> param/const/unwritten node
        self.unwritten: list[str] = []  # slots read before any write (a hand-made plan the schema accepts)

    def add(self, node: Node, parent: str | None) -> str:
        node.parent = parent
        self.nodes[node.id] = node
        if parent is not None:
            self.nodes[parent].children.append(node.id)
        return node.id

    def source(self, reg) -> str:
        producer = self.df.producer[reg]
        if producer is None:
            if id(reg) not in self.entry_of:  # the runtime reads zeros there; DOT draws the same node
                nid = f"unwritten{len(self.unwritten)}"
                self.entry_of[id(reg)] = nid
                self.unwritten.append(self.add(Node(nid, "unwritten", None, ["never written", value_text(reg.name)]), None))
            return self.entry_of[id(reg)]
        ins = self.df.flat[producer]
        if ins.op in LOOPS:  # a carried value (inside the loop or its result after it)
            return f"carry{producer}_{[c[1] for c in ins.carries].index(reg)}"
        return f"op{producer}"

    # ---- nodes -------------------------------------------------------------------------

    def entries(self) -> list[str]:
        ids = []
        for k, (reg, p) in enumerate(self.df.params):
            self.entry_of[id(reg)] = f"param{k}"
            ids.append(self.add(Node(f"param{k}", "param", None, [f"%{p['name']}", f"param {p['type']}"]), None))
        for k, (reg, c) in enumerate(self.df.constants):
            self.entry_of[id(reg)] = f"const{k}"
            ids.append(self.add(Node(f"const{k}", "const", None,
                                     [repr(c["value"]), f"const → {slot_label(self.data, c['slot'])}"]), None))
        return ids

    def instr_lines(self, ins) -> list[str]:
        row = self.expl.rows[ins.addr]
        if ins.op in LOOPS:
            count = value_text(ins.ins[0].name) if ins.ins else "?"
            return [f"{ins.addr} {ins.op}  " + ("rounds < " if ins.op == "WHILE" else "rounds = ") + count]
        if ins.op in FUSED:
            names = row.comment.split(" = ")[0] if " = " in row.comment else ""
            return [f"{ins.addr} {ins.op}  {names}".rstrip()]
        lines = [f"{ins.addr} {ins.op}" + ("" if ins.out is None else f" → {slot_label(self.data, self.df.slot_of[ins.out])}")]
        if ins.out is not None:
            lines.append(value_text(ins.out.name))
        if _mark(ins.op) is not None and row.attributes:
            lines.append(attributes_text(row, self.data))
        return lines

    def block(self, code: list, parent: str | None) -> list[str]:
        ids = []
        for ins in code:
            nid = f"op{ins.addr}"
            kind = "loop" if ins.op in LOOPS else "fused" if ins.op in FUSED else "op"
            lines = self.instr_lines(ins)
            if ins.addr in self.notes:  # a box has one title line; a leaf op gets a line more
                if kind == "op":
                    lines.append(self.notes[ins.addr])
                else:
                    lines[0] += "   " + self.notes[ins.addr]
            ids.append(self.add(Node(nid, kind, ins.addr, lines, mark=_mark(ins.op)), parent))
            if ins.op in LOOPS:
                for k, (_, arg, _) in enumerate(ins.carries):
                    slot = slot_label(self.data, self.df.slot_of[arg])
                    self.add(Node(f"carry{ins.addr}_{k}", "carry", None, [value_text(arg.name), f"carried in {slot}"]), nid)
            self.block(ins.body, nid)
        return ids

    def outputs(self) -> list[str]:
        return [self.add(Node(f"out{k}", "output", None, [f"output {o['name']!r}"]), None)
                for k, (o, _) in enumerate(self.df.outputs)]

    # ---- edges -------------------------------------------------------------------------

    def use_edges(self) -> None:
        for ins in self.df.flat:
            dst = f"op{ins.addr}"
            ports = len(ins.ins) + (ins.cond is not None)
            for k, reg in enumerate(ins.ins):
                self.edges.append(Edge(self.source(reg), dst, "count" if ins.op in LOOPS else "use", k, ports))
            for k, (init, _, nxt) in enumerate(ins.carries):
                carry = f"carry{ins.addr}_{k}"
                self.edges.append(Edge(self.source(init), carry, "init"))
                self.edges.append(Edge(self.source(nxt), carry, "next"))
            if ins.cond is not None:
                self.edges.append(Edge(self.source(ins.cond), dst, "cond", ports - 1, ports))
        for k, (_, reg) in enumerate(self.df.outputs):
            self.edges.append(Edge(self.source(reg), f"out{k}", "output"))

    # ---- geometry ------------------------------------------------------------------------

    def owner(self, nid: str, container: str | None) -> str | None:
        """The item of `container`'s block that holds node `nid` (None: outside it)."""
        while nid is not None:
            parent = self.nodes[nid].parent
            if parent == container:
                return nid
            nid = parent
        return None

    def place_block(self, items: list[str], container: str | None) -> tuple[float, float]:
        """Size every item, set its position relative to the block; the block's size."""
        for nid in items:
            node = self.nodes[nid]
            if node.kind in BOXES:
                bw, bh = self.place_block(node.children, nid)
                tw, _ = _text_size(node.lines)
                node.w, node.h = max(bw, tw) + 2 * BOX_PAD, BOX_HEAD + bh + BOX_PAD
            else:
                node.w, node.h = _text_size(node.lines)
        deps: dict[str, set[str]] = {nid: set() for nid in items}
        for e in self.edges:
            if e.kind in BACK_EDGES:
                continue
            reader, writer = self.owner(e.dst, container), self.owner(e.src, container)
            if reader is not None and writer is not None and reader != writer:
                deps[reader].add(writer)
        layer: dict[str, int] = {}
        for nid in items:  # SSA order: what an item reads is laid out before it
            layer[nid] = 1 + max((layer[d] for d in deps[nid]), default=-1)
        outputs = [nid for nid in items if self.nodes[nid].kind == "output"]
        last = max((layer[nid] for nid in items if nid not in outputs), default=-1)
        for nid in outputs:
            layer[nid] = last + 1
        rows: list[list[str]] = [[] for _ in range(max(layer.values(), default=-1) + 1)]
        for nid in items:
            rows[layer[nid]].append(nid)
        centre: dict[str, float] = {}
        widths = [sum(self.nodes[n].w for n in row) + GAP_X * (len(row) - 1) for row in rows]
        width = max(widths, default=0.0)
        y = 0.0
        for row, row_w in zip(rows, widths):
            order = {nid: k for k, nid in enumerate(row)}
            row.sort(key=lambda n: (sum(centre[d] for d in deps[n]) / len(deps[n]) if deps[n] else width / 2, order[n]))
            x = (width - row_w) / 2
            for nid in row:
                node = self.nodes[nid]
                node.x, node.y = x, y
                centre[nid] = x + node.w / 2
                x += node.w + GAP_X
            y += max(self.nodes[n].h for n in row) + GAP_Y
        return width, max(y - GAP_Y, 0.0)

    def absolute(self, items: list[str], dx: float, dy: float) -> None:
        for nid in items:
            node = self.nodes[nid]
            node.x += dx
            node.y += dy
            if node.kind in BOXES:
                inner = node.w - 2 * BOX_PAD
                body_w = max((self.nodes[c].x + self.nodes[c].w for c in node.children), default=0.0)
                self.absolute(node.children, node.x + BOX_PAD + (inner - body_w) / 2, node.y + BOX_HEAD)


MARGIN = 12


def layout_graph(expl: Explanation, notes: dict[int, str] | None = None) -> GraphLayout:
    """The laid-out dataflow graph of an explanation's plan; `notes`: a
    further text per plan address (the profile's time and GB/s)."""
    b = _Builder(expl, notes or {})
    top = b.entries() + b.block(expl.dataflow.code, None) + b.outputs()
    b.use_edges()
    top = b.unwritten + top
    width, height = b.place_block(top, None)
    b.absolute(top, MARGIN, MARGIN)
    return GraphLayout(b.nodes, b.edges, top, width + 2 * MARGIN, height + 2 * MARGIN)
