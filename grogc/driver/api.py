"""The Python API: GIR in, Plan out (DESIGN.md "Python API").

    plan = grogc.compile("pagerank.gir")         # a path or GIR source text
    out = plan.run(graph, alpha=0.9)             # C runtime, one call
    ref = grogc.driver.api.run_reference(...)    # the NumPy oracle instead
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Mapping

from grogc.backend.plan import Plan
from grogc.driver.cache import compile_cached
from grogc.driver.pipeline import compile_function, compile_source, optimize_function, parse_entry, source_hash
from grogc.errors import GrogError
from grogc.interpreter import interpret

__all__ = ["compile", "compile_function", "compile_source", "compile_to_file", "load_program", "optimize_function",
           "parse_entry", "read_gir", "resolve_library_name", "run_program", "run_reference", "source_hash"]


def resolve_library_name(program):
    """A library algorithm's name that is not an existing file ('pagerank')
    -> the library's .gir path; a bare name that is neither -> GrogError
    suggesting the closest algorithm; anything else unchanged (grogc/library)."""
    from grogc.library import algorithm_path, looks_like_name

    text = str(program)
    if looks_like_name(text) and not Path(text).exists():
        return algorithm_path(text)  # a mistyped name: "did you mean ...?"
    return program


def _looks_like_path(x) -> bool:
    if isinstance(x, Path):
        return True
    return "\n" not in x and "{" not in x and (x.endswith(".gir") or Path(x).is_file())


def read_gir(path: str | Path) -> str:
    try:
        return Path(path).read_text()
    except FileNotFoundError:
        raise GrogError(f"error: no such file: {path}") from None
    except (OSError, UnicodeDecodeError) as err:
        raise GrogError(f"error: cannot read {path}: {err}") from None


def compile(path_or_source: str | Path, *, opt_level: int = 2, passes: str | None = None,
            entry: str | None = None, cache: bool = True, **options) -> Plan:
    """A .gir path or GIR source text -> Plan (grogc.compile).  Goes
    through the plan cache (driver/cache.py) unless `cache=False` or pass
    instruments (print-after, timing, ...) are asked for.  A library
    algorithm's name ('pagerank') compiles the library's file."""
    path_or_source = resolve_library_name(path_or_source)
    if _looks_like_path(path_or_source):
        text, name = read_gir(path_or_source), str(path_or_source)
    else:
        text, name = str(path_or_source), "<input>"
    if cache and not any(value for key, value in options.items() if key != "dump"):
        return compile_cached(text, filename=name, opt_level=opt_level, passes=passes, entry=entry)
    return compile_source(text, filename=name, opt_level=opt_level, passes=passes, entry=entry, **options)


def run_reference(path_or_source: str | Path, graph, *, entry: str | None = None,
                  attrs: Mapping[str, Any] | None = None, **params) -> dict[str, Any]:
    """Run a .gir program (unoptimised) with the reference interpreter."""
    if _looks_like_path(path_or_source):
        text, name = read_gir(path_or_source), str(path_or_source)
    else:
        text, name = str(path_or_source), "<input>"
    return interpret(parse_entry(text, name, entry), graph, params, attrs)


def load_program(path: str | Path, *, opt_level: int = 2, entry: str | None = None, cache: bool = True) -> Plan:
    """A `.plan` file or a `.gir` file (compiled) -> Plan, by extension."""
    path = Path(resolve_library_name(path))
    if path.suffix == ".gir":
        return compile(path, opt_level=opt_level, entry=entry, cache=cache)
    return Plan.load(path)


def compile_to_file(source: str | Path, output: str | Path, *, opt_level: int = 2, passes: str | None = None,
                    entry: str | None = None, **options) -> Plan:
    """`grogc compile`: a .gir file (or GIR text) to a .plan file; returns the Plan."""
    from grogc.fileio import refuse_overwriting

    refuse_overwriting(output, source, what="source")
    plan = compile(source, opt_level=opt_level, passes=passes, entry=entry, **options)  # compile tells path from text
    plan.save(output)
    return plan


def run_program(program: str | Path, graph_path: str | Path, *, param_texts=(), attr_texts=(), threads: int = 0,
                reference: bool = False, entry: str | None = None, opt_level: int = 2, cache: bool = True,
                profile=None, graph_format: str | None = None, import_options=None, control=None):
    """`grogc run`: a .plan or .gir on a g.csr (or an edge list imported with
    `graph_format` and `import_options`, see grogc.graph.open_graph),
    parameters as `K=V` texts, attributes as `NAME=FILE` texts.  With
    `reference`, a .gir runs (unoptimised) on the NumPy interpreter.
    `control`: a RunControl (time limit, progress; the C runtime only).
    Returns (outputs, graph)."""
    from grogc.backend.params import (attr_specs_of_function, parse_param_text, read_attr_file,
                                      specs_of_function)
    from grogc.graph import open_graph

    program = Path(resolve_library_name(program))
    graph = open_graph(graph_path, graph_format, import_options)
    if reference and control is not None and control.timeout is not None:
        raise GrogError("error: --timeout stops the C runtime; the reference interpreter (--reference) takes none")
    if reference:
        if program.suffix != ".gir":
            raise GrogError(f"error: --reference runs GIR source with the interpreter; {program} is not a .gir file")
        fn = parse_entry(read_gir(program), str(program), entry)
        param_specs, attr_specs = specs_of_function(fn), attr_specs_of_function(fn)
    else:
        plan = load_program(program, opt_level=opt_level, entry=entry, cache=cache)
        param_specs, attr_specs = plan.param_specs, plan.attr_specs
        if profile is not None:  # the profile view names instructions and loops from the plan
            profile.plan = plan
    params = {}
    for text in param_texts:
        name, value = parse_param_text(param_specs, text)
        if name in params:
            raise GrogError(f"error: parameter '{name}' is given twice (--param {text})")
        params[name] = value
    attrs = {}
    dtypes = {a.name: a.dtype for a in attr_specs}
    for text in attr_texts:
        name, _, path = text.partition("=")
        if not path or name not in dtypes:
            valid = ", ".join(dtypes) or "none"
            raise GrogError(f"error: --attr expects NAME=FILE with NAME one of the program's attributes ({valid}), got '{text}'")
        if name in attrs:  # like a repeated --param: which file was meant?
            raise GrogError(f"error: attribute '{name}' is given twice (--attr {text})")
        attrs[name] = read_attr_file(path, dtypes[name], graph)
    if reference:
        return interpret(fn, graph, params, attrs), graph
    return plan.run(graph, threads=threads, attrs=attrs, profile=profile, control=control, **params), graph
