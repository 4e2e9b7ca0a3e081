"""A seeded, bounded fuzz of graph inputs (issue 14): mutated g.csr files and
mutated importer inputs.

Every mutated input must give a GrogError (a clear message) or a graph;
never another exception, never a crash.  A g.csr that loads must also run
on the C runtime, and its standard check in C must find the same first
problem as the NumPy reference.  An imported graph must pass the full check
after a save and load.  The seeds are fixed, so a failure reproduces; the
reproductions of the issue are regression cases in test_csr_checks.py and
test_import_limits.py.
"""

from __future__ import annotations

import gzip
import struct
import zlib

import numpy as np
import pytest

import grogc
from grogc.errors import GrogError
from grogc.graph import Graph, _native
from grogc.graph.csr_checks import direction_numpy
from grogc.graph.csr_format import HEADER_SIZE, read_csr
from grogc.graph.importers import import_graph

from .conftest import needs_runtime

pytestmark = needs_runtime

CASES_PER_SEED = 60


def _base_graphs(tmp_path):
    rng = np.random.default_rng(0)
    src, dst = rng.integers(0, 12, 40), rng.integers(0, 12, 40)
    w = np.round(rng.random(40) * 4, 2)
    made = {
        "directed-weighted": Graph.from_edges(src, dst, w),
        "undirected": Graph.from_edges(src, dst, directed=False),
        "multi-undirected-weighted": Graph.from_edges(src, dst, w, directed=False, keep_multi=True),
        "isolated": Graph.from_edges([1, 2], [2, 3], nodes=[9, 10]),
    }
    out = {}
    for name, g in made.items():
        path = tmp_path / f"{name}.csr"
        g.save(path)
        out[name] = path.read_bytes()
    return out


def _restamp(raw: bytearray) -> None:
    struct.pack_into("<I", raw, 248, zlib.crc32(bytes(raw[HEADER_SIZE:])))
    struct.pack_into("<I", raw, 252, zlib.crc32(bytes(raw[:252])))


