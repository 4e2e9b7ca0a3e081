"""Loop carries that yield each other (swap, rotation, one value yielded
twice, an outer value yielded), with inits that die at the loop and inits
that stay live after it, scalar and vector, REPEAT and WHILE: the C runtime
agrees with the reference interpreter at -O0 and -O2, on 1 and 2 threads.

Regression: an arg whose init stays live had no preferred slot, and the
allocator gave it the slot just released for another carry's dying init;
the entry copies then overwrote that init before reading it
(hypothesis, test_per_edge_producers_run_in_the_c_runtime: 0 instead of 2)."""

from __future__ import annotations

import pytest

import grogc
from grogc.frontend.parser import parse_module
from grogc.interpreter import interpret

from backend_helpers import assert_outputs_agree, messy_graph

# name -> (the carries' inits, the yielded values); an init `live<k>` is read
# again after the loop, `dying<k>` is computed just before it and read only there;
# `out` is an outer value, `s` the sum of the first two carries (body-defined)
CASES = {
    "swap": (["live1", "dying2"], ["b", "a"]),
    "swap_dying_first": (["dying1", "live2"], ["b", "a"]),
    "swap_both_dying": (["dying1", "dying2"], ["b", "a"]),
    "swap_both_live": (["live1", "live2"], ["b", "a"]),
    "rotate3": (["live1", "dying2", "dying3"], ["b", "c", "a"]),
    "rotate3_other_way": (["dying1", "live2", "dying3"], ["c", "a", "b"]),
    "yielded_twice": (["live1", "dying2"], ["a", "a"]),
    "other_yielded_twice": (["dying1", "live2"], ["b", "b"]),
    "outer_value": (["live1", "dying2"], ["out", "a"]),
    "outer_value_second": (["dying1", "live2"], ["b", "out"]),
    "sum_and_swap": (["live1", "dying2", "dying3"], ["c", "s", "a"]),
    "sum_twice": (["live1", "dying2"], ["s", "s"]),
    "same_init_twice": (["dying1", "dying1"], ["b", "a"]),
    "unchanged": (["live1", "dying2"], ["a", "b"]),
}
NAMES = "abc"


def program(kind: str, inits: list[str], yields: list[str], vector: bool) -> str:
    t = "nodes<f64>" if vector else "f64"
    lines = ["func @p(%k: i64 = 3, %x: f64 = 1.0) {", "  %zi = core.const 0 : i64", "  %onei = core.const 1 : i64",
             "  %cap = core.const 2 : i64"]
    lines += [f"  %f{k} = core.const {float(10 ** k)} : f64" for k in (1, 2, 3)]
    if vector:  # per-node values, so a mix-up between nodes shows too
        lines.append('  %deg = graph.degree {dir = "out"} : nodes<f64>')
    base = "%deg" if vector else "%x"  # a parameter: nothing folds into constants
    lines += [f"  %live{k} = core.mul {base}, %f{k} : {t}" for k in (1, 2, 3)]
    for init in dict.fromkeys(i for i in inits if i.startswith("dying")):
        lines.append(f"  %{init} = core.add {base}, %f{init[-1]} : {t}")
    lines.append(f"  %out = core.add {base}, %f3 : {t}")
    carried = [(NAMES[j], "%" + init) for j, init in enumerate(inits)] + (
        [("i", "%zi")] if kind == "while" else [])
    results = [f"%r{j}" for j in range(len(carried))]
    types = [t] * len(inits) + (["i64"] if kind == "while" else [])
    pairs = ", ".join(f"%{name} = {init}" for name, init in carried)
    lines.append(f"  {', '.join(results)} = control.{kind} %k iter_args({pairs}) : {', '.join(types)} {{")
    lines.append(f"    %s = core.add %a, %b : {t}")
    yielded = ["%" + y for y in yields]
    if kind == "while":  # stops by its condition after 3 rounds, or by %k
        lines += ["    %inext = core.add %i, %onei : i64", "    %more = core.le %inext, %cap : bool"]
        yielded = ["%more"] + yielded + ["%inext"]
    lines.append(f"    control.yield {', '.join(yielded)}")
    lines.append("  }")
    for j in range(len(inits)):
        value = f"%r{j}"
        if not vector:
            lines.append(f"  %v{j} = core.fill %r{j} : nodes<f64>")
            value = f"%v{j}"
        lines.append(f'  attr.output "r{j}", {value}')
    for k in (1, 2, 3):  # the live inits are read after the loop
        lines.append(f'  attr.output "live{k}", %live{k}' if vector else
                     f"  %lv{k} = core.fill %live{k} : nodes<f64>\n  attr.output \"live{k}\", %lv{k}")
    lines.append("}")
    return "\n".join(lines)


@pytest.mark.parametrize("vector", [False, True], ids=["scalar", "vector"])
@pytest.mark.parametrize("kind", ["repeat", "while"])
@pytest.mark.parametrize("case", sorted(CASES))
def test_carries_agree_with_the_interpreter(case, kind, vector):
    inits, yields = CASES[case]
    text = program(kind, inits, yields, vector)
    graph = messy_graph()
    plans = {level: grogc.compile(text, opt_level=level, cache=False) for level in (0, 2)}
    for rounds in (0, 1, 2, 3, 4):
        want = interpret(parse_module(text).functions[0], graph, {"k": rounds})
        for level, plan in plans.items():
            for threads in (1, 2):
                got = plan.run(graph, threads=threads, k=rounds)
                assert_outputs_agree(got, want, f"{case} {kind} k={rounds} -O{level} threads={threads}\n{text}")


def test_the_reported_program_gives_the_interpreters_answer():
    """The smallest form of the bug: %b's init died at the loop, %a's did not."""
    text = program("repeat", ["live1", "dying2"], ["b", "a"], vector=False)
    graph = messy_graph()
    for level in (0, 2):
        got = grogc.compile(text, opt_level=level, cache=False).run(graph, k=1)
        assert got["r0"].tolist() == [101.0] * len(got["r0"])  # x + 100: the dying init
        assert got["r1"].tolist() == [10.0] * len(got["r1"])  # x * 10: the live one
