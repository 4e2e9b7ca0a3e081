"""The plan cache: keys, hits, corrupt entries, location, info/clear, and two
processes racing on one entry (grogc/driver/cache.py, docs/cache.md)."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

import grogc
from grogc.driver import api, cache as plan_cache, pipeline
from grogc.driver.cache import CacheWarning, PlanCache, cache_dir
from grogc.backend.plan import Plan
from grogc.errors import GrogError

REPO = Path(__file__).resolve().parents[2]
SOURCE = (REPO / "golden" / "pagerank" / "input.gir").read_text()
# The same program spelt differently: a comment and other spacing.
RESPELT = "// PageRank, again\n" + SOURCE.replace("  %n = graph.node_count", "  %n   =   graph.node_count")


@pytest.fixture
def cache_root(tmp_path, monkeypatch) -> Path:
    root = tmp_path / "cache"
    monkeypatch.setenv("GROGC_CACHE_DIR", str(root))
    return root


@pytest.fixture
def compiles(monkeypatch) -> list:
    """Counts real compilations (the passes + lowering) behind the cache."""
    calls = []
    real = pipeline.compile_function

    def counting(fn, **kw):
        calls.append(fn.name)
        return real(fn, **kw)

    monkeypatch.setattr(pipeline, "compile_function", counting)
    return calls


def plan_files(root: Path) -> list[Path]:
    return sorted((root / "plans").glob("*.plan"))


def test_second_compile_is_a_hit_with_the_same_plan(cache_root, compiles):
    first = grogc.compile(SOURCE)
    second = grogc.compile(SOURCE)
    assert compiles == ["pagerank"]
    assert second == first
    assert second.to_bytes() == grogc.compile(SOURCE, cache=False).to_bytes()
    assert len(plan_files(cache_root)) == 1


def test_a_path_compiles_through_the_cache(cache_root, compiles, tmp_path):
    path = tmp_path / "pr.gir"
    path.write_text(SOURCE)
    grogc.compile(path)
    grogc.compile(str(path))
    assert compiles == ["pagerank"]


def test_respelt_program_shares_the_plan_entry(cache_root, compiles):
    grogc.compile(SOURCE)
    grogc.compile(RESPELT)
    # parsed once more (a new text), but not compiled again
    assert compiles == ["pagerank"]
    info = PlanCache().info()
    assert (info.entries, info.aliases) == (1, 2)


@pytest.mark.parametrize("kw", [{"opt_level": 0}, {"opt_level": 1}, {"passes": "canonicalize,dce"}])
def test_pipeline_options_are_part_of_the_key(cache_root, compiles, kw):
    default = grogc.compile(SOURCE)
    other = grogc.compile(SOURCE, **kw)
    assert len(compiles) == 2
    assert other.data["pipeline"] != default.data["pipeline"]
    assert len(plan_files(cache_root)) == 2


def test_key_covers_ir_fingerprint_and_options():
    key = plan_cache.plan_key("func @f() {}", 2, None)
    assert len(key) == 64
    assert plan_cache.plan_key("func @g() {}", 2, None) != key
    assert plan_cache.plan_key("func @f() {}", 1, None) != key
    assert plan_cache.plan_key("func @f() {}", 2, "cse") != key
    assert plan_cache.source_key("x", None) != plan_cache.source_key("x", "main")


def test_no_cache_writes_nothing(cache_root, compiles):
    grogc.compile(SOURCE, cache=False)
    grogc.compile(SOURCE, cache=False)
    assert compiles == ["pagerank", "pagerank"]
    assert not cache_root.exists()


def test_instrumented_compile_bypasses_the_cache(cache_root):
    dumps: list[str] = []
    grogc.compile(SOURCE)
    api.compile(SOURCE, print_after_all=True, dump=dumps.append)
    assert any("IR after cse" in d for d in dumps)  # the passes really ran


def test_truncated_entry_is_recompiled_and_replaced_with_a_warning(cache_root, compiles):
    good = grogc.compile(SOURCE)
    [entry] = plan_files(cache_root)
    entry.write_bytes(entry.read_bytes()[:40])
    with pytest.warns(CacheWarning, match=r"corrupt entry .*\.plan .*recompiling and replacing it"):
        again = grogc.compile(SOURCE)
    assert again == good
    assert len(compiles) == 2
    assert Plan.load(entry) == good  # the entry is whole again
    with_warnings_off = grogc.compile(SOURCE)  # and a plain hit afterwards
    assert len(compiles) == 2 and with_warnings_off == good


def test_foreign_bytes_entry_is_replaced(cache_root):
    good = grogc.compile(SOURCE)
    [entry] = plan_files(cache_root)
    entry.write_bytes(b"\x93not a plan at all")
    with pytest.warns(CacheWarning, match="not a grogc plan file"):
        assert grogc.compile(SOURCE) == good


def _tampered(raw: bytes) -> bytes:
    """The plan with its first constant changed: still a schema-valid plan."""
    import msgpack

    data = msgpack.unpackb(raw, raw=False, strict_map_key=False)
    data["constants"][0]["value"] = 0.5
    return msgpack.packb(data, use_bin_type=True)


def test_schema_valid_tampered_entry_is_detected_recompiled_and_replaced(cache_root, compiles):
    """Issue 7: an entry whose bytes changed but still fit the plan schema
    (one constant edited) must not be served; the sha256 beside it catches it."""
    good = grogc.compile(SOURCE)
    [entry] = plan_files(cache_root)
    bad = _tampered(entry.read_bytes())
    assert Plan.from_bytes(bad, "tampered") != good  # it loads: only the digest can tell
    entry.write_bytes(bad)
    with pytest.warns(CacheWarning, match=r"corrupt entry .*\.plan \(its sha256 .* does not match"):
        again = grogc.compile(SOURCE)
    assert again == good and again.to_bytes() == good.to_bytes()
    assert len(compiles) == 2
    assert entry.read_bytes() == good.to_bytes()  # replaced
    assert grogc.compile(SOURCE) == good and len(compiles) == 2  # a plain hit afterwards


def test_tampered_entry_found_through_the_canonical_key_is_detected(cache_root, compiles):
    grogc.compile(SOURCE)
    [entry] = plan_files(cache_root)
    entry.write_bytes(_tampered(entry.read_bytes()))
    with pytest.warns(CacheWarning, match="does not match"):
        assert grogc.compile(RESPELT) == grogc.compile(SOURCE, cache=False)  # no alias for this text


def test_entry_without_its_digest_is_recompiled(cache_root, compiles):
    good = grogc.compile(SOURCE)
    [digest] = sorted((cache_root / "plans").glob("*.sha256"))
    digest.unlink()
    with pytest.warns(CacheWarning, match="digest .*missing"):
        assert grogc.compile(SOURCE) == good
    assert digest.exists() and len(compiles) == 2


def test_garbage_alias_falls_back_to_parsing(cache_root, compiles):
    grogc.compile(SOURCE)
    for alias in (cache_root / "alias").iterdir():
        alias.write_text("zz")
    assert grogc.compile(SOURCE).entry == "pagerank"
    assert compiles == ["pagerank"]  # the plan entry itself was still good


def test_program_errors_are_raised_and_nothing_is_stored(cache_root):
    with pytest.raises(GrogError, match="unknown op"):
        grogc.compile("func @f() {\n  %x = core.bogus : f64\n}\n")
    assert not plan_files(cache_root)


def test_unwritable_cache_dir_warns_and_still_compiles(tmp_path, monkeypatch):
    blocker = tmp_path / "file"
    blocker.write_text("a file where the cache directory should be")
    monkeypatch.setenv("GROGC_CACHE_DIR", str(blocker / "cache"))
    with pytest.warns(CacheWarning, match="cannot write to .*not cached"):
        plan = grogc.compile(SOURCE)
    assert plan.entry == "pagerank"


def test_location_env_then_xdg_then_home(monkeypatch, tmp_path):
    monkeypatch.setenv("GROGC_CACHE_DIR", str(tmp_path / "explicit"))
    assert cache_dir() == tmp_path / "explicit"
    monkeypatch.delenv("GROGC_CACHE_DIR")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert cache_dir() == tmp_path / "xdg" / "grogc"
    monkeypatch.delenv("XDG_CACHE_HOME")
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert cache_dir() == tmp_path / "home" / ".cache" / "grogc"


def test_info_and_clear(cache_root):
    assert PlanCache().info().entries == 0
    grogc.compile(SOURCE)
    grogc.compile(SOURCE, opt_level=0)
    info = PlanCache().info()
    assert info.location == cache_root
    assert info.entries == 2
    assert info.bytes == sum(p.stat().st_size for p in cache_root.rglob("*") if p.is_file())
    assert PlanCache().clear() == 2
    assert PlanCache().info().entries == 0 and PlanCache().info().bytes == 0


def test_cli_cache_info_and_clear(cache_root):
    grogc.compile(SOURCE)
    env = {**os.environ, "GROGC_CACHE_DIR": str(cache_root)}
    info = subprocess.run([sys.executable, "-m", "grogc", "cache", "info"], env=env, capture_output=True, text=True)
    assert info.returncode == 0, info.stderr
    assert f"location: {cache_root}" in info.stdout and "entries:  1" in info.stdout
    cleared = subprocess.run([sys.executable, "-m", "grogc", "cache", "clear"], env=env, capture_output=True, text=True)
    assert cleared.stdout.strip() == f"removed 1 entries from {cache_root}"
    assert not plan_files(cache_root)


RACER = textwrap.dedent("""
    import sys, time
    start = float(sys.argv[1])
    import grogc
    from grogc.driver.cache import compiler_fingerprint
    compiler_fingerprint()
    while time.time() < start:   # both processes leave the line together
        pass
    plan = grogc.compile(sys.argv[2])
    print(plan.to_bytes().hex())
""")


def test_two_processes_compiling_at_once_both_succeed_and_the_entry_is_whole(cache_root, tmp_path):
    program = tmp_path / "pr.gir"
    program.write_text(SOURCE)
    env = {**os.environ, "GROGC_CACHE_DIR": str(cache_root)}
    start = time.time() + 2.0  # after both interpreters have imported grogc
    procs = [subprocess.Popen([sys.executable, "-c", RACER, str(start), str(program)], env=env,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for _ in range(2)]
    results = [p.communicate(timeout=60) for p in procs]
    for p, (out, err) in zip(procs, results):
        assert p.returncode == 0, err
        assert "Warning" not in err, err
    expected = grogc.compile(SOURCE, cache=False).to_bytes()
    assert [bytes.fromhex(out.strip()) for out, _ in results] == [expected, expected]
    [entry] = plan_files(cache_root)
    assert entry.read_bytes() == expected
    leftovers = [p for p in cache_root.rglob("*") if p.name.endswith(".tmp")]
    assert leftovers == []
