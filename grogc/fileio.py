"""Writing files so that nothing is ever half-written.

Every file grogc writes (g.csr graphs, edge-list exports, plans, cache
entries, run outputs) goes through `atomic_output`: the data goes to a
temporary file beside the target, which is flushed to disk (fsync) and
renamed over the target only when everything was written; the folder is
synced after the rename.  A reader, or a crash (even a power cut: without
the fsync a journaling file system may commit the rename before the data),
never sees a torn file.  `refuse_overwriting` keeps a command from writing
over one of its own inputs.
"""

from __future__ import annotations

import os
import tempfile
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Iterator

from grogc.errors import GrogError


@contextmanager
def atomic_output(path: str | Path, mode: str = "wb", *, durable: bool = True, **open_kwargs) -> Iterator[IO]:
    """Open a temporary file for writing; on a normal exit give it the
    permissions `open()` would (0666 minus the umask; mkstemp makes 0600)
    and rename it to `path`; on any exception remove it and re-raise.  An
    OSError (no such folder, permission, disk full, a folder in the way)
    becomes a GrogError naming `path`, never the temporary file.
    `durable=False` skips the fsyncs (about 10 ms a file here): for files
    that can be regenerated and are checked when read (plan-cache entries)."""
    refuse_stdout(path)
    path = Path(path)
    if path.is_dir():
        raise GrogError(f"error: cannot write {path}: it is a directory")
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent if str(path.parent) else ".")
    except OSError as err:
        raise GrogError(f"error: cannot write {path}: {err.strerror or err}") from None
    try:
        with os.fdopen(fd, mode, **open_kwargs) as f:
            yield f
            f.flush()
            if durable:
                os.fsync(f.fileno())  # the data reaches the disk before the rename can
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)
        os.replace(tmp, path)
        if durable:
            _sync_folder(path.parent)
    except OSError as err:
        Path(tmp).unlink(missing_ok=True)
        raise GrogError(f"error: cannot write {path}: {err.strerror or err}") from None
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_bytes_atomic(path: str | Path, data: bytes, *, durable: bool = True) -> None:
    with atomic_output(path, "wb", durable=durable) as f:
        f.write(data)


def _sync_folder(folder: Path) -> None:
    """Make a rename in `folder` durable (best effort: some file systems
    cannot open or sync a directory, and the data itself is already synced)."""
    try:
        fd = os.open(folder if str(folder) else ".", os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def refuse_stdout(output: str | Path) -> None:
    """A GrogError for `-o -` where the output is a file (a plan, a g.csr):
    commands that can write to standard output handle '-' before they get
    here; every other one would write a file named '-'."""
    if str(output) == "-":
        raise GrogError("error: cannot write '-': this command writes a file, not standard output; give a file name")


def refuse_overwriting(output: str | Path, *inputs: str | Path | None, what: str = "input") -> None:
    """A GrogError when `output` is the same file as one of `inputs` (by
    device and inode, so another spelling, a symlink or a hard link counts):
    writing it would destroy the data being read.  Inputs that are not
    existing files (GIR text, a library algorithm's name, '-') never match.
    An output of '-' is refused here too, before any work is done."""
    refuse_stdout(output)
    out = Path(output)
    if not out.exists():
        return
    for item in inputs:
        if item is None or str(item) == "-":
            continue
        try:
            same = os.path.samefile(out, item)
        except (OSError, ValueError):  # not a file, or text that is no valid path
            continue
        if same:
            raise GrogError(f"error: refusing to write {out}: it is the {what} {item}; choose another output file")
