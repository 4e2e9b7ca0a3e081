"""Run LDBC's six algorithms with the library on one graph folder, write the
outputs in LDBC's format and validate them (grogc ldbc validate)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np

from grogc.errors import GrogError
from grogc.fileio import refuse_overwriting
from grogc.ldbc.formats import UNREACHABLE, compare, read_output, write_output
from grogc.ldbc.properties import LdbcGraph, read_graph_folder


@dataclass(frozen=True)
class AlgorithmResult:
    """One algorithm on one graph: `passed`, `detail` (why not, or the rule),
    the output file written (None when no output folder was given)."""

    graph: str
    algorithm: str
    passed: bool
    detail: str
    output: Path | None


@dataclass(frozen=True)
class FolderReport:
    graph: str
    results: tuple[AlgorithmResult, ...]

    @property
    def passed(self) -> bool:
        return all(r.passed for r in self.results)


def _source(g, spec: LdbcGraph, key: str) -> int:
    """A source-vertex parameter that names a vertex of the graph; the error
    names the .properties file and the key (the run's own message cannot)."""
    vertex = spec.number(key)
    ids = np.asarray(g.node_ids)
    i = int(np.searchsorted(ids, vertex))
    if i == len(ids) or int(ids[i]) != vertex:
        raise GrogError(f"error: {spec.properties}: graph.{spec.name}.{key} = {vertex} is not a vertex of the graph")
    return vertex


def _bfs(g, spec: LdbcGraph, run):
    level = run("bfs", source=_source(g, spec, "bfs.source-vertex"))["level"]
    return np.where(level < 0, UNREACHABLE, level)


def _pr(g, spec: LdbcGraph, run):
    # exactly num-iterations Jacobi steps: tol = 0 never stops early
    return run("pagerank", alpha=spec.number("pr.damping-factor", float),
               max_iter=spec.number("pr.num-iterations"), tol=0.0)["pagerank"]


def _cdlp(g, spec: LdbcGraph, run):
    # the library stops at the first round without change: the same labels
    # as running all max-iterations rounds (a fixed point stays fixed)
    return run("label_propagation", max_iter=spec.number("cdlp.max-iterations"))["label"]


def _sssp(g, spec: LdbcGraph, run):
    return run("sssp", source=_source(g, spec, "sssp.source-vertex"))["dist"]


# LDBC algorithm -> how the library computes it (values per internal node, in LDBC's terms)
ALGORITHMS = {
    "BFS": _bfs,
    "PR": _pr,
    "WCC": lambda g, spec, run: run("components")["component"],
    "CDLP": _cdlp,
    "LCC": lambda g, spec, run: run("clustering")["clustering"],
    "SSSP": _sssp,
}


def _runner(g, reference: bool):
    """name, **params -> outputs, on the C runtime (-O2 plan) or the interpreter."""
    from grogc.library import algorithm_path

    if reference:
        from grogc.driver.api import run_reference

        return lambda name, **params: run_reference(algorithm_path(name), g, **params)
    import grogc.driver.api as api

    return lambda name, **params: api.compile(algorithm_path(name)).run(g, **params)


def validate_folder(folder: str | Path, out_dir: str | Path | None = None, *, reference: bool = False,
                    algorithms: tuple[str, ...] | None = None) -> FolderReport:
    """Run every algorithm the folder's properties list (or `algorithms`),
    write `<graph>-<ALG>` into `out_dir` when given, and compare each with
    the reference output next to the properties."""
    from grogc.graph.importers import import_graph

    spec = read_graph_folder(folder)
    g = import_graph(spec.properties)
    run = _runner(g, reference)
    ids = g.node_ids.tolist()
    results = []
    unknown = sorted(set(algorithms or ()) - set(ALGORITHMS))
    if unknown:
        raise GrogError(f"error: unknown LDBC algorithms {', '.join(unknown)} (known: {', '.join(sorted(ALGORITHMS))})")
    for algorithm in algorithms or spec.algorithms:
        values = dict(zip(ids, np.asarray(ALGORITHMS[algorithm](g, spec, run)).tolist()))
        path = None
        ref_path = spec.reference_output(algorithm)
        if out_dir is not None:
            path = Path(out_dir) / f"{spec.name}-{algorithm}"
            # -o at the graph folder itself would replace the reference and then pass against it
            refuse_overwriting(path, ref_path, what="reference output")
            path.parent.mkdir(parents=True, exist_ok=True)
            write_output(path, algorithm, values)
            values = read_output(path, algorithm)  # validate what was written
        if not ref_path.is_file():
            results.append(AlgorithmResult(spec.name, algorithm, False, f"no reference output {ref_path.name}", path))
            continue
        why = compare(algorithm, values, read_output(ref_path, algorithm))
        results.append(AlgorithmResult(spec.name, algorithm, why is None, why or "ok", path))
    return FolderReport(spec.name, tuple(results))


def graph_folders(root: str | Path) -> list[Path]:
    """`root` itself when it is a graph folder, else its graph subfolders."""
    root = Path(root)
    if any(root.glob("*.properties")):
        return [root]
    if not root.is_dir():
        raise GrogError(f"error: {root} is not a folder")
    found = sorted(p for p in root.iterdir() if p.is_dir() and any(p.glob("*.properties")))
    if not found:
        raise GrogError(f"error: {root} holds no LDBC graph folder (a folder with a .properties file)")
    return found
