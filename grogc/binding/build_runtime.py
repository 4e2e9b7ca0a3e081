"""cffi out-of-line API build of the C runtime (`grogc.binding._grog_runtime`).

The public C declarations live in real headers under runtime_c/ (one per
concern); their declaration lines, minus preprocessor lines, become the cdef,
so the C headers are the single source of the foreign interface.  Every .c
file in runtime_c/ is compiled in.
"""

import os
import pathlib

from cffi import FFI

ROOT = pathlib.Path(__file__).resolve().parents[2]
RUNTIME = ROOT / "runtime_c"

# Headers whose declarations form the Python-visible API, in dependency order.
PUBLIC_HEADERS = [p for p in ("grog_graph.h", "grog_exec.h") if (RUNTIME / p).exists()]


def _cdef_text(header: pathlib.Path) -> str:
    """A header's text without preprocessor lines (cffi's cdef has no cpp).

    Lines between `// cdef-skip-begin` and `// cdef-skip-end` are left out
    too (inline helpers the Python side never calls).
    """
    keep, skipping = [], False
    for line in header.read_text().splitlines():
        stripped = line.strip()
        if stripped.startswith("// cdef-skip-begin"):
            skipping = True
        elif stripped.startswith("// cdef-skip-end"):
            skipping = False
        elif not skipping and not stripped.startswith("#"):
            keep.append(line)
    return "\n".join(keep)


def _compile_args() -> list[str]:
    args = ["-O3", "-std=c11", "-fopenmp", "-Wall", "-Wextra", "-Wno-unused-parameter"]
    if os.environ.get("GROGC_NATIVE", "1") != "0":
        args.append("-march=native")
    extra = os.environ.get("GROGC_CFLAGS")
    if extra:
        args += extra.split()
    return args


ffibuilder = FFI()
ffibuilder.cdef("\n".join(_cdef_text(RUNTIME / h) for h in PUBLIC_HEADERS))
ffibuilder.set_source(
    "grogc.binding._grog_runtime",
    "\n".join(f'#include "{h}"' for h in PUBLIC_HEADERS),
    sources=sorted(str(p.relative_to(ROOT)) for p in RUNTIME.glob("*.c")),
    include_dirs=[str(RUNTIME)],
    extra_compile_args=_compile_args(),
    extra_link_args=["-fopenmp"] + (os.environ.get("GROGC_LDFLAGS", "").split()),
)

if __name__ == "__main__":
    ffibuilder.compile(verbose=True)
