"""Malformed inputs: each names the file, the line and what is wrong; the CLI exits 1."""

import gzip

import pytest
from typer.testing import CliRunner

from grogc.cli_graph import graph_app
from grogc.graph import GraphFormatError
from grogc.graph.importers import ImportOptions, import_graph

from .conftest import needs_runtime

pytestmark = needs_runtime

CASES = [
    ("edges.txt", "1 2\n#c\n3 x1\n", "edges.txt:3: error: bad number 'x1' in column 2"),
    ("edges.txt", "1 2\n3\n", "edges.txt:2: error: too few columns: expected 2, found 1"),
    ("edges.txt", "1 2 0.5\n3 4\n", "edges.txt:2: error: too few columns: expected 3, found 2"),
    ("edges.txt", "1 2 3 4\n", "edges.txt:1: error: expected 2 or 3 columns"),
    ("edges.txt", "1 2 -1.5\n", "edges.txt:1: error: negative weight '-1.5' in column 3"),
    ("edges.txt", "1 2 nan\n", "edges.txt:1: error: weight 'nan' in column 3 is not a finite number"),
    ("edges.txt", "1 2 1e\n", "edges.txt:1: error: bad number '1e' in column 3 (expected a weight)"),
    ("edges.txt", "1 99999999999999999999\n", "does not fit in a signed 64-bit integer"),
    ("edges.txt", "alice bob\n", "edges.txt:1: error: bad number 'alice' in column 1"),
    ("g.mtx", "%%MatrixMarket matrix array real general\n2 2\n", "g.mtx:1: error: unsupported Matrix Market layout 'array'"),
    ("g.mtx", "%%MatrixMarket matrix coordinate complex general\n", "unsupported Matrix Market field 'complex'"),
    ("g.mtx", "%MatrixMarket\n", "g.mtx:1: error: wrong Matrix Market header"),
    ("g.mtx", "%%MatrixMarket matrix coordinate pattern general\n3 4 1\n1 2\n", "g.mtx:2: error: wrong size line: a graph needs a square matrix, found 3 x 4"),
    ("g.mtx", "%%MatrixMarket matrix coordinate pattern general\n3 3 3\n1 2\n2 3\n", "g.mtx:2: error: wrong counts: the size line says 3 entries, the file has 2"),
    ("g.mtx", "%%MatrixMarket matrix coordinate pattern general\n3 3 2\n1 2\n% x\n2 4\n", "g.mtx:5: error: index (2, 4) outside the 3 x 3 matrix"),
    ("g.mtx", "%%MatrixMarket matrix coordinate pattern general\n", "truncated file"),
    ("g.gr", "a 1 2 3\n", "g.gr:1: error: wrong DIMACS header"),
    ("g.gr", "p sp 2 1\na 1 2 3\nx 1 2 3\n", "g.gr:3: error: expected a line starting with 'a', found 'x'"),
    ("g.gr", "p sp 2 2\na 1 2 3\n", "g.gr:1: error: wrong counts: the p line says 2 arcs, the file has 1"),
    ("g.gr", "p sp 2 1\nc\na 1 3 3\n", "g.gr:3: error: arc 1 -> 3 names a node outside 1..2"),
    ("g.csv", "src,dst\n1,2\n3\n", "g.csv:3: error: too few columns: expected 2, found 1"),
    ("g.csv", "a,b\n1,2\n", "g.csv:1: error: the CSV header has no column 'src' (columns: a, b)"),
    ("g.sg", "\x01\x00", "g.sg: error: truncated file: 2 bytes, shorter than the 17-byte GAP header"),
    ("g.xyz", "1 2\n", "cannot tell the format from the extension '.xyz'"),
]


@pytest.mark.parametrize("name,text,message", CASES, ids=[c[2][:40] for c in CASES])
def test_error_message(tmp_path, monkeypatch, name, text, message):
    monkeypatch.chdir(tmp_path)
    (tmp_path / name).write_bytes(text.encode("latin-1"))
    with pytest.raises(GraphFormatError) as info:
        import_graph(name)
    assert message in str(info.value)


def test_truncated_gzip(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    data = gzip.compress(b"1 2\n" * 50000)
    (tmp_path / "e.txt.gz").write_bytes(data[: len(data) // 2])
    with pytest.raises(GraphFormatError, match=r"e.txt.gz: error: truncated or corrupt gzip data"):
        import_graph("e.txt.gz")


def test_weighted_flag_requires_weights(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "e.txt").write_text("1 2\n")
    with pytest.raises(GraphFormatError, match=r"e.txt:1: error: --weighted was given but the edge list has no weight"):
        import_graph("e.txt", options=ImportOptions(weighted=True))


def test_negative_weights_allowed_on_request(tmp_path):
    (tmp_path / "e.txt").write_text("1 2 -3\n")
    g = import_graph(tmp_path / "e.txt", options=ImportOptions(allow_negative_weights=True))
    assert g.out_weights.tolist() == [-3.0]


def test_ldbc_unknown_vertex_and_wrong_meta(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "t.properties").write_text("graph.t.vertex-file = t.v\ngraph.t.edge-file = t.e\n"
                                           "graph.t.directed = true\ngraph.t.meta.edges = 5\n")
    (tmp_path / "t.v").write_text("1\n2\n")
    (tmp_path / "t.e").write_text("1 2\n2 3\n")
    with pytest.raises(GraphFormatError, match=r"t.e:2: error: vertex 3 is not listed in t.v"):
        import_graph("t.properties")
    (tmp_path / "t.e").write_text("1 2\n")
    with pytest.raises(GraphFormatError, match=r"wrong counts: t.properties says meta.edges = 5, the file has 1"):
        import_graph("t.properties")


def test_cli_error_exit_code_no_traceback_no_output(tmp_path):
    (tmp_path / "bad.txt").write_text("1 2\n3 x1\n")
    out = tmp_path / "g.csr"
    result = CliRunner().invoke(graph_app, ["import", str(tmp_path / "bad.txt"), "-o", str(out)])
    assert result.exit_code == 1
    assert "bad.txt:2: error: bad number 'x1' in column 2" in result.output
    assert "Traceback" not in result.output
    assert not out.exists() and list(tmp_path.iterdir()) == [tmp_path / "bad.txt"]


def test_cli_missing_input(tmp_path):
    result = CliRunner().invoke(graph_app, ["import", str(tmp_path / "nope.txt"), "-o", str(tmp_path / "g.csr")])
    assert result.exit_code == 1 and "nope.txt: error: no such file" in result.output
