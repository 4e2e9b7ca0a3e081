"""The library's four algorithms written with the builder: each gives the
same IR as its file in grogc/library/ (structurally and as canonical text),
the same IR after -O2, and the same plan bytes.

The builder programs here are the ones docs/builder.md shows;
test_docs_examples_build_the_same_ir runs the doc's own code blocks.  The
last tests check that they compute what their names promise (NetworkX, or a
direct Python label propagation, on small random graphs), through the C
runtime and the reference interpreter.
"""

from __future__ import annotations

import copy
import re
from collections import Counter
from pathlib import Path

import networkx as nx
import numpy as np
import pytest

from grogc.interpreter import interpret
from grogc.builder import AlgorithmBuilder, function_difference, module_difference
from grogc.frontend.parser import parse_file
from grogc.graph import Graph
from grogc.ir.printer import print_function
from grogc.library import algorithm_path

HERE = Path(__file__).resolve().parent
DOCS = HERE.parents[1] / "docs" / "builder.md"


# The library's components runs the graph.wcc kernel; the min-label
# propagation this builder program spells is kept as an example.
PROPAGATION_FORMS = {"components": HERE.parents[1] / "examples" / "components_min_label.gir"}


def library_file(name: str) -> Path:
    """The .gir file the builder program must equal: the library's own, or
    the propagation form in examples/ of a library algorithm that now runs a
    graph kernel."""
    return PROPAGATION_FORMS.get(name) or algorithm_path(name)


def pagerank() -> AlgorithmBuilder:
    b = AlgorithmBuilder("pagerank")
    alpha = b.param("alpha", "f64", default=0.85, min=0.0, max=1.0)
    max_iter = b.param("max_iter", "i64", default=100, min=0)
    tol = b.param("tol", "f64", default=1.0e-6, min=0.0)
    weighted = b.param("weighted", "bool", default=False)
    n = b.node_count("f64", name="n")
    one = b.const(1.0, name="one")
    zero = b.const(0.0, name="zero")
    inv_n = b.div(one, n, name="inv_n")
    x0 = b.fill(inv_n, name="x0")
    plain_deg = b.degree("out", name="plain_deg")
    weight_deg = b.degree("out", weighted=True, name="weight_deg")
    deg = b.select(weighted, weight_deg, plain_deg, name="deg")
    inv_deg = deg.recip(name="inv_deg")
    dangling = deg.eq(zero, name="dangling")
    with b.while_loop(max_iter, xi=x0) as loop:
        xi = loop.xi
        contrib = (xi * inv_deg).named("contrib")
        nsum = contrib.pull("sum", dir="in", weight="mul", gate=weighted, name="nsum")
        dmass = b.select(dangling, xi, zero, name="dmass")
        dsum = dmass.sum(name="dsum")
        dshare = (dsum * inv_n).named("dshare")
        t = (nsum + dshare).named("t")
        damped = (t * alpha).named("damped")
        keep = (one - alpha).named("keep")
        teleport = (keep * inv_n).named("teleport")
        nxt = (damped + teleport).named("next")
        delta = (nxt - xi).named("delta")
        absd = abs(delta).named("absd")
        err = absd.sum(name="err")
        limit = (tol * n).named("limit")
        close = (err < limit).named("close")
        more = (~close).named("more")  # not (err < limit): a NaN err is not convergence
        loop.yield_(more, xi=nxt)
    b.output("pagerank", loop.results.xi.named("x"))
    return b


def components() -> AlgorithmBuilder:
    b = AlgorithmBuilder("components")
    ids = b.node_ids(name="ids")
    n = b.node_count("i64", name="n")
    with b.while_loop(n, l=ids) as loop:
        nmin = loop.l.pull("min", dir="all", name="nmin")
        nxt = b.minimum(loop.l, nmin, name="next")
        changed = nxt.ne(loop.l, name="changed")
        loop.yield_(changed.any(name="any"), l=nxt)
    b.output("component", loop.results.l.named("labels"), node_ids=True)
    return b


