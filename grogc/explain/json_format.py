"""`grogc explain --format json`: everything machine-readable.

The schema (`"schema": "grogc-explain/1"`) is documented field by field in
docs/explain.md; a test checks every documented key is present.  Slots are
numbers (`slots.table[i]` gives kind and dtype); positions of live ranges
are those of backend/slots.py.
"""

from __future__ import annotations

import json

from grogc.explain.collect import Explanation
from grogc.explain.listing import row_comment

SCHEMA = "grogc-explain/1"
PASS_KEYS = ("name", "ops_before", "ops_after", "vector_streams_per_iter", "edge_streams_per_iter", "changed")


def explain_dict(expl: Explanation, *, timings: bool = True) -> dict:
    """The JSON document as a dict (`timings=False`: every `seconds` is null)."""
    d = expl.data
    passes = []
    for s in expl.passes:
        entry = {k: s.get(k) for k in PASS_KEYS}
        entry["seconds"] = s.get("seconds") if timings else None
        passes.append(entry)
    return {
        "schema": SCHEMA,
        "source": expl.source,
        "entry": d["entry"],
        "compiler_version": d["compiler_version"],
        "source_hash": d["source_hash"],
        "pipeline": d["pipeline"],
        "passes": passes,
        "ir": expl.final_ir,
        "stage": None if expl.stage is None else {"name": expl.stage[0], "ir": expl.stage[1]},
        "slots": {
            **d["stats"]["slots"],
            "table": [{"slot": i, "kind": s["kind"], "dtype": s["dtype"]} for i, s in enumerate(d["slots"])],
        },
        "live_ranges": [{"slot": r.slot, "value": r.value, "start": r.start, "end": r.end} for r in expl.ranges],
        "plan": {
            "params": d["params"],
            "attrs": d["attrs"],
            "constants": d["constants"],
            "outputs": d["outputs"],
            "ops": [{"addr": r.addr, "depth": r.depth, "parent": r.parent, "opcode": r.opcode, "out": r.out,
                     "inputs": r.inputs, "attributes": r.attributes, "ir": r.comment,
                     "comment": row_comment(r, d)} for r in expl.rows],
        },
    }


def render_json(expl: Explanation, *, timings: bool = True) -> str:
    return json.dumps(explain_dict(expl, timings=timings), indent=2, ensure_ascii=False) + "\n"
