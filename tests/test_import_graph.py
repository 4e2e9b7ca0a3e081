"""grogc/ has no import cycles (issue 11), counting imports inside functions
and under `if TYPE_CHECKING:`: a module may import only what sits below it.

The graph is read from the source with `ast` (nothing is imported), one node
per module, an edge for every `import` / `from ... import` anywhere in the
file that names another grogc module (a package's __init__ counts as the
package).  The checker itself is tested on a small package with a cycle made
only of a function-level import.
"""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def import_graph(root: Path, top: str) -> dict[str, set[str]]:
    """module -> the modules of the same top package it imports."""
    mods: dict[str, Path] = {}
    for f in root.rglob("*.py"):
        parts = (top,) + f.relative_to(root).with_suffix("").parts
        mods[".".join(parts[:-1] if parts[-1] == "__init__" else parts)] = f
    edges: dict[str, set[str]] = {m: set() for m in mods}
    for m, f in mods.items():
        package = m if f.name == "__init__.py" else m.rsplit(".", 1)[0]
        for node in ast.walk(ast.parse(f.read_text(), str(f))):
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom):
                base = node.module or ""
                if node.level:
                    parts = package.split(".")
                    base = ".".join(parts[: len(parts) - node.level + 1] + ([base] if base else []))
                names = [base] + [f"{base}.{a.name}" for a in node.names]
            else:
                continue
            for name in names:
                while name and name not in mods:  # `from pkg.mod import func` -> pkg.mod
                    name = name.rsplit(".", 1)[0] if "." in name else ""
                # a module importing its own parent package (or the top package's
                # __init__, which holds only the version and lazy exports) is not an edge
                if name and name != m and not m.startswith(name + ".") and name != top:
                    edges[m].add(name)
    return edges


def cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components with more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in sorted(edges[v]):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                comp.append(w)
                if w == v:
                    break
            if len(comp) > 1:
                found.append(sorted(comp))

    for v in sorted(edges):
        if v not in index:
            visit(v)
    return found


def test_grogc_has_no_import_cycles():
    found = cycles(import_graph(ROOT / "grogc", "grogc"))
    assert not found, "import cycles in grogc/: " + "; ".join(" <-> ".join(c) for c in found)


def test_the_check_sees_a_cycle_through_a_function_level_import(tmp_path):
    pkg = tmp_path / "pkg"
    pkg.mkdir()
    (pkg / "__init__.py").write_text("")
    (pkg / "a.py").write_text("from pkg.b import thing\n")
    (pkg / "b.py").write_text("def thing():\n    from pkg import a\n    return a\n")
    (pkg / "c.py").write_text("from . import b\n")
    assert cycles(import_graph(pkg, "pkg")) == [["pkg.a", "pkg.b"]]
