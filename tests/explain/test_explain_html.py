"""`grogc explain --format html` and `grogc run --report`: the self-contained
page (grogc/explain/html_page.py, graph_layout.py, svg_graph.py, charts.py,
op_profile.py; docs/explain.md)."""

from __future__ import annotations

import dataclasses
import re
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import numpy as np
import pytest
from typer.testing import CliRunner

from grogc.binding.runtime import ProfileResult
from grogc.explain import explain_program, render
from grogc.explain.charts import live_bytes
from grogc.explain.graph_layout import layout_graph
from grogc.explain.html_page import render_html
from grogc.explain.listing import row_text
from grogc.explain.op_profile import run_profile
from grogc.graph import Graph

REPO = Path(__file__).resolve().parents[2]
GOLDEN = REPO / "golden"
CASES = sorted(p.name for p in GOLDEN.iterdir() if (p / "input.gir").is_file())
PAGERANK = GOLDEN / "pagerank" / "input.gir"
VOID = {"meta", "br", "img", "input", "hr", "link", "col", "wbr"}
SVG_LEAVES = {"rect", "path", "circle", "line"}  # written self-closing


@pytest.fixture(autouse=True)
def private_cache(tmp_path, monkeypatch):
    monkeypatch.setenv("GROGC_CACHE_DIR", str(tmp_path / "cache"))


