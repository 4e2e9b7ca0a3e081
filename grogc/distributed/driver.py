"""The client side of a partitioned run: control flow here, node work on the workers.

`run_partitioned` walks the (unfused) plan like the C executor would, but
places every instruction by placement.py's table:

- scalar instructions run on the client through the C runtime (a graph of
  n nodes and no arcs), so loop counts and conditions are decided here;
- runs of element-wise instructions and reductions become one segment
  (subplan.py) that every part runs on its own nodes; a reduction leaves a
  partial per part, combined on the client in part order (combine.py)
  when something first reads it;
- before a pull, each part sends the values of the pulled slot at the nodes
  other parts read (their ghosts, filtered by the pull's direction), Dask
  moves them worker to worker, and the receiving part's next stage places
  them at its ghosts; then the pull runs on the part's graph B;
- loop entries and back edges rebind the workers' slot buffers ("carry").

Steps accumulate into a stage, one Dask task per part; stages of a part
are chained, so they run in order on the worker that holds the part's
state.  The client waits only when it needs a value (a reduction's partials
or the outputs): ghost exchanges pipeline without a round trip.
"""

from __future__ import annotations

import itertools
import time
import warnings
from typing import Any

import dask
import numpy as np
from dask import delayed

from grogc.binding.runtime import encode, execute
from grogc.distributed.combine import combine_partials
from grogc.distributed.flatten import flatten_plan
from grogc.distributed.placement import check_partitionable, placement
from grogc.distributed.profile import DistributedProfile
from grogc.distributed.subplan import Segment, build_segment
from grogc.distributed.worker import PartLost, Steps, empty_csr, load_part, pick_send, pick_small, run_stage
from grogc.errors import GrogError
from grogc.graph.part_format import DIR_NEEDS

_RUNS = itertools.count()
# Exceptions that mean "the worker holding a part went away" (by name: Dask's
# own classes move between modules across versions).
_LOST = {"KilledWorker", "CancelledError", "FutureCancelledError", "CommClosedError", "WorkerLeft"}


class WorkerLeft(RuntimeError):
    """A part's worker is no longer in the cluster."""


WAIT_CHECK_SECONDS = 2.0  # how often a waiting client checks that the parts' workers are alive
ITEMSIZE = {"f64": 8, "i64": 8, "bool": 1}  # bytes per exchanged value (bool travels as a byte)


