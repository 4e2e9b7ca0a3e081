"""What runs on a Dask worker: one part's state and the steps of a stage.

`load_part` reads the worker's own part file (checked against the manifest)
and builds two local CSR graphs for the C runtime:

    graph A  the part's k owned nodes and no arcs: element-wise work and
             reductions see exactly the owned nodes
    graph B  k owned nodes, then the g ghosts: owned rows with local ids
             (owned node v -> v - lo, ghost -> k + its index), ghost rows
             empty; pulls and row facts (degree) for owned nodes are exact

`PartState` holds the part's node vectors (owned values, length k) between
stages: they never leave the worker except as ghost values or outputs.  A
stage is a list of steps (`run_stage`); the client sends the same steps to
every part.  The state is updated in place, so every stage carries the
generation it expects: a state that was lost and rebuilt by Dask (its
worker died) is detected and named instead of silently restarting the part.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from grogc.errors import GrogError
from grogc.graph.part_format import read_part
from grogc.distributed.subplan import NODE_IDS_ATTR, user_attr

NP = {"f64": np.float64, "i64": np.int64, "bool": np.bool_}


class PartLost(GrogError):
    """A part's state is gone (its worker died): the run cannot go on from here."""


@dataclass(eq=False)
class LocalCsr:
    """The attributes grogc.binding.runtime reads from a graph."""

    n: int
    m: int
    num_edges: int
    directed: bool
    out_offsets: np.ndarray
    out_targets: np.ndarray
    in_offsets: np.ndarray
    in_sources: np.ndarray
    out_weights: np.ndarray | None = None
    in_weights: np.ndarray | None = None


def empty_csr(n: int, num_edges: int, directed: bool) -> LocalCsr:
    """n nodes without arcs (scalar work on the client, element-wise work on a part)."""
    off = np.zeros(n + 1, dtype=np.int64)
    ids = np.zeros(0, dtype=np.uint32)
    return LocalCsr(n, 0, num_edges, directed, off, ids, off, ids)


def _local_ids(ids: np.ndarray, lo: int, hi: int, ghosts: np.ndarray) -> np.ndarray:
    own = (ids >= lo) & (ids < hi)
    local = np.where(own, ids - lo, (hi - lo) + np.searchsorted(ghosts, ids))
    return local.astype(np.uint32)


