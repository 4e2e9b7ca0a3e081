"""Build the runtime with -fsanitize=address,undefined as a cffi module named
`_grog_runtime_asan` in a given directory (for test_runtime_sanitize.py).

    python rt_asan_build.py OUTDIR

Uses the same cdef and sources as grogc/binding/build_runtime.py.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SANITIZE = ["-fsanitize=address,undefined", "-fno-sanitize-recover=all", "-fno-omit-frame-pointer", "-g"]


def build(outdir: str) -> str:
    from cffi import FFI

    sys.path.insert(0, str(ROOT / "grogc" / "binding"))
    import build_runtime as br  # the package's cffi build script: its header list and cdef reader

    ffi = FFI()
    ffi.cdef("\n".join(br._cdef_text(br.RUNTIME / h) for h in br.PUBLIC_HEADERS))
    ffi.set_source("_grog_runtime_asan", "\n".join(f'#include "{h}"' for h in br.PUBLIC_HEADERS),
                   sources=sorted(str(p) for p in br.RUNTIME.glob("*.c")), include_dirs=[str(br.RUNTIME)],
                   extra_compile_args=["-O1", "-std=c11", "-fopenmp"] + SANITIZE,
                   extra_link_args=["-fopenmp"] + SANITIZE)
    return ffi.compile(tmpdir=outdir)


if __name__ == "__main__":
    print(build(sys.argv[1]))
