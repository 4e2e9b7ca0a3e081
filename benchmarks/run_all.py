"""`make bench`: every benchmark, one after the other, with the arguments
docs/benchmarks.md records.  Each runs in its own process (a crash or a peer
library's thread pool cannot skew the next); output goes straight through.

    python benchmarks/run_all.py [--quick]

--quick uses small sizes (a smoke run, minutes instead of tens of minutes);
its figures are not the recorded ones.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent

# (script, recorded arguments, quick arguments)
BENCHMARKS = [
    ("bench_frontend.py", ["--ops", "5000", "--repeat", "5"], ["--ops", "2000", "--repeat", "3"]),
    ("bench_graph_import.py", ["--scale", "20", "--small-scale", "16"], ["--scale", "16", "--small-scale", "12"]),
    ("bench_runtime.py", ["--scales", "18", "20", "--repeats", "5"], ["--scales", "14", "--repeats", "3"]),
    ("bench_library.py", ["--scale", "16", "--repeat", "2"], ["--scale", "12", "--repeat", "1"]),
    ("bench_explain_cache.py", [], []),
]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="small sizes: a smoke run")
    args = parser.parse_args()
    failed = []
    for script, recorded, quick in BENCHMARKS:
        argv = [sys.executable, str(HERE / script), *(quick if args.quick else recorded)]
        print(f"\n=== {' '.join(argv[1:])}", flush=True)
        start = time.perf_counter()
        if subprocess.run(argv).returncode != 0:
            failed.append(script)
        print(f"=== {script}: {time.perf_counter() - start:.1f} s", flush=True)
    if failed:
        print(f"failed: {', '.join(failed)}", file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