def bfs() -> AlgorithmBuilder:
    b = AlgorithmBuilder("bfs")
    source = b.param("source", "node")
    ids = b.node_ids(name="ids")
    n = b.node_count("i64", name="n")
    zero = b.const(0, name="zero")
    one = b.const(1, name="one")
    unreached = b.const(-1, name="unreached")
    is_source = ids.eq(source, name="is_source")
    dist0 = b.select(is_source, zero, n, name="dist0")
    with b.while_loop(n, d=dist0) as loop:
        step = (loop.d + one).named("step")
        near = step.pull("min", dir="in", name="near")
        nxt = b.minimum(loop.d, near, name="next")
        changed = (nxt < loop.d).named("changed")
        loop.yield_(changed.any(name="any"), d=nxt)
    dist = loop.results.d.named("dist")
    reached = (dist < n).named("reached")
    levels = b.select(reached, dist, unreached, name="levels")
    b.output("level", levels)
    return b


def label_propagation() -> AlgorithmBuilder:
    b = AlgorithmBuilder("label_propagation")
    max_iter = b.param("max_iter", "i64", default=100, min=0)
    ids = b.node_ids(name="ids")
    with b.while_loop(max_iter, l=ids) as loop:
        nxt = loop.l.pull("mode", dir="all", name="next")
        changed = nxt.ne(loop.l, name="changed")
        loop.yield_(changed.any(name="any"), l=nxt)
    b.output("label", loop.results.l.named("labels"), node_ids=True)
    return b


ALGORITHMS = {"pagerank": pagerank, "components": components, "bfs": bfs, "label_propagation": label_propagation}


@pytest.mark.parametrize("name", sorted(ALGORITHMS))
def test_builder_ir_equals_the_library_gir(name):
    expected = parse_file(library_file(name))
    built = ALGORITHMS[name]().ir()
    difference = module_difference(built, expected)
    assert difference is None, difference
    assert print_function(built.functions[0]) == print_function(expected.functions[0])


@pytest.mark.parametrize("name", sorted(ALGORITHMS))
def test_same_ir_after_O2(name):
    from grogc.passes import optimize

    expected = parse_file(library_file(name)).functions[0]
    built = ALGORITHMS[name]().ir().functions[0]
    optimize(expected, level=2, verify_each=True)
    optimize(built, level=2, verify_each=True)
    assert function_difference(built, expected) is None
    assert print_function(built) == print_function(expected)


def timeless_bytes(plan) -> bytes:
    """The plan's bytes with the per-pass wall-clock times zeroed: they are
    the only part of a plan that differs between two compiles of one text."""
    from grogc.backend.plan import Plan

    data = copy.deepcopy(plan.data)
    for record in data["stats"]["passes"]:
        record["seconds"] = 0.0
    return Plan(data).to_bytes()


@pytest.mark.parametrize("name", sorted(ALGORITHMS))
def test_same_plan_bytes_as_grogc_compile(name):
    import grogc.driver.api as api

    from_text = api.compile(library_file(name))
    from_builder = ALGORITHMS[name]().compile()
    assert timeless_bytes(from_builder) == timeless_bytes(from_text)
    assert from_builder.entry == name and from_builder.data["source_hash"] == from_text.data["source_hash"]


def _doc_blocks() -> list[str]:
    return re.findall(r"```python\n(.*?)```", DOCS.read_text(), flags=re.S)


def test_docs_examples_build_the_same_ir():
    """Every python block of docs/builder.md runs; the ones that build a
    library algorithm (a block defining `b` named like it) give its IR."""
    if not DOCS.is_file():
        pytest.skip("docs/builder.md is absent")
    checked = set()
    for block in _doc_blocks():
        scope: dict = {}
        exec(compile(block, str(DOCS), "exec"), scope)
        b = scope.get("b")
        if isinstance(b, AlgorithmBuilder) and b.function_name in ALGORITHMS:
            difference = module_difference(b.ir(), parse_file(library_file(b.function_name)))
            assert difference is None, f"{b.function_name}: {difference}"
            checked.add(b.function_name)
    assert checked == set(ALGORITHMS)


