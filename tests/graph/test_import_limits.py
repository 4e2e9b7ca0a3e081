"""Importer memory and time bombs: bounded lines, declared sizes and generator
arguments checked against the machine's memory before allocating."""

from __future__ import annotations

import gzip
import re
import struct
import time

import pytest
from typer.testing import CliRunner

from grogc.cli_graph import graph_app
from grogc.graph import GraphFormatError, budget
from grogc.graph.importers import import_graph
from grogc.graph.importers.text import MAX_LINE_BYTES

from .conftest import needs_runtime

pytestmark = needs_runtime

TOO_LONG = "line longer than 1 MiB; no graph file has such lines (is this the right file, and is it text?)"


@pytest.fixture
def small_machine(monkeypatch):
    """A machine with 1 GiB available, whatever this one has."""
    monkeypatch.setattr(budget, "available_memory", lambda: 2**30)


def test_a_gzip_comment_line_that_unpacks_to_megabytes_is_refused_after_1_mib(tmp_path):
    path = tmp_path / "bomb.txt.gz"
    with gzip.open(path, "wb") as f:
        f.write(b"#" + b"x" * (8 * MAX_LINE_BYTES) + b"\n1 2\n")  # 8 MiB line; a real bomb has gigabytes
    with pytest.raises(GraphFormatError, match=f"^{re.escape(f'{path}:1: error: {TOO_LONG}')}$"):
        import_graph(path)


def test_a_long_line_after_the_first_is_refused_naming_its_line(tmp_path, monkeypatch):
    from grogc.graph.importers import text

    monkeypatch.setattr(text, "CHUNK_BYTES", 1 << 16)  # the line spans chunks (a 16 MiB chunk is parsed whole)
    path = tmp_path / "long.txt"
    path.write_bytes(b"1 2\n3 4\n5 " + b"6" * (3 * MAX_LINE_BYTES) + b"\n7 8\n")
    start = time.perf_counter()
    with pytest.raises(GraphFormatError, match=f"^{path}:3: error: line longer than 1 MiB"):
        import_graph(path)
    assert time.perf_counter() - start < 30  # a hang would be the bug; never a speed assertion


def test_a_line_just_under_the_limit_spanning_chunks_still_parses(tmp_path, monkeypatch):
    from grogc.graph.importers import text

    monkeypatch.setattr(text, "CHUNK_BYTES", 4096)  # the line spans many chunks
    path = tmp_path / "e.txt"
    path.write_bytes(b"1 2\n3 " + b"0" * (MAX_LINE_BYTES - 16) + b"4\n")
    g = import_graph(path)
    assert sorted(g.node_ids.tolist()) == [1, 2, 3, 4]


def test_mtx_declaring_10_to_the_12_nodes_is_refused_at_its_size_line(tmp_path):
    path = tmp_path / "big.mtx"
    path.write_text("%%MatrixMarket matrix coordinate pattern general\n1000000000000 1000000000000 1\n1 2\n")
    with pytest.raises(GraphFormatError, match=rf"^{path}:2: error: the size line declares a graph too big for this "
                                               r"machine: 1,000,000,000,000 nodes and 1 edges need about [\d.]+ GiB "
                                               r"of memory, more than the [\d.]+ [GM]iB available$"):
        import_graph(path)


def test_mtx_and_dimacs_declaring_3e8_nodes_without_edges(tmp_path, small_machine):
    mtx = tmp_path / "n.mtx"
    mtx.write_text("%%MatrixMarket matrix coordinate pattern general\n300000000 300000000 0\n")
    with pytest.raises(GraphFormatError, match=rf"^{mtx}:2: error: the size line declares a graph too big for this "
                                               r"machine: 300,000,000 nodes and 0 edges need about 13.4 GiB of "
                                               r"memory, more than the 1.0 GiB available$"):
        import_graph(mtx)
    gr = tmp_path / "n.gr"
    gr.write_text("c nothing\np sp 300000000 0\n")
    with pytest.raises(GraphFormatError, match=rf"^{gr}:2: error: the p line declares a graph too big"):
        import_graph(gr)


def test_gap_gz_header_is_checked_before_decompressing(tmp_path):
    path = tmp_path / "big.sg.gz"
    with gzip.open(path, "wb") as f:
        f.write(struct.pack("<?qq", True, 10**11, 10**10) + bytes(1 << 16))
    with pytest.raises(GraphFormatError, match=rf"^{path}: error: the GAP header declares a graph too big for this "
                                               r"machine: 10,000,000,000 nodes and 100,000,000,000 edges"):
        import_graph(path)


def test_gap_gz_with_more_bytes_than_its_header_says_reads_no_further(tmp_path):
    path = tmp_path / "g.sg.gz"
    body = struct.pack("<?qq", False, 2, 2) + struct.pack("<3q", 0, 1, 2) + struct.pack("<2i", 1, 0)
    with gzip.open(path, "wb") as f:
        f.write(body + bytes(10 * MAX_LINE_BYTES))
    with pytest.raises(GraphFormatError, match=r"trailing bytes: a undirected .sg with 2 nodes and 2 arcs takes 49 "
                                               r"bytes, the file has more than 49"):
        import_graph(path)
    with gzip.open(path, "wb") as f:
        f.write(body)
    assert import_graph(path).n == 2


def test_records_read_so_far_are_checked_against_memory(tmp_path, monkeypatch):
    monkeypatch.setattr(budget, "available_memory", lambda: 100_000)
    path = tmp_path / "e.txt"
    path.write_text("".join(f"{i} {i + 1}\n" for i in range(10_000)))
    with pytest.raises(GraphFormatError, match=rf"^{path}:10000: error: the first 10,000 lines already hold a graph "
                                               r"too big for this machine: 0 nodes and 10,000 edges need about"):
        import_graph(path)


@pytest.mark.parametrize("args, message", [
    (["uniform", "--scale", "4", "--edge-factor", "1000000000000"],
     "error: --scale 4 --edge-factor 1000000000000 asks for a graph too big for this machine: "
     "16 nodes and 16,000,000,000,000 edges need about"),
    (["kron", "--scale", "27"],
     "error: --scale 27 --edge-factor 16 asks for a graph too big for this machine: "
     "134,217,728 nodes and 2,147,483,648 edges need about 102.0 GiB of memory, more than the 1.0 GiB available"),
    (["uniform", "--scale", "31", "--edge-factor", "10000000000000000000"],
     "error: --scale 31 --edge-factor 10000000000000000000 asks for a graph beyond what a g.csr can hold (2^62)"),
])
def test_generator_arguments_are_checked_before_allocating(tmp_path, small_machine, args, message):
    r = CliRunner().invoke(graph_app, ["generate", *args, "-o", str(tmp_path / "g.csr")])
    assert r.exit_code == 1, r.output
    assert message in r.output.replace("\n", " ") and "Traceback" not in r.output
    assert not (tmp_path / "g.csr").exists()
