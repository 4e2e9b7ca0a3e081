"""`grogc run ALGO --graph DIR --scheduler ADDRESS|local:N`: the library call behind it."""

from __future__ import annotations

from pathlib import Path

from grogc.driver.api import load_program
from grogc.backend.params import parse_param_text, read_attr_file
from grogc.distributed.cluster import dask_client
from grogc.distributed.partitioned import PartitionedGraph
from grogc.errors import GrogError


def run_partitioned_program(program: str | Path, folder: str | Path, scheduler: str, *, param_texts=(),
                            attr_texts=(), threads: int = 0, entry: str | None = None, opt_level: int = 2,
                            cache: bool = True, profile=None):
    """Compile or load `program`, run it over the partition in `folder` on
    the cluster `scheduler` names; returns (outputs, PartitionedGraph)."""
    folder = Path(folder)
    if not folder.is_dir():
        raise GrogError(f"error: --scheduler runs on a partition folder (grogc graph partition G.csr -p P -o DIR); "
                        f"{folder} is not a folder")
    pg = PartitionedGraph.load(folder)
    plan = load_program(program, opt_level=opt_level, entry=entry, cache=cache)
    params = {}
    for text in param_texts:
        name, value = parse_param_text(plan.param_specs, text)
        if name in params:
            raise GrogError(f"error: parameter '{name}' is given twice (--param {text})")
        params[name] = value
    dtypes = {a.name: a.dtype for a in plan.attr_specs}
    attrs = {}
    for text in attr_texts:
        name, _, path = text.partition("=")
        if not path or name not in dtypes:
            valid = ", ".join(dtypes) or "none"
            raise GrogError(f"error: --attr expects NAME=FILE with NAME one of the program's attributes ({valid}), got '{text}'")
        attrs[name] = read_attr_file(path, dtypes[name], pg)
    with dask_client(scheduler) as client:
        return plan.run(pg, client=client, threads=threads, attrs=attrs, profile=profile, **params), pg
