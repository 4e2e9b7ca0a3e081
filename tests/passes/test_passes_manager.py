"""The pass manager: pipeline strings, presets, instruments, statistics."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from typer.testing import CliRunner

from grogc.cli import app
from grogc.errors import GrogError
from grogc.frontend.parser import parse_module
from grogc.ir.core import Function
from grogc.passes import LEVELS, PASSES, Pass, PassManager, optimize, parse_pipeline
from grogc.passes.fuse_elementwise import FuseElementwise
from grogc.passes.fuse_neighbor import FuseNeighbor
from grogc.passes.manager import verify_instrument

PAGERANK = open(__file__.rsplit("/tests/", 1)[0] + "/golden/pagerank/input.gir").read()


def test_registry_names_match_classes():
    assert list(PASSES) == ["canonicalize", "cse", "licm", "frontier", "dce", "fuse-elementwise", "fuse-neighbor"]
    for name, cls in PASSES.items():
        assert cls.name == name and cls.summary


def test_levels_are_valid_pipelines():
    assert LEVELS[0] == "" and parse_pipeline(LEVELS[0]) == []
    assert [p.name for p in parse_pipeline(LEVELS[1])] == ["canonicalize", "cse", "dce"]
    assert {p.name for p in parse_pipeline(LEVELS[2])} == set(PASSES)


def test_options_in_braces():
    passes = parse_pipeline("cse, fuse-elementwise{max-ops=8},fuse-neighbor{avg-degree=2.5 gather-cost=1}")
    assert passes[1] == FuseElementwise(max_ops=8)
    assert passes[2] == FuseNeighbor(avg_degree=2.5, gather_cost=1.0)
    assert ",".join(p.spelling() for p in passes) == "cse,fuse-elementwise{max-ops=8},fuse-neighbor{avg-degree=2.5 gather-cost=1.0}"


def test_passes_are_frozen_dataclasses():
    with pytest.raises(Exception):
        FuseElementwise().max_ops = 3


@pytest.mark.parametrize("text, message", [
    ("cse,frobnicate", "unknown pass 'frobnicate' (valid passes: canonicalize, cse, licm, frontier, dce, fuse-elementwise, fuse-neighbor)"),
    ("fuse-elementwise{max-opz=3}", "pass 'fuse-elementwise' has no option 'max-opz' (valid options: max-ops)"),
    ("cse{x=1}", "pass 'cse' has no option 'x' (valid options: none)"),
    ("fuse-elementwise{max-ops=many}", "option 'max-ops' takes an integer, got 'many'"),
    ("fuse-elementwise{max-ops}", "option 'max-ops' needs a value"),
    ("fuse-elementwise{max-ops=3", "unbalanced '{'"),
    ("fuse-elementwise{max-ops=3}x", "options must end with '}'"),
])
def test_bad_pipelines_say_what_is_valid(text, message):
    with pytest.raises(GrogError) as err:
        parse_pipeline(text)
    assert message in str(err.value)


def test_bad_level_and_print_after_name():
    fn = parse_module(PAGERANK).functions[0]
    with pytest.raises(GrogError, match=r"unknown optimisation level -O7 \(valid: -O0, -O1, -O2\)"):
        optimize(fn, 7)
    with pytest.raises(GrogError, match="--print-ir-after: unknown pass 'cs'"):
        optimize(fn, 2, print_after=["cs"])


def test_report_stats_and_canonical_pipeline():
    fn = parse_module(PAGERANK).functions[0]
    report = optimize(fn, 2, verify_each=True)
    assert report.pipeline == LEVELS[2]
    names = [s["name"] for s in report.stats]
    assert names == ["input"] + LEVELS[2].split(",")
    keys = {"name", "ops_before", "ops_after", "vector_streams_per_iter", "edge_streams_per_iter", "seconds", "changed"}
    for before, after in zip(report.stats, report.stats[1:]):
        assert set(after) == keys
        assert after["ops_before"] == before["ops_after"]
    assert report.stats[0]["vector_streams_per_iter"] == 21
    assert report.stats[-1]["vector_streams_per_iter"] <= 7
    assert [s["changed"] for s in report.stats[1:]] == [False, False, True, False, True, True, False]


def test_level_zero_runs_nothing():
    fn = parse_module(PAGERANK).functions[0]
    report = optimize(fn, 0)
    assert report.pipeline == "" and [s["name"] for s in report.stats] == ["input"]


def test_dumps_are_headed_comments_and_parse_again():
    dumps = []
    fn = parse_module(PAGERANK).functions[0]
    optimize(fn, 2, print_after_all=True, dump=dumps.append)
    assert len(dumps) == 7
    assert dumps[0].startswith("// -----// IR after canonicalize //----- //\nfunc @pagerank(")
    for text in dumps:
        parse_module(text)


def test_print_after_named_and_after_change():
    named, changed = [], []
    optimize(parse_module(PAGERANK).functions[0], 2, print_after=["licm"], dump=named.append)
    optimize(parse_module(PAGERANK).functions[0], 2, print_after_change=True, dump=changed.append)
    assert [d.splitlines()[0] for d in named] == ["// -----// IR after licm //----- //"]
    assert [d.splitlines()[0].split()[4] for d in changed] == ["licm", "fuse-elementwise", "fuse-neighbor"]


def test_timing_report():
    out = []
    optimize(parse_module(PAGERANK).functions[0], 1, timing=True, dump=out.append)
    (table,) = out
    assert "pass timing" in table and " canonicalize" in table and table.rstrip().endswith("total")


@dataclass(frozen=True)
class _Breaks(Pass):
    name = "breaks"
    summary = "makes the first op's scalar result a vector (the IR no longer type-checks)"

    def run(self, fn: Function) -> None:
        fn.body.ops[0].results[0].type = fn.body.ops[0].results[0].type.as_vector()


def test_verify_each_names_the_pass_that_broke_the_ir():
    fn = parse_module(PAGERANK).functions[0]
    with pytest.raises(GrogError) as err:
        PassManager([_Breaks()], [verify_instrument]).run(fn)
    assert "IR verification failed after pass 'breaks'" in str(err.value)
    assert "// -----// IR after breaks //----- //" in str(err.value)


def test_cli_opt_flags(tmp_path):
    src = tmp_path / "pr.gir"
    src.write_text(PAGERANK)
    runner = CliRunner()
    result = runner.invoke(app, ["opt", str(src), "-O2", "--print-ir-after", "licm", "--timing"])
    assert result.exit_code == 0, result.output
    assert "fuse.neighbor" in result.stdout
    assert "// -----// IR after licm //----- //" in result.stderr and "pass timing" in result.stderr
    plain = runner.invoke(app, ["opt", str(src)])
    assert "fuse." not in plain.stdout
    bad = runner.invoke(app, ["opt", str(src), "--passes", "cse,nope"])
    assert bad.exit_code == 2  # a usage error, listing the valid passes
    assert "unknown pass 'nope'" in bad.output


def test_cli_compile_takes_the_pass_flags(tmp_path):
    src = tmp_path / "pr.gir"
    src.write_text(PAGERANK)
    result = CliRunner().invoke(app, ["compile", str(src), "-o", str(tmp_path / "pr.plan"), "--verify-each",
                                      "--print-ir-after-change", "--timing"])
    assert result.exit_code == 0, result.output
    assert "// -----// IR after fuse-neighbor //----- //" in result.stderr
    assert "// -----// IR after cse //" not in result.stderr  # cse changes nothing in PageRank
    assert "pass timing" in result.stderr and (tmp_path / "pr.plan").exists()


@pytest.mark.parametrize("name", ["pagerank", "bfs", "sssp", "label_propagation"])
def test_stats_of_unchanged_passes_match_a_recount(name):
    """The manager reuses the previous statistics after a pass that left the
    IR text unchanged: each record must equal a fresh count after that pass."""
    from grogc.passes.stats import count_ops, streams_per_iteration

    path = __file__.rsplit("/tests/", 1)[0] + f"/grogc/library/{name}.gir"
    report = optimize(parse_module(open(path).read()).functions[0], level=2)
    fn = parse_module(open(path).read()).functions[0]
    assert report.stats[0]["ops_after"] == count_ops(fn)
    assert any(not s["changed"] for s in report.stats[1:])  # the reuse is exercised
    for record, p in zip(report.stats[1:], parse_pipeline(LEVELS[2])):
        p.run(fn)
        vector, edge = streams_per_iteration(fn)
        assert (record["name"], record["ops_after"], record["vector_streams_per_iter"],
                record["edge_streams_per_iter"]) == (p.name, count_ops(fn), vector, edge)


def test_input_text_is_the_printed_input():
    """grogc.compile prints the IR once and hands the text to the manager:
    the same statistics and pipeline as printing it there."""
    from grogc.ir.printer import print_function

    fn1, fn2 = (parse_module(PAGERANK).functions[0] for _ in range(2))
    a = optimize(fn1, level=2)
    b = optimize(fn2, level=2, input_text=print_function(fn2))
    strip = lambda stats: [{k: v for k, v in s.items() if k != "seconds"} for s in stats]
    assert (a.pipeline, strip(a.stats)) == (b.pipeline, strip(b.stats))


def _programs():
    import glob

    root = __file__.rsplit("/tests/", 1)[0]
    for path in sorted(glob.glob(root + "/golden/*/input.gir") + glob.glob(root + "/grogc/library/*.gir")
                       + glob.glob(root + "/examples/*.gir")):
        yield path, open(path).read()


def test_a_pass_that_says_untouched_left_the_text_unchanged():
    """run() returning False lets the manager skip printing: on every golden,
    library and example program, each -O2 pass that says so left the printed
    IR as it was (and each of the seven that can says so at least once); one
    that says True changed it (canonicalize may commute and commute back)."""
    from grogc.errors import GrogError
    from grogc.ir.printer import print_function

    said_untouched = set()
    for path, text in _programs():
        try:
            fns = parse_module(text, path).functions
        except GrogError:
            continue
        for fn in fns:
            for p in parse_pipeline(LEVELS[2]):
                before = print_function(fn)
                result = p.run(fn)
                after = print_function(fn)
                if result is False:
                    said_untouched.add(p.name)
                    assert after == before, (path, p.name)
                if result is True:
                    assert after != before or p.name == "canonicalize", (path, p.name)
    assert said_untouched >= {"canonicalize", "cse", "licm", "frontier", "fuse-elementwise", "fuse-neighbor", "dce"}


def test_passes_that_report_change_are_right():
    """A pass with `reports_change` returns True only when the printed IR
    changed (the manager then does not print it): checked on every golden,
    library and example program, random programs and long fused ones, where
    each such pass says so at least once."""
    from hypothesis import HealthCheck, given, settings

    from gir_strategies import programs
    from grogc.errors import GrogError
    from grogc.ir.printer import print_function

    said_changed = set()

    def check(text):
        try:
            fns = parse_module(text).functions
        except GrogError:
            return
        for fn in fns:
            for p in parse_pipeline(LEVELS[2] + ",dce"):
                before = print_function(fn)
                result = p.run(fn)
                if p.reports_change:
                    assert result in (True, False) and (print_function(fn) != before) == result, p.name
                    said_changed.update([p.name] if result else [])

    for _, text in _programs():
        check(text)
    settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck))(given(programs())(check))()
    assert said_changed == {name for name, cls in PASSES.items() if cls.reports_change} == {
        "fuse-elementwise", "fuse-neighbor", "dce"}


def test_the_statistics_are_the_same_without_the_texts():
    """Without printing instruments the manager prints only where a pass
    cannot report its change: the same statistics (changed flags included)
    as with every text printed (print-after-change forces them)."""
    strip = lambda stats: [{k: v for k, v in s.items() if k != "seconds"} for s in stats]
    for path, text in _programs():
        fn1, fn2 = parse_module(text, path).functions[0], parse_module(text, path).functions[0]
        a = optimize(fn1, level=2)
        b = optimize(fn2, level=2, print_after_change=True, dump=lambda _: None)
        assert strip(a.stats) == strip(b.stats), path