# ---- semantics ----------------------------------------------------------------


def graphs():
    directed = nx.gnp_random_graph(40, 0.05, seed=7, directed=True)
    undirected = nx.gnp_random_graph(30, 0.08, seed=3)
    undirected.add_node(99)  # isolated node
    return [directed, undirected]


def by_original(g: Graph, values) -> dict:
    return {int(n): v for n, v in zip(g.node_ids, np.asarray(values).tolist())}


@pytest.fixture(params=[0, 1], ids=["directed", "undirected"])
def graph_pair(request):
    G = graphs()[request.param]
    return G, Graph.from_networkx(G)


def both(builder, g, **params):
    """Outputs from the C runtime on the -O2 plan, checked against the interpreter."""
    fn = builder.ir().functions[0]
    reference = interpret(fn, g, params)
    compiled = builder.compile().run(g, **params)
    for key in reference:
        assert np.allclose(compiled[key], reference[key], rtol=1e-12, atol=1e-15), key
    return compiled


def test_pagerank_matches_networkx(graph_pair):
    G, g = graph_pair
    got = by_original(g, both(pagerank(), g)["pagerank"])
    ref = nx.pagerank(G)
    assert max(abs(got[n] - ref[n]) for n in G) < 1e-6


def test_weighted_pagerank_matches_networkx(graph_pair):
    G, _ = graph_pair
    rng = np.random.default_rng(5)
    for u, v in G.edges:
        G[u][v]["weight"] = float(rng.uniform(0.1, 3.0))
    g = Graph.from_networkx(G)
    got = by_original(g, both(pagerank(), g, weighted=True)["pagerank"])
    ref = nx.pagerank(G, weight="weight")
    assert max(abs(got[n] - ref[n]) for n in G) < 1e-6
    plain = by_original(g, both(pagerank(), g, weighted=False)["pagerank"])
    ref_plain = nx.pagerank(G, weight=None)
    assert max(abs(plain[n] - ref_plain[n]) for n in G) < 1e-6
    assert max(abs(got[n] - plain[n]) for n in G) > 1e-4  # the weights matter on this graph


def test_components_match_networkx(graph_pair):
    G, g = graph_pair
    got = by_original(g, both(components(), g)["component"])
    parts = nx.weakly_connected_components(G) if G.is_directed() else nx.connected_components(G)
    for part in parts:
        labels = {got[n] for n in part}
        assert labels == {min(part)}  # original ids: a component's smallest node
    assert len(set(got.values())) == len(list(nx.weakly_connected_components(G) if G.is_directed() else nx.connected_components(G)))


def test_bfs_levels_match_networkx(graph_pair):
    G, g = graph_pair
    source = min(G)
    got = by_original(g, both(bfs(), g, source=source)["level"])
    ref = nx.single_source_shortest_path_length(G, source)
    assert got == {n: ref.get(n, -1) for n in G}


def test_label_propagation_matches_a_direct_implementation(graph_pair):
    G, g = graph_pair
    got = both(label_propagation(), g)["label"]
    # synchronous CDLP over internal ids: mode of in+out neighbour labels, ties to the smallest
    labels = list(range(g.n))
    neighbours = [list(g.in_sources[g.in_offsets[v]:g.in_offsets[v + 1]]) +
                  list(g.out_targets[g.out_offsets[v]:g.out_offsets[v + 1]]) for v in range(g.n)]
    for _ in range(100):
        nxt = []
        for v in range(g.n):
            if not neighbours[v]:
                nxt.append(labels[v])
                continue
            counts = Counter(labels[u] for u in neighbours[v])
            best = max(counts.values())
            nxt.append(min(label for label, c in counts.items() if c == best))
        changed = nxt != labels
        labels = nxt
        if not changed:
            break
    assert got.tolist() == [int(g.node_ids[label]) for label in labels]  # written as original ids
