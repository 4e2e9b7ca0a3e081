"""The `grogc` command line: a thin typer app over the library.

Every command parses its options, calls one library function and prints the
result.  A GrogError (bad input of any kind) is printed as the compiler's
diagnostic and exits with code 1; usage errors exit with code 2.  Heavy
modules are imported inside the commands so `grogc --help` starts fast.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import List, Optional

import typer
from typer.core import TyperGroup

from grogc import __version__
from grogc import cli_graph
from grogc.errors import GrogError
from grogc.explain import FORMATS as EXPLAIN_FORMATS


class _QuietOnClosedPipe(TyperGroup):
    """`grogc run ... | head -1`: when the reader of standard output goes away,
    stop writing and exit 0 without a word; the reader got what it wanted
    (click alone would exit 1, silently)."""

    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except BrokenPipeError:
            import os

            devnull = os.open(os.devnull, os.O_WRONLY)  # the final flush at exit must not fail again
            os.dup2(devnull, sys.stdout.fileno())
            raise typer.Exit(0) from None


app = typer.Typer(
    cls=_QuietOnClosedPipe,
    rich_markup_mode=cli_graph.HELP_MARKUP,
    name="grogc",
    help="grogc compiles graph algorithms written in GIR into plans that a C runtime runs in one call.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"grogc {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: bool = typer.Option(False, "--version", callback=_version, is_eager=True, help="Print the version and exit."),
) -> None:
    """grogc: GIR in, optimised plan out, one C call to run it."""


def _check_pipeline(value: Optional[str]) -> Optional[str]:
    """An unknown pass or option is a usage error (exit 2), listing the valid ones."""
    if value is not None:
        from grogc.passes import parse_pipeline

        try:
            parse_pipeline(value)
        except GrogError as err:
            raise typer.BadParameter(str(err).removeprefix("error: ")) from None
    return value


def _positive_seconds(value: Optional[float]) -> Optional[float]:
    """--timeout: a finite number of seconds > 0, else a usage error (exit 2)."""
    if value is not None and not (0 < value < float("inf")):
        raise typer.BadParameter(f"{value} is not a number of seconds > 0")
    return value


# typing.List, not list[str]: typer reads a callback's annotations, and on
# Python 3.10 it takes list[str] for a class and fails (issubclass) at start-up.
def _check_pass_names(values: List[str]) -> List[str]:
    """--print-ir-after names passes: an unknown one is a usage error (exit 2)."""
    if values:
        from grogc.passes import PASSES

        unknown = [v for v in values if v not in PASSES]
        if unknown:
            raise typer.BadParameter(f"unknown pass '{unknown[0]}' (valid passes: {', '.join(PASSES)})")
    return values


def _check_stage(value: Optional[str]) -> Optional[str]:
    """explain --stage names a pass or 'input': anything else is a usage error (exit 2)."""
    from grogc.explain.collect import check_stage

    try:
        check_stage(value)
    except GrogError as err:
        raise typer.BadParameter(str(err).removeprefix("error: --stage: ")) from None
    return value


# Options shared by the commands that run the pass pipeline (opt, compile, explain, run).
ENTRY = typer.Option(None, "--entry", help="The function to use when the file has several.")
PASSES = typer.Option(None, "--passes", callback=_check_pipeline, help="A pipeline instead of the -O preset, e.g. 'canonicalize,cse,fuse-elementwise{max-ops=8}'.")
PRINT_AFTER_ALL = typer.Option(False, "--print-ir-after-all", help="Dump the IR after every pass (stderr).")
PRINT_AFTER = typer.Option([], "--print-ir-after", callback=_check_pass_names, help="Dump the IR after this pass (repeatable).")
PRINT_AFTER_CHANGE = typer.Option(False, "--print-ir-after-change", help="Dump the IR after passes that changed it.")
TIMING = typer.Option(False, "--timing", help="Print each pass's time, ops and memory streams (stderr).")


def _dump(text: str) -> None:
    typer.echo(text, err=True, nl=False)


@app.command()
def opt(
    source: Path = typer.Argument(..., help="A .gir file ('-' reads standard input)."),
    entry: Optional[str] = ENTRY,
    level: Optional[int] = typer.Option(None, "-O", min=0, max=2, help="Run the preset pipeline -O0, -O1 or -O2 (default: no passes)."),
    passes: Optional[str] = PASSES,
    print_after_all: bool = PRINT_AFTER_ALL,
    print_after: list[str] = PRINT_AFTER,
    print_after_change: bool = PRINT_AFTER_CHANGE,
    verify_each: bool = typer.Option(True, "--verify-each/--no-verify-each", help="Verify the IR after every pass."),
    timing: bool = TIMING,
) -> None:
    """Read GIR, verify it, run the passes asked for, print the IR (like mlir-opt)."""
    from grogc.frontend.parser import parse_module, select_entry
    from grogc.ir.core import Module
    from grogc.ir.printer import print_module

    text, name = _read_source(source)
    module = parse_module(text, name)
    fn = select_entry(module, entry) if entry else None
    if level is not None or passes is not None:
        from grogc.passes import optimize

        for f in [fn] if fn else module.functions:
            optimize(f, level if level is not None else 2, passes, verify_each=verify_each,
                     print_after_all=print_after_all, print_after=print_after,
                     print_after_change=print_after_change, timing=timing, dump=_dump)
    typer.echo(print_module(Module([fn], name) if fn else module), nl=False)


@app.command("compile")
def compile_cmd(
    source: Path = typer.Argument(..., help="The .gir file ('-' reads standard input), or a library algorithm's name."),
    output: Path = typer.Option(..., "-o", "--output", help="The plan file to write."),
    level: int = typer.Option(2, "-O", min=0, max=2, help="Optimisation level: -O0, -O1 or -O2."),
    passes: Optional[str] = PASSES,
    entry: Optional[str] = ENTRY,
    print_after_all: bool = PRINT_AFTER_ALL,
    print_after: list[str] = PRINT_AFTER,
    print_after_change: bool = PRINT_AFTER_CHANGE,
    verify_each: bool = typer.Option(False, "--verify-each/--no-verify-each", help="Verify the IR after every pass."),
    timing: bool = TIMING,
) -> None:
    """Compile GIR to a plan file (msgpack) for `grogc run`."""
    from grogc.driver.api import compile_to_file

    if str(source) == "-":  # like opt: GIR from standard input
        source = sys.stdin.read()
    plan = compile_to_file(source, output, opt_level=level, passes=passes, entry=entry,
                           print_after_all=print_after_all, print_after=print_after,
                           print_after_change=print_after_change, verify_each=verify_each, timing=timing,
                           dump=_dump)
    from grogc.backend.slots import slot_summary_text

    typer.echo(f"wrote {output}: @{plan.entry}, pipeline '{plan.data['pipeline'] or '(none)'}'; "
               f"{slot_summary_text(plan.stats['slots'])}")
    if not plan.output_specs:  # valid GIR, but running it shows nothing
        typer.echo(f"note: @{plan.entry} names no outputs (attr.output); running it will show nothing", err=True)


@app.command()
def run(
    program: Path = typer.Argument(..., help="A .plan file, a .gir file (compiled through the plan cache), or a library algorithm's name (grogc algorithms)."),
    graph: Path = typer.Option(..., "--graph", "-g", help="The graph: a g.csr file, or an edge list / .mtx / .gr / ... imported on the fly (see `grogc graph import`)."),
    param: list[str] = typer.Option([], "--param", "-p", help="A parameter, NAME=VALUE (repeatable; node ids as in the graph file)."),
    attr: list[str] = typer.Option([], "--attr", help="A node attribute, NAME=FILE (.npy, or CSV lines node,value)."),
    output: Optional[Path] = typer.Option(None, "-o", "--output", help="Write the outputs to .csv, .npy, .npz or .json."),
    threads: int = typer.Option(0, "--threads", envvar="GROGC_THREADS", min=0, max=256, help="Worker threads, 0 to 256 (0: the runtime's default)."),
    timeout: Optional[float] = typer.Option(None, "--timeout", callback=_positive_seconds, help="Stop the run after this many seconds (exit 1)."),
    show_progress: bool = typer.Option(False, "--progress", help="Show the loop round and elapsed time even when stderr is not a terminal."),
    reference: bool = typer.Option(False, "--reference", help="Run a .gir on the NumPy reference interpreter instead of the C runtime."),
    level: int = typer.Option(2, "-O", min=0, max=2, help="Optimisation level when compiling a .gir."),
    entry: Optional[str] = ENTRY,
    profile: bool = typer.Option(False, "--profile", help="Print per-op time, calls, bytes and GB/s (stderr)."),
    trace: bool = typer.Option(False, "--trace", help="Print every executed op and what it wrote (stderr)."),
    trace_limit: int = typer.Option(1000, "--trace-limit", help="Trace records at most."),
    report: Optional[Path] = typer.Option(None, "--report", help="Write the explain page (HTML) coloured by this run's profile."),
    no_cache: bool = typer.Option(False, "--no-cache", help="Compile a .gir without the plan cache."),
    graph_format: Optional[str] = cli_graph.FORMAT,
    undirected: bool = cli_graph.UNDIRECTED,
    weighted: bool = cli_graph.WEIGHTED,
    keep_multi: bool = cli_graph.KEEP_MULTI,
    drop_self_loops: bool = cli_graph.DROP_SELF_LOOPS,
    allow_negative: bool = cli_graph.ALLOW_NEGATIVE,
    scheduler: Optional[str] = typer.Option(None, "--scheduler", help="Run on a Dask cluster: ADDRESS of its scheduler, or local:N for N local worker processes; --graph is then a partition folder (grogc graph partition)."),
) -> None:
    """Run a plan (or a .gir) on a graph; write the outputs or print a summary.
    An edge-list graph is imported with the policies of `grogc graph import`."""
    from grogc.driver.api import run_program
    from grogc.backend.outputs import split_outputs, summary_lines, top_rows_table, write_outputs
    from grogc.fileio import refuse_overwriting
    from grogc.graph.importers.options import ImportOptions

    if output is not None:
        refuse_overwriting(output, program, graph)
    import_options = ImportOptions(undirected=undirected, weighted=weighted, keep_multi=keep_multi,
                                   drop_self_loops=drop_self_loops, allow_negative_weights=allow_negative)

    if scheduler is not None:
        if reference or trace or report is not None:
            raise typer.BadParameter("--scheduler runs the C runtime on the workers: no --reference, --trace or --report")
        from grogc.distributed.profile import DistributedProfile, format_profile
        from grogc.distributed.run_cli import run_partitioned_program

        dprof = DistributedProfile() if profile else None
        outputs, g = run_partitioned_program(program, graph, scheduler, param_texts=param, attr_texts=attr,
                                             threads=threads, entry=entry, opt_level=level, cache=not no_cache,
                                             profile=dprof)
        if dprof is not None:
            typer.echo(format_profile(dprof), err=True)
    else:
        request = None
        if profile or trace or report is not None:
            from grogc.explain.profile_view import profile_request

            request = profile_request(trace_limit if trace else None, reference)
        from grogc.binding.run_control import RunControl
        from grogc.run_status import RunStatus

        control = RunControl(timeout)
        try:
            with RunStatus(f"running {program} on {graph}", control, force=show_progress):
                outputs, g = run_program(program, graph, param_texts=param, attr_texts=attr, threads=threads,
                                         reference=reference, entry=entry, opt_level=level, cache=not no_cache,
                                         profile=request, graph_format=graph_format, import_options=import_options,
                                         control=control)
        except KeyboardInterrupt:  # typer would exit 130 silently
            typer.echo("interrupted: the run was stopped (Ctrl-C); no output was written", err=True)
            raise typer.Exit(130) from None
        from grogc.backend.run_report import run_warnings

        for line in run_warnings(outputs):  # not converged, or NaN/inf the program did not mean
            typer.echo(line, err=True)
        if request is not None:
            from grogc.explain.profile_view import print_profile

            print_profile(request, show_profile=profile, show_trace=trace)
        if report is not None:
            from grogc.explain.report import run_report
            from grogc.fileio import write_bytes_atomic

            page = run_report(request, program, g, graph_label=str(graph), opt_level=level, entry=entry, threads=threads)
            write_bytes_atomic(report, page.encode())
            typer.echo(f"wrote {report}", err=True)
    if output is not None:
        write_outputs(output, g, outputs)
        typer.echo(f"wrote {output}")
        for name, value in split_outputs(outputs)[1].items():  # scalars go to the terminal
            typer.echo(f"{name} = {value}")
        return
    for line in summary_lines(g, outputs):
        typer.echo(line)
    table = top_rows_table(g, outputs)
    if table is not None:
        cli_graph.console().print(table)


@app.command()
def explain(
    program: str = typer.Argument(..., help="A .gir file, a .plan file or a library algorithm's name."),
    fmt: str = typer.Option("text", "--format", "-f", callback=cli_graph.one_of(*EXPLAIN_FORMATS), help="text, json, dot or html (one self-contained page)."),
    output: Optional[Path] = typer.Option(None, "-o", "--output", help="Write to this file instead of stdout ('-': stdout)."),
    nodes: int = typer.Option(1_000_000, "--nodes", min=1, help="n for the slot memory of the html page."),
    stage: Optional[str] = typer.Option(None, "--stage", callback=_check_stage, help="Show the IR after this pass (or 'input') instead."),
    level: int = typer.Option(2, "-O", min=0, max=2, help="Optimisation level."),
    passes: Optional[str] = PASSES,
    entry: Optional[str] = ENTRY,
) -> None:
    """Show what the compiler did: passes, fused IR, slot live ranges, the plan."""
    from grogc.explain import explain_program, render

    expl = explain_program(program, opt_level=level, passes=passes, entry=entry, stage=stage)
    if output is not None and str(output) != "-":  # '-' means standard output, as for graph export
        from grogc.fileio import write_bytes_atomic

        write_bytes_atomic(output, render(expl, fmt, nodes=nodes).encode())
        typer.echo(f"wrote {output}", err=True)
        return
    typer.echo(render(expl, fmt, color=fmt == "text" and sys.stdout.isatty(), nodes=nodes), nl=False)


cache_app = typer.Typer(help="The plan cache: where it is, what it holds; clear it.", no_args_is_help=True,
                        rich_markup_mode=cli_graph.HELP_MARKUP)


@cache_app.command("info")
def cache_info() -> None:
    """Print the cache's location, plan entries and bytes."""
    from grogc.driver.cache import PlanCache

    info = PlanCache().info()
    typer.echo(f"location: {info.location}\nentries:  {info.entries}\nbytes:    {info.bytes}")


