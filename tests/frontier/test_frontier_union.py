"""PROPAGATE's union-find path (runtime_c/frontier_union.c, docs/frontier.md
"When nobody reads the round count"): f(x) = x over dir "all" without a mask
gives every weakly connected component its best initial value.

Graphs here are large enough (n well above GROG_BLOCK) that the runtime's
loops really run on two threads.  Each run is checked three ways: -O0 (the
reference interpreter, round by round) to the same bits, 1 and 2 threads to
the same bits, and each component's best initial value from NetworkX's
components; the profile says which strategy ran, so no comparison is
vacuous."""

from __future__ import annotations

import networkx as nx
import numpy as np
import pytest

import grogc
from grogc.binding.runtime import FRONTIER_KINDS, ProfileRequest
from grogc.frontend.parser import parse_module, select_entry
from grogc.graph import Graph
from grogc.graph.generators import generate
from grogc.interpreter import interpret
from grogc.library import algorithm_path

N = 6000  # about three GROG_BLOCKs


def _program(dtype: str, agg: str, *, mask: bool = False) -> str:
    comb = {"min": "core.min", "max": "core.max", "or": "core.or", "and": "core.and"}[agg]
    nxt, load_mask, pin = "%y", "", ""
    if mask:
        load_mask = '  %mask = attr.load "mask" : nodes<bool>\n'
        pin = f"    %nx = core.select %mask, %y, %x : nodes<{dtype}>\n"
        nxt = "%nx"
    return f"""func @prop(%cap: i64) {{
  %x0 = attr.load "x0" : nodes<{dtype}>
{load_mask}  %r = control.while %cap iter_args(%x = %x0) : nodes<{dtype}> {{
    %p = graph.pull %x {{agg = "{agg}", dir = "all"}} : nodes<{dtype}>
    %y = {comb} %x, %p : nodes<{dtype}>
{pin}    %t = core.ne {nxt}, %x : nodes<bool>
    %any = core.reduce %t {{op = "any"}} : bool
    control.yield %any, {nxt}
  }}
  attr.output "x", %r
}}
"""


