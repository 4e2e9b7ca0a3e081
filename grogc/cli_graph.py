"""`grogc graph ...`: import, generate, info and export of g.csr files.

Thin by design: parse options, call grogc.graph, print with rich.  A
GrogError becomes its message on stderr and exit code 1.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path
from typing import Callable, Optional

import typer

from grogc.errors import GrogError

# Help and usage errors in click's plain layout: rich's option table, at 80
# columns (any pipe), cuts long option names ("--print-ir-aft…"); click's
# wraps the descriptions and never the names.
HELP_MARKUP = None

graph_app = typer.Typer(rich_markup_mode=HELP_MARKUP, help="Import, generate and inspect g.csr graph files.", no_args_is_help=True,
                        add_completion=False)
class _LazyConsole:
    """A rich Console made on first use: importing rich costs ~20 ms, and every
    `grogc` command imports this module (`grogc run -o` never prints with rich)."""

    def __init__(self, **options):
        self._options, self._console = options, None

    def __getattr__(self, name):
        if self._console is None:
            from rich.console import Console

            class PipeConsole(Console):
                def on_broken_pipe(self) -> None:
                    # rich exits 1 itself; grogc.cli ends a closed pipe quietly with 0
                    raise BrokenPipeError

            self._console = PipeConsole(**self._options)
        return getattr(self._console, name)


def console(**options) -> _LazyConsole:
    """A rich Console for the CLI, made on first use; a closed standard
    output raises BrokenPipeError (see grogc.cli) instead of rich's exit 1."""
    return _LazyConsole(**options)


_out = _LazyConsole(soft_wrap=True)
_err = _LazyConsole(stderr=True, soft_wrap=True)

IMPORT_FORMATS = ("snap", "mtx", "csv", "gap", "dimacs", "ldbc")  # importers.READERS, without importing it
GENERATORS = ("kron", "uniform")


def one_of(*choices: str, optional: bool = False):
    """A callback making any other value a usage error (exit 2), as every
    command treats a value outside a fixed set."""

    def check(value):
        if value is None and optional:
            return value
        if value not in choices:
            raise typer.BadParameter(f"'{value}' is not one of {', '.join(choices)}")
        return value

    return check


# The import policies, shared by `graph import` and `grogc run --graph EDGES` (docs/graph-format.md).
FORMAT = typer.Option(None, "--format", callback=one_of(*IMPORT_FORMATS, optional=True),
                      help="snap|mtx|csv|gap|dimacs|ldbc (default: from the extension).")
UNDIRECTED = typer.Option(False, "--undirected", help="Store every edge both ways.")
WEIGHTED = typer.Option(False, "--weighted", help="Require a weight column.")
KEEP_MULTI = typer.Option(False, "--keep-multi", help="Keep parallel edges (default: merge, keeping the minimum weight).")
DROP_SELF_LOOPS = typer.Option(False, "--drop-self-loops", help="Leave out edges v -> v.")
ALLOW_NEGATIVE = typer.Option(False, "--allow-negative-weights", help="Accept weights below zero.")


def _guarded(work: Callable[[], None]) -> None:
    """Run a command body; a user error prints its message and exits with 1."""
    try:
        work()
    except GrogError as err:
        _err.print(str(err), markup=False, highlight=False)
        raise typer.Exit(1) from None
    except BrokenPipeError:  # the reader went away (`| head`): grogc.cli.main ends quietly
        raise
    except OSError as err:
        _err.print(f"error: {err.filename or ''}: {err.strerror}", markup=False, highlight=False)
        raise typer.Exit(1) from None


def _size(nbytes: int) -> str:
    return f"{nbytes / 2**20:.1f} MiB" if nbytes >= 2**20 else f"{nbytes} bytes"


def _wrote(graph, output: Path, seconds: float) -> None:
    kind = "directed" if graph.directed else "undirected"
    weighted = ", weighted" if graph.weighted else ""
    _out.print(f"wrote {output}: n={graph.n:,} m={graph.m:,} ({graph.num_edges:,} edges, {kind}{weighted}), "
               f"{_size(output.stat().st_size)} in {seconds:.2f} s", markup=False, highlight=False)


@graph_app.command("import")
def import_cmd(
    input: Path = typer.Argument(..., help="Edge list, .mtx, .csv, .sg/.wsg, .gr or LDBC .properties/.v/.e (may be .gz)."),
    output: Path = typer.Option(..., "-o", "--output", help="The g.csr to write."),
    format: Optional[str] = FORMAT,
    undirected: bool = UNDIRECTED,
    weighted: bool = WEIGHTED,
    keep_multi: bool = KEEP_MULTI,
    drop_self_loops: bool = DROP_SELF_LOOPS,
    allow_negative: bool = ALLOW_NEGATIVE,
    src_col: str = typer.Option("src", "--src-col", help="CSV source column name."),
    dst_col: str = typer.Option("dst", "--dst-col", help="CSV target column name."),
    weight_col: str = typer.Option("weight", "--weight-col", help="CSV weight column name."),
    header: Optional[bool] = typer.Option(None, "--header/--no-header", help="CSV has a header (default: detect)."),
) -> None:
    """Convert an edge list into a g.csr."""
    def work() -> None:
        from grogc.fileio import refuse_overwriting
        from grogc.graph.importers import ImportOptions, import_graph
        from grogc.graph.progress import ProgressBar

        refuse_overwriting(output, input)
        opts = ImportOptions(undirected=undirected, weighted=weighted, keep_multi=keep_multi,
                             drop_self_loops=drop_self_loops, allow_negative_weights=allow_negative,
                             csv_src=src_col, csv_dst=dst_col, csv_weight=weight_col, csv_header=header)
        start = time.perf_counter()
        with ProgressBar(f"reading {input.name}") as bar:
            graph = import_graph(input, format, opts, progress=bar)
        graph.save(output)
        _wrote(graph, output, time.perf_counter() - start)
    _guarded(work)