@cache_app.command("clear")
def cache_clear() -> None:
    """Remove every cached plan."""
    from grogc.driver.cache import PlanCache

    cache = PlanCache()
    typer.echo(f"removed {cache.clear()} entries from {cache.directory}")


app.add_typer(cache_app, name="cache")


@app.command()
def algorithms(
    verbose: bool = typer.Option(False, "--verbose", "-v", help="Also say what each algorithm computes."),
) -> None:
    """List the library's algorithms: name, outputs, parameters with defaults (run one: grogc run NAME --graph G)."""
    from grogc.library import list_algorithms

    rows = [(a.name, ", ".join(a.outputs), ", ".join(p.text() for p in a.params) or "-", a.summary) for a in list_algorithms()]
    name_w, out_w = (max(len(r[i]) for r in rows) for i in (0, 1))
    for name, outputs, params, summary in rows:
        typer.echo(f"{name:<{name_w}}  -> {outputs:<{out_w}}  ({params})")
        if verbose:
            typer.echo(f"{'':<{name_w}}     {summary}")


ldbc_app = typer.Typer(help="LDBC Graphalytics conformance.", no_args_is_help=True, rich_markup_mode=cli_graph.HELP_MARKUP)


@ldbc_app.command("validate")
def ldbc_validate(
    folder: Path = typer.Argument(..., help="An LDBC graph folder (.properties, .v, .e, reference outputs), or a folder of them."),
    output_dir: Optional[Path] = typer.Option(None, "--output-dir", "-o", help="Write the outputs (<graph>-<ALG>) here."),
    reference: bool = typer.Option(False, "--reference", help="Run on the NumPy reference interpreter instead of the C runtime."),
) -> None:
    """Run BFS, PR, WCC, CDLP, LCC, SSSP as the graph's .properties lists them and check LDBC's reference outputs."""
    from rich.table import Table

    from grogc.ldbc.runner import graph_folders, validate_folder

    table = Table("graph", "algorithm", "result", "detail")
    failed = 0
    for path in graph_folders(folder):
        for r in validate_folder(path, output_dir, reference=reference).results:
            failed += not r.passed
            table.add_row(r.graph, r.algorithm, "[green]pass[/]" if r.passed else "[red]FAIL[/]", r.detail)
    cli_graph.console().print(table)
    typer.echo(f"{table.row_count - failed} passed, {failed} failed")
    if failed:
        raise typer.Exit(1)


app.add_typer(ldbc_app, name="ldbc")


def _read_source(source: Path) -> tuple[str, str]:
    if str(source) == "-":
        return sys.stdin.read(), "<stdin>"
    try:
        return source.read_text(), str(source)
    except FileNotFoundError:
        raise GrogError(f"error: no such file: {source}") from None
    except (OSError, UnicodeDecodeError) as err:
        raise GrogError(f"error: cannot read {source}: {err}") from None


from grogc.cli_graph import graph_app  # noqa: E402  (the graph commands, in their own module)

app.add_typer(graph_app, name="graph", help="Import, generate, inspect and export graph files (g.csr).")


def _show_warning(message, category, filename, lineno, file=None, line=None) -> None:
    """Warnings (e.g. a corrupt cache entry) as one `warning: ...` line, not Python's source echo."""
    typer.echo(f"warning: {message}", err=True)


def main() -> None:
    import warnings

    warnings.showwarning = _show_warning
    try:
        app()
    except GrogError as err:
        typer.echo(str(err), err=True)
        sys.exit(1)
    except KeyboardInterrupt:
        typer.echo("interrupted", err=True)
        sys.exit(130)


if __name__ == "__main__":
    main()
