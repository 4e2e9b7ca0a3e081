"""Shared fixtures: where ../shared is, and skipping cleanly without it."""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

import pytest
from hypothesis import settings

# CI (CI=true) runs the property tests derandomised: the same examples every
# run, so a red CI always reproduces; local runs keep exploring new examples.
settings.register_profile("ci", derandomize=True, print_blob=True)
if os.environ.get("CI"):
    settings.load_profile("ci")

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
SHARED_DATA = SHARED / "data"


_TEST_CACHE: str | None = None


def pytest_configure(config):
    """Tests never touch the user's plan cache: one private cache directory
    per test session (subprocesses inherit it through the environment)."""
    global _TEST_CACHE
    if "GROGC_CACHE_DIR" not in os.environ:
        _TEST_CACHE = tempfile.mkdtemp(prefix="grogc-test-cache-")
        os.environ["GROGC_CACHE_DIR"] = _TEST_CACHE


def pytest_unconfigure(config):
    if _TEST_CACHE is not None:
        shutil.rmtree(_TEST_CACHE, ignore_errors=True)
        os.environ.pop("GROGC_CACHE_DIR", None)


@pytest.fixture
def shared_data() -> Path:
    """../shared/data, or a skip with the reason when this checkout has none."""
    if not SHARED_DATA.is_dir():
        pytest.skip(f"{SHARED_DATA} is absent (a fresh clone has no ../shared): real-graph tests skipped")
    return SHARED_DATA
