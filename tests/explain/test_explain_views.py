"""`grogc explain`: text, JSON and DOT views, --stage, .plan input, the CLI
(grogc/explain, docs/explain.md)."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from typer.testing import CliRunner

import grogc
from grogc.driver.api import optimize_function, parse_entry
from grogc.backend.lower import allocate_lowered, lower_function
from grogc.errors import GrogError
from grogc.explain import explain_program, render
from grogc.explain.json_format import explain_dict

REPO = Path(__file__).resolve().parents[2]
GOLDEN = REPO / "golden"
CASES = sorted(p.name for p in GOLDEN.iterdir() if (p / "input.gir").is_file())
PAGERANK = GOLDEN / "pagerank" / "input.gir"


@pytest.fixture(autouse=True)
def private_cache(tmp_path, monkeypatch):
    monkeypatch.setenv("GROGC_CACHE_DIR", str(tmp_path / "cache"))


@pytest.fixture(scope="module")
def pagerank():
    return explain_program(PAGERANK)


# ---- live ranges: the rebuilt program agrees with the allocator ------------------


@pytest.mark.parametrize("case", CASES)
def test_live_ranges_from_the_plan_equal_the_allocators(case):
    """dataflow.py rebuilds values from the plan alone; their live ranges
    must be exactly the intervals the slot allocator used."""
    path = GOLDEN / case / "input.gir"
    fn = parse_entry(path.read_text(), str(path))
    optimize_function(fn, 2)
    lowered = lower_function(fn)
    alloc = allocate_lowered(lowered)
    expected = sorted((alloc.slot_of[r], iv.start, iv.end) for r, iv in alloc.intervals.items())
    got = sorted((r.slot, r.start, r.end) for r in explain_program(path).ranges)
    assert got == expected


def test_live_chart_rows(pagerank):
    text = render(pagerank, "text", timings=False)
    chart = text[text.index("slot      E"):]
    # %x0 written at 2, its slot taken over by the loop's %xi at 10, live to the exit
    assert "v7:f64    ...w-------x--------------r  %x0 %xi" in chart
    # the fused block temporaries reuse one block slot, in place
    assert re.search(r"b11:f64 +\.+wr\.\.wxxrwxr\.\.  %dmass %nsum %t %damped %delta %absd", chart)


# ---- text ---------------------------------------------------------------------------


def test_text_has_every_section_and_pass(pagerank):
    text = render(pagerank, "text", timings=False)
    for title in ("pipeline: canonicalize,cse,licm,frontier,fuse-elementwise,fuse-neighbor,dce", "== final IR",
                  "== slots: live ranges", "== plan =="):
        assert title in text
    for name in ("input", "canonicalize", "cse", "licm", "frontier", "fuse-elementwise", "fuse-neighbor", "dce"):
        assert re.search(rf"^\s+\d+\s+{name}\s+\d+ → \d+", text, re.M), name
    assert "fuse-elementwise   25 → 28     +3                     9" in text


def test_fused_regions_are_marked(pagerank):
    text = render(pagerank, "text", timings=False)
    marked = [line for line in text.splitlines() if line.startswith("▌")]
    # three fused ops, each: its line, its region (ops + fuse.yield), its closing brace
    assert len(marked) == (1 + 3 + 1) + (1 + 4 + 1) + (1 + 8 + 1)
    assert sum("fuse." in line and line.endswith("{") for line in marked) == 3
    assert not any(line.startswith("▌") and "control.while" in line for line in text.splitlines())


def test_listing_rows_and_comments(pagerank):
    text = render(pagerank, "text", timings=False)
    rows = [line for line in text.splitlines() if re.match(r"^\s+\d+  [ A-Z_]+ ", line) and " ; " in line]
    assert len(rows) == len(pagerank.rows) == 25
    assert re.search(r"^  10  WHILE +- +s1 +cond=s14 carries=v7>v7<v12 +; run body; again while s14 and fewer "
                     r"than s1 rounds   %x$", text, re.M)
    assert re.search(r"^  17      PULL +b11 +v8 +agg=sum dir=in weight=none +; b11\[v\] = agg\(sum\) over u in "
                     r"N\(v, dir=in\)", text, re.M)


def test_timings_only_when_asked(pagerank):
    assert " ms" not in render(pagerank, "text", timings=False).split("== final IR")[0]
    timed = render(pagerank, "text", timings=True)
    assert re.search(r"^\s+5\s+fuse-elementwise .* yes\s+\d+\.\d{3}$", timed, re.M)


def test_colour_only_when_asked(pagerank):
    assert "\x1b[" not in render(pagerank, "text")
    assert "\x1b[" in render(pagerank, "text", color=True)


def test_stage_shows_the_ir_after_that_pass():
    expl = explain_program(PAGERANK, stage="licm")
    text = render(expl, "text")
    assert "== IR after licm ==" in text
    assert (GOLDEN / "pagerank" / "after-licm.gir").read_text().strip() in text
    assert "== plan ==" not in text
    assert explain_dict(expl)["stage"]["name"] == "licm"


def test_stage_input_is_the_parsed_ir():
    text = render(explain_program(PAGERANK, stage="input"), "text")
    assert (GOLDEN / "pagerank" / "parse.gir").read_text().strip() in text


def test_stage_errors():
    with pytest.raises(GrogError, match=r"--stage: unknown stage 'cse2' \(valid: input, canonicalize, cse"):
        explain_program(PAGERANK, stage="cse2")
    with pytest.raises(GrogError, match="--stage: pass 'licm' is not in the pipeline 'canonicalize,cse,dce'"):
        explain_program(PAGERANK, stage="licm", opt_level=1)


# ---- JSON ------------------------------------------------------------------------------


def test_json_schema(pagerank):
    doc = json.loads(render(pagerank, "json"))
    assert doc["schema"] == "grogc-explain/1"
    assert [p["name"] for p in doc["passes"]][:2] == ["input", "canonicalize"]
    for p in doc["passes"]:
        assert set(p) >= {"name", "ops_before", "ops_after", "vector_streams_per_iter", "seconds"}
    assert isinstance(doc["passes"][1]["seconds"], float)
    assert doc["slots"]["vector_before"] == 7 and doc["slots"]["vector_after"] == 5
    assert doc["slots"]["peak_bytes_per_node"] == 33
    ops = doc["plan"]["ops"]
    assert len(ops) == 25
    assert ops[10] == {**ops[10], "addr": 10, "opcode": "WHILE", "out": None, "inputs": [1],
                       "attributes": {"cond": 14, "carries": [[7, 7, 12]]}}
    assert ops[17]["attributes"] == {"agg": "sum", "dir": "in", "weight": "none"}
    assert ops[17]["parent"] == 16 and ops[17]["depth"] == 2
    assert doc["ir"].startswith("func @pagerank")


def test_json_has_every_key_docs_explain_md_documents(pagerank):
    doc = json.loads(render(pagerank, "json"))
    table = (REPO / "docs" / "explain.md").read_text().split("## JSON")[1].split("## DOT")[0]
    documented = re.findall(r"^\| `([a-z_.]+)`", table, re.M)
    documented += [k for row in re.findall(r"^\| (`[a-z_]+`(?:, `[a-z_.]+`)+) \|", table, re.M)
                   for k in re.findall(r"`([a-z_.]+)`", row)]
    assert len(documented) >= 12
    for key in documented:
        node = doc
        for part in key.split("."):
            assert part in node, key
            node = node[part]
    for field in re.search(r"`plan.ops` \| one per instruction, in address order: `\{([^}]*)\}`", table).group(1).split(", "):
        assert field in doc["plan"]["ops"][0], field


def test_json_without_timings_is_reproducible():
    a = render(explain_program(PAGERANK), "json", timings=False)
    b = render(explain_program(PAGERANK), "json", timings=False)
    assert a == b
    assert all(p["seconds"] is None for p in json.loads(a)["passes"])


# ---- a .plan file and a library name ---------------------------------------------------------


def test_plan_file_gives_the_same_plan_views(tmp_path, pagerank):
    path = tmp_path / "pr.plan"
    grogc.compile(PAGERANK).save(path)
    expl = explain_program(path)
    assert expl.final_ir is None
    assert [r.__dict__ for r in expl.rows] == [r.__dict__ for r in pagerank.rows]
    assert [r.__dict__ for r in expl.ranges] == [r.__dict__ for r in pagerank.ranges]
    assert "(a plan file holds no IR" in render(expl, "text")
    assert all(p["seconds"] is None for p in explain_dict(expl)["passes"])
    with pytest.raises(GrogError, match="is a plan file \\(no IR\\)"):
        explain_program(path, stage="cse")


def test_library_name():
    pytest.importorskip("grogc.library")
    from grogc.library import algorithm_names

    if "pagerank" not in algorithm_names():
        pytest.skip("the library has no pagerank yet")
    expl = explain_program("pagerank")
    assert expl.data["entry"] == "pagerank" and expl.source == "pagerank"


def test_missing_file():
    with pytest.raises(GrogError, match="no such file: nowhere/x.gir"):
        explain_program("nowhere/x.gir")


# ---- DOT -----------------------------------------------------------------------------------

_TOKEN = re.compile(r'\s+|"(?:[^"\\]|\\.)*"|<|>|->|[{}\[\];=,]|[A-Za-z_][A-Za-z0-9_]*|-?\d+(?:\.\d+)?')


def _html_end(text: str, i: int) -> int:
    depth = 0
    while True:
        if text[i] == "<":
            depth += 1
        elif text[i] == ">":
            depth -= 1
            if depth == 0:
                return i + 1
        i += 1


def dot_statements(text: str) -> tuple[set[str], list[tuple[str, str]]]:
    """A small DOT reader: checks tokens and braces; returns the declared
    node ids and the edges."""
    tokens, i = [], 0
    while i < len(text):
        if text[i] == "<":  # an HTML label, kept whole
            j = _html_end(text, i)
            tokens.append(text[i:j])
            i = j
            continue
        m = _TOKEN.match(text, i)
        assert m, f"bad DOT at {text[i:i + 30]!r}"
        if not m.group().isspace():
            tokens.append(m.group())
        i = m.end()
    assert tokens[:2] == ["digraph", '"pagerank"'] or tokens[0] == "digraph"
    depth, nodes, edges = 0, set(), []
    for k, tok in enumerate(tokens):
        depth += tok == "{"
        depth -= tok == "}"
        assert depth >= 0
        if tok == "->":
            edges.append((tokens[k - 1], tokens[k + 1]))
        elif tok == "[" and tokens[k - 2] in (";", "{", "}") and tokens[k - 1] not in ("node", "edge"):
            nodes.add(tokens[k - 1])
    assert depth == 0
    return nodes, edges


@pytest.mark.parametrize("case", CASES)
def test_dot_parses_and_every_edge_joins_declared_nodes(case):
    """Every golden case, without Graphviz: the DOT tokenizes, braces
    balance, every edge joins declared nodes, every instruction outside a
    fused op has its node and a loop its cluster."""
    expl = explain_program(GOLDEN / case / "input.gir")
    dot = render(expl, "dot")
    nodes, edges = dot_statements(dot)
    assert edges or not expl.data["outputs"]
    for src, dst in edges:
        assert src in nodes and dst in nodes, (src, dst)
    in_fused = {r.addr for r in expl.rows if r.parent is not None and expl.rows[r.parent].opcode in ("FUSED_MAP", "FUSED_PULL")}
    assert {f"op{r.addr}" for r in expl.rows if r.addr not in in_fused} <= nodes
    assert dot.count("subgraph cluster_") == sum(r.opcode in ("REPEAT", "WHILE") for r in expl.rows)


def test_dot_structure(pagerank):
    dot = render(pagerank, "dot")
    assert dot.count("subgraph cluster_") == 1  # the while loop
    # fused ops are single nodes whose label lists their region
    assert re.search(r"op16 \[shape=plain, label=<<table.*16 FUSED_PULL.*17 PULL.*%nsum.*23 REDUCE", dot)
    assert 'op16 -> carry10_0 [style=dashed, constraint=false, label="next"]' in dot
    assert 'op24 -> op10 [style=dotted, constraint=false, label="cond"]' in dot
    assert "carry10_0 -> out0;" in dot


@pytest.mark.skipif(shutil.which("dot") is None,
                    reason="Graphviz `dot` is not installed (every case's DOT is still parsed above)")
def test_dot_renders_with_graphviz():
    for case in CASES:
        dot = render(explain_program(GOLDEN / case / "input.gir"), "dot")
        r = subprocess.run(["dot", "-Tsvg"], input=dot, capture_output=True, text=True, timeout=60)
        assert r.returncode == 0, (case, r.stderr)
        assert "<svg" in r.stdout and "Warning" not in r.stderr and "Error" not in r.stderr, (case, r.stderr)


# ---- CLI -------------------------------------------------------------------------------------


def test_cli_explain_formats(tmp_path):
    from grogc.cli import app

    runner = CliRunner()
    result = runner.invoke(app, ["explain", str(PAGERANK), "--format", "json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["entry"] == "pagerank"
    result = runner.invoke(app, ["explain", str(PAGERANK)])
    assert result.exit_code == 0 and "== plan ==" in result.output and "\x1b[" not in result.output
    result = runner.invoke(app, ["explain", str(PAGERANK), "-f", "dot"])
    assert result.output.startswith('digraph "pagerank" {')


def test_cli_explain_bad_format():
    result = subprocess.run(["python", "-m", "grogc", "explain", str(PAGERANK), "--format", "yaml"],
                            capture_output=True, text=True)
    assert result.returncode == 2  # a usage error
    assert "'yaml' is not one of text, json, dot, html" in re.sub(r"[\s│]+", " ", result.stderr)  # rich wraps it