def _skewed(directed: bool, seed: int) -> Graph:
    """A giant component with hubs (so Afforest's sampling skips most of
    it), many small components, isolated nodes, self-loops and duplicates."""
    rng = np.random.default_rng(seed)
    hubs = rng.integers(0, 50, 4 * N // 3)
    leaves = rng.integers(0, 2 * N // 3, 4 * N // 3)
    small = rng.integers(2 * N // 3, N - 200, N // 4)
    src = np.concatenate([hubs, small, [7, 7]])
    dst = np.concatenate([leaves, small + rng.integers(0, 3, len(small)), [7, 7]])
    return Graph.from_edges(src, dst, directed=directed, nodes=np.arange(N), keep_multi=True)


def _values(kind: str, rng) -> np.ndarray:
    if kind == "permuted":  # not the ids: each component's best sits anywhere in it
        return rng.permutation(N).astype(np.int64)
    if kind == "duplicates":  # several nodes share the best value, ties everywhere
        return rng.integers(-3, 4, N).astype(np.int64)
    if kind == "f64":  # NaN-free, with infinities and repeats
        return rng.choice([-np.inf, -2.5, 0.0, 0.25, 1e300, np.inf], N) + 0.0
    if kind == "sorted":  # never better later under min (the roots already hold the best), always under max
        return np.sort(rng.integers(-50, 50, N)).astype(np.int64)
    if kind == "reversed":
        return np.sort(rng.choice([-np.inf, -1.5, 0.0, 2.0, np.inf], N))[::-1] + 0.0
    if kind == "sorted but one":  # one value better than all, on hub 10 (giant component, not its root)
        x = np.sort(rng.integers(-50, 50, N)).astype(np.int64)
        x[10] = -51
        return x
    return rng.random(N) < 0.01  # bool


CASES = [("permuted", "i64", "min"), ("permuted", "i64", "max"), ("duplicates", "i64", "min"),
         ("f64", "f64", "min"), ("f64", "f64", "max"), ("bool", "bool", "or"), ("bool", "bool", "and"),
         ("sorted", "i64", "min"), ("sorted", "i64", "max"), ("reversed", "f64", "max"), ("reversed", "f64", "min"),
         ("sorted but one", "i64", "min")]


def _run(text: str, g: Graph, attrs: dict, cap: int, ending: list | None = None):
    """-O2 on 1 and 2 threads (equal bits), its result and its round kinds;
    `ending` gets whether the loop converged (False: stopped at max_iter)."""
    plan = grogc.compile(text, opt_level=2)
    assert "PROPAGATE" in plan.listing(), plan.listing()
    req = ProfileRequest()
    one = plan.run(g, threads=1, attrs=attrs, cap=cap, profile=req)
    two = plan.run(g, threads=2, attrs=attrs, cap=cap)
    assert one["x"].tobytes() == two["x"].tobytes() and one.converged == two.converged
    if ending is not None:
        ending.append(one.converged)
    kinds = {FRONTIER_KINDS[k] for k in req.result.frontier["kind"][:max(1, int(req.result.loop_rounds.max()))]}
    return one["x"], kinds


def _reference(text: str, g: Graph, attrs: dict, cap: int) -> np.ndarray:
    return interpret(select_entry(parse_module(text, "<union>")), g, {"cap": cap}, attrs)["x"]


def _best_per_component(g: Graph, x0: np.ndarray, agg: str) -> np.ndarray:
    G = nx.Graph()
    G.add_nodes_from(range(g.n))
    off, tgt = np.asarray(g.out_offsets), np.asarray(g.out_targets)
    G.add_edges_from(zip(np.repeat(np.arange(g.n), np.diff(off)).tolist(), tgt.tolist()))
    want = np.array(x0)
    pick = min if agg in ("min", "and") else max
    for comp in nx.connected_components(G):
        members = sorted(comp)
        want[members] = pick(x0[members].tolist())
    return want


@pytest.mark.parametrize("directed", [False, True], ids=["undirected", "directed"])
@pytest.mark.parametrize("kind,dtype,agg", CASES)
def test_union_path_equals_O0_and_each_components_best(kind, dtype, agg, directed):
    g = _skewed(directed, seed=len(kind) + 7 * directed)
    rng = np.random.default_rng(3)
    attrs = {"x0": _values(kind, rng)}
    text = _program(dtype, agg)
    got, kinds = _run(text, g, attrs, cap=N)
    assert kinds == {"union"}, kinds
    assert got.tobytes() == _reference(text, g, attrs, N).tobytes()
    assert got.tobytes() == _best_per_component(g, attrs["x0"], agg).astype(got.dtype).tobytes()


def test_a_masked_loop_never_takes_the_union_path():
    g = _skewed(False, seed=1)
    rng = np.random.default_rng(5)
    attrs = {"x0": rng.permutation(N).astype(np.int64), "mask": rng.random(N) < 0.3}
    text = _program("i64", "min", mask=True)
    got, kinds = _run(text, g, attrs, cap=N)
    assert "union" not in kinds, kinds
    assert got.tobytes() == _reference(text, g, attrs, N).tobytes()
    pinned = ~attrs["mask"]  # select %mask, %y, %x: where the mask is false x stays
    assert (got[pinned] == attrs["x0"][pinned]).all()
    assert got.tobytes() != _best_per_component(g, attrs["x0"], "min").tobytes()


def _long_path(n: int) -> Graph:
    """A path of n nodes plus isolated ones, the smallest value at one end:
    it needs n - 1 rounds to reach the other end."""
    src = np.arange(n - 1)
    return Graph.from_edges(src, src + 1, directed=False, nodes=np.arange(N))


@pytest.mark.parametrize("slack", [-2, -1, 0, 1])
def test_the_union_path_needs_max_iter_to_cover_the_largest_component(slack):
    """max_iter >= the largest component's size: the loop surely ends by its
    test at the fixpoint, so the union path may answer.  One round fewer and
    -O0 stops short (or by its limit): the rounds must run."""
    size = 2500
    g = _long_path(size)
    attrs = {"x0": np.arange(N, dtype=np.int64)}
    text = _program("i64", "min")
    cap = size + slack
    ending = []
    got, kinds = _run(text, g, attrs, cap=cap, ending=ending)
    assert got.tobytes() == _reference(text, g, attrs, cap).tobytes()
    assert ("union" in kinds) == (cap >= size), kinds
    assert (got[:size] == 0).all() == (cap >= size - 1)
    # -O0 changes a value in each of its first size - 1 rounds; round size is the first that can end by the test
    assert ending == [cap >= size]


@pytest.mark.parametrize("verify", [True, False])
def test_an_undirected_g_csr_file_takes_the_union_path(tmp_path, verify):
    """A checked load passes one CSR for both directions; an unchecked one
    keeps the file's in-arrays as a copy: the union-find trusts the graph's
    undirected flag rather than pointer equality."""
    g = _skewed(False, seed=2)
    g.save(tmp_path / "g.csr")
    loaded = Graph.load(tmp_path / "g.csr", verify=verify)
    assert (loaded.in_offsets is loaded.out_offsets) == verify
    rng = np.random.default_rng(9)
    attrs = {"x0": rng.permutation(N).astype(np.int64)}
    text = _program("i64", "min")
    got, kinds = _run(text, loaded, attrs, cap=N)
    assert kinds == {"union"}
    assert got.tobytes() == _run(text, g, attrs, cap=N)[0].tobytes()
    assert got.tobytes() == _best_per_component(g, attrs["x0"], "min").tobytes()


def test_examples_components_gir_equals_the_wcc_kernel_on_a_kronecker_graph():
    """The two users of grog_afforest agree (internal ids against original ones)."""
    g = generate("kron", 13, 8, 4)
    ours = grogc.compile("examples/components.gir").run(g, threads=2)["component"]
    wcc = grogc.compile(str(algorithm_path("components"))).run(g, threads=2)["component"]
    assert np.array_equal(g.node_ids[ours], wcc)  # its labels are internal ids, the kernel's original ones
