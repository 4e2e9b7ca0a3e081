"""What a new user trips over (issue 14, items 9 and 10): outputs that would
destroy an input, closed pipes, standard output, import policies for
`grogc run`, usage errors that exit 2 in every command, empty inputs."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
KARATE = str(REPO / "examples" / "karate.mtx")


def grogc(*args: str, cwd: Path = REPO, **kw) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "grogc", *args], capture_output=True, text=True, cwd=cwd,
                          env={**os.environ, "PYTHONPATH": str(REPO)}, **kw)


def flat(text: str) -> str:
    """Text without rich's box and line wrapping."""
    return " ".join(text.replace("│", " ").split())


# ---- item 9: never write over an input -------------------------------------------------------


def test_compile_refuses_to_overwrite_its_source(tmp_path):
    src = tmp_path / "q.gir"
    text = (REPO / "examples" / "pagerank.gir").read_text()
    src.write_text(text)
    done = grogc("compile", str(src), "-o", str(src))
    assert done.returncode == 1
    assert done.stderr.strip() == f"error: refusing to write {src}: it is the source {src}; choose another output file"
    assert src.read_text() == text
    link = tmp_path / "other-name.gir"
    link.symlink_to(src)  # another spelling of the same file counts too
    assert grogc("compile", str(src), "-o", str(link)).returncode == 1 and src.read_text() == text


def test_graph_import_refuses_to_overwrite_its_input(tmp_path):
    edges = tmp_path / "s.txt"
    edges.write_text("1 2\n2 3\n")
    done = grogc("graph", "import", str(edges), "-o", str(edges))
    assert done.returncode == 1
    assert done.stderr.strip() == f"error: refusing to write {edges}: it is the input {edges}; choose another output file"
    assert edges.read_text() == "1 2\n2 3\n"


def test_graph_export_and_run_refuse_to_overwrite_their_inputs(tmp_path):
    g = tmp_path / "g.csr"
    assert grogc("graph", "import", KARATE, "-o", str(g)).returncode == 0
    before = g.read_bytes()
    done = grogc("graph", "export", str(g), "-o", str(g))
    assert done.returncode == 1 and "refusing to write" in done.stderr
    done = grogc("run", "components", "--graph", str(g), "-o", str(g))
    assert done.returncode == 1 and f"error: refusing to write {g}: it is the input {g}" in done.stderr
    assert g.read_bytes() == before


def test_the_atomic_writer_syncs_before_renaming(tmp_path, monkeypatch):
    from grogc import fileio

    events = []
    real_fsync, real_replace = os.fsync, os.replace
    monkeypatch.setattr(os, "fsync", lambda fd: (events.append("fsync"), real_fsync(fd))[1])
    monkeypatch.setattr(os, "replace", lambda a, b: (events.append("rename"), real_replace(a, b))[1])
    fileio.write_bytes_atomic(tmp_path / "x.bin", b"data")
    assert events[:2] == ["fsync", "rename"], events
    assert (tmp_path / "x.bin").read_bytes() == b"data"


# ---- item 10 ----------------------------------------------------------------------------------


def test_run_on_an_edge_list_takes_the_import_policies(tmp_path):
    edges = tmp_path / "e.txt"
    edges.write_text("1 2\n2 3\n3 1\n3 4\n")  # directed: 4 is reachable only one way
    directed = grogc("run", "components", "--graph", str(edges), "-o", str(tmp_path / "d.csv"))
    undirected = grogc("run", "components", "--graph", str(edges), "--undirected", "-o", str(tmp_path / "u.csv"))
    assert directed.returncode == undirected.returncode == 0, directed.stderr + undirected.stderr
    imported = tmp_path / "u.csr"
    assert grogc("graph", "import", str(edges), "--undirected", "-o", str(imported)).returncode == 0
    assert grogc("run", "components", "--graph", str(imported), "-o", str(tmp_path / "i.csv")).returncode == 0
    assert (tmp_path / "u.csv").read_text() == (tmp_path / "i.csv").read_text()
    done = grogc("run", "components", "--graph", str(imported), "--undirected")
    assert done.returncode == 1
    assert done.stderr.startswith(f"{imported}: error: is a g.csr: its import policies (--undirected")


def test_run_allows_negative_weights_only_when_asked(tmp_path):
    edges = tmp_path / "w.txt"
    edges.write_text("1 2 -1.0\n2 3 2.0\n")
    done = grogc("run", "components", "--graph", str(edges))
    assert done.returncode == 1 and "negative weight '-1.0' in column 3" in done.stderr
    assert grogc("run", "components", "--graph", str(edges), "--allow-negative-weights").returncode == 0


