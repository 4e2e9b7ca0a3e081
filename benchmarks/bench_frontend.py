"""Front-end throughput: parse + verify + print of a generated 5,000-op program.

    python benchmarks/bench_frontend.py [--ops 5000] [--repeat 5]

The program is a chain of element-wise ops inside nested loops (a realistic
mix of operands, attributes and regions). Prints ops per second (median).
"""

from __future__ import annotations

import argparse
import statistics
import time

from grogc.frontend.parser import parse_module
from grogc.ir.printer import print_module


def generated_program(ops: int) -> str:
    lines = ["func @big(%alpha: f64 = 0.85, %k: i64 = 3) {", "  %x0 = graph.degree {dir = \"in\"} : nodes<f64>"]
    count = 1
    prev = "x0"
    body_per_loop = 48
    loop = 0
    while count < ops - 2:
        loop += 1
        lines.append(f"  %r{loop} = control.repeat %k iter_args(%a{loop} = %{prev}) : nodes<f64> {{")
        count += 1
        cur = f"a{loop}"
        for i in range(min(body_per_loop, ops - 2 - count)):
            name = f"v{loop}_{i}"
            if i % 6 == 5:
                lines.append(f'    %{name} = graph.pull %{cur} {{agg = "sum", dir = "in"}} : nodes<f64>')
            elif i % 3 == 0:
                lines.append(f"    %{name} = core.mul %{cur}, %alpha : nodes<f64>")
            else:
                lines.append(f"    %{name} = core.add %{cur}, %{cur} : nodes<f64>")
            cur = name
            count += 1
        lines.append(f"    control.yield %{cur}")
        lines.append("  }")
        count += 1
        prev = f"r{loop}"
    lines.append(f'  attr.output "x", %{prev}')
    lines.append("}")
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--ops", type=int, default=5000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    text = generated_program(args.ops)
    module = parse_module(text)
    n_ops = sum(1 for _ in module.functions[0].walk())
    parse_module(text)  # warm the grammar cache
    times = []
    for _ in range(args.repeat):
        start = time.perf_counter()
        print_module(parse_module(text, "big.gir"))
        times.append(time.perf_counter() - start)
    median = statistics.median(times)
    print(f"ops: {n_ops}  lines: {text.count(chr(10))}  parse+verify+print median: {median * 1000:.1f} ms  "
          f"throughput: {n_ops / median:,.0f} ops/s  (bar: 20,000 ops/s)")


if __name__ == "__main__":
    main()
