"""g.csr files that pass both checksums but are wrong are refused at load,
naming the problem; a loaded graph survives its file being truncated."""

from __future__ import annotations

import struct
import zlib

import numpy as np
import pytest

import grogc
from grogc.graph import Graph, GraphFormatError
from grogc.graph.csr_format import HEADER_SIZE, read_csr

from .conftest import needs_runtime

pytestmark = needs_runtime


def restamp(raw: bytearray) -> bytes:
    """Both CRCs recomputed: only the content checks can catch the change."""
    struct.pack_into("<I", raw, 248, zlib.crc32(bytes(raw[HEADER_SIZE:])))
    struct.pack_into("<I", raw, 252, zlib.crc32(bytes(raw[:252])))
    return bytes(raw)


def mutate(path, array: str, index: int, fmt: str, value) -> None:
    header, _ = read_csr(path, verify=False)
    raw = bytearray(path.read_bytes())
    off = header.arrays[array][0] + index * struct.calcsize(fmt)
    struct.pack_into(fmt, raw, off, value)
    path.write_bytes(restamp(raw))


def set_header(path, offset: int, fmt: str, value) -> None:
    raw = bytearray(path.read_bytes())
    struct.pack_into(fmt, raw, offset, value)
    path.write_bytes(restamp(raw))


@pytest.fixture
def weighted(tmp_path):
    """Directed: 1->2 (0.5), 1->3 (3.0), 2->3 (1.0), 3->1 (2.0)."""
    path = tmp_path / "g.csr"
    Graph.from_edges([1, 2, 3, 1], [2, 3, 1, 3], [0.5, 1.0, 2.0, 3.0]).save(path)
    return path


@pytest.mark.parametrize("value, message", [
    (float("nan"), r"out_weights\[0\] is nan: weights must be finite"),
    (float("-inf"), r"out_weights\[0\] is -inf: weights must be finite"),
    (float("inf"), r"out_weights\[0\] is inf: weights must be finite"),
    (-1.5, r"out_weights\[0\] is -1.5: negative weights are not allowed unless allow_negative_weights=True "
           r"\(--allow-negative-weights\)"),
])
def test_bad_weights_are_refused(weighted, value, message):
    mutate(weighted, "out_weights", 0, "<d", value)
    with pytest.raises(GraphFormatError, match=r"g.csr: error: not a valid g.csr file: " + message):
        Graph.load(weighted)


def test_negative_weights_load_when_allowed(weighted):
    mutate(weighted, "out_weights", 0, "<d", -1.5)
    mutate(weighted, "in_weights", 1, "<d", -1.5)  # the same arc 1 -> 2 in the in-CSR
    g = Graph.load(weighted, allow_negative_weights=True, full_check=True)
    assert g.out_weights[0] == -1.5


def test_in_csr_that_is_not_the_transpose(weighted):
    # Moving an in-arc between rows keeps the rows sorted: in_offsets
    # [0,1,2,4] -> [0,1,1,4] gives vertex 1 no in-arc and vertex 2 three.
    mutate(weighted, "in_offsets", 2, "<q", 1)
    with pytest.raises(GraphFormatError, match=r"the in-CSR is not the transpose of the out-CSR: vertex 1 "
                                               r"is the target of 1 out-arcs but has 0 in-arcs"):
        Graph.load(weighted)


def test_transposed_degrees_right_but_sources_wrong_needs_the_full_check(weighted):
    # in_sources of vertex 2 (internal) are [0, 1]; make them [0, 0]: degrees still match.
    _, arrays = read_csr(weighted)
    assert arrays["in_sources"].tolist() == [2, 0, 0, 1]
    mutate(weighted, "in_sources", 3, "<I", 0)
    Graph.load(weighted)  # the standard check cannot see it (documented)
    with pytest.raises(GraphFormatError, match=r"the in-CSR is not the transpose of the out-CSR: sources differ at 3 "
                                               r"\(the file has 0, the transpose 1\)"):
        Graph.load(weighted, full_check=True)


def test_unsorted_row(weighted):
    _, arrays = read_csr(weighted)
    assert arrays["out_targets"].tolist() == [1, 2, 2, 0]  # row 0 is [1, 2]
    mutate(weighted, "out_targets", 0, "<I", 2)
    mutate(weighted, "out_targets", 1, "<I", 1)
    with pytest.raises(GraphFormatError, match=r"out row of vertex 0 is not sorted: arc 1 \(1\) comes after 2"):
        Graph.load(weighted)


@pytest.mark.parametrize("num_edges, message", [
    (2**64 - 1, r"num_edges is 18446744073709551615, but a directed graph stores each edge once \(m = 4\)"),
    (3, r"num_edges is 3, but a directed graph stores each edge once \(m = 4\)"),
])
def test_absurd_num_edges(weighted, num_edges, message):
    set_header(weighted, 32, "<Q", num_edges)
    with pytest.raises(GraphFormatError, match=message):
        Graph.load(weighted)


