"""The algorithm library: one `.gir` file per algorithm, shipped with the package.

    from grogc.library import list_algorithms, algorithm_path, algorithm_source
    for algo in list_algorithms():
        print(algo.name, algo.params, algo.outputs)
    plan = grogc.compile(algorithm_path("pagerank"))

The catalogue is read from the files themselves (parsed IR): parameters,
defaults and outputs are never kept in a second table.  The summary is the
first clause of the file's leading `//` comment.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from grogc.errors import GrogError

LIBRARY_DIR = Path(__file__).resolve().parent
_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


@dataclass(frozen=True)
class ParamInfo:
    """One parameter: name, GIR type name (`f64`, `i64`, `bool`, `node`) and
    default (None when the user must give it)."""

    name: str
    type_name: str
    default: object = None
    bounds: tuple = ()  # the declared range: (("max", 1.0), ("min", 0.0)), sorted by key

    def text(self) -> str:
        """`name: type = default in RANGE` (default and range when declared)."""
        from grogc.ir.literals import literal_text
        from grogc.ir.param_range import range_text

        base = f"{self.name}: {self.type_name}"
        base = base if self.default is None else f"{base} = {literal_text(self.default)}"
        return f"{base} in {range_text(dict(self.bounds))}" if self.bounds else base


@dataclass(frozen=True)
class AlgorithmInfo:
    """One library algorithm: its name (= file stem = entry function), its
    parameters in declaration order, its output names in program order, the
    one-line summary from the file's leading comment, and the file."""

    name: str
    params: tuple[ParamInfo, ...]
    outputs: tuple[str, ...]
    summary: str
    path: Path


def algorithm_names() -> list[str]:
    """Every algorithm the library ships, sorted."""
    return sorted(p.stem for p in LIBRARY_DIR.glob("*.gir"))


def is_algorithm(name: str) -> bool:
    """True when `name` names a library algorithm (a bare identifier, never
    a path or GIR text)."""
    return bool(_NAME.fullmatch(name)) and (LIBRARY_DIR / f"{name}.gir").is_file()


def algorithm_path(name: str) -> Path:
    """The `.gir` file of a library algorithm; GrogError listing the valid
    names when there is none."""
    if not is_algorithm(name):
        raise GrogError(unknown_algorithm_message(name))
    return LIBRARY_DIR / f"{name}.gir"


def looks_like_name(text: str) -> bool:
    """A bare identifier: what a user types for a library algorithm (never a path or GIR text)."""
    return bool(_NAME.fullmatch(text))


def unknown_algorithm_message(name: str) -> str:
    """`no library algorithm 'pagernk'; did you mean pagerank?`, or the list when nothing is close."""
    import difflib

    names = algorithm_names()
    close = difflib.get_close_matches(name.lower(), names, n=1, cutoff=0.6)
    if close:
        return f"error: no library algorithm '{name}'; did you mean {close[0]}?"
    return f"error: no library algorithm named '{name}'; the library has: {', '.join(names)}"


def algorithm_source(name: str) -> str:
    """The GIR text of a library algorithm."""
    return algorithm_path(name).read_text()


@lru_cache(maxsize=None)
def algorithm_info(name: str) -> AlgorithmInfo:
    """The catalogue entry of one algorithm, from its parsed IR."""
    from grogc.frontend.parser import parse_file, select_entry

    path = algorithm_path(name)
    fn = select_entry(parse_file(path), name)
    params = tuple(ParamInfo(p.name, p.type_name, p.default, tuple(sorted(p.bounds.items()))) for p in fn.params)
    outputs = tuple(op.attrs["name"] for op in fn.walk() if op.name == "attr.output")
    return AlgorithmInfo(name, params, outputs, _summary(path.read_text()), path)


def list_algorithms() -> list[AlgorithmInfo]:
    """The catalogue: every algorithm, sorted by name."""
    return [algorithm_info(name) for name in algorithm_names()]


def _summary(text: str) -> str:
    """The leading `//` comment's first clause: up to the first ':' or '.'
    that ends a word outside parentheses (so `{source: 1}` inside parentheses
    does not cut it)."""
    lines = []
    for line in text.splitlines():
        stripped = line.strip()
        if not stripped.startswith("//"):
            break
        lines.append(stripped[2:].strip())
    comment = " ".join(lines) + " "
    depth = 0
    for i, ch in enumerate(comment):
        depth += {"(": 1, ")": -1}.get(ch, 0)
        if depth == 0 and ch in ":." and comment[i + 1] == " ":
            return comment[:i]
    return comment.strip()
