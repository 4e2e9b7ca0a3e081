"""The pass manager: passes as declarations, pipelines as strings.

A pass is a small frozen dataclass (as in xDSL): its class attribute `name`
is its name in a pipeline string and its fields are its options, written
`fuse-elementwise{max-ops=8}` (a field `max_ops` is the option `max-ops`).
`PASSES` maps names to classes; `parse_pipeline` turns a string into pass
instances and lists the valid passes or options when one is unknown.

The PassManager runs passes over one function and calls ONE hook after every
pass (and once before the first, for the input); every instrument hangs off
that hook: printing the IR (after all, after named passes, after a change),
verification, timing and the statistics of `stats.py`.
"""

from __future__ import annotations

import sys
import time
from dataclasses import dataclass, field
from typing import Callable

from grogc.errors import GrogError
from grogc.ir.core import Function
from grogc.ir.gc_pause import cycle_collector_paused
from grogc.ir.printer import print_function
from grogc.ir.verifier import verify_function
from grogc.passes.base import Pass
from grogc.passes.registry import PASSES
from grogc.passes.stats import count_ops, streams_per_iteration


KIND_NAMES = {int: "an integer", float: "a number", bool: "true or false", str: "a string"}


def _parse_option(cls: type[Pass], option: str, text: str):
    f = cls.options()[option]
    kind = f.type if isinstance(f.type, type) else {"int": int, "float": float, "bool": bool, "str": str}[f.type]
    try:
        if kind is bool:
            if text not in ("true", "false"):
                raise ValueError
            return text == "true"
        return kind(text)
    except ValueError:
        raise GrogError(f"error: pass '{cls.name}': option '{option}' takes {KIND_NAMES[kind]}, got '{text}'") from None


# ---- pipeline strings ------------------------------------------------------------


def _split_top(text: str) -> list[str]:
    """Split at commas outside braces."""
    items, depth, start = [], 0, 0
    for i, ch in enumerate(text):
        if ch == "{":
            depth += 1
        elif ch == "}":
            depth -= 1
            if depth < 0:
                raise GrogError(f"error: pipeline '{text}': unbalanced '}}'")
        elif ch == "," and depth == 0:
            items.append(text[start:i])
            start = i + 1
    if depth:
        raise GrogError(f"error: pipeline '{text}': unbalanced '{{'")
    items.append(text[start:])
    return [item.strip() for item in items]


def parse_pipeline(text: str) -> list[Pass]:
    """`canonicalize,cse,fuse-elementwise{max-ops=8}` -> pass instances.
    Options inside braces are `key=value`, separated by spaces or commas."""
    passes: list[Pass] = []
    if not text.strip():
        return passes
    for item in _split_top(text):
        name, _, rest = item.partition("{")
        name = name.strip()
        if name not in PASSES:
            raise GrogError(f"error: unknown pass '{name}' (valid passes: {', '.join(PASSES)})")
        cls = PASSES[name]
        options = {}
        if rest:
            if not rest.endswith("}"):
                raise GrogError(f"error: pass '{name}': options must end with '}}', got '{item}'")
            for pair in rest[:-1].replace(",", " ").split():
                key, eq, value = pair.partition("=")
                valid = cls.options()
                if key not in valid:
                    listed = ", ".join(valid) or "none"
                    raise GrogError(f"error: pass '{name}' has no option '{key}' (valid options: {listed})")
                if not eq:
                    raise GrogError(f"error: pass '{name}': option '{key}' needs a value ({key}=VALUE)")
                options[valid[key].name] = _parse_option(cls, key, value)
        passes.append(cls(**options))
    return passes


def pipeline_text(passes: list[Pass]) -> str:
    return ",".join(p.spelling() for p in passes)


# ---- instrumentation -----------------------------------------------------------------


@dataclass
class PassEvent:
    """What the hook sees after a pass: its name ("input" before the first),
    the function, the IR text before and after, and the seconds it took.
    `known_change`: whether the text changed, when the pass said so (the
    texts are then None where the manager did not print them)."""

    name: str
    fn: Function
    before: str | None
    after: str | None
    seconds: float
    known_change: bool | None = None

    @property
    def changed(self) -> bool:
        return self.before != self.after if self.known_change is None else self.known_change


Instrument = Callable[[PassEvent], None]


def ir_dump(name: str, ir_text: str) -> str:
    """A dump headed by an IR comment, so the text parses again."""
    return f"// -----// IR after {name} //----- //\n{ir_text}"


def print_instrument(dump, after_all: bool, after: tuple[str, ...], after_change: bool) -> Instrument:
    def hook(ev: PassEvent) -> None:
        if ev.name == "input":
            return
        if after_all or ev.name in after or (after_change and ev.changed):
            dump(ir_dump(ev.name, ev.after))

    return hook


def verify_instrument(ev: PassEvent) -> None:
    try:
        verify_function(ev.fn)
    except GrogError as err:
        where = "the input" if ev.name == "input" else f"pass '{ev.name}'"
        raise GrogError(f"error: IR verification failed after {where}: {err}\n{ir_dump(ev.name, ev.after)}") from None