def test_undirected_num_edges_is_checked_exactly_by_the_full_check(tmp_path):
    path = tmp_path / "u.csr"
    Graph.from_edges([1, 2, 3], [2, 3, 3], directed=False).save(path)  # m = 2 + 2 + 1 (loop) = 5, 3 edges
    set_header(path, 32, "<Q", 9)
    with pytest.raises(GraphFormatError, match=r"num_edges is 9, outside 3..5 for an undirected graph with m = 5"):
        Graph.load(path)
    set_header(path, 32, "<Q", 4)
    Graph.load(path)
    with pytest.raises(GraphFormatError, match=r"num_edges is 4, but m = 5 with 1 self-loops holds 3 undirected edges"):
        Graph.load(path, full_check=True)


def test_undirected_in_arrays_must_repeat_the_out_arrays(tmp_path):
    path = tmp_path / "u.csr"
    Graph.from_edges([1, 2], [2, 3], [1.0, 2.0], directed=False).save(path)
    mutate(path, "in_weights", 0, "<d", 7.0)
    with pytest.raises(GraphFormatError, match=r"an undirected graph's in_weights and out_weights differ at 0 "
                                               r"\(in_weights 7.0, out_weights 1.0\)"):
        Graph.load(path)


def test_asymmetric_undirected_graph_needs_the_full_check(tmp_path):
    path = tmp_path / "u.csr"
    Graph.from_edges([1, 2], [2, 3], directed=False).save(path)  # rows: 0:[1] 1:[0,2] 2:[1]
    for array in ("out_targets", "in_sources"):
        mutate(path, array, 3, "<I", 2)  # row 2 becomes [2]: 2 -> 1 is gone, a loop appears
    Graph.load(path)
    with pytest.raises(GraphFormatError, match=r"the undirected graph is not symmetric: (offsets|sources) differ"):
        Graph.load(path, full_check=True)


def test_a_good_file_passes_the_full_check(tmp_path):
    for directed in (True, False):
        path = tmp_path / f"g{directed}.csr"
        rng = np.random.default_rng(5)
        src, dst = rng.integers(0, 30, 200), rng.integers(0, 30, 200)
        Graph.from_edges(src, dst, rng.random(200), directed=directed, keep_multi=True).save(path)
        g = Graph.load(path, full_check=True)
        assert g.m >= 200


def test_a_loaded_graph_survives_its_file_being_truncated(tmp_path):
    """Another process truncating the file must not kill the reader (a mapped
    file would: SIGBUS on the next touch); the graph is read into private memory."""
    path = tmp_path / "g.csr"
    Graph.from_edges(np.arange(5000), (np.arange(5000) * 7 + 1) % 5000, directed=False).save(path)
    g = Graph.load(path)
    expected = grogc.compile("components").run(g)["component"]
    with open(path, "r+b") as f:
        f.truncate(300)
    assert int(g.out_targets.astype(np.int64).sum()) > 0
    again = grogc.compile("components").run(g)["component"]
    assert np.array_equal(expected, again)
    assert not g.out_targets.flags.writeable


def test_graph_info_full_check(weighted):
    from typer.testing import CliRunner

    from grogc.cli_graph import graph_app

    mutate(weighted, "in_sources", 3, "<I", 0)  # right in-degrees, wrong sources
    assert CliRunner().invoke(graph_app, ["info", str(weighted)]).exit_code == 0
    r = CliRunner().invoke(graph_app, ["info", str(weighted), "--full-check"])
    assert r.exit_code == 1
    assert "error: not a valid g.csr file: the in-CSR is not the transpose of the out-CSR: sources differ at 3 (the file has 0, the transpose 1)" \
        in " ".join(r.output.split())


def test_the_c_check_and_its_numpy_reference_agree_on_every_kind():
    from grogc.graph import _native
    from grogc.graph.csr_checks import direction_numpy

    off = np.array([0, 2, 3, 5], np.int64)
    cases = {
        "ok": (off, [1, 2, 0, 0, 2], [1.0, 2.0, 0.0, 3.0, 4.0]),
        "ends": (np.array([1, 2, 3, 5], np.int64), [1, 2, 0, 0, 2], None),
        "decrease": (np.array([0, 3, 2, 5], np.int64), [1, 2, 0, 0, 2], None),
        "range": (off, [1, 2, 0, 0, 7], None),
        "unsorted": (off, [2, 1, 0, 0, 2], None),
        "row start may drop": (off, [1, 2, 0, 1, 2], None),
        "nan": (off, [1, 2, 0, 0, 2], [1.0, float("nan"), 0.0, 3.0, 4.0]),
        "negative": (off, [1, 2, 0, 0, 2], [1.0, 2.0, -0.5, 3.0, 4.0]),
    }
    seen = set()
    for name, (offsets, idx, w) in cases.items():
        idx = np.array(idx, np.uint32)
        w = None if w is None else np.array(w, np.float64)
        for allow in (False, True):
            a, b = np.zeros(3, np.int64), np.zeros(3, np.int64)
            got = _native.csr_check(3, offsets, idx, w, allow, a)
            assert got == direction_numpy(3, offsets, idx, w, allow, b), name
            assert np.array_equal(a, b) or got != (0, 0)
            seen.add(got[0])
    assert seen == set(range(7))  # every kind, and no problem, was produced
