"""Slot live ranges as a chart: slots down, plan addresses across.

One row per slot, one column per plan address, plus `E` (entry: parameters
and constants are set) on the left and `X` (exit: outputs are read) on the
right.  A cell says what the slot does at that address:

    w  a value is written into the slot (its live range starts)
    r  the value is read for the last time (its range ends)
    x  both: the last read and a new write (an in-place update)
    -  a value is live, passing through
    .  the slot is free

A range that ends at a region's END (a value used in a loop or fused body
but defined outside it must survive every round or block) ends on the
body's last address.  The names on the right are the values the slot holds,
in order.
"""

from __future__ import annotations

from dataclasses import dataclass

from grogc.explain.dataflow import Dataflow, slot_label

LEGEND = "w write  r last read  x read+write in place  - live  . free  (E entry, X exit)"


@dataclass
class LiveRange:
    """One value's range: `slot`, `value` (name), `start`/`end` positions
    (slots.py: 2*addr, 2*addr+1 = END of the region whose body ends at
    addr, -1 = entry, 2*n_addrs = exit)."""

    slot: int
    value: str
    start: int
    end: int


def live_ranges(df: Dataflow) -> list[LiveRange]:
    """Every value's live range, in definition order."""
    return [LiveRange(df.slot_of[reg], reg.name, iv.start, iv.end) for reg, iv in df.intervals().items()]


def value_text(name: str) -> str:
    """`%x` for a value, `=1.0` for a constant (a plan keeps no constant names)."""
    return name if name.startswith("=") else "%" + name


def column(pos: int) -> int:
    """Chart column of a position: 0 = entry, 1 + addr, and exit last."""
    return 0 if pos < 0 else 1 + pos // 2


def slot_rows(data: dict, ranges: list[LiveRange], n_addrs: int) -> list[tuple[str, str, str]]:
    """(slot label with dtype, cells, value names) per slot."""
    width = n_addrs + 2
    rows = []
    for s, desc in enumerate(data["slots"]):
        cells = ["."] * width
        held = [r for r in ranges if r.slot == s]
        for r in held:
            first, last = column(r.start), min(column(r.end), width - 1)
            for c in range(first + 1, last):
                cells[c] = "-"
        for r in held:
            last = min(column(r.end), width - 1)
            if last != column(r.start):
                cells[last] = "x" if cells[last] == "w" else "r"
        for r in held:
            first = column(r.start)
            cells[first] = "x" if cells[first] == "r" else "w"
        label = f"{slot_label(data, s)}:{desc['dtype']}"
        rows.append((label, "".join(cells), " ".join(value_text(r.value) for r in held)))
    return rows


def _header(n_addrs: int) -> tuple[str, str]:
    """Two header lines: tens and units of each address."""
    tens = " " + "".join(str(a // 10 % 10) if a >= 10 else " " for a in range(n_addrs)) + " "
    units = "E" + "".join(str(a % 10) for a in range(n_addrs)) + "X"
    return tens, units


def format_live_chart(data: dict, ranges: list[LiveRange], n_addrs: int) -> str:
    """The chart as plain text (the text view adds colour)."""
    rows = slot_rows(data, ranges, n_addrs)
    pad = max((len(label) for label, _, _ in rows), default=4)
    tens, units = _header(n_addrs)
    lines = [f"{'':<{pad}}  {tens}", f"{'slot':<{pad}}  {units}"]
    lines += [f"{label:<{pad}}  {cells}  {names}" for label, cells, names in rows]
    lines.append(LEGEND)
    return "\n".join(lines) + "\n"
