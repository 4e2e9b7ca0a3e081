"""The op records (grogc/ops/) and what is generated from them (issue 11).

- runtime_c/grog_opcodes.h is exactly what the records generate (regenerate
  with `make opcodes`); a changed record without a regenerated header fails here.
- Opcode numbers are the plan format: the ones plans already hold never move.
- Every record is complete and consistent with itself.
"""

from __future__ import annotations

import pathlib

import numpy as np
import pytest

from grogc.binding.c_header import c_header
from grogc.ops import BY_IR_OP, CLASSES, DTYPES, OPCODES, OPS, Ctx, Trap
from grogc.ops.table import SEQUENCE

ROOT = pathlib.Path(__file__).resolve().parents[2]

# The opcode numbers so far (append new ones: encoded programs and the runtime build share them).
FROZEN = ["CONST", "FILL", "COPY", "ADD", "SUB", "MUL", "DIV", "MIN", "MAX", "POW", "NEG", "ABS", "SQRT", "EXP", "LOG",
          "FLOOR", "RECIP", "EQ", "NE", "LT", "LE", "GT", "GE", "AND", "OR", "NOT", "SELECT", "CAST", "REDUCE",
          "NODE_COUNT", "EDGE_COUNT", "NODE_IDS", "DEGREE", "PULL", "TRIANGLES", "DIRECTED", "SELF_LOOPS",
          "NEIGHBOR_COUNT", "NEIGHBORHOOD_ARCS", "LOAD_ATTR", "REPEAT", "WHILE", "FUSED_MAP", "FUSED_PULL",
          "CORE_NUMBER", "SCC", "WCC", "ISNAN", "ISINF", "PROPAGATE", "PROPAGATE_MARK"]


def test_c_header_is_generated_from_the_records():
    checked_in = (ROOT / "runtime_c" / "grog_opcodes.h").read_text()
    assert checked_in == c_header(), (
        "runtime_c/grog_opcodes.h differs from the op records: run `make opcodes` "
        "(python -m grogc.binding.c_header > runtime_c/grog_opcodes.h) and rebuild the runtime")


def test_existing_opcode_numbers_never_move():
    assert [o.name for o in OPCODES[:len(FROZEN)]] == FROZEN
    assert [o.code for o in OPCODES] == list(range(len(OPCODES)))


def test_names_and_opcodes_are_unique():
    names = [e.name for e in SEQUENCE if e.name]
    assert len(names) == len(set(names))
    assert len({o.name for o in OPCODES}) == len(OPCODES)


@pytest.mark.parametrize("name", sorted(OPS))
def test_record_is_complete(name):
    d = OPS[name]
    assert d.cls in CLASSES and d.summary
    lo, hi = d.arity
    if d.plan is not None:
        assert d.plan.synopsis and BY_IR_OP[name].spec is d.plan
        if d.cls not in ("loop", "fused"):
            # the plan reads every operand (optional ones too) from a slot
            assert (d.plan.inputs, d.plan.max_inputs) == (lo, hi), name
        plain = [a for a in d.plan.attrs if not a.packs]  # packed ones hold several IR attributes' bits
        assert [a.key for a in plain] == [k for k in d.attrs if k in {a.key for a in plain}]
        assert all(k in d.attrs for a in d.plan.attrs for k in a.packs)
        for a in plain:
            assert d.attrs[a.key].choices in (None, a.values) or set(d.attrs[a.key].choices) == set(a.values)
    if d.cls in ("elementwise", "source", "graph", "reduce"):
        assert d.kernel is not None and d.plan is not None, name
    if d.cls == "elementwise":
        assert d.dtypes is not None and set(d.dtypes.inputs) <= set(DTYPES)
    if d.fold is not None:
        assert set(d.fold) <= set(DTYPES) and d.kernel is not None
    if d.trap is not None:
        assert d.cls == "elementwise" and d.trap.in_dtype in DTYPES


def test_traps_are_what_the_kernels_raise():
    """A TrapRule is declared exactly where the reference kernel can fault."""
    cases = {"core.div": ([np.int64(1), np.int64(0)], "i64"), "core.pow": ([np.int64(2), np.int64(-1)], "i64"),
             "core.cast": ([np.float64("nan")], "i64")}
    for name, (args, out) in cases.items():
        assert OPS[name].trap is not None
        with pytest.raises(Trap):
            OPS[name].kernel(Ctx({}, out), *[np.asarray(a) for a in args])
    assert {n for n, d in OPS.items() if d.trap} == set(cases)
