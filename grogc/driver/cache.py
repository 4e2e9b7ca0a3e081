"""The plan cache (DESIGN.md "Plan cache", docs/cache.md).

A user who runs the same program a thousand times compiles it once.  The
cache maps a key to a plan file:

    key = sha256(canonical IR of the entry function (before any pass),
                 compiler fingerprint, pipeline options)

The *compiler fingerprint* is grogc's version plus the plan format version
plus the size and modification time of every module of the compiler: an
editable install whose passes changed must never serve plans built by the
old passes, and a released install pays one stat per module per process.

Finding the canonical IR means parsing, which costs more than a hit should
(DESIGN.md: a hit costs under 1 ms), so a second, cheaper key sits in front:
the sha256 of the raw source text, the entry name and the same fingerprint
and options.  It names a tiny *alias* file holding the canonical key.  Two
spellings of one program (comments, spacing) share the plan entry; the same
text hits without parsing.

Layout of the cache directory ($GROGC_CACHE_DIR, else $XDG_CACHE_HOME/grogc,
else ~/.cache/grogc):

    plans/<key>.plan     plan files (the msgpack of docs/plan-format.md)
    plans/<key>.sha256   the sha256 (hex) of that plan file's bytes
    alias/<key>          the canonical key of a source text, as hex

Every file is written to a temporary file in the same directory and renamed
over the entry, so a reader (another process) sees the whole old file or the
whole new one, never a torn one.  An entry that does not load (truncated,
corrupt, foreign), or whose bytes do not match the sha256 stored beside it
(a schema-valid plan changed after it was written: one constant edited), is
recompiled and replaced, with a warning.  The digest is written before the
plan, so a reader racing a writer sees a digest without a plan (a miss),
never a plan without its digest.
"""

from __future__ import annotations

import hashlib
import json
import os
import warnings
from dataclasses import dataclass
from pathlib import Path

from grogc.backend.plan import Plan
from grogc.backend.plan_schema import FORMAT_VERSION
from grogc.driver import pipeline
from grogc.fileio import write_bytes_atomic
from grogc.ir.printer import print_function

PLANS = "plans"
ALIASES = "alias"
PLAN_SUFFIX = ".plan"
DIGEST_SUFFIX = ".sha256"
TMP_SUFFIX = ".tmp"
# Modules whose code decides what plan a program compiles to.
COMPILER_PARTS = ("ir", "ops", "frontend", "passes", "backend", "driver")


class CacheWarning(UserWarning):
    """A cache entry was unusable (and has been replaced), or the cache
    directory could not be written (the plan was compiled anyway)."""


def cache_dir() -> Path:
    """$GROGC_CACHE_DIR, else $XDG_CACHE_HOME/grogc, else ~/.cache/grogc."""
    explicit = os.environ.get("GROGC_CACHE_DIR")
    if explicit:
        return Path(explicit).expanduser()
    xdg = os.environ.get("XDG_CACHE_HOME")
    base = Path(xdg).expanduser() if xdg else Path.home() / ".cache"
    return base / "grogc"


_FINGERPRINT: str | None = None


def compiler_fingerprint() -> str:
    """grogc's version, the plan format and (size, mtime) of every compiler
    module; computed once per process."""
    global _FINGERPRINT
    if _FINGERPRINT is None:
        from grogc import __version__

        package = Path(__file__).resolve().parents[1]
        h = hashlib.sha256(f"grogc {__version__} plan-format {FORMAT_VERSION}".encode())
        for part in COMPILER_PARTS:
            for path in sorted((package / part).glob("*.py")):
                st = path.stat()
                h.update(f"{part}/{path.name}:{st.st_size}:{st.st_mtime_ns}\n".encode())
        _FINGERPRINT = h.hexdigest()
    return _FINGERPRINT


def _options_text(opt_level: int, passes: str | None) -> str:
    return json.dumps({"opt_level": opt_level, "passes": passes}, sort_keys=True)


def plan_key(canonical_ir: str, opt_level: int = 2, passes: str | None = None) -> str:
    """The cache key of a program: sha256 (hex) of its canonical IR, the
    compiler fingerprint and the pipeline options."""
    h = hashlib.sha256()
    for part in ("plan", compiler_fingerprint(), _options_text(opt_level, passes), canonical_ir):
        h.update(part.encode())
        h.update(b"\0")
    return h.hexdigest()


def source_key(text: str, entry: str | None, opt_level: int = 2, passes: str | None = None) -> str:
    """The alias key of a source text (no parsing needed)."""
    h = hashlib.sha256()
    for part in ("source", compiler_fingerprint(), _options_text(opt_level, passes), entry or "", text):
        h.update(part.encode())
        h.update(b"\0")
    return h.hexdigest()