@graph_app.command("generate")
def generate_cmd(
    kind: str = typer.Argument(..., callback=one_of(*GENERATORS), help="kron (Graph500 R-MAT 0.57/0.19/0.19) or uniform."),
    scale: int = typer.Option(..., "--scale", help="n = 2^scale vertices."),
    edge_factor: int = typer.Option(16, "--edge-factor", help="Edges drawn = edge_factor * n."),
    seed: int = typer.Option(1, "--seed", help="Seed of the portable generator."),
    output: Path = typer.Option(..., "-o", "--output", help="The g.csr to write."),
    weighted: bool = typer.Option(False, "--weighted", help="Weights uniform in [0, 1)."),
    directed: bool = typer.Option(False, "--directed", help="Keep arcs directed (default: undirected, as Graph500)."),
    keep_multi: bool = typer.Option(False, "--keep-multi", help="Keep duplicate edges."),
    keep_self_loops: bool = typer.Option(False, "--keep-self-loops", help="Keep self-loops (dropped by default)."),
) -> None:
    """Generate a random graph, bit-identical for the same arguments."""
    def work() -> None:
        from grogc.graph.generators import generate
        from grogc.graph.progress import ProgressBar

        start = time.perf_counter()
        with ProgressBar(f"generating {kind} scale {scale}") as bar:
            graph = generate(kind, scale, edge_factor, seed, weighted=weighted, directed=directed,
                             keep_multi=keep_multi, keep_self_loops=keep_self_loops, progress=bar)
        graph.save(output)
        _wrote(graph, output, time.perf_counter() - start)
    _guarded(work)


@graph_app.command("info")
def info_cmd(
    graph_file: Path = typer.Argument(..., help="A g.csr file."),
    full_check: bool = typer.Option(False, "--full-check", help="Also check that the in-CSR is the out-CSR's transpose (O(m) memory)."),
    allow_negative: bool = ALLOW_NEGATIVE,
) -> None:
    """Print n, m, flags and degree statistics of a g.csr (after checking it)."""
    def work() -> None:
        from grogc.graph import Graph
        from grogc.graph.info import graph_info

        info = graph_info(Graph.load(graph_file, full_check=full_check, allow_negative_weights=allow_negative))
        from rich.table import Table

        table = Table(title=str(graph_file), show_header=False)
        for key, value in info.items():
            if isinstance(value, dict):
                value = "  ".join(f"{k} {v:,.2f}" if isinstance(v, float) else f"{k} {v:,}" for k, v in value.items())
            elif key == "file size":
                value = f"{value:,} bytes"
            elif isinstance(value, int) and not isinstance(value, bool):
                value = f"{value:,}"
            table.add_row(key, str(value))
        _out.print(table)
    _guarded(work)


@graph_app.command("export")
def export_cmd(
    graph_file: Path = typer.Argument(..., help="A g.csr file."),
    output: Path = typer.Option(..., "-o", "--output", help="The edge list to write ('-': standard output)."),
    allow_negative: bool = ALLOW_NEGATIVE,
) -> None:
    """Write a g.csr as a text edge list in original ids."""
    def work() -> None:
        from grogc.fileio import refuse_overwriting
        from grogc.graph import Graph
        from grogc.graph.export import export_edges, write_edges
        from grogc.graph.progress import ProgressBar

        graph = Graph.load(graph_file, allow_negative_weights=allow_negative)
        if str(output) == "-":  # the list is the output: no summary line on stdout
            write_edges(graph, sys.stdout)
            return
        refuse_overwriting(output, graph_file)
        start = time.perf_counter()
        with ProgressBar(f"writing {output.name}") as bar:
            lines = export_edges(graph, output, progress=bar)
        _out.print(f"wrote {output}: {lines:,} edges in {time.perf_counter() - start:.2f} s",
                   markup=False, highlight=False)
    _guarded(work)


@graph_app.command("partition")
def partition_cmd(
    graph_file: Path = typer.Argument(..., help="A g.csr file (or an importable edge list)."),
    parts: int = typer.Option(..., "-p", "--parts", min=1, help="Number of parts: node ranges balanced by edges."),
    output: Path = typer.Option(..., "-o", "--output", help="The folder to write (part files and manifest.json)."),
) -> None:
    """Split a graph into P self-contained part files for `grogc run --scheduler` (docs/distributed.md)."""
    def work() -> None:
        from grogc.graph import open_graph
        from grogc.graph.partition import partition_graph

        start = time.perf_counter()
        manifest = partition_graph(open_graph(graph_file), parts, output)
        _out.print(f"wrote {output}: {parts} parts of {manifest['n']:,} nodes in {time.perf_counter() - start:.2f} s",
                   markup=False, highlight=False)
        for e in manifest["parts"]:
            _out.print(f"  part {e['part']}: nodes {e['lo']:,}..{e['hi']:,}, {e['arcs']:,} arcs, {e['ghosts']:,} ghosts",
                       markup=False, highlight=False)
    _guarded(work)
