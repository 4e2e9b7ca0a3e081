"""Compiler scale: seconds per compile stage against op count (-O2).

    PYTHONPATH=$PWD python benchmarks/bench_compile_scale.py [--sizes 1000,5000,20000]
        [--shapes chain,wide,mix,loop] [--clock cpu|wall] [--repeat N] [--profile SHAPE:SIZE] [--fresh N]

Generates GIR programs of four shapes at each size and compiles each once
through the whole pipeline, timing every stage: parse (parse + verify),
hash (the canonical IR's sha256, which grogc.compile stores in the plan;
the printed input is handed on to the pass manager, as grogc.compile does),
each pass of the -O2 preset (with its instruments: printing and statistics
after every pass that may have changed the IR), lower (lowering, slot allocation, plan building) and
encode (msgpack bytes): together, what grogc.compile does with the plan
cache off.  The grammar is built before the first timing.  The shapes:

  chain  a def-use chain of element-wise adds (fusion's worst case before)
  wide   independent element-wise ops (siblings of one vector) summed by a
         balanced tree of adds
  mix    chains of element-wise ops with a pull every 8 ops and a reduction
         every 16, the reductions summed into a scalar output
  loop   the mix shape as the body of one control.repeat loop

For every stage the last column is the growth ratio from the smaller size
to the larger one divided by the growth in ops: about 1 for linear work,
the size ratio for quadratic work.  `--clock cpu` (the default) counts the
process's CPU seconds, `--clock wall` elapsed seconds: a compile runs on one
thread, so on a quiet machine they agree, and on a shared, loaded one the
CPU clock leaves out the time other processes held the core (wall figures
then vary 3x between runs).  `--profile chain:20000` runs cProfile over one
compile instead and prints the top 25 functions.  `--repeat 3` compiles
each program 3 times and reports each stage's least time.  `--fresh 3` instead
runs `grogc.compile(text, cache=False).to_bytes()` in a new Python process
3 times per shape and size (importing grogc and building the grammar
included, generating the text not) and prints each run's CPU seconds and
the least: what one `grogc compile` of such a program costs.
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import subprocess
import sys
import time
from types import SimpleNamespace

from grogc.backend.lower import lower
from grogc.backend.plan import Plan
from grogc.driver.pipeline import source_hash
from grogc.frontend.parser import parse_module
from grogc.ir.printer import print_function
from grogc.passes import manager
from grogc.passes.manager import LEVELS, optimize

CLOCKS = {"cpu": time.process_time, "wall": time.perf_counter}
clock = time.process_time


def chain(n: int) -> str:
    lines = ["func @chain() {", "  %x0 = graph.node_ids : nodes<i64>"]
    lines += [f"  %x{i + 1} = core.add %x{i}, %x0 : nodes<i64>" for i in range(n - 2)]
    return "\n".join(lines + [f'  attr.output "y", %x{n - 2}', "}"]) + "\n"


def wide(n: int) -> str:
    leaves = max(2, n // 2)
    lines = ["func @wide(%a: f64 = 0.5) {", "  %x = graph.degree {dir = \"out\"} : nodes<f64>"]
    level = []
    for i in range(leaves):
        op = ("core.mul", "core.add", "core.sub")[i % 3]
        lines.append(f"  %l{i} = {op} %x, %a : nodes<f64>")
        level.append(f"l{i}")
    k = 0
    while len(level) > 1:  # a balanced tree of adds: every leaf is read
        nxt = []
        for j in range(0, len(level) - 1, 2):
            lines.append(f"  %s{k} = core.add %{level[j]}, %{level[j + 1]} : nodes<f64>")
            nxt.append(f"s{k}")
            k += 1
        if len(level) % 2:
            nxt.append(level[-1])
        level = nxt
    return "\n".join(lines + [f'  attr.output "y", %{level[0]}', "}"]) + "\n"


def _mix_body(n: int, start: str, indent: str) -> tuple[list[str], str, str]:
    """n ops from vector %start: (lines, last vector, scalar sum of the reductions)."""
    lines, cur, total = [], start, None
    for i in range(n):
        name = f"v{i}"
        if i % 16 == 15:
            lines.append(f'{indent}%r{i} = core.reduce %{cur} {{op = "sum"}} : f64')
            if total is None:
                total = f"r{i}"
            else:
                lines.append(f"{indent}%t{i} = core.add %{total}, %r{i} : f64")
                total = f"t{i}"
            continue
        if i % 8 == 7:
            lines.append(f'{indent}%{name} = graph.pull %{cur} {{agg = "sum", dir = "in"}} : nodes<f64>')
        elif i % 3 == 0:
            lines.append(f"{indent}%{name} = core.mul %{cur}, %alpha : nodes<f64>")
        else:
            lines.append(f"{indent}%{name} = core.add %{cur}, %x0 : nodes<f64>")
        cur = name
    return lines, cur, total


def mix(n: int) -> str:
    body, last, total = _mix_body(n - 3, "x0", "  ")
    lines = ["func @mix(%alpha: f64 = 0.5) {", "  %x0 = graph.degree {dir = \"in\"} : nodes<f64>", *body,
             f'  attr.output "y", %{last}', f'  attr.output "s", %{total}', "}"]
    return "\n".join(lines) + "\n"


def loop(n: int) -> str:
    body, last, _ = _mix_body(n - 5, "a", "    ")
    lines = ["func @loop(%alpha: f64 = 0.5, %k: i64 = 3) {", "  %x0 = graph.degree {dir = \"in\"} : nodes<f64>",
             "  %r = control.repeat %k iter_args(%a = %x0) : nodes<f64> {", *body, f"    control.yield %{last}",
             "  }", '  attr.output "y", %r', "}"]
    return "\n".join(lines) + "\n"


SHAPES = {"chain": chain, "wide": wide, "mix": mix, "loop": loop}


def compile_timed(text: str) -> dict[str, float]:
    """Stage name -> seconds for one -O2 compile of `text`."""
    times: dict[str, float] = {}
    start = clock()
    fn = parse_module(text).functions[0]
    times["parse"] = clock() - start
    start = clock()
    ir_text = print_function(fn)  # as grogc.compile: printed once, for the hash and the pass manager's input
    digest = source_hash(fn, ir_text)
    times["hash"] = clock() - start
    start = clock()
    report = optimize(fn, level=2, input_text=ir_text)
    total = clock() - start
    for s in report.stats[1:]:
        times[s["name"]] = s["seconds"]
    times["(instruments)"] = total - sum(s["seconds"] for s in report.stats)
    start = clock()
    plan = Plan(lower(fn, source_hash=digest, pipeline=report.pipeline, pass_stats=report.stats))
    times["lower"] = clock() - start
    start = clock()
    plan.to_bytes()
    times["encode"] = clock() - start
    return times


# The child of --fresh: the program text arrives on stdin, the CPU seconds go to stdout.
_FRESH_CHILD = """
import sys, time
text = sys.stdin.read()
start = time.process_time()
import grogc
grogc.compile(text, cache=False).to_bytes()
print(time.process_time() - start)
"""


def fresh_seconds(text: str) -> float:
    """CPU seconds of one compile of `text` in a new process (the same
    interpreter and environment: run this with PYTHONPATH=$PWD)."""
    out = subprocess.run([sys.executable, "-c", _FRESH_CHILD], input=text, capture_output=True, text=True)
    if out.returncode != 0:
        raise SystemExit(out.stderr)
    return float(out.stdout)


def least(text: str, repeat: int) -> dict[str, float]:
    """compile_timed's stages, each the least of `repeat` compiles (on a shared machine
    the least is the run the other processes disturbed least)."""
    runs = [compile_timed(text) for _ in range(repeat)]
    return {stage: min(r[stage] for r in runs) for stage in runs[0]}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,5000,20000", help="comma-separated op counts (default %(default)s)")
    parser.add_argument("--shapes", default=",".join(SHAPES), help="comma-separated program shapes (default %(default)s)")
    parser.add_argument("--clock", default="cpu", choices=sorted(CLOCKS),
                        help="cpu: the process's CPU seconds (steadier on a shared machine); wall: elapsed")
    parser.add_argument("--profile", default=None, metavar="SHAPE:SIZE",
                        help="run cProfile over one compile (e.g. mix:20000) and print the top functions")
    parser.add_argument("--fresh", type=int, default=0, metavar="N",
                        help="compile each shape and size in N new processes, imports included, and print CPU seconds")
    parser.add_argument("--repeat", type=int, default=1, metavar="N",
                        help="compile each program N times and keep each stage's least time")
    args = parser.parse_args()
    if args.fresh:
        print("grogc.compile(text, cache=False).to_bytes() in a new process: CPU seconds per run, least")
        for shape in args.shapes.split(","):
            for size in (int(s) for s in args.sizes.split(",")):
                runs = [fresh_seconds(SHAPES[shape](size)) for _ in range(args.fresh)]
                print(f"  {shape:<6} {size:>7,}  " + " ".join(f"{r:6.2f}" for r in runs) + f"   least {min(runs):6.2f}")
        return
    global clock
    clock = CLOCKS[args.clock]
    # the pass manager times each pass with time.perf_counter: give it the chosen clock
    manager.time = SimpleNamespace(perf_counter=clock)
    parse_module(chain(10))  # builds the grammar and its parse table once, outside every timing
    if args.profile:
        shape, size = args.profile.split(":")
        text = SHAPES[shape](int(size))
        prof = cProfile.Profile()
        prof.runcall(compile_timed, text)
        pstats.Stats(prof).sort_stats("cumulative").print_stats(25)
        return
    sizes = [int(s) for s in args.sizes.split(",")]
    print(f"pipeline -O2: {LEVELS[2]}; clock: {args.clock}")
    for shape in args.shapes.split(","):
        rows = {size: least(SHAPES[shape](size), args.repeat) for size in sizes}
        stages = list(rows[sizes[0]])
        print(f"\n{shape}: seconds per stage" + "".join(f"{size:>10,}" for size in sizes) + "   growth/ops")
        for stage in stages + ["total"]:
            vals = [sum(rows[s].values()) if stage == "total" else rows[s].get(stage, 0.0) for s in sizes]
            growth = (vals[-1] / vals[0]) / (sizes[-1] / sizes[0]) if vals[0] > 1e-4 else float("nan")
            print(f"  {stage:<22}" + "".join(f"{v:10.3f}" for v in vals) + f"   {growth:8.2f}")


if __name__ == "__main__":
    main()
