"""LDBC folders with bad contents get clear errors, never tracebacks; outputs
are written atomically.  The folders are built here (no ../shared needed)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from grogc.errors import GrogError
from grogc.ldbc.formats import read_output, write_output
from grogc.ldbc.runner import validate_folder

REPO = Path(__file__).resolve().parents[2]

PROPERTIES = """# a tiny directed graph
graph.tiny.vertex-file = tiny.v
graph.tiny.edge-file = tiny.e
graph.tiny.directed = true
graph.tiny.algorithms = {algorithms}
graph.tiny.bfs.source-vertex = {source}
"""


def tiny(folder: Path, algorithms: str = "bfs", source: str = "1") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "tiny.properties").write_text(PROPERTIES.format(algorithms=algorithms, source=source))
    (folder / "tiny.v").write_text("1\n2\n3\n")
    (folder / "tiny.e").write_text("1 2\n2 3\n")
    (folder / "tiny-BFS").write_text("1 0\n2 1\n3 2\n")
    return folder


def test_the_tiny_folder_passes(tmp_path):
    assert validate_folder(tiny(tmp_path / "g")).passed


def test_non_utf8_properties(tmp_path):
    folder = tiny(tmp_path / "g")
    props = folder / "tiny.properties"
    props.write_bytes(props.read_bytes().replace(b"# a tiny", b"# a \xff tiny"))
    with pytest.raises(GrogError, match=rf"^{props}:1: error: not UTF-8 text: byte 0xff at offset 4 "
                                        r"\(LDBC files are UTF-8\)$"):
        validate_folder(folder)


def test_non_utf8_reference_output(tmp_path):
    folder = tiny(tmp_path / "g")
    (folder / "tiny-BFS").write_bytes(b"1 0\n2 1\n3 \xe9\n")
    with pytest.raises(GrogError, match=r"tiny-BFS:3: error: not UTF-8 text: byte 0xe9 at offset 10"):
        validate_folder(folder)


def test_an_unknown_algorithm_in_the_list(tmp_path):
    folder = tiny(tmp_path / "g", algorithms="bfs, foo")
    with pytest.raises(GrogError, match=r"^error: .*tiny.properties: graph.tiny.algorithms lists 'foo', which LDBC "
                                        r"Graphalytics does not define \(known: bfs, cdlp, lcc, pr, sssp, wcc\)$"):
        validate_folder(folder)


def test_a_source_vertex_that_is_not_a_number(tmp_path):
    folder = tiny(tmp_path / "g", source="abc")
    with pytest.raises(GrogError, match=r"^error: .*tiny.properties: graph.tiny.bfs.source-vertex must be an "
                                        r"integer, got 'abc'$"):
        validate_folder(folder)


def test_a_source_vertex_that_is_not_in_the_graph(tmp_path):
    # the run's own message ("parameter 'source': node 9 is not in the graph") did not say which file set it
    folder = tiny(tmp_path / "g", source="9")
    with pytest.raises(GrogError, match=r"^error: .*tiny.properties: graph.tiny.bfs.source-vertex = 9 is not a "
                                        r"vertex of the graph$"):
        validate_folder(folder)


@pytest.mark.parametrize("change, message", [
    ({"source": "9"}, "graph.tiny.bfs.source-vertex = 9 is not a vertex of the graph"),
    ({"source": "abc"}, "graph.tiny.bfs.source-vertex must be an integer, got 'abc'"),
    ({"algorithms": "bfs, foo"}, "graph.tiny.algorithms lists 'foo'"),
])
def test_the_cli_exits_1_with_the_message(tmp_path, change, message):
    folder = tiny(tmp_path / "g", **change)
    done = subprocess.run([sys.executable, "-m", "grogc", "ldbc", "validate", str(folder)], capture_output=True,
                          text=True, cwd=REPO, env={**os.environ, "PYTHONPATH": str(REPO)})
    assert done.returncode == 1 and "Traceback" not in done.stderr
    assert message in done.stderr


def test_write_output_is_atomic(tmp_path):
    out = tmp_path / "tiny-BFS"
    write_output(out, "BFS", {2: 1, 1: 0})
    assert out.read_text() == "1 0\n2 1\n"
    with pytest.raises(ValueError):
        write_output(out, "BFS", {1: 0, 2: "not a number"})  # fails half-way through formatting
    assert out.read_text() == "1 0\n2 1\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["tiny-BFS"]
    assert read_output(out, "BFS") == {1: 0, 2: 1}


def test_outputs_never_replace_the_reference_they_are_checked_against(tmp_path):
    folder = tiny(tmp_path / "g")
    (folder / "tiny-BFS").write_text("1 0\n2 1\n3 7\n")  # a wrong reference: the run must fail, not overwrite it
    with pytest.raises(GrogError, match=r"refusing to write .*tiny-BFS: it is the reference output .*tiny-BFS"):
        validate_folder(folder, folder)
    assert (folder / "tiny-BFS").read_text() == "1 0\n2 1\n3 7\n"
    assert not validate_folder(folder, tmp_path / "out").passed


def test_a_huge_properties_file_is_refused_before_reading(tmp_path):
    folder = tiny(tmp_path / "g")
    props = folder / "tiny.properties"
    with open(props, "ab") as f:
        f.write(b"#" * (2 << 20) + b"\n")
    with pytest.raises(GrogError, match=r"tiny.properties: error: is 2,097,\d+ bytes; an LDBC properties file is a "
                                        r"few dozen lines \(at most 1 MiB\)"):
        validate_folder(folder)