class PartState:
    """One part on its worker: graphs A and B, vectors by slot, send lists."""

    def __init__(self, part, bounds: list[int], attrs: dict[str, np.ndarray]):
        a = part.arrays
        self.part, self.lo, self.hi, self.k = part.part, part.lo, part.hi, part.k
        self.bounds = bounds
        self.ghosts, self.ghost_flags = a["ghosts"], a["ghost_flags"]
        g = len(self.ghosts)
        if part.n + 1 >= 2**32 or self.k + g + 1 >= 2**32:
            raise GrogError(f"error: part {self.part}: {self.k + g} local nodes need 64-bit indices")
        self.graph_a = empty_csr(self.k, part.num_edges, part.directed)

        # The C graph needs as many in-arcs as out-arcs: one extra node after the
        # ghosts holds the difference as arcs to itself (its value is never output).
        out_t = _local_ids(a["out_targets"], self.lo, self.hi, self.ghosts)
        in_s = _local_ids(a["in_sources"], self.lo, self.hi, self.ghosts)
        m = max(len(out_t), len(in_s))
        sink = self.k + g

        def rows(off, ids, w):
            extra = m - len(ids)
            off = np.concatenate([np.asarray(off, dtype=np.int64), np.full(g, int(off[-1]), dtype=np.int64), [m]])
            ids = np.concatenate([ids, np.full(extra, sink, dtype=np.uint32)])
            return off, ids, None if w is None else np.concatenate([w, np.ones(extra)])

        out_off, out_t, out_w = rows(a["out_offsets"], out_t, a.get("out_weights"))
        in_off, in_s, in_w = rows(a["in_offsets"], in_s, a.get("in_weights"))
        self.graph_b = LocalCsr(sink + 1, m, part.num_edges, part.directed, out_off, out_t, in_off, in_s, out_w, in_w)
        self.send_offsets, self.send_index, self.send_flags = a["send_offsets"], a["send_index"], a["send_flags"]
        self.attrs = {user_attr(name): v for name, v in attrs.items()}
        self.attrs[NODE_IDS_ATTR] = np.arange(self.lo, self.hi, dtype=np.int64)
        self.vectors: dict[int, np.ndarray] = {}
        self.ghost_values: dict[int, np.ndarray] = {}
        self.programs: dict[tuple, Any] = {}
        self.generation = 0

    @property
    def nbytes(self) -> int:
        arrays = [self.graph_b.out_targets, self.graph_b.in_sources, self.graph_b.out_offsets, self.graph_b.in_offsets,
                  *self.vectors.values(), *self.attrs.values()]
        return int(sum(x.nbytes for x in arrays if x is not None))

    def __reduce__(self):
        # node vectors stay on their worker: moving the state would fork it
        raise TypeError(f"part {self.part}'s state stays on its worker and cannot be serialised")

    def vector(self, slot: int, dtype: str) -> np.ndarray:
        v = self.vectors.get(slot)
        return np.zeros(self.k, dtype=NP[dtype]) if v is None else v

    # ---- ghost exchange ---------------------------------------------------------------

    def sends(self, slot: int, dtype: str, need: int) -> dict[int, np.ndarray]:
        """Values of `slot` each other part reads in a pull needing flag bits `need`."""
        values = self.vector(slot, dtype)
        out = {}
        for q in range(len(self.send_offsets) - 1):
            a, b = int(self.send_offsets[q]), int(self.send_offsets[q + 1])
            if q == self.part or a == b:
                continue
            sel = self.send_index[a:b][(self.send_flags[a:b] & need) != 0]
            if len(sel):
                out[q] = values[sel]
        return out

    def receive(self, slot: int, dtype: str, need: int, pieces: dict[int, np.ndarray]) -> None:
        """Place the pieces other parts sent (in part order) at this part's ghosts."""
        ghost = np.zeros(len(self.ghosts), dtype=NP[dtype])
        for p in range(len(self.bounds) - 1):
            if p == self.part:
                continue
            a, b = np.searchsorted(self.ghosts, [self.bounds[p], self.bounds[p + 1]])
            where = a + np.flatnonzero(self.ghost_flags[a:b] & need)
            piece = pieces.get(p)
            got = 0 if piece is None else len(piece)
            if got != len(where):
                raise GrogError(f"error: part {self.part}: part {p} sent {got} ghost values, {len(where)} expected "
                                "(do the parts come from one partition?)")
            if got:
                ghost[where] = piece
        self.ghost_values[slot] = ghost


def load_part(folder: str, entry: dict, partition_id: str, bounds: list[int],
              attrs: dict[str, np.ndarray]) -> PartState:
    """Dask task: read this worker's part (only it) and build its state."""
    part = read_part(Path(folder) / entry["file"], entry, partition_id)
    return PartState(part, bounds, attrs)


def _exec(state: PartState, step: tuple, threads: int, partials: dict) -> None:
    from grogc.binding.runtime import encode, execute

    _, key, plan, on_b, scalar_values = step
    if key not in state.programs:  # a segment's plan comes with its first use only
        state.programs[key] = (plan, encode(plan))
    plan, prog = state.programs[key]
    slots = plan["slots"]
    attrs = {}
    for a in plan["attrs"]:
        name = a["name"]
        if name in state.attrs:
            attrs[name] = state.attrs[name]
            continue
        slot = int(name[1:])
        own = state.vector(slot, a["dtype"])
        if on_b:  # a pull reads the ghost values received just before it (zeros for rows it never reads)
            ghost = state.ghost_values.pop(slot, None)
            if ghost is None:
                ghost = np.zeros(len(state.ghosts), dtype=own.dtype)
            own = np.concatenate([own, ghost, np.zeros(1, dtype=own.dtype)])  # + the sink node
        attrs[name] = own
    params = {p["name"]: v for p, v in zip(plan["params"], scalar_values)}
    graph = state.graph_b if on_b else state.graph_a
    result = execute(graph, prog, params, attrs, threads=threads or _worker_threads())
    for o in plan["outputs"]:
        slot = int(o["name"][1:])
        value = result[o["name"]]
        if slots[o["slot"]]["kind"] == "vector":
            state.vectors[slot] = value[:state.k].copy() if on_b else value
        else:
            partials[slot] = value


