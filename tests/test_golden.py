"""Every golden case, every stage: regenerate and compare with the file."""

from __future__ import annotations

import difflib

import pytest

from golden_stages import STAGES, cases, render

CASES = cases()


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_golden_case(case):
    produced = render(case)
    assert produced, f"{case.name}: no stage applies"
    for name, text in produced.items():
        path = case / name
        assert path.exists(), f"{path} is missing: run `make golden` and review the new file"
        expected = path.read_text()
        if text != expected:
            diff = "".join(difflib.unified_diff(expected.splitlines(True), text.splitlines(True), str(path), "produced"))
            pytest.fail(f"golden mismatch in {case.name}/{name} (run `make golden` and review the diff):\n{diff}")


def test_no_stale_golden_files():
    """A file in a case folder that no stage produces is stale."""
    for case in CASES:
        produced = set(render(case))
        for path in case.iterdir():
            if path.name != "input.gir":
                assert path.name in produced or path.name.startswith("README"), f"{path}: no stage produces it"