def test_a_closed_pipe_ends_quietly_with_exit_0(tmp_path):
    g = tmp_path / "g.csr"
    assert grogc("graph", "generate", "uniform", "--scale", "14", "-o", str(g)).returncode == 0
    for args in (["graph", "export", str(g), "-o", "-"], ["run", "components", "--graph", str(g), "-o", str(tmp_path / "c.csv")],
                 ["run", "degree_centrality", "--graph", str(g)]):
        proc = subprocess.Popen([sys.executable, "-m", "grogc", *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                cwd=REPO, env={**os.environ, "PYTHONPATH": str(REPO)})
        proc.stdout.readline()
        proc.stdout.close()  # like `| head -1`
        err = proc.stderr.read().decode()
        assert proc.wait() == 0, (args, err)
        assert err == "", (args, err)


def test_graph_export_dash_writes_standard_output(tmp_path):
    done = grogc("graph", "import", KARATE, "-o", str(tmp_path / "k.csr"))
    assert done.returncode == 0
    done = grogc("graph", "export", str(tmp_path / "k.csr"), "-o", "-", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[0] == "# grogc export: undirected, 34 nodes, 78 edges" and len(lines) == 79
    assert not (tmp_path / "-").exists()


def test_explain_dash_writes_standard_output(tmp_path):
    for fmt in ("text", "html"):
        done = grogc("explain", "pagerank", "-f", fmt, "-o", "-", cwd=tmp_path)
        assert done.returncode == 0, done.stderr
        assert done.stdout.startswith("<!DOCTYPE html>" if fmt == "html" else "grogc explain: @pagerank"), done.stdout[:80]
        assert "wrote" not in done.stderr
        assert not (tmp_path / "-").exists()


@pytest.mark.parametrize("args", [
    ["compile", "pagerank", "-o", "-"],
    ["graph", "import", KARATE, "-o", "-"],
    ["graph", "generate", "kron", "--scale", "3", "-o", "-"],
    ["run", "components", "--graph", KARATE, "-o", "-"],
], ids=["compile", "import", "generate", "run"])
def test_dash_where_the_output_is_a_file_is_refused(tmp_path, args):
    # these wrote a file named '-' (all but run) where `graph export -o -` writes standard output
    done = grogc(*args, cwd=tmp_path)
    assert done.returncode == 1, done.stderr
    assert done.stderr.strip() == "error: cannot write '-': this command writes a file, not standard output; give a file name"
    assert done.stdout == ""
    assert not (tmp_path / "-").exists()


@pytest.mark.parametrize("args, message", [
    (["graph", "import", KARATE, "-o", "x.csr", "--format", "xml"], "'xml' is not one of snap, mtx, csv, gap, dimacs, ldbc"),
    (["run", "components", "--graph", KARATE, "--format", "xml"], "'xml' is not one of snap, mtx, csv, gap, dimacs, ldbc"),
    (["graph", "generate", "smallworld", "--scale", "3", "-o", "x.csr"], "'smallworld' is not one of kron, uniform"),
], ids=["import-format", "run-format", "generate-kind"])
def test_a_value_outside_a_fixed_set_is_a_usage_error(tmp_path, args, message):
    done = grogc(*args, cwd=tmp_path)
    assert done.returncode == 2, done.stderr
    assert "Invalid value" in done.stderr and message in flat(done.stderr)
    assert not (tmp_path / "x.csr").exists()


@pytest.mark.parametrize("content", ["", "# a comment\n\n% another\n"], ids=["empty", "comments"])
def test_importing_an_empty_or_comment_only_file_is_an_error(tmp_path, content):
    edges = tmp_path / "e.txt"
    edges.write_text(content)
    done = grogc("graph", "import", str(edges), "-o", str(tmp_path / "g.csr"))
    assert done.returncode == 1
    assert done.stderr.strip() == (f"{edges}: error: no edges and no vertices: the input is empty or holds only "
                                   "comments and blank lines")
    assert not (tmp_path / "g.csr").exists()


def test_an_mtx_with_vertices_but_no_entries_is_still_a_graph(tmp_path):
    mtx = tmp_path / "e.mtx"
    mtx.write_text("%%MatrixMarket matrix coordinate pattern general\n3 3 0\n")
    assert grogc("graph", "import", str(mtx), "-o", str(tmp_path / "g.csr")).returncode == 0


@pytest.mark.parametrize("command", ["run", "compile", "explain"])
def test_a_mistyped_algorithm_name_gets_a_suggestion(command, tmp_path):
    args = {"run": ["--graph", KARATE], "compile": ["-o", str(tmp_path / "p.plan")], "explain": []}[command]
    done = grogc(command, "pagernk", *args)
    assert done.returncode == 1
    assert done.stderr.strip() == "error: no library algorithm 'pagernk'; did you mean pagerank?"


def _all_commands():
    """(path, click command) of every grogc command, groups included."""
    import typer.main

    from grogc.cli import app

    todo = [((), typer.main.get_command(app))]
    while todo:
        path, cmd = todo.pop()
        yield path, cmd
        for name, sub in getattr(cmd, "commands", {}).items():
            todo.append((path + (name,), sub))


def test_help_at_80_columns_never_cuts_an_option_name():
    from click.testing import CliRunner as ClickRunner
    import typer.main

    from grogc.cli import app

    root = typer.main.get_command(app)
    checked = 0
    for path, cmd in _all_commands():
        result = ClickRunner().invoke(root, [*path, "--help"], terminal_width=80)
        assert result.exit_code == 0, (path, result.output)
        assert max(len(line) for line in result.output.splitlines()) <= 80, path
        for param in cmd.params:
            for name in param.opts + param.secondary_opts:
                if name.startswith("--"):
                    assert name in result.output, (path, name)
                    checked += 1
    assert checked > 50  # every command's options, not a vacuous pass


@pytest.mark.parametrize("args, message", [
    (["explain", "pagerank", "--stage", "bogus"], "unknown stage 'bogus' (valid: input, canonicalize"),
    (["opt", "examples/pagerank.gir", "-O2", "--print-ir-after=bogus"], "unknown pass 'bogus' (valid passes: canonicalize"),
    (["compile", "examples/pagerank.gir", "-o", "x.plan", "--print-ir-after", "bogus"], "unknown pass 'bogus'"),
    (["explain", "pagerank", "--format", "yaml"], "'yaml' is not one of text, json, dot"),
], ids=["stage", "opt-print-after", "compile-print-after", "explain-format"])
def test_unknown_names_are_usage_errors_in_every_command(tmp_path, args, message):
    done = grogc(*args)
    assert done.returncode == 2, done.stderr
    assert "Invalid value" in done.stderr and message in flat(done.stderr)
    assert not (REPO / "x.plan").exists()


def test_a_repeated_attr_is_an_error_like_a_repeated_param(tmp_path):
    gir = tmp_path / "a.gir"
    gir.write_text('func @f() {\n  %a = attr.load "a" : nodes<f64>\n  attr.output "a", %a\n}\n')
    edges = tmp_path / "e.txt"
    edges.write_text("1 2\n")
    for name in ("one.csv", "two.csv"):
        (tmp_path / name).write_text("1,0.5\n2,1.5\n")
    done = grogc("run", str(gir), "--graph", str(edges), "--attr", f"a={tmp_path / 'one.csv'}",
                 "--attr", f"a={tmp_path / 'two.csv'}")
    assert done.returncode == 1
    assert done.stderr.strip() == f"error: attribute 'a' is given twice (--attr a={tmp_path / 'two.csv'})"


def test_compile_and_explain_state_the_slots_in_the_same_words(tmp_path):
    compiled = grogc("compile", "examples/pagerank.gir", "-o", str(tmp_path / "p.plan"))
    explained = grogc("explain", "examples/pagerank.gir")
    assert compiled.returncode == explained.returncode == 0
    text = "vector slots 7 → 5, scalar 9, block 1; bytes per node 49 → 33"
    assert text in compiled.stdout and text in explained.stdout


def test_builder_outputs_come_back_in_declared_order():
    import grogc
    from grogc import AlgorithmBuilder
    from grogc.driver.api import run_reference
    from grogc.graph import Graph

    g = Graph.from_edges([0, 1, 2], [1, 2, 0])
    b = AlgorithmBuilder("order")
    x = b.init_nodes(1.0)
    b.output("zeta", (x * 2.0).sum())  # a scalar first, names not sorted
    b.output("beta", x * 2.0)          # the same value as CSE will see it
    with b.repeat(2, v=x) as loop:
        loop.yield_(v=loop.v.pull("sum"))
    b.output("alpha", loop.results.v)
    b.output("mid", x)
    b.output("ids", b.node_ids(), node_ids=True)
    declared = ["zeta", "beta", "alpha", "mid", "ids"]
    for level in (0, 1, 2):
        plan = b.compile(opt_level=level)
        assert [s.name for s in plan.output_specs] == declared
        assert list(plan.run(g)) == declared
    assert list(run_reference(str(b), g)) == declared
    assert list(grogc.compile(str(b)).run(g)) == declared


@pytest.mark.parametrize("target", ["/dev/null", "out.txt", "out"])
def test_output_without_a_known_extension_names_the_whole_path(tmp_path, target):
    # `-o /dev/null` said "cannot write 'null'", which reads like a file in the working directory
    done = grogc("run", "components", "--graph", KARATE, "-o", target, cwd=tmp_path)
    assert done.returncode == 1, done.stderr
    assert done.stderr.strip() == (f"error: cannot write {target}: the output format comes from the file name's "
                                   "extension (.csv, .npy, .npz, .json); without -o, run prints a summary")
    assert not (tmp_path / target).exists() or target == "/dev/null"
