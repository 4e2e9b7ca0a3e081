"""`grogc explain --format dot`: the plan's dataflow graph for Graphviz.

Nodes: parameters and constants (top), one node per instruction, outputs
(bottom).  A loop is a cluster holding its body and a header node (its
round count and, for WHILE, the condition feed it) plus one node per carried
value (init -> arg; the next value -> arg is the dashed back edge).  A fused
op is ONE node whose HTML label lists its region's instructions; edges enter
it from the values it reads from outside and leave it from the values its
body writes.  Edges follow values, not slots, so reused slots never join
unrelated ops (dataflow.py rebuilds the values from the plan).
"""

from __future__ import annotations

import html

from grogc.explain.collect import Explanation
from grogc.explain.dataflow import FUSED, LOOPS, slot_label
from grogc.explain.live_chart import value_text


def _q(text: str) -> str:
    """A DOT double-quoted string."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


class _DotWriter:
    def __init__(self, expl: Explanation):
        self.expl = expl
        self.data = expl.data
        self.df = expl.dataflow
        self.lines: list[str] = []
        self.edges: list[str] = []
        self.seen_edges: set[tuple[str, str, str]] = set()
        self.node_of: dict[int, str] = {}  # address -> the node that stands for it

    def edge(self, src: str, dst: str, attrs: str = "") -> None:
        key = (src, dst, attrs)
        if src != dst and key not in self.seen_edges:
            self.seen_edges.add(key)
            self.edges.append(f"  {src} -> {dst}{' [' + attrs + ']' if attrs else ''};")

    def source_node(self, reg) -> str:
        producer = self.df.producer[reg]
        if producer is None:
            if id(reg) not in self.entry_nodes:  # read before any write (a hand-made plan; the runtime reads zeros)
                node = f"unwritten{len(self.entry_nodes)}"
                self.entry_nodes[id(reg)] = node
                self.lines.append(f"  {node} [shape=invhouse, style=dashed, label={_q('never written: ' + str(reg.name))}];")
            return self.entry_nodes[id(reg)]
        ins = self.df.flat[producer]
        if ins.op in LOOPS:  # a carried value: the loop's arg node
            return f"carry{producer}_{[c[1] for c in ins.carries].index(reg)}"
        return self.node_of[producer]

    def entry(self) -> None:
        self.entry_nodes: dict[int, str] = {}
        for k, (reg, p) in enumerate(self.df.params):
            node = f"param{k}"
            self.entry_nodes[id(reg)] = node
            self.lines.append(f"  {node} [shape=invhouse, label={_q('param ' + p['name'] + ': ' + p['type'])}];")
        for k, (reg, c) in enumerate(self.df.constants):
            node = f"const{k}"
            self.entry_nodes[id(reg)] = node
            self.lines.append(f"  {node} [shape=plaintext, label={_q(repr(c['value']))}];")

    def instr_label(self, ins) -> str:
        out = "" if ins.out is None else f" → {slot_label(self.data, self.df.slot_of[ins.out])}"
        name = "" if ins.out is None else f"\n{value_text(ins.out.name)}"
        return f"{ins.addr} {ins.op}{out}{name}"

    def fused_label(self, ins) -> str:
        rows = [f'<tr><td colspan="2" bgcolor="lightgoldenrod1"><b>{ins.addr} {ins.op}</b></td></tr>']
        for inner in ins.body:
            out = "" if inner.out is None else html.escape(value_text(inner.out.name))
            rows.append(f'<tr><td align="left">{inner.addr} {inner.op}</td><td align="left">{out}</td></tr>')
        return "<<table border=\"0\" cellborder=\"1\" cellspacing=\"0\">" + "".join(rows) + "</table>>"

    def block(self, code: list, indent: str) -> None:
        for ins in code:
            if ins.op in LOOPS:
                self.loop(ins, indent)
            elif ins.op in FUSED:
                node = f"op{ins.addr}"
                for inner in ins.body:
                    self.node_of[inner.addr] = node
                self.node_of[ins.addr] = node
                self.lines.append(f"{indent}{node} [shape=plain, label={self.fused_label(ins)}];")
            else:
                node = f"op{ins.addr}"
                self.node_of[ins.addr] = node
                shape = "box, style=rounded" if ins.op == "PULL" else "box"
                self.lines.append(f"{indent}{node} [shape={shape}, label={_q(self.instr_label(ins))}];")

    def loop(self, ins, indent: str) -> None:
        head = f"op{ins.addr}"
        self.node_of[ins.addr] = head
        self.lines.append(f"{indent}subgraph cluster_{ins.addr} {{")
        self.lines.append(f"{indent}  label={_q(f'{ins.addr} {ins.op} (loop)')}; style=dashed;")
        rounds = "rounds < " if ins.op == "WHILE" else "rounds = "
        self.lines.append(f"{indent}  {head} [shape=diamond, label={_q(f'{ins.op} {rounds}{value_text(ins.ins[0].name)}')}];")
        for k, (_, arg, _) in enumerate(ins.carries):
            self.lines.append(f"{indent}  carry{ins.addr}_{k} [shape=ellipse, label={_q(value_text(arg.name))}];")
        self.block(ins.body, indent + "  ")
        self.lines.append(f"{indent}}}")

    def dataflow_edges(self) -> None:
        for ins in self.df.flat:
            if ins.op in FUSED:
                continue
            dst = self.node_of[ins.addr]
            for reg in ins.ins:
                self.edge(self.source_node(reg), dst)
            if ins.op in LOOPS:
                for k, (init, arg, nxt) in enumerate(ins.carries):
                    carry = f"carry{ins.addr}_{k}"
                    self.edge(self.source_node(init), carry)
                    self.edge(self.source_node(nxt), carry, 'style=dashed, constraint=false, label="next"')
                if ins.cond is not None:
                    self.edge(self.source_node(ins.cond), dst, 'style=dotted, constraint=false, label="cond"')

    def outputs(self) -> None:
        for k, (o, reg) in enumerate(self.df.outputs):
            node = f"out{k}"
            self.lines.append(f"  {node} [shape=house, label={_q('output ' + o['name'])}];")
            self.edge(self.source_node(reg), node)

    def render(self) -> str:
        self.lines = [f"digraph {_q(self.data['entry'])} {{", "  rankdir=TB;",
                      '  node [fontname="Helvetica", fontsize=10];', '  edge [fontsize=9];']
        self.entry()
        self.block(self.df.code, "  ")
        self.outputs()
        self.dataflow_edges()
        return "\n".join(self.lines + self.edges + ["}"]) + "\n"


def render_dot(expl: Explanation) -> str:
    """The DOT text (feed it to `dot -Tsvg`)."""
    return _DotWriter(expl).render()
