"""Seeded, bounded fuzzing of the Python-side inputs: plan files and GIR text
(issue 14; the C runtime's own fuzzer is tests/runtime/rt_fuzz_driver.py).

Plans: valid library plans, mutated (a field replaced by a value of another
kind, or removed), packed as msgpack.  Whatever Plan.from_bytes accepts,
every `grogc explain` format must render; whatever it refuses must be a
PlanError.  GIR: library sources with characters and tokens inserted,
deleted or swapped; parsing and compiling either work or raise a GrogError
with a location, never another exception.  Reproductions from the issue are
kept as regression cases below."""

from __future__ import annotations

import copy
import random
from pathlib import Path

import msgpack
import pytest

import grogc
from grogc.backend.plan import Plan
from grogc.errors import GrogError
from grogc.explain import explain_program, render
from grogc.library import algorithm_names, algorithm_source

PLAN_VALUES = [None, 0, -1, 1, 2**40, -(2**62), 1.5, float("nan"), float("inf"), "x", "", b"\xff\x00", [], {},
               True, [1, "a"], {"a": 1}, {"name": "x"}]
GIR_PIECES = ["{", "}", "(", ")", "%", "%x", "@f", ":", ",", "=", "nodes<f64>", "f64", "i64", "1e400", "nan",
              "-inf", '"', "\n", "//", "control.while", "core.add", "graph.pull", "iter_args(", "\u00e9", "\x00"]


@pytest.fixture(scope="module")
def library_plans():
    return [grogc.compile(name) for name in ("pagerank", "components", "sssp", "hits", "scc", "label_propagation")]


def _paths(obj, prefix=()):
    yield prefix
    if isinstance(obj, dict):
        for k, v in obj.items():
            yield from _paths(v, prefix + (k,))
    elif isinstance(obj, list):
        for i, v in enumerate(obj):
            yield from _paths(v, prefix + (i,))


def _mutate(data: dict, rng: random.Random) -> None:
    path = rng.choice([p for p in _paths(data) if p])
    parent = data
    for key in path[:-1]:
        parent = parent[key]
    if rng.random() < 0.75:
        parent[path[-1]] = copy.deepcopy(rng.choice(PLAN_VALUES))
    elif isinstance(parent, dict):
        del parent[path[-1]]
    else:
        parent.pop(path[-1])


@pytest.mark.parametrize("seed", range(4))
def test_explain_renders_every_plan_the_reader_accepts(library_plans, tmp_path, seed):
    rng = random.Random(seed)
    accepted = 0
    for i in range(250):
        data = copy.deepcopy(rng.choice(library_plans).data)
        for _ in range(rng.randint(1, 3)):
            _mutate(data, rng)
        raw = msgpack.packb(data, use_bin_type=True)
        try:
            Plan.from_bytes(raw)
        except GrogError:
            continue
        accepted += 1
        path = tmp_path / f"m{i}.plan"
        path.write_bytes(raw)
        for fmt in ("text", "json", "dot", "html"):
            try:
                out = render(explain_program(str(path)), fmt)
            except GrogError:
                continue  # a clear error is fine; any other exception fails the test
            assert out.endswith("\n")
    assert accepted >= 5  # the mutations must reach explain, not only the reader


def test_explain_regressions_from_the_issue(library_plans, tmp_path):
    base = library_plans[0].data
    cases = {
        "stats-missing-field": lambda d: d["stats"]["passes"][1].pop("ops_after"),
        "stats-slots-missing": lambda d: d["stats"]["slots"].pop("scalar"),
        "stats-bytes-name": lambda d: d["stats"]["passes"][0].__setitem__("name", b"\xff"),
        "stats-negative": lambda d: d["stats"]["slots"].__setitem__("block", -3),
    }
    for name, mutate in cases.items():
        data = copy.deepcopy(base)
        mutate(data)
        with pytest.raises(GrogError, match=r"^<bytes>: error: plan.stats"):
            Plan.from_bytes(msgpack.packb(data, use_bin_type=True), "<bytes>")
    # a slot read before any write is legal in a plan (the runtime reads zeros): explain shows it
    data = copy.deepcopy(base)
    data["constants"] = data["constants"][1:]
    path = tmp_path / "unset.plan"
    path.write_bytes(msgpack.packb(data, use_bin_type=True))
    Plan.load(path)
    for fmt in ("text", "json", "dot", "html"):
        assert render(explain_program(str(path)), fmt)
    assert "never written" in render(explain_program(str(path)), "dot")
    # the html page draws it as its own node, with a tooltip saying what it is (a KeyError in graph_layout.py before)
    page = render(explain_program(str(path)), "html")
    assert 'class="node unwritten"' in page
    assert "a slot the plan reads before writing it (the runtime reads zeros)" in page


def _mutate_text(text: str, rng: random.Random) -> str:
    for _ in range(rng.randint(1, 4)):
        i = rng.randrange(len(text) + 1)
        r = rng.random()
        if r < 0.4:
            text = text[:i] + rng.choice(GIR_PIECES) + text[i:]
        elif r < 0.7:
            text = text[:i] + text[i + rng.randint(1, 8):]
        else:
            j = rng.randrange(len(text) + 1)
            text = text[:i] + text[j:j + 5] + text[i:]
    return text


@pytest.mark.parametrize("seed", range(3))
def test_mutated_gir_compiles_or_gives_a_located_error(seed):
    rng = random.Random(seed)
    sources = [algorithm_source(name) for name in algorithm_names()]
    for _ in range(120):
        text = _mutate_text(rng.choice(sources), rng)
        try:
            grogc.compile(text, cache=False)
        except GrogError as err:
            first = str(err).splitlines()[0]
            assert first.startswith("<input>:") or first.startswith("error:"), first