def _mutate_csr(raw: bytes, rng) -> bytes:
    data = bytearray(raw)
    kind = rng.integers(0, 6)
    if kind == 0:  # flip bytes anywhere in the arrays
        for _ in range(rng.integers(1, 4)):
            data[rng.integers(HEADER_SIZE, len(data))] ^= int(rng.integers(1, 256))
    elif kind == 1:  # a header count: n, m or num_edges
        field = int(rng.choice([16, 24, 32]))
        values = [0, 1, 2**32, 2**63, 2**64 - 1, struct.unpack_from("<Q", data, field)[0] + 1]
        struct.pack_into("<Q", data, field, values[rng.integers(0, len(values))] % 2**64)
    elif kind == 2:  # an array-table entry
        slot = 56 + 8 * int(rng.integers(0, 14))
        struct.pack_into("<Q", data, slot, [0, 64, 2**40, len(data)][rng.integers(0, 4)])
    elif kind == 3:  # an f64 weight or an i64 offset: special values
        pos = HEADER_SIZE + 8 * int(rng.integers(0, (len(data) - HEADER_SIZE) // 8))
        if rng.random() < 0.5:
            struct.pack_into("<d", data, pos, [float("nan"), float("-inf"), -1.0, 1e308][rng.integers(0, 4)])
        else:
            struct.pack_into("<q", data, pos, int(rng.integers(-5, 100)))
    elif kind == 4:  # truncate or pad
        data = data[:rng.integers(0, len(data))] if rng.random() < 0.5 else data + bytes(int(rng.integers(1, 128)))
    else:  # swap two u32 in the index arrays
        a, b = (HEADER_SIZE + 4 * int(rng.integers(0, (len(data) - HEADER_SIZE) // 4)) for _ in range(2))
        data[a:a + 4], data[b:b + 4] = data[b:b + 4], data[a:a + 4]
    if len(data) >= HEADER_SIZE and rng.random() < 0.8:  # mostly past the CRCs, to reach the content checks
        _restamp(data)
    return bytes(data)


@pytest.mark.parametrize("seed", [1, 2, 3, 4])
def test_mutated_csr_files(tmp_path, seed):
    rng = np.random.default_rng(seed)
    bases = _base_graphs(tmp_path)
    components = grogc.compile("components")
    path = tmp_path / "m.csr"
    outcomes = {"refused": 0, "loaded": 0}
    for _ in range(CASES_PER_SEED):
        name = list(bases)[rng.integers(0, len(bases))]
        path.write_bytes(_mutate_csr(bases[name], rng))
        _c_agrees_with_numpy(path)
        try:
            g = Graph.load(path, allow_negative_weights=bool(rng.random() < 0.3))
        except GrogError as err:
            assert str(err).startswith(f"{path}: error: "), str(err)
            outcomes["refused"] += 1
            continue
        outcomes["loaded"] += 1
        try:
            Graph.load(path, full_check=True, allow_negative_weights=True)
        except GrogError as err:
            assert "error: not a valid g.csr file: " in str(err)
        components.run(g)  # the runtime's own checks hold too: no crash, whatever passed
    assert outcomes["refused"] > 0 and outcomes["loaded"] > 0, outcomes  # both paths exercised


def _c_agrees_with_numpy(path) -> None:
    """grog_csr_check and its NumPy reference report the same first problem."""
    try:
        header, arrays = read_csr(path, verify=False)
    except GrogError:
        return
    for kind, idx in (("out", "out_targets"), ("in", "in_sources")):
        off, ix, w = arrays[f"{kind}_offsets"], arrays[idx], arrays[f"{kind}_weights"]
        for allow in (False, True):
            c_counts, np_counts = np.zeros(header.n, np.int64), np.zeros(header.n, np.int64)
            got = _native.csr_check(header.n, off, ix, w, allow, c_counts)
            want = direction_numpy(header.n, off, ix, w, allow, np_counts)
            assert got == want, (path, kind, allow)
            if got == (0, 0):
                assert np.array_equal(c_counts, np_counts)


# ---- importer inputs ----------------------------------------------------------------------

TEXT_BASES = {
    "e.txt": b"# SNAP\n1 2\n2 3\n3 1\n10 2\n",
    "w.txt": b"1 2 0.5\n2 3 1.5\n3 1 2\n",
    "e.csv": b"src,dst,weight\n1,2,0.5\n2,3,1\n",
    "g.mtx": b"%%MatrixMarket matrix coordinate real symmetric\n% c\n4 4 3\n1 2 1.0\n2 3 2.5\n4 4 1\n",
    "g.gr": b"c DIMACS\np sp 3 3\na 1 2 4\na 2 3 1\na 3 1 2\n",
}
TOKENS = [b"\n", b" ", b"#", b"%", b"-1", b"nan", b"inf", b"1e400", b"99999999999999999999", b"\xff", b"\x00",
          b",", b"p sp 1000000000000 1\n", b"3000000000 3000000000 0\n", b"\t", b"\r\n", b"a", b"0x10"]


def _mutate_text(raw: bytes, rng) -> bytes:
    data = bytearray(raw)
    for _ in range(rng.integers(1, 4)):
        kind = rng.integers(0, 4)
        pos = int(rng.integers(0, len(data) + 1))
        if kind == 0 and data:  # flip
            data[min(pos, len(data) - 1)] ^= int(rng.integers(1, 256))
        elif kind == 1:  # insert a token
            data[pos:pos] = TOKENS[rng.integers(0, len(TOKENS))]
        elif kind == 2:  # delete a range
            del data[pos:pos + int(rng.integers(1, 8))]
        else:  # repeat a line
            lines = bytes(data).split(b"\n")
            k = int(rng.integers(0, len(lines)))
            lines.insert(k, lines[k])
            data = bytearray(b"\n".join(lines))
    return bytes(data)


def _gap_base() -> bytes:
    offsets = np.array([0, 2, 3, 4], "<i8")
    neigh = np.array([1, 2, 2, 0], "<i4")
    return struct.pack("<?qq", True, 4, 3) + offsets.tobytes() + neigh.tobytes() + offsets.tobytes() + \
        np.array([2, 0, 0, 1], "<i4").tobytes()


def _check_import(path) -> None:
    try:
        g = import_graph(path)
    except GrogError as err:
        assert str(err).startswith(f"{path}"), str(err)
        assert "\n" not in str(err).strip() or "error:" in str(err).splitlines()[0]
        return
    out = path.parent / "imported.csr"
    g.save(out)
    Graph.load(out, full_check=True, allow_negative_weights=True)  # what an import writes is a valid g.csr


@pytest.mark.parametrize("seed", [11, 12, 13])
def test_mutated_importer_inputs(tmp_path, seed):
    rng = np.random.default_rng(seed)
    names = list(TEXT_BASES) + ["g.sg"]
    for case in range(CASES_PER_SEED):
        name = names[rng.integers(0, len(names))]
        base = _gap_base() if name == "g.sg" else TEXT_BASES[name]
        data = _mutate_text(base, rng)
        if rng.random() < 0.25:
            name, data = name + ".gz", gzip.compress(data)
            if rng.random() < 0.3:
                data = data[:rng.integers(10, len(data))]  # truncated stream
        path = tmp_path / f"{case}-{name}"
        path.write_bytes(data)
        _check_import(path)
