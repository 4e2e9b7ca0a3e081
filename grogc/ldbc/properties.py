"""An LDBC graph folder: its `.properties` (graph name, directedness, the
algorithms it lists and their parameters) and where its files are."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from pathlib import Path

from grogc.errors import GrogError
from grogc.ldbc.formats import RULES


@dataclass(frozen=True)
class LdbcGraph:
    """One graph folder: `name` (the properties prefix), `folder`, the
    `.properties` path, `directed`, the algorithms listed (upper case: BFS,
    CDLP, LCC, PR, SSSP, WCC) and every `graph.<name>.` key without its prefix."""

    name: str
    folder: Path
    properties: Path
    directed: bool
    algorithms: tuple[str, ...]
    values: dict = field(default_factory=dict)

    def param(self, key: str) -> str:
        """A parameter such as `bfs.source-vertex`; GrogError when absent."""
        if key not in self.values:
            raise GrogError(f"error: {self.properties}: graph.{self.name}.{key} is missing")
        return self.values[key]

    def number(self, key: str, kind: type = int):
        """A numeric parameter (`kind` int or float); GrogError naming the key
        and the value when it is absent or not a number of that kind."""
        text = self.param(key)
        try:
            value = kind(text)
        except ValueError:
            what = "an integer" if kind is int else "a number"
            raise GrogError(f"error: {self.properties}: graph.{self.name}.{key} must be {what}, got '{text}'") from None
        if kind is float and not math.isfinite(value):
            raise GrogError(f"error: {self.properties}: graph.{self.name}.{key} must be a finite number, got '{text}'")
        return value

    def reference_output(self, algorithm: str) -> Path:
        """The reference output file `<name>-<ALG>` next to the properties."""
        return self.folder / f"{self.name}-{algorithm}"


def read_graph_folder(folder: str | Path) -> LdbcGraph:
    """The one `.properties` file of an LDBC graph folder, parsed."""
    from grogc.graph.importers.ldbc import read_properties

    folder = Path(folder)
    if not folder.is_dir():
        raise GrogError(f"error: {folder} is not a folder (expected an LDBC graph folder with a .properties file)")
    found = sorted(folder.glob("*.properties"))
    if len(found) != 1:
        raise GrogError(f"error: {folder} holds {len(found)} .properties files; an LDBC graph folder holds exactly one")
    path = found[0]
    name = path.name[: -len(".properties")]
    prefix = f"graph.{name}."
    values = {k[len(prefix):]: v for k, v in read_properties(path).items() if k.startswith(prefix)}
    directed = values.get("directed", "").strip().lower()
    if directed not in ("true", "false"):
        raise GrogError(f"error: {path}: graph.{name}.directed must be true or false, got '{directed}'")
    algorithms = tuple(a.strip().upper() for a in values.get("algorithms", "").split(",") if a.strip())
    unknown = [a for a in algorithms if a not in RULES]
    if unknown:
        raise GrogError(f"error: {path}: graph.{name}.algorithms lists {', '.join(repr(a.lower()) for a in unknown)}, "
                        f"which LDBC Graphalytics does not define (known: {', '.join(k.lower() for k in sorted(RULES))})")
    return LdbcGraph(name, folder, path, directed == "true", algorithms, values)