def write_atomic(path: Path, data: bytes) -> None:
    """Write `data` to a temporary file beside `path`, then rename it over
    `path` (readers never see a partial file)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    write_bytes_atomic(path, data, durable=False)  # a torn entry is caught on read and recompiled


@dataclass
class CacheInfo:
    """What `grogc cache info` prints: the directory, the number of plan
    entries and the bytes of every file in it (plans, aliases, leftovers)."""

    location: Path
    entries: int
    bytes: int
    aliases: int


class PlanCache:
    """Plan files under one directory (see the module docstring)."""

    def __init__(self, directory: str | Path | None = None):
        self.directory = Path(directory) if directory is not None else cache_dir()

    def plan_path(self, key: str) -> Path:
        return self.directory / PLANS / (key + PLAN_SUFFIX)

    def digest_path(self, key: str) -> Path:
        return self.directory / PLANS / (key + DIGEST_SUFFIX)

    def alias_path(self, key: str) -> Path:
        return self.directory / ALIASES / key

    # ---- reading -------------------------------------------------------------

    def get(self, key: str):
        """The Plan stored under `key`, or None.  An entry that does not load
        is removed with a CacheWarning (the caller recompiles and stores it)."""
        path = self.plan_path(key)
        try:
            raw = path.read_bytes()
        except (FileNotFoundError, NotADirectoryError):
            return None
        except OSError as err:
            warnings.warn(f"grogc cache: cannot read {path} ({err.strerror}); compiling instead", CacheWarning,
                          stacklevel=3)
            return None
        try:
            plan = Plan.from_bytes(raw, str(path))  # schema errors first: they say more
            _check_digest(raw, self.digest_path(key))
            return plan
        except Exception as err:  # any reason the bytes are not the valid plan that was stored
            warnings.warn(f"grogc cache: corrupt entry {path} ({_first_line(err)}); recompiling and replacing it",
                          CacheWarning, stacklevel=3)
            path.unlink(missing_ok=True)
            self.digest_path(key).unlink(missing_ok=True)
            return None

    def resolve_alias(self, key: str) -> str | None:
        """The plan key a source key points at, or None."""
        try:
            text = self.alias_path(key).read_text().strip()
        except (OSError, UnicodeDecodeError):
            return None
        return text if len(text) == 64 and all(c in "0123456789abcdef" for c in text) else None

    # ---- writing -------------------------------------------------------------

    def put(self, key: str, plan, alias: str | None = None) -> bool:
        """Store `plan` under `key` (and `alias` -> key).  False, with a
        CacheWarning, when the directory cannot be written."""
        data = plan.to_bytes()
        try:
            # digest first: a concurrent reader never finds a plan without its digest
            write_atomic(self.digest_path(key), hashlib.sha256(data).hexdigest().encode())
            write_atomic(self.plan_path(key), data)
            if alias is not None:
                write_atomic(self.alias_path(alias), key.encode())
        except OSError as err:
            warnings.warn(f"grogc cache: cannot write to {self.directory} ({err.strerror or err}); "
                          "the plan was compiled but not cached", CacheWarning, stacklevel=3)
            return False
        return True

    def put_alias(self, alias: str, key: str) -> None:
        """Point a source key at a plan key (best effort: a failure only
        costs a parse next time)."""
        try:
            write_atomic(self.alias_path(alias), key.encode())
        except OSError:
            pass

    # ---- maintenance ---------------------------------------------------------------

    def _files(self) -> list[Path]:
        files = []
        for sub in (PLANS, ALIASES):
            folder = self.directory / sub
            if folder.is_dir():
                files += [p for p in folder.iterdir() if p.is_file()]
        return files

    def info(self) -> CacheInfo:
        files = self._files()
        entries = sum(1 for p in files if p.parent.name == PLANS and p.suffix == PLAN_SUFFIX)
        aliases = sum(1 for p in files if p.parent.name == ALIASES and not p.name.endswith(TMP_SUFFIX))
        size = 0
        for p in files:
            try:
                size += p.stat().st_size
            except FileNotFoundError:  # removed by another process meanwhile
                pass
        return CacheInfo(self.directory, entries, size, aliases)

    def clear(self) -> int:
        """Remove every cache file; returns how many plan entries there were."""
        entries = self.info().entries
        for p in self._files():
            p.unlink(missing_ok=True)
        return entries


def _check_digest(raw: bytes, digest_path: Path) -> None:
    """Raise when `raw` is not the plan whose sha256 was stored beside it."""
    try:
        stored = digest_path.read_bytes().strip().decode("ascii", "replace")
    except FileNotFoundError:
        raise ValueError(f"its digest {digest_path.name} is missing") from None
    actual = hashlib.sha256(raw).hexdigest()
    if stored != actual:
        raise ValueError(f"its sha256 {actual[:12]}… does not match the stored {stored[:12]}…; it was changed")


def _first_line(err: Exception) -> str:
    return str(err).splitlines()[0] if str(err) else type(err).__name__


# ---- compiling through the cache -------------------------------------------------------


def compile_cached(text: str, *, filename: str = "<input>", opt_level: int = 2, passes: str | None = None,
                   entry: str | None = None, cache: PlanCache | None = None):
    """GIR source text -> Plan, through the cache.

    A hit on the source text's alias loads the plan without parsing; else
    the program is parsed, its canonical key looked up, and on a miss
    compiled and stored (plan and alias).  Errors in the program are
    raised exactly as by an uncached compile (nothing is stored)."""
    cache = cache or PlanCache()
    alias = source_key(text, entry, opt_level, passes)
    key = cache.resolve_alias(alias)
    if key is not None:
        plan = cache.get(key)
        if plan is not None:
            return plan
    fn = pipeline.parse_entry(text, filename, entry)
    key = plan_key(print_function(fn), opt_level, passes)
    plan = cache.get(key)
    if plan is None:
        plan = pipeline.compile_function(fn, opt_level=opt_level, passes=passes)
        cache.put(key, plan, alias)
    else:  # the same program spelt differently: point this text at the entry
        cache.put_alias(alias, key)
    return plan
