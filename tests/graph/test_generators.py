"""Generators: the documented definition, determinism and policies."""

import numpy as np
import pytest
from typer.testing import CliRunner

from grogc.cli_graph import graph_app
from grogc.graph import Graph, _native
from grogc.graph import generators as gen

from .conftest import needs_runtime

pytestmark = needs_runtime


def test_rng_known_value_and_c_numpy_agree():
    # Pinned so that a change of the generator definition is noticed.
    from grogc.binding._grog_runtime import lib

    assert lib.grog_rng(7, 3, 11) == int(gen.rng(7, 3, np.array([11]))[0]) == 5681833265433453318


def test_kron_c_matches_numpy_reference():
    a = _native.kron_arcs(12, 42, 1000, 5000, gen.kron_thresholds())
    b = gen.kron_arcs_numpy(12, 42, 1000, 5000)
    assert np.array_equal(a[0], b[0]) and np.array_equal(a[1], b[1])


def test_kron_quadrant_frequencies():
    src, dst = _native.kron_arcs(1, 3, 0, 200000, gen.kron_thresholds())
    quad = np.bincount(src.astype(int) * 2 + dst, minlength=4) / 200000
    assert np.allclose(quad, [0.57, 0.19, 0.19, 0.05], atol=0.005)


@pytest.mark.parametrize("kind", ["kron", "uniform"])
def test_same_arguments_same_file(tmp_path, kind):
    gen.generate(kind, 10, 8, 5, weighted=True).save(tmp_path / "a.csr")
    gen.generate(kind, 10, 8, 5, weighted=True).save(tmp_path / "b.csr")
    gen.generate(kind, 10, 8, 6, weighted=True).save(tmp_path / "c.csr")
    assert (tmp_path / "a.csr").read_bytes() == (tmp_path / "b.csr").read_bytes()
    assert (tmp_path / "a.csr").read_bytes() != (tmp_path / "c.csr").read_bytes()


def test_default_policy_undirected_no_loops_no_duplicates():
    g = gen.generate("kron", 10, 16, 1)
    assert g.n == 1024 and not g.directed and not g.weighted
    src, dst = g.arcs()
    assert not np.any(src == dst)
    assert len(set(zip(src.tolist(), dst.tolist()))) == g.m
    assert g.m == 2 * g.num_edges and g.num_edges < 16 * 1024


def test_weights_in_unit_interval_and_directed_option():
    g = gen.generate("uniform", 8, 4, 2, weighted=True, directed=True, keep_self_loops=True, keep_multi=True)
    assert g.directed and g.m == 4 * 256
    assert g.out_weights.min() >= 0.0 and g.out_weights.max() < 1.0


def test_bad_arguments():
    with pytest.raises(Exception, match="--scale must lie in 1..31"):
        gen.generate("kron", 0)
    with pytest.raises(Exception, match="unknown generator 'foo'"):
        gen.generate("foo", 4)


def test_cli_generate_info_export(tmp_path):
    runner = CliRunner()
    out = tmp_path / "k.csr"
    r = runner.invoke(graph_app, ["generate", "kron", "--scale", "8", "--edge-factor", "4", "--seed", "3", "-o", str(out)])
    assert r.exit_code == 0, r.output
    assert "n=256" in r.output and Graph.load(out).n == 256
    r = runner.invoke(graph_app, ["info", str(out)])
    assert r.exit_code == 0 and "directed" in r.output and "out-degree" in r.output
    r = runner.invoke(graph_app, ["export", str(out), "-o", str(tmp_path / "k.txt")])
    assert r.exit_code == 0
    r = runner.invoke(graph_app, ["import", str(tmp_path / "k.txt"), "--undirected", "-o", str(tmp_path / "k2.csr")])
    assert r.exit_code == 0
    g, h = Graph.load(out), Graph.load(tmp_path / "k2.csr")
    keep = np.flatnonzero(np.diff(g.out_offsets) > 0)  # export drops isolated vertices
    assert h.node_ids.tolist() == keep.tolist() and h.m == g.m


def test_cli_generate_bad_scale(tmp_path):
    r = CliRunner().invoke(graph_app, ["generate", "kron", "--scale", "40", "-o", str(tmp_path / "x.csr")])
    assert r.exit_code == 1 and "--scale must lie in 1..31, got 40" in r.output
