"""`grogc graph partition`: edge-balanced ranges, self-contained parts, ghosts,
send lists, checksums and the manifest (no cluster needed)."""

from __future__ import annotations

import json
import subprocess
import sys

import numpy as np
import pytest

from grogc.errors import GrogError
from grogc.graph.errors import GraphFormatError
from grogc.graph.part_format import FLAG_IN, FLAG_OUT, read_manifest, read_part
from grogc.graph.partition import edge_balanced_bounds, partition_graph

from dist_helpers import kron_graph, messy_graph


def _parts(folder):
    m = read_manifest(folder)
    return m, [read_part(folder / e["file"], e, m["partition_id"]) for e in m["parts"]]


@pytest.mark.parametrize("parts", [1, 2, 3, 4, 7])
def test_ranges_tile_the_nodes_and_balance_arcs(parts):
    g = kron_graph()
    b = edge_balanced_bounds(g, parts)
    assert b[0] == 0 and b[-1] == g.n and np.all(np.diff(b) >= 0) and len(b) == parts + 1
    weight = np.diff(g.out_offsets) + np.diff(g.in_offsets) + 1
    per_part = [int(weight[b[p]:b[p + 1]].sum()) for p in range(parts)]
    # every part within one node's weight of an equal share
    assert max(per_part) <= weight.sum() / parts + weight.max()


def test_parts_hold_their_rows_ghosts_and_send_lists(tmp_path):
    g = kron_graph()
    manifest, parts = _parts_of(g, 3, tmp_path)
    ids_of = {}
    for part in parts:
        a, lo, hi = part.arrays, part.lo, part.hi
        assert np.array_equal(a["out_offsets"], g.out_offsets[lo:hi + 1] - g.out_offsets[lo])
        assert np.array_equal(a["out_targets"], g.out_targets[g.out_offsets[lo]:g.out_offsets[hi]])
        assert np.array_equal(a["in_sources"], g.in_sources[g.in_offsets[lo]:g.in_offsets[hi]])
        assert np.array_equal(a["in_weights"], g.in_weights[g.in_offsets[lo]:g.in_offsets[hi]])
        # ghosts: exactly the remote nodes the rows name, with the direction that names them
        want = {}
        for ids, bit in ((a["in_sources"], FLAG_IN), (a["out_targets"], FLAG_OUT)):
            for u in ids.tolist():
                if not lo <= u < hi:
                    want[u] = want.get(u, 0) | bit
        assert a["ghosts"].tolist() == sorted(want)
        assert a["ghost_flags"].tolist() == [want[u] for u in sorted(want)]
        ids_of[part.part] = (lo, want)
    for part in parts:  # what p sends q is q's ghosts in p's range, in q's order, with q's flags
        a = part.arrays
        for q in range(3):
            sent = a["send_index"][a["send_offsets"][q]:a["send_offsets"][q + 1]] + part.lo
            flags = a["send_flags"][a["send_offsets"][q]:a["send_offsets"][q + 1]]
            lo_q, ghosts_q = ids_of[q]
            mine = sorted(u for u in ghosts_q if part.lo <= u < part.hi) if q != part.part else []
            assert sent.tolist() == mine
            assert flags.tolist() == [ghosts_q[u] for u in mine]
    assert sum(e["ghosts"] for e in manifest["parts"]) == sum(e["sends"]["all"] for e in manifest["parts"])


def _parts_of(g, parts, folder):
    partition_graph(g, parts, folder)
    return _parts(folder)


def test_more_parts_than_nodes_leaves_empty_parts(tmp_path):
    g = messy_graph()
    manifest, parts = _parts_of(g, 7, tmp_path)
    assert [p.k for p in parts].count(0) >= 2 and sum(p.k for p in parts) == g.n


def test_a_changed_part_is_refused(tmp_path):
    partition_graph(kron_graph(), 2, tmp_path)
    m = read_manifest(tmp_path)
    raw = bytearray((tmp_path / "part-1.grogpart").read_bytes())
    raw[-100] ^= 1
    (tmp_path / "part-1.grogpart").write_bytes(bytes(raw))
    with pytest.raises(GraphFormatError, match=r"part 1\).*does not match its manifest"):
        read_part(tmp_path / "part-1.grogpart", m["parts"][1], m["partition_id"])


def test_a_part_of_another_partition_is_refused(tmp_path):
    partition_graph(kron_graph(), 2, tmp_path / "a")
    partition_graph(kron_graph(), 2, tmp_path / "b")
    m = read_manifest(tmp_path / "a")
    other = read_manifest(tmp_path / "b")
    (tmp_path / "a" / "part-0.grogpart").write_bytes((tmp_path / "b" / "part-0.grogpart").read_bytes())
    entry = dict(m["parts"][0], sha256=other["parts"][0]["sha256"])  # even with a matching checksum
    with pytest.raises(GraphFormatError, match="belongs to another partition"):
        read_part(tmp_path / "a" / "part-0.grogpart", entry, m["partition_id"])


def test_manifest_problems_are_named(tmp_path):
    with pytest.raises(GraphFormatError, match="not a partition folder"):
        read_manifest(tmp_path / "absent")
    tmp_path.joinpath("x").mkdir()
    with pytest.raises(GraphFormatError, match="no manifest"):
        read_manifest(tmp_path / "x")
    partition_graph(kron_graph(), 2, tmp_path / "p")
    path = tmp_path / "p" / "manifest.json"
    doc = json.loads(path.read_text())
    doc["parts"][1]["lo"] += 1
    path.write_text(json.dumps(doc))
    with pytest.raises(GraphFormatError, match="do not tile"):
        read_manifest(tmp_path / "p")
    path.write_text("{not json")
    with pytest.raises(GraphFormatError, match="unreadable manifest"):
        read_manifest(tmp_path / "p")


def test_partition_refuses_zero_parts(tmp_path):
    with pytest.raises(GrogError, match="at least 1"):
        partition_graph(kron_graph(), 0, tmp_path)


def test_cli_partition(tmp_path):
    g = kron_graph()
    g.save(tmp_path / "g.csr")
    run = subprocess.run([sys.executable, "-m", "grogc", "graph", "partition", str(tmp_path / "g.csr"), "-p", "3",
                          "-o", str(tmp_path / "parts")], capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    assert "3 parts" in run.stdout and "part 2:" in run.stdout
    assert read_manifest(tmp_path / "parts")["n"] == g.n
    bad = subprocess.run([sys.executable, "-m", "grogc", "graph", "partition", str(tmp_path / "g.csr"), "-p", "0",
                          "-o", str(tmp_path / "p0")], capture_output=True, text=True)
    assert bad.returncode == 2 and "Traceback" not in bad.stderr
    missing = subprocess.run([sys.executable, "-m", "grogc", "graph", "partition", str(tmp_path / "none.csr"),
                              "-p", "2", "-o", str(tmp_path / "p2")], capture_output=True, text=True)
    assert missing.returncode == 1 and "Traceback" not in missing.stderr
