"""Writing files so that nothing is ever half-written.

Every file grogc writes (g.csr graphs, edge-list exports, plans, cache
entries, run outputs) goes through `atomic_output`: the data goes to a
temporary file beside the target, which is renamed over the target only
when everything was written.  A reader, or a crash, never sees a torn file.
"""

from __future__ import annotations

import os
import tempfile
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Iterator

from grogc.errors import GrogError


@contextmanager
def atomic_output(path: str | Path, mode: str = "wb", **open_kwargs) -> Iterator[IO]:
    """Open a temporary file for writing; on a normal exit give it the
    permissions `open()` would (0666 minus the umask; mkstemp makes 0600)
    and rename it to `path`; on any exception remove it and re-raise.  An
    OSError (no such folder, permission, disk full, a folder in the way)
    becomes a GrogError naming `path`, never the temporary file."""
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
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)
        os.replace(tmp, path)
    except OSError as err:
        Path(tmp).unlink(missing_ok=True)
        raise GrogError(f"error: cannot write {path}: {err.strerror or err}") from None
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_bytes_atomic(path: str | Path, data: bytes) -> None:
    with atomic_output(path, "wb") as f:
        f.write(data)
