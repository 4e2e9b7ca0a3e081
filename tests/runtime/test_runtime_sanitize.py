"""The validation corpus, the kernels' tests and the fuzzer under
AddressSanitizer + UndefinedBehaviorSanitizer.

The runtime is rebuilt with -fsanitize=address,undefined into a temporary
directory (rt_asan_build.py) and the tests run in a subprocess with libasan
preloaded (Python itself is not instrumented).  Skipped, with the reason,
when the compiler has no sanitizer runtime.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent


def sanitizer_runtime() -> str | None:
    try:
        path = subprocess.run(["gcc", "-print-file-name=libasan.so"], capture_output=True, text=True).stdout.strip()
    except OSError:
        return None
    return path if os.path.isabs(path) and os.path.exists(path) else None


@pytest.fixture(scope="module")
def asan_env(tmp_path_factory):
    libasan = sanitizer_runtime()
    if not libasan:
        pytest.skip("gcc has no AddressSanitizer runtime (libasan.so not found)")
    out = tmp_path_factory.mktemp("asan")
    build = subprocess.run([sys.executable, str(HERE / "rt_asan_build.py"), str(out)], capture_output=True,
                           text=True, timeout=300)
    if build.returncode != 0:
        pytest.skip(f"could not build the runtime with sanitizers: {build.stderr[-500:]}")
    env = dict(os.environ, LD_PRELOAD=libasan, ASAN_OPTIONS="detect_leaks=0:abort_on_error=0",
               UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1", GROG_ASAN_MODULE_DIR=str(out))
    return env, str(out)


def test_tests_pass_under_sanitizers(asan_env):
    env, _ = asan_env
    files = ["test_runtime_validation.py", "test_runtime_elementwise.py", "test_runtime_pull.py",
             "test_runtime_loops.py", "test_runtime_edge_producers.py", "test_runtime_graph_kernels.py"]
    proc = subprocess.run([sys.executable, "-m", "pytest", "-q", "-x", "-p", "no:cacheprovider",
                           "-k", "not releases_the_gil", *[str(HERE / f) for f in files]],
                          capture_output=True, text=True, env=env, timeout=600, cwd=HERE.parents[1])
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    assert "[100%]" in proc.stdout


def test_fuzzer_under_sanitizers(asan_env):
    env, out = asan_env
    proc = subprocess.run([sys.executable, str(HERE / "rt_fuzz_driver.py"), "--examples", "1500",
                           "--asan-module", out], capture_output=True, text=True, env=env, timeout=600)
    assert proc.returncode == 0, proc.stdout[-500:] + proc.stderr[-3000:]
    assert proc.stdout.strip().splitlines()[-1] == "ok 1500"