def _worker_threads() -> int:
    """The Dask worker's thread count: a part's C calls use the threads the
    worker was given (threads = 0 on the client), not every core."""
    try:
        from distributed import get_worker

        return int(get_worker().state.nthreads)
    except (ImportError, ValueError, AttributeError):  # not inside a Dask worker
        return 0


def _carry(state: PartState, step: tuple) -> None:
    _, pairs = step  # (dst, src) pairs, assigned all at once
    taken = {dst: state.vectors.get(src) for dst, src in pairs}
    for dst, v in taken.items():
        if v is None:
            state.vectors.pop(dst, None)
        else:
            state.vectors[dst] = v


class Steps:
    """A stage's steps, wrapped so Dask ships them as one opaque argument
    instead of walking every nested plan dict for futures (a plain class:
    Dask walks lists, dicts and dataclasses)."""

    __slots__ = ("steps",)

    def __init__(self, steps: list[tuple]):
        self.steps = steps


def run_stage(state: PartState, generation: int, steps: Steps, threads: int,
              inbox: dict[int, Any], _after: Any = None) -> tuple[dict, dict, dict]:
    """Dask task: run one stage's steps on this part, in order.

    Steps: ("exec", key, plan, on_graph_b, scalar values), ("carry", pairs),
    ("recv", slot, dtype, need), ("send", slot, dtype, need) and
    ("collect", slots).  Returns (reduce partials by slot, ghost pieces by
    destination part, collected vectors by slot).  `_after` is the previous
    stage's result, which only orders the stages of a part.
    """
    if state.generation != generation:
        raise PartLost(f"error: part {state.part} lost its state (its worker died or was restarted, or the state moved)")
    state.generation += 1
    out = _StageOut()
    for step in steps.steps:
        handler = _STEPS.get(step[0])
        if handler is None:
            raise GrogError(f"error: part {state.part}: unknown stage step {step[0]!r}")
        handler(state, step, threads, inbox, out)
    return out.partials, out.sends, out.collected


class _StageOut:
    """What a stage hands back: reduce partials, ghost pieces by destination, collected outputs."""

    __slots__ = ("partials", "sends", "collected")

    def __init__(self):
        self.partials: dict[int, Any] = {}
        self.sends: dict[int, np.ndarray] = {}
        self.collected: dict[int, np.ndarray] = {}


# step kind -> handler(state, step, threads, inbox, out)
_STEPS = {
    "exec": lambda state, step, threads, inbox, out: _exec(state, step, threads, out.partials),
    "carry": lambda state, step, threads, inbox, out: _carry(state, step),
    "recv": lambda state, step, threads, inbox, out: state.receive(step[1], step[2], step[3], inbox),
    "send": lambda state, step, threads, inbox, out: out.sends.update(state.sends(step[1], step[2], step[3])),
    "collect": lambda state, step, threads, inbox, out: out.collected.update(
        {s: state.vector(s, dtype) for s, dtype in step[1]}),
}


def pick_send(result: tuple, q: int) -> np.ndarray | None:
    """Dask task: the ghost values a stage's part sends to part q (runs where the result is)."""
    return result[1].get(q)


def pick_small(result: tuple) -> tuple[dict, dict]:
    """Dask task: a stage result without its ghost pieces (reduce partials, collected outputs)."""
    return result[0], result[2]


try:  # tell Dask how big a part's state really is, so it never looks cheap to move
    from dask.sizeof import sizeof

    @sizeof.register(PartState)
    def _sizeof_part(state: PartState) -> int:
        return state.nbytes
except ImportError:  # dask is optional; without it this module only serves tests of the steps
    pass