class PartitionedRun:
    """One run of a plan over a PartitionedGraph on a dask.distributed Client."""

    def __init__(self, pg, plan_data: dict, client, params: dict, attrs: dict, threads: int,
                 profile: DistributedProfile | None):
        self.pg, self.client, self.threads = pg, client, threads
        self.plan = flatten_plan(plan_data)
        self.slots = self.plan["slots"]
        check_partitionable(self.plan["ops"], self.slots)
        self.user_attrs = self.plan.get("attrs", [])
        self.P = pg.parts
        self.run_id = f"grogc-{next(_RUNS)}-{time.time_ns() % 10**9}"
        self.profile = profile or DistributedProfile()
        self.profile.start(pg)
        self.scalars: dict[int, Any] = {}
        for c in self.plan.get("constants", []):
            self.scalars[int(c["slot"])] = c["value"]
        for p in self.plan.get("params", []):
            self.scalars[int(p["slot"])] = params[p["name"]]
        self.pending: dict[int, tuple[str, str]] = {}  # scalar slot -> (reduce op, dtype) awaiting partials
        self.unread: list[list] = []  # per stage with reductions: its small-result future of every part
        self.group: list[dict] = []
        self.group_reads: set[int] = set()
        self.steps: list[tuple] = []
        self.stage_reduces = False
        self.segments: dict[tuple, Segment] = {}
        self.programs: dict[tuple, Any] = {}
        self.client_graph = empty_csr(pg.n, pg.num_edges, pg.directed)
        self.sent_keys: list[set] = [set() for _ in range(self.P)]
        self.inbox: list[dict] = [{} for _ in range(self.P)]
        self.prev: list[Any] = [None] * self.P
        self.generation = [0] * self.P
        self.stage_no = 0
        self._load(attrs)

    # ---- parts ------------------------------------------------------------------------

    def _load(self, attrs: dict) -> None:
        workers = sorted(self.client.scheduler_info()["workers"])
        if not workers:
            raise GrogError("error: the Dask cluster has no workers")
        self.workers = [workers[p % len(workers)] for p in range(self.P)]
        bounds = self.pg.bounds
        self.states = []
        for p, entry in enumerate(self.pg.manifest["parts"]):
            lo, hi = entry["lo"], entry["hi"]
            mine = {name: np.ascontiguousarray(arr[lo:hi]) for name, arr in attrs.items()}
            self.states.append(self.client.submit(
                load_part, str(self.pg.folder.resolve()), entry, self.pg.partition_id, bounds, mine,
                key=f"{self.run_id}-load-p{p}", workers=[self.workers[p]], allow_other_workers=True, pure=False))
        # A loose restriction may still land a part elsewhere (a busy worker):
        # every later stage of the part is pinned, strictly, where its state is.
        from distributed import wait

        wait(self.states)  # never gathered: a part's state stays on its worker
        for p, fut in enumerate(self.states):
            if fut.status == "error":
                raise self._part_error(p, fut.exception())
        where = self.client.who_has(self.states)
        self.workers = [sorted(where[s.key])[0] if where.get(s.key) else self.workers[p]
                        for p, s in enumerate(self.states)]

    def _part_error(self, p: int, err: BaseException) -> GrogError:
        """A worker's GrogError (bad part file, run-time fault) as it is; a lost
        part (its worker died, Dask gave up on a task) as PartLost, naming it."""
        if isinstance(err, PartLost):
            return PartLost(str(err))
        if isinstance(err, GrogError):
            return GrogError(str(err))
        entry = self.pg.manifest["parts"][p]
        what = f"part {p} ({self.pg.folder / entry['file']})"
        if type(err).__name__ in _LOST:  # the worker went away: a rerun may succeed
            return PartLost(f"error: {what} was lost on worker {self.workers[p]}: {type(err).__name__}: {err}")
        return GrogError(f"error: {what} failed on worker {self.workers[p]}: {type(err).__name__}: {err}; "
                         "no output was written")

    def _gather(self, futures: list) -> list:
        """Each part's result, in part order, fetched in one request.  A stage
        pinned to a worker that died would wait for it forever: a part whose
        worker left the cluster is reported lost instead."""
        from distributed import wait

        while True:
            try:
                wait(futures, timeout=WAIT_CHECK_SECONDS)
                break
            except TimeoutError:
                alive = self.client.scheduler_info()["workers"]
                for p, fut in enumerate(futures):
                    if not fut.done() and self.workers[p] not in alive:
                        raise self._part_error(p, WorkerLeft(f"worker {self.workers[p]} left the cluster")) from None
        for p, fut in enumerate(futures):
            if fut.status != "finished":
                err = fut.exception() if fut.status == "error" else WorkerLeft(f"its task was {fut.status}")
                raise self._part_error(p, err)
        try:
            return self.client.gather(futures)
        except Exception as err:  # a result lost between wait and gather: name the first unfinished part
            p = next((p for p, f in enumerate(futures) if f.status != "finished"), 0)
            raise self._part_error(p, err) from None

    # ---- stages ----------------------------------------------------------------------

    def _close_group(self) -> None:
        if not self.group:
            return
        self._exec_step(self.group, on_b=False)
        self.group, self.group_reads = [], set()

    def _segment(self, ops: list[dict]) -> Segment:
        key = tuple(op["addr"] for op in ops)
        seg = self.segments.get(key)
        if seg is None:
            seg = self.segments[key] = build_segment(ops, self.slots, self.user_attrs)
        return seg

    def _exec_step(self, ops: list[dict], on_b: bool) -> None:
        seg = self._segment(ops)
        values = [self.scalars.get(s, 0) for s in seg.scalar_inputs]
        self.steps.append(("exec", seg.key, seg.plan, on_b, values))
        self.stage_reduces |= any(op["op"] == "REDUCE" for op in ops)

    def _submit(self, *, send: tuple | None = None) -> list:
        """Send the open stage to every part; returns each part's result future.

        All of a stage's tasks (one per part, plus one per pair of parts that
        exchange ghost values) go to the scheduler in one message."""
        self._close_group()
        tasks, keys = [], []
        for p in range(self.P):
            steps = []
            for step in self.steps:
                if step[0] == "exec":  # a segment's plan travels once per part
                    plan = None if step[1] in self.sent_keys[p] else step[2]
                    self.sent_keys[p].add(step[1])
                    step = (step[0], step[1], plan, *step[3:])
                steps.append(step)
            if send is not None:
                steps.append(("send", *send))
            with dask.annotate(workers=[self.workers[p]], allow_other_workers=False):
                tasks.append(delayed(run_stage, pure=False)(
                    self.states[p], self.generation[p], Steps(steps), self.threads, self.inbox[p], self.prev[p],
                    dask_key_name=f"{self.run_id}-s{self.stage_no}-p{p}"))
            self.generation[p] += 1
        picks = []
        if send is not None:
            direction = next(d for d, need in DIR_NEEDS.items() if need == send[2])
            for p in range(self.P):
                for q in self.pg.sends_to(p, direction):
                    with dask.annotate(workers=[self.workers[p]], allow_other_workers=True):
                        picks.append((p, q, delayed(pick_send, pure=False)(
                            tasks[p], q, dask_key_name=f"{self.run_id}-s{self.stage_no}-p{p}-to{q}")))
        smalls = []
        if self.stage_reduces and send is not None:  # the client must not receive the ghost pieces
            for p in range(self.P):
                with dask.annotate(workers=[self.workers[p]], allow_other_workers=True):
                    smalls.append(delayed(pick_small, pure=False)(
                        tasks[p], dask_key_name=f"{self.run_id}-s{self.stage_no}-p{p}-small"))
        futures = self.client.compute(tasks + [d for _, _, d in picks] + smalls, optimize_graph=False)
        stage, rest = futures[:self.P], futures[self.P:]
        self.prev = stage
        self.inbox = [{} for _ in range(self.P)]
        for (p, q, _), fut in zip(picks, rest):
            self.inbox[q][p] = fut
        if self.stage_reduces:
            self.unread.append(rest[len(picks):] if send is not None else stage)
        self.steps, self.stage_reduces = [], False
        self.stage_no += 1
        self.profile.stages += 1
        return stage

    def _resolve(self) -> None:
        """Wait for the partials of every reduction run so far and combine them."""
        if self.group or self.steps:
            self._submit()
        self.profile.waits += 1
        for stage in self.unread:
            results = self._gather(stage)
            for slot in results[0][0]:
                if slot in self.pending:
                    op, dtype = self.pending[slot]
                    values = [r[0][slot] for p, r in enumerate(results) if self.pg.part_size(p) > 0]
                    self.scalars[slot] = combine_partials(op, dtype, values or [results[0][0][slot]])
        self.unread = []
        self.pending = {}

    def _known(self, slots) -> None:
        if any(s in self.pending for s in slots):
            self._resolve()

    # ---- instructions ----------------------------------------------------------------

    def run_ops(self, ops: list[dict]) -> None:
        for op in ops:
            getattr(self, "_op_" + placement(op, self.slots))(op)

    def _scalar_inputs(self, op: dict) -> list[int]:
        return [s for s in op.get("in", []) if s is not None and s >= 0 and self.slots[s]["kind"] == "scalar"]

    def _op_client(self, op: dict) -> None:
        out = op["out"]
        self._known(self._scalar_inputs(op) + [out])
        if out in self.group_reads:  # the open group must see the value from before this write
            self._close_group()
        seg = self._segment([op])
        prog = self.programs.get(seg.key)
        if prog is None:
            prog = self.programs[seg.key] = encode(seg.plan)
        params = {f"s{s}": self.scalars.get(s, 0) for s in seg.scalar_inputs}
        self.scalars[out] = execute(self.client_graph, prog, params, {}, threads=1)[f"o{out}"]

    def _op_nodes(self, op: dict) -> None:
        reads = self._scalar_inputs(op)
        self._known(reads)
        self.group.append(op)
        self.group_reads.update(reads)

    def _op_reduce(self, op: dict) -> None:
        self._op_nodes(op)
        self.pending[op["out"]] = (op["attrs"]["op"], self.slots[op["out"]]["dtype"])

    def _op_rows(self, op: dict) -> None:
        self._close_group()
        self._known(self._scalar_inputs(op))
        self._exec_step([op], on_b=True)

    def _op_pull(self, op: dict) -> None:
        self._close_group()
        self._known(self._scalar_inputs(op))
        x = op["in"][0]
        direction = op["attrs"]["dir"]
        dtype = self.slots[x]["dtype"]
        need = DIR_NEEDS[direction]
        if self.pg.exchanged_values(direction):
            self._submit(send=(x, dtype, need))
            self.steps.append(("recv", x, dtype, need))
            self.profile.exchange(self.pg, direction, ITEMSIZE[dtype])
        self._exec_step([op], on_b=True)

    def _carry(self, pairs: list[tuple[int, int]]) -> None:
        """Assign dst <- src for every (dst, src) at once: vectors on the workers, scalars here."""
        vectors = [(d, s) for d, s in pairs if self.slots[d]["kind"] == "vector" and d != s]
        scalars = [(d, s) for d, s in pairs if self.slots[d]["kind"] == "scalar" and d != s]
        if vectors:
            self._close_group()
            self.steps.append(("carry", vectors))
        if scalars:
            self._known([s for _, s in scalars] + [d for d, _ in scalars])
            if any(d in self.group_reads for d, _ in scalars):
                self._close_group()
            taken = {d: self.scalars.get(s, 0) for d, s in scalars}
            self.scalars.update(taken)

    def _op_loop(self, op: dict) -> None:
        count_slot = op["in"][0]
        self._known([count_slot])
        count = int(self.scalars.get(count_slot, 0))
        carries = [tuple(c) for c in op.get("carries", [])]
        self._carry([(arg, init) for init, arg, _ in carries])
        top = self.profile.loop_depth == 0
        self.profile.loop_depth += 1
        rounds = 0
        while rounds < count:
            started = time.perf_counter()
            self.run_ops(op["body"])
            rounds += 1
            more = True
            if op["op"] == "WHILE":
                self._known([op["cond"]])
                more = bool(self.scalars.get(op["cond"], False))
            self._carry([(arg, nxt) for _, arg, nxt in carries])
            if top:
                self.profile.round(time.perf_counter() - started)
            if not more:
                break
        self.profile.loop_depth -= 1

    # ---- outputs ---------------------------------------------------------------------------

    def finish(self) -> dict[str, Any]:
        outputs = self.plan.get("outputs", [])
        self._known([o["slot"] for o in outputs if self.slots[o["slot"]]["kind"] == "scalar"])
        wanted = sorted({(o["slot"], self.slots[o["slot"]]["dtype"]) for o in outputs
                         if self.slots[o["slot"]]["kind"] == "vector"})
        self._close_group()
        self.steps.append(("collect", wanted))
        results = self._gather(self._submit())
        out: dict[str, Any] = {}
        for o in outputs:
            slot = o["slot"]
            if self.slots[slot]["kind"] == "vector":
                out[o["name"]] = np.concatenate([r[2][slot] for r in results])
            else:
                out[o["name"]] = self.scalars.get(slot, 0)
        self.profile.finish()
        return out


def run_partitioned(pg, plan_data: dict, client, params: dict, attrs: dict, *, threads: int = 0,
                    profile: DistributedProfile | None = None, retries: int = 1) -> dict[str, Any]:
    """Run a plan dict over a PartitionedGraph on `client`; raw outputs by
    name (node vectors in global order, node-id outputs as internal ids).

    A part lost mid-run (its worker died) cannot resume where it was, since
    its node vectors lived on that worker: the run starts again from the
    beginning, its parts reloaded from their files, up to `retries` times;
    the result is the same (every step is deterministic).  Then a GrogError
    names the part."""
    for attempt in range(retries + 1):
        run = PartitionedRun(pg, plan_data, client, params, attrs, threads, profile)
        try:
            run.run_ops(run.plan["ops"])
            return run.finish()
        except PartLost as err:
            if attempt == retries:
                raise GrogError(f"{err}; the run stopped after {attempt + 1} attempt(s), no output was written") from None
            warnings.warn(f"{str(err).removeprefix('error: ')}; running again from the start (the parts reload)")
            if profile is not None:
                profile.restarts += 1
        finally:
            run.states = run.prev = run.unread = run.inbox = []  # release the parts' state on the workers
    raise AssertionError("unreachable")
