"""Mutations of an encoded program (`grogc.binding.runtime.encode`), for the
validator tests: each returns a function that changes one field of the
NumPy tables, so the C validator (not the Python encoder) sees the bad value."""

from __future__ import annotations


def setf(addr, **fields):
    """Set fields of instruction `addr`."""
    def mutate(p):
        for k, v in fields.items():
            p.code[addr][k] = v
    return mutate


def setlist(index, value):
    """Set entry `index` of the slot lists."""
    def mutate(p):
        p.lists[index] = value
    return mutate


def setslot(s, **fields):
    """Set fields of slot `s`'s descriptor."""
    def mutate(p):
        for k, v in fields.items():
            p.slots[s][k] = v
    return mutate


def both(*mutations):
    """Apply several mutations in order."""
    def mutate(p):
        for m in mutations:
            m(p)
    return mutate
