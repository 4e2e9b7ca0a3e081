"""cycle_collector_paused (grogc/ir/gc_pause.py): off inside, the caller's
state restored after, also when the block raises."""

from __future__ import annotations

import gc

import pytest

from grogc.ir.gc_pause import cycle_collector_paused


@pytest.fixture
def collector_state():
    was = gc.isenabled()
    yield
    gc.enable() if was else gc.disable()


@pytest.mark.parametrize("enabled", [True, False])
def test_paused_inside_and_restored_after(collector_state, enabled):
    gc.enable() if enabled else gc.disable()
    with cycle_collector_paused():
        assert not gc.isenabled()
    assert gc.isenabled() is enabled


def test_restored_when_the_block_raises(collector_state):
    gc.enable()
    with pytest.raises(ValueError):
        with cycle_collector_paused():
            raise ValueError("boom")
    assert gc.isenabled()