class PageReader(HTMLParser):
    """Checks that tags nest and collects the dataflow SVG's nodes and edges,
    every attribute that could fetch something, and the text of titles."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.in_dataflow = 0
        self.nodes: list[dict] = []
        self.edges: list[dict] = []
        self.links: list[str] = []
        self.titles: dict[str, str] = {}
        self._title_of: str | None = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        for key in ("href", "src", "xlink:href", "action", "poster", "srcset"):
            if key in a:
                self.links.append(a[key])
        if tag == "svg" and "dataflow" in (a.get("class") or "").split():
            self.in_dataflow = 1
        if self.in_dataflow:
            classes = (a.get("class") or "").split()
            if tag == "g" and "node" in classes:
                self.nodes.append(a)
                self._title_of = a["data-node"]
            elif tag == "path" and "edge" in classes:
                self.edges.append(a)
            if tag == "title" and self._title_of:
                self.titles[self._title_of] = ""
        if tag not in VOID:
            self.stack.append(tag)

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag not in VOID:
            self.handle_endtag(tag)

    def handle_endtag(self, tag):
        assert self.stack and self.stack[-1] == tag, f"</{tag}> closes <{self.stack[-1] if self.stack else None}>"
        self.stack.pop()
        if tag == "svg" and self.in_dataflow:
            self.in_dataflow = 0
        if tag == "title":
            self._title_of = None

    def handle_data(self, data):
        if self._title_of is not None and self._title_of in self.titles and self.stack[-1:] == ["title"]:
            self.titles[self._title_of] += data


def read_page(page: str) -> PageReader:
    reader = PageReader()
    reader.feed(page)
    reader.close()
    assert reader.stack == [], reader.stack
    return reader


def plan_uses(data: dict) -> tuple[int, dict[int, int]]:
    """Every use in the plan (each `in` slot, carried init and next, WHILE
    condition, output) and the `in` count per address, straight from the
    plan dict."""
    total, ins = len(data["outputs"]), {}

    def walk(ops):
        nonlocal total
        for op in ops:
            addr = len(ins)
            ins[addr] = len(op.get("in", []))
            total += ins[addr] + 2 * len(op.get("carries", [])) + ("cond" in op)
            walk(op.get("body", []))

    walk(data["ops"])
    return total, ins


# ---- every golden case: parses, nothing external, one node per op, one edge per use ----------


@pytest.mark.parametrize("level", [0, 2])
@pytest.mark.parametrize("case", CASES)
def test_page_parses_and_has_a_node_per_op_and_an_edge_per_use(case, level):
    expl = explain_program(GOLDEN / case / "input.gir", opt_level=level)
    page = render(expl, "html")
    assert page.startswith("<!DOCTYPE html>")
    reader = read_page(page)
    # self-contained: nothing to fetch, not even a namespace URL
    assert "://" not in page
    assert all(link.startswith("#") for link in reader.links), reader.links
    assert all(u.startswith("#") for u in re.findall(r"url\(([^)]*)\)", page))
    assert not re.search(r"@import|<link|<iframe|<img|<object|<embed", page)
    # one node per plan instruction, every address once
    addrs = [int(n["data-addr"]) for n in reader.nodes if "data-addr" in n]
    assert sorted(addrs) == list(range(len(expl.rows)))
    # one edge per use, each joining drawn nodes
    total, ins = plan_uses(expl.data)
    assert len(reader.edges) == total
    ids = {n["data-node"] for n in reader.nodes}
    assert all(e["data-src"] in ids and e["data-dst"] in ids for e in reader.edges)
    for addr, k in ins.items():
        assert sum(e["data-dst"] == f"op{addr}" and e["class"].split()[1] in ("use", "count")
                   for e in reader.edges) == k, addr
    # every instruction's hover text holds its GIR line and its plan instruction
    for row in expl.rows:
        title = reader.titles[f"op{row.addr}"]
        assert row.comment.strip() in title and row_text(row, expl.data) in title


@pytest.mark.parametrize("case", ["pagerank", "nested_loops", "sssp", "scc"])
def test_layout_nests_boxes_and_nothing_overlaps(case):
    lay = layout_graph(explain_program(GOLDEN / case / "input.gir"))
    nodes = lay.nodes

    def inside(a, b):
        return b.x <= a.x and a.x + a.w <= b.x + b.w and b.y <= a.y and a.y + a.h <= b.y + b.h

    def overlap(a, b):
        return a.x < b.x + b.w and b.x < a.x + a.w and a.y < b.y + b.h and b.y < a.y + a.h

    for node in nodes.values():
        assert node.w > 0 and node.h > 0
        assert 0 <= node.x and node.x + node.w <= lay.width and 0 <= node.y and node.y + node.h <= lay.height
        if node.parent is not None:
            assert inside(node, nodes[node.parent]), (node.id, node.parent)
    groups: dict = {}
    for node in nodes.values():
        groups.setdefault(node.parent, []).append(node)
    for siblings in groups.values():
        for i, a in enumerate(siblings):
            for b in siblings[i + 1:]:
                assert not overlap(a, b), (a.id, b.id)
    # a value flows downwards, except the back edges of loops
    for e in lay.edges:
        if e.kind not in ("next", "cond") and nodes[e.src].parent == nodes[e.dst].parent:
            assert nodes[e.src].y + nodes[e.src].h <= nodes[e.dst].y, (e.src, e.dst)


def test_pagerank_picture():
    expl = explain_program(PAGERANK)
    lay = layout_graph(expl)
    kinds = {n.id: n.kind for n in lay.nodes.values()}
    assert kinds["op10"] == "loop" and kinds["op4"] == "fused" and kinds["op16"] == "fused"
    assert lay.nodes["op17"].parent == "op16" and lay.nodes["op16"].parent == "op10"
    assert lay.nodes["carry10_0"].parent == "op10"
    assert {n.id for n in lay.nodes.values() if n.mark == "graph"} == {"op17"}
    assert {n.id for n in lay.nodes.values() if n.mark == "reduce"} == {"op14", "op23"}
    edges = {(e.src, e.dst, e.kind) for e in lay.edges}
    assert {("op20", "carry10_0", "next"), ("op24", "op10", "cond"), ("param1", "op10", "count"),
            ("op2", "carry10_0", "init"), ("carry10_0", "out0", "output"), ("op12", "op17", "use")} <= edges
    page = render_html(expl, nodes=2_000_000)
    reader = read_page(page)
    assert 'class="node op graph"' in page and 'class="node box fused"' in page and 'class="node box loop"' in page
    assert "graph.pull %contrib" in reader.titles["op17"] and "plan: 17 PULL b11 <- v8  agg=sum" in reader.titles["op17"]
    # the slots: 33 bytes per node at n = 2,000,000
    assert "n = 2,000,000" in page and "peak 66.0 MB" in page
    assert page.count('class="value ') == len(expl.ranges)
    # the listing: one row per instruction, fused bodies marked
    assert len(re.findall(r'<tr class="[^"]*" data-addr="\d+">', page)) == 25
    assert len(re.findall(r'<tr class="in-fused" data-addr=', page)) == 2 + 3 + 7
    assert '<span class="fused bound">' in page  # the final IR marks its fused ops


def test_live_bytes_peak_within_slot_memory():
    """The live vector values never need more than the slots hold."""
    for case in CASES:
        expl = explain_program(GOLDEN / case / "input.gir")
        live = live_bytes(expl, 1)
        assert max(live, default=0) <= expl.data["stats"]["slots"]["peak_bytes_per_node"], case
    expl = explain_program(PAGERANK)
    assert live_bytes(expl, 10)[expl.rows[10].addr + 1] == 10 * (8 + 8 + 1)  # v7 x0 -> xi, v9 inv_deg, v10 dangling
    assert max(live_bytes(expl, 1)) == 33


def test_pipeline_bars_follow_the_pass_statistics():
    expl = explain_program(PAGERANK)
    page = render(expl, "html", timings=False)
    table = page[page.index('<table class="pipeline">'):page.index("</table>")]
    rows = re.findall(r"<tr class=\"[a-z]*\">(.*?)</tr>", table)
    assert len(rows) == len(expl.passes) == 8
    fuse = rows[5]  # input, canonicalize, cse, licm, frontier, fuse-elementwise
    assert ">fuse-elementwise<" in fuse and ">25 → 28<" in fuse and ">9<" in fuse
    # vector streams 21 -> 9: a ghost bar for 21 behind a bar 9/21 as long
    ghost, after = re.findall(r'<rect class="(?:ghost|after)" width="([\d.]+)"', fuse)[2:4]
    assert float(after) / float(ghost) == pytest.approx(9 / 21, abs=0.01)


def test_stage_and_plan_file(tmp_path):
    page = render(explain_program(PAGERANK, stage="licm"), "html")
    assert '<h2 id="ir">IR after licm</h2>' in page
    import grogc

    path = tmp_path / "pr.plan"
    grogc.compile(PAGERANK).save(path)
    page = render(explain_program(path), "html")
    read_page(page)
    assert "(a plan file holds no IR" in page


# ---- a profiled run ----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def graph_file(tmp_path_factory) -> Path:
    rng = np.random.default_rng(3)
    src, dst = rng.integers(0, 300, 3000), rng.integers(0, 300, 3000)
    path = tmp_path_factory.mktemp("g") / "g.csr"
    Graph.from_edges(src, dst, directed=True).save(path)
    return path


def test_cli_run_report(graph_file, tmp_path):
    from grogc.cli import app

    report = tmp_path / "report.html"
    result = CliRunner().invoke(app, ["run", str(PAGERANK), "--graph", str(graph_file), "--report", str(report),
                                      "--threads", "2", "-p", "max_iter=7", "-p", "tol=0"])
    assert result.exit_code == 0, result.output
    page = report.read_text()
    reader = read_page(page)
    assert "profiled run" in page and "300 nodes" in page and "2 threads" in page
    assert "n = 300" in page
    # the loop ran 7 rounds, and says so on its box and in the loops section
    assert "10 WHILE  rounds &lt; %max_iter   · 7 rounds" in page
    assert re.search(r"WHILE @10</b> <code>%x</code>: 1 runs, 7 rounds in all, [\d.]+ ms; rounds of its last run: "
                     r"<b>7</b>; its last run ended: <b>at its round limit</b>", page)
    # ops timed on their own and fused ops are coloured; a fused body's ops are not
    coloured = {int(n["data-addr"]) for n in reader.nodes if "data-addr" in n} & {
        int(m) for m in re.findall(r'data-addr="(\d+)"><title>[^<]*</title>\s*<rect [^>]*style="fill:#', page)}
    assert {3, 4, 11, 15, 16, 24} <= coloured and not coloured & {5, 6, 17, 18, 23}
    assert "GB/s" in page


def grogc_cli(*args) -> subprocess.CompletedProcess:
    r = subprocess.run([sys.executable, "-m", "grogc", *map(str, args)], capture_output=True, text=True,
                       cwd=REPO, timeout=120)
    r.stderr = re.sub(r"[\s│]+", " ", r.stderr)  # rich draws usage errors in a box, wrapped
    return r


def test_report_needs_the_c_runtime(graph_file, tmp_path):
    r = grogc_cli("run", PAGERANK, "--graph", graph_file, "--report", tmp_path / "r.html", "--reference")
    assert r.returncode == 1 and "Traceback" not in r.stderr
    assert "--profile and --trace measure the C runtime" in r.stderr
    assert not (tmp_path / "r.html").exists()


@dataclasses.dataclass
class FrontierProfile(ProfileResult):
    """A profile with one more per-instruction array, as a frontier loop would record."""

    frontier_peak: np.ndarray | None = None


def test_loop_fields_are_read_generically(graph_file):
    from grogc.driver.api import run_program
    from grogc.explain.profile_view import profile_request

    session = profile_request(None)
    run_program(PAGERANK, graph_file, param_texts=["max_iter=3", "tol=0"], profile=session)
    res = session.result
    peak = np.zeros(len(res.opcodes), np.int64)
    n_const = len(session.plan.data["constants"])
    peak[10 + n_const] = 123
    session.result = FrontierProfile(**{f.name: getattr(res, f.name) for f in dataclasses.fields(res)},
                                     frontier_peak=peak)
    prof = run_profile(session, "g", 300)
    assert prof.ops[10].loop == {"rounds of its last run": "3", "its last run ended": "at its round limit",
                                 "frontier peak": "123"}
    assert prof.ops[10].rounds == 3
    # shares: the top-level instructions and the setup make up the whole run
    top = [a for a, r in enumerate(explain_program(PAGERANK).rows) if r.parent is None]
    assert sum(prof.ops[a].share for a in top) + prof.setup / prof.total == pytest.approx(1.0)
    page = render_html(explain_program(PAGERANK), profile=prof)
    assert "frontier peak: <b>123</b>" in page


# ---- the CLI ----------------------------------------------------------------------------------


def test_cli_explain_html_to_a_file(tmp_path):
    from grogc.cli import app

    out = tmp_path / "report.html"
    result = CliRunner().invoke(app, ["explain", str(PAGERANK), "--format", "html", "-o", str(out), "--nodes", "1000"])
    assert result.exit_code == 0, result.output
    page = out.read_text()
    read_page(page)
    assert "n = 1,000" in page and "peak 33.0 kB" in page
    result = CliRunner().invoke(app, ["explain", str(PAGERANK), "-f", "json", "-o", str(tmp_path / "x.json")])
    assert result.exit_code == 0 and (tmp_path / "x.json").read_text().startswith("{")


def test_cli_explain_errors(tmp_path):
    r = grogc_cli("explain", PAGERANK, "-f", "html", "-o", tmp_path / "no" / "r.html")
    assert r.returncode == 1 and "Traceback" not in r.stderr
    assert f"cannot write {tmp_path / 'no' / 'r.html'}" in r.stderr
    r = grogc_cli("explain", PAGERANK, "-f", "svg")
    assert r.returncode == 2 and "'svg' is not one of text, json, dot, html" in r.stderr
    r = grogc_cli("explain", PAGERANK, "-f", "html", "--nodes", "0")
    assert r.returncode == 2 and "--nodes" in r.stderr


def test_report_of_a_plan_file(graph_file, tmp_path):
    """A .plan has no IR: the page comes from the plan alone, still coloured."""
    import grogc
    from grogc.driver.api import run_program
    from grogc.explain.profile_view import profile_request
    from grogc.explain.report import run_report

    path = tmp_path / "pr.plan"
    grogc.compile(PAGERANK).save(path)
    session = profile_request(None)
    _, g = run_program(path, graph_file, param_texts=["max_iter=2"], profile=session)
    page = run_report(session, path, g, graph_label="g.csr")
    read_page(page)
    assert "(a plan file holds no IR" in page and "· 2 rounds" in page and 'style="fill:#' in page


def test_report_of_a_program_without_loops(graph_file, tmp_path):
    r = grogc_cli("run", GOLDEN / "degree_stats" / "input.gir", "--graph", graph_file, "--report", tmp_path / "r.html",
                  "--profile")
    assert r.returncode == 0, r.stderr
    assert "profile:" in r.stderr and f"wrote {tmp_path / 'r.html'}" in r.stderr  # --profile still prints its table
    page = (tmp_path / "r.html").read_text()
    read_page(page)
    assert "(the plan has no loops)" in page and "profiled run" in page