def stats_instrument(records: list[dict]) -> Instrument:
    def hook(ev: PassEvent) -> None:
        if records and not ev.changed:
            # the same canonical text is the same IR: the counts cannot have moved
            last = records[-1]
            vector, edge, ops_after = last["vector_streams_per_iter"], last["edge_streams_per_iter"], last["ops_after"]
        else:
            vector, edge = streams_per_iteration(ev.fn)
            ops_after = count_ops(ev.fn)
        records.append({
            "name": ev.name,
            "ops_before": records[-1]["ops_after"] if records else ops_after,
            "ops_after": ops_after,
            "vector_streams_per_iter": vector,
            "edge_streams_per_iter": edge,
            "seconds": ev.seconds,
            "changed": ev.changed,
        })

    return hook


def timing_report(stats: list[dict]) -> str:
    """MLIR-style timing table, as IR comments."""
    total = sum(s["seconds"] for s in stats) or 1e-12
    lines = ["// -----// pass timing //----- //", "//   seconds   share  ops  streams  pass"]
    for s in stats:
        lines.append(f"// {s['seconds']:9.6f} {100 * s['seconds'] / total:6.1f}% {s['ops_after']:4d} "
                     f"{s['vector_streams_per_iter']:4d}+{s['edge_streams_per_iter']:<3d} {s['name']}")
    lines.append(f"// {total:9.6f} 100.0%            total")
    return "\n".join(lines) + "\n"


@dataclass
class PipelineReport:
    """`pipeline`: the canonical pipeline string; `stats`: one dict per pass
    (first "input"): name, ops_before, ops_after, vector_streams_per_iter,
    edge_streams_per_iter, seconds, changed."""

    pipeline: str
    stats: list[dict] = field(default_factory=list)


class PassManager:
    """Runs passes in order over one function; `instruments` are called with
    a PassEvent once for the input and after every pass.  `texts=False`: the
    instruments read only `changed`, so the IR is printed only to tell
    whether a pass that does not report its changes (Pass.reports_change)
    changed it."""

    def __init__(self, passes: list[Pass], instruments: list[Instrument] = (), texts: bool = True):
        self.passes = list(passes)
        self.instruments = list(instruments)
        self.texts = texts

    def _hook(self, ev: PassEvent) -> None:
        for instrument in self.instruments:
            instrument(ev)

    def run(self, fn: Function, input_text: str | None = None) -> None:
        """`input_text`: print_function(fn) if the caller has it already."""
        with cycle_collector_paused():
            text = print_function(fn) if input_text is None else input_text
            self._hook(PassEvent("input", fn, text, text, 0.0))
            for p in self.passes:
                reported = p.reports_change and not self.texts
                if text is None and not reported:  # the text before p, to compare with the text after
                    text = print_function(fn)
                start = time.perf_counter()
                result = p.run(fn)
                seconds = time.perf_counter() - start
                if result is False:  # untouched: the text, printed or not, is the same
                    self._hook(PassEvent(p.name, fn, text, text, seconds, False if text is None else None))
                elif reported:  # changed, as the pass says: no need to print
                    text = None
                    self._hook(PassEvent(p.name, fn, None, None, seconds, True))
                else:
                    after = print_function(fn)
                    self._hook(PassEvent(p.name, fn, text, after, seconds))
                    text = after


LEVELS = {
    0: "",
    1: "canonicalize,cse,dce",
    2: "canonicalize,cse,licm,frontier,fuse-elementwise,fuse-neighbor,dce",
}


def _stderr(text: str) -> None:
    sys.stderr.write(text)


def optimize(fn: Function, level: int = 2, pipeline: str | None = None, *, verify_each: bool = False,
             print_after_all: bool = False, print_after: list[str] | tuple = (), print_after_change: bool = False,
             timing: bool = False, dump: Callable[[str], None] | None = None,
             input_text: str | None = None) -> PipelineReport:
    """Optimise `fn` in place with `pipeline` (a pipeline string) or else the
    preset of `level` (0, 1, 2); returns the canonical pipeline and stats.
    `input_text` is print_function(fn) when the caller printed it already."""
    if pipeline is None:
        if level not in LEVELS:
            raise GrogError(f"error: unknown optimisation level -O{level} (valid: {', '.join(f'-O{k}' for k in LEVELS)})")
        pipeline = LEVELS[level]
    passes = parse_pipeline(pipeline)
    for name in print_after:
        if name not in PASSES:
            raise GrogError(f"error: --print-ir-after: unknown pass '{name}' (valid passes: {', '.join(PASSES)})")
    dump = dump or _stderr
    report = PipelineReport(pipeline_text(passes))
    instruments: list[Instrument] = [stats_instrument(report.stats)]
    if verify_each:
        instruments.insert(0, verify_instrument)
    if print_after_all or print_after or print_after_change:
        instruments.append(print_instrument(dump, print_after_all, tuple(print_after), print_after_change))
    # the statistics read only `changed`: the IR is printed only where a pass cannot say
    PassManager(passes, instruments, texts=len(instruments) > 1).run(fn, input_text)
    if timing:
        dump(timing_report(report.stats))
    return report

