"""The g.csr reader checks everything and says exactly what is wrong."""

import struct

import numpy as np
import pytest

import grogc
from grogc.graph import Graph, GraphFormatError
from grogc.graph.csr_format import ALIGN, ARRAYS, HEADER_SIZE, read_csr
from grogc.library import algorithm_path


@pytest.fixture
def csr(tmp_path):
    path = tmp_path / "g.csr"
    Graph.from_edges([1, 2, 3, 1], [2, 3, 1, 3], [0.5, 1.0, 2.0, 3.0]).save(path)
    return path


def corrupt(path, offset, data):
    raw = bytearray(path.read_bytes())
    raw[offset:offset + len(data)] = data
    path.write_bytes(bytes(raw))


def test_layout_header_and_alignment(csr):
    header, arrays = read_csr(csr)
    assert (header.n, header.m, header.index_width, header.directed, header.weighted) == (3, 4, 4, True, True)
    raw = csr.read_bytes()
    assert raw[:8] == b"GROGCSR\0" and struct.unpack_from("<I", raw, 8)[0] == 1
    for name, _ in ARRAYS:
        off, nbytes = header.arrays[name]
        assert off % ALIGN == 0 and off >= HEADER_SIZE
    off, nbytes = header.arrays["out_targets"]
    assert np.frombuffer(raw, "<u4", 4, off).tolist() == arrays["out_targets"].tolist()


def test_bad_magic(csr):
    corrupt(csr, 0, b"NOTACSR\0")
    with pytest.raises(GraphFormatError, match=r"g.csr: error: not a valid g.csr file: bad magic"):
        Graph.load(csr)


def test_truncated(csr):
    csr.write_bytes(csr.read_bytes()[:-8])
    with pytest.raises(GraphFormatError, match=r"header says \d+ bytes but the file has \d+ \(truncated"):
        Graph.load(csr)


def test_shorter_than_header(csr):
    csr.write_bytes(b"GROGCSR\0")
    with pytest.raises(GraphFormatError, match="shorter than the 256-byte header"):
        Graph.load(csr)


def test_header_checksum(csr):
    corrupt(csr, 16, struct.pack("<Q", 4))  # n
    with pytest.raises(GraphFormatError, match="header checksum mismatch"):
        Graph.load(csr)


def test_data_checksum(csr):
    header, _ = read_csr(csr)
    corrupt(csr, header.arrays["out_weights"][0], struct.pack("<d", 9.0))
    with pytest.raises(GraphFormatError, match="data checksum mismatch"):
        Graph.load(csr)


def test_index_out_of_range_reported_without_checksum(csr):
    header, _ = read_csr(csr)
    corrupt(csr, header.arrays["out_targets"][0], struct.pack("<I", 77))
    with pytest.raises(GraphFormatError, match=r"out index 77 at arc 0 is not below n=3"):
        _load_skipping_crc(csr)


def test_offsets_not_monotone(csr):
    header, _ = read_csr(csr)
    corrupt(csr, header.arrays["in_offsets"][0] + 8, struct.pack("<q", 3))
    with pytest.raises(GraphFormatError, match=r"in_offsets decrease at vertex 1"):
        _load_skipping_crc(csr)


def test_version(csr):
    corrupt(csr, 8, struct.pack("<I", 9))
    with pytest.raises(GraphFormatError, match="unsupported version 9"):
        Graph.load(csr)


def test_missing_file(tmp_path):
    with pytest.raises(GraphFormatError, match="nope.csr: error: cannot open"):
        Graph.load(tmp_path / "nope.csr")


def test_atomic_write_leaves_no_temporary(tmp_path):
    Graph.from_edges([1], [2]).save(tmp_path / "g.csr")
    assert [p.name for p in tmp_path.iterdir()] == ["g.csr"]


def _load_skipping_crc(path):
    """Re-stamp the data checksum so the structural checks are what fails."""
    import zlib

    raw = bytearray(path.read_bytes())
    struct.pack_into("<I", raw, 248, zlib.crc32(bytes(raw[HEADER_SIZE:])))
    struct.pack_into("<I", raw, 252, zlib.crc32(bytes(raw[:252])))
    path.write_bytes(bytes(raw))
    return Graph.load(path)


@pytest.mark.parametrize("src, dst, nodes", [([], [], None), ([], [], [7]), ([3], [3], None)],
                         ids=["empty", "one isolated node", "one self-loop"])
def test_tiny_graphs_round_trip_through_a_file(tmp_path, src, dst, nodes):
    """Zero-length arrays at the end of the file must not shorten it."""
    g = Graph.from_edges(np.array(src, dtype=np.int64), np.array(dst, dtype=np.int64),
                         nodes=None if nodes is None else np.array(nodes), directed=False)
    g.save(tmp_path / "g.csr")
    back = Graph.load(tmp_path / "g.csr")
    assert (back.n, back.m, back.directed) == (g.n, g.m, False)
    assert back.node_ids.tolist() == g.node_ids.tolist()


@pytest.mark.parametrize("weighted", [False, True])
def test_a_loaded_undirected_graph_passes_one_csr_as_from_edges_does(tmp_path, weighted):
    # the file stores the out-arrays twice; once checked equal, the in-arrays ARE the out-arrays, so the
    # runtime walks each neighbour list once for dir "all" (kernels_pull.c), as for Graph.from_edges
    src, dst = [0, 1, 2, 2, 4], [1, 2, 0, 3, 4]
    built = Graph.from_edges(src, dst, [1.0, 2.0, 3.0, 4.0, 5.0] if weighted else None, directed=False)
    built.save(tmp_path / "u.csr")
    g = Graph.load(tmp_path / "u.csr")
    assert g.in_offsets is g.out_offsets and g.in_sources is g.out_targets
    assert (g.in_weights is g.out_weights) if weighted else g.in_weights is None
    plan = grogc.compile(str(algorithm_path("components")))
    assert np.array_equal(plan.run(g)["component"], plan.run(built)["component"])
    directed = Graph.from_edges(src, dst, directed=True)
    directed.save(tmp_path / "d.csr")
    d = Graph.load(tmp_path / "d.csr")
    assert d.in_offsets is not d.out_offsets  # a directed graph's in-CSR is its own
