"""The `grogc` command line: a thin typer app over the library.

Every command parses its options, calls one library function and prints the
result.  A GrogError (bad input of any kind) is printed as the compiler's
diagnostic and exits with code 1; usage errors exit with code 2.  Heavy
modules are imported inside the commands so `grogc --help` starts fast.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Optional

import typer

from grogc import __version__
from grogc.errors import GrogError

app = typer.Typer(
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


@app.command()
def opt(
    source: Path = typer.Argument(..., help="A .gir file ('-' reads standard input)."),
    entry: Optional[str] = typer.Option(None, "--entry", help="The function to use when the file has several."),
) -> None:
    """Read GIR, verify it, and print its canonical form (like mlir-opt)."""
    from grogc.frontend.parser import parse_module, select_entry
    from grogc.ir.core import Module
    from grogc.ir.printer import print_module

    text, name = _read_source(source)
    module = parse_module(text, name)
    fn = select_entry(module, entry) if entry else None
    typer.echo(print_module(Module([fn], name) if fn else module), nl=False)


def _read_source(source: Path) -> tuple[str, str]:
    if str(source) == "-":
        return sys.stdin.read(), "<stdin>"
    try:
        return source.read_text(), str(source)
    except FileNotFoundError:
        raise GrogError(f"error: no such file: {source}") from None
    except (OSError, UnicodeDecodeError) as err:
        raise GrogError(f"error: cannot read {source}: {err}") from None


def _mount_subcommands() -> None:
    try:
        from grogc.cli_graph import graph_app
    except ImportError:  # the graph commands live in their own module
        return
    app.add_typer(graph_app, name="graph", help="Import, generate, inspect and export graph files (g.csr).")


_mount_subcommands()


def main() -> None:
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
