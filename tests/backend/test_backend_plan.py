"""Plan files: round trip, stable bytes, and every kind of bad plan with its message."""

from __future__ import annotations

import copy

import msgpack
import pytest

import grogc
from grogc.backend.plan import Plan
from grogc.backend.plan_schema import PlanError
from grogc.errors import GrogError

from backend_helpers import GOLDEN


@pytest.fixture(scope="module")
def plan() -> Plan:
    return grogc.compile(GOLDEN / "pagerank" / "input.gir", opt_level=0)


def test_round_trip_gives_equal_dict_and_stable_bytes(plan, tmp_path):
    path = tmp_path / "pr.plan"
    plan.save(path)
    loaded = Plan.load(path)
    assert loaded.data == plan.data
    assert loaded.to_bytes() == plan.to_bytes() == path.read_bytes()
    again = grogc.compile(GOLDEN / "pagerank" / "input.gir", opt_level=0)
    assert again.to_bytes() == plan.to_bytes()  # -O0 compiles are deterministic to the byte


def test_plan_header_fields(plan):
    d = plan.data
    assert (d["magic"], d["format_version"], d["entry"], d["pipeline"]) == ("GROGPLAN", 1, "pagerank", "")
    assert len(d["source_hash"]) == 64
    assert [p["name"] for p in d["params"]] == ["alpha", "max_iter", "tol"]
    assert d["outputs"] == [{"name": "pagerank", "slot": 7, "node_ids": False}]
    assert d["stats"]["slots"]["vector_after"] == 5


def _broken(plan, edit):
    data = copy.deepcopy(plan.data)
    edit(data)
    return msgpack.packb(data, use_bin_type=True)


def _expect(raw, message):
    with pytest.raises(PlanError) as info:
        Plan.from_bytes(raw, "x.plan")
    assert str(info.value) == f"x.plan: error: {message}"


def test_bad_magic(plan):
    _expect(_broken(plan, lambda d: d.update(magic="NOTAPLAN")),
            "plan: bad magic 'NOTAPLAN' (not a grogc plan; expected 'GROGPLAN')")


def test_bad_version(plan):
    _expect(_broken(plan, lambda d: d.update(format_version=7)),
            "plan: format_version 7 is not supported (this grogc reads version 1)")


def test_missing_key(plan):
    _expect(_broken(plan, lambda d: d.pop("outputs")), "plan: missing key 'outputs'")
    _expect(_broken(plan, lambda d: d["ops"][6]["body"][1].pop("attrs")), "plan.ops[6].body[1]: missing key 'attrs'")


def test_wrong_type(plan):
    _expect(_broken(plan, lambda d: d["ops"][1].update(out="5")), "plan.ops[1].out: expected an integer, got str '5'")
    _expect(_broken(plan, lambda d: d["params"][0].update(default="x")),
            "plan.params[0].default: expected a boolean or an integer or a float or nil, got str 'x'")


def test_out_of_range_slot(plan):
    _expect(_broken(plan, lambda d: d["ops"][1]["in"].__setitem__(1, 99)),
            "plan.ops[1].in[1]: slot 99 out of range (plan has 15 slots)")


def test_unknown_opcode(plan):
    _expect(_broken(plan, lambda d: d["ops"][0].update(op="JUMP")), "plan.ops[0].op: unknown opcode 'JUMP'")


def test_structural_errors(plan):
    _expect(_broken(plan, lambda d: d["ops"][6]["body"][1]["attrs"].update(agg="median")),
            "plan.ops[6].body[1].attrs.agg: 'median' is not one of sum, mean, min, max, count, or, and, mode")
    _expect(_broken(plan, lambda d: d["ops"][6].update(carries=[[7, 7, 7]])),
            "plan.ops[6].carries[0]: arg and next must be different slots (the back edge swaps them)")
    _expect(_broken(plan, lambda d: d["ops"][6].update(carries=[[8, 7, 11], [7, 9, 8]])),
            "plan.ops[6].carries[1]: init slot 7 is the arg slot of another carry, "
            "which the entry copies overwrite")
    _expect(_broken(plan, lambda d: d["ops"][6].update(cond=5)),
            "plan.ops[6].cond: slot 5 holds f64, but this needs bool")
    _expect(_broken(plan, lambda d: d["ops"][1]["in"].append(3)), "plan.ops[1].in: DIV reads 2 slot(s), got 3")
    _expect(_broken(plan, lambda d: d["ops"][0].update(extra=1)), "plan.ops[0]: unknown key 'extra'")


def test_garbage_and_missing_files(tmp_path):
    bad = tmp_path / "bad.plan"
    bad.write_bytes(b"\xc1\xc1garbage")
    with pytest.raises(PlanError, match=r"bad.plan: error: not a grogc plan file \(msgpack: "):
        Plan.load(bad)
    with pytest.raises(PlanError, match="error: no such plan file: .*none.plan"):
        Plan.load(tmp_path / "none.plan")
    bad.write_bytes(msgpack.packb([1, 2]))
    with pytest.raises(PlanError, match="plan: expected a map, got list"):
        Plan.load(bad)


def test_listing_numbers_instructions_in_pre_order(plan):
    rows = [line for line in plan.listing().splitlines() if not line.startswith("//")]
    assert rows[0].split()[:2] == ["addr", "opcode"]
    assert [r.split()[0] for r in rows[1:]] == [str(i) for i in range(22)]
    assert "WHILE" in rows[7] and "cond=s14 carries=v7>v7<v11" in rows[7]


def test_compile_from_source_text_with_entry():
    text = (GOLDEN / "components" / "input.gir").read_text() + (GOLDEN / "pagerank" / "input.gir").read_text()
    plan = grogc.compile(text, entry="pagerank", opt_level=0)
    assert plan.entry == "pagerank"
    with pytest.raises(GrogError, match="choose one with --entry NAME"):
        grogc.compile(text, opt_level=0)


def test_import_grogc_is_lazy():
    import subprocess
    import sys

    code = "import sys, grogc; print(sorted(m for m in ('numpy', 'msgpack', 'grogc.backend.plan') if m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"
