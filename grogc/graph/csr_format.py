"""The g.csr file: header layout, writer and checking reader.

The byte-by-byte layout is documented in docs/graph-format.md; this module is
its single implementation.  All integers are little-endian.

Header (256 bytes)::

    0   8  magic            b"GROGCSR\\0"
    8   4  version          u32, currently 1
    12  4  flags            u32: bit 0 directed, bit 1 weighted
    16  8  n                u64 vertices
    24  8  m                u64 arcs stored in the out-CSR (= in-CSR)
    32  8  num_edges        u64 edges as imported (see Graph.num_edges)
    40  4  index_width      u32 bytes per vertex index: 4 (n < 2^32) or 8
    44  4  header_size      u32 = 256
    48  8  file_size        u64 total bytes
    56 112 array table      7 x (u64 byte offset, u64 byte length), in ARRAYS order
    168 80 reserved         zero
    248 4  data_crc32       CRC-32 of bytes [header_size, file_size)
    252 4  header_crc32     CRC-32 of bytes [0, 252)

Arrays start on 64-byte boundaries; padding bytes are zero.  An absent array
(weights of an unweighted graph) has offset 0 and length 0.
"""

from __future__ import annotations

import mmap
import os
import struct
import zlib
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from grogc.fileio import atomic_output
from grogc.graph.csr_checks import UNDIRECTED_TWINS, check_arrays, check_num_edges
from grogc.graph.errors import GraphFormatError

MAGIC = b"GROGCSR\0"
VERSION = 1
HEADER_SIZE = 256
ALIGN = 64
FLAG_DIRECTED = 1
FLAG_WEIGHTED = 2

# Array name -> element dtype ("index" means u32 or u64 by index_width).
ARRAYS = (
    ("out_offsets", "<i8"),
    ("out_targets", "index"),
    ("in_offsets", "<i8"),
    ("in_sources", "index"),
    ("out_weights", "<f8"),
    ("in_weights", "<f8"),
    ("node_ids", "<i8"),
)
_FIXED = struct.Struct("<8sIIQQQIIQ")  # magic .. file_size: 56 bytes
_TABLE = struct.Struct("<" + "QQ" * len(ARRAYS))  # 112 bytes
_CRC_AT = 248


@dataclass(frozen=True)
class CsrHeader:
    """The decoded header: counts, flags and where each array lives."""

    directed: bool
    weighted: bool
    n: int  # vertices
    m: int  # arcs in the out-CSR
    num_edges: int  # edges as imported (directed: arcs; undirected: each edge once)
    index_width: int  # bytes per vertex index, 4 or 8
    file_size: int
    arrays: dict[str, tuple[int, int]]  # name -> (byte offset, byte length)


def index_dtype(n: int) -> np.dtype:
    """The vertex-index dtype for a graph of n vertices: u32 below 2^32, else u64."""
    return np.dtype("<u4") if n < 2**32 else np.dtype("<u8")


def _aligned(x: int) -> int:
    return (x + ALIGN - 1) // ALIGN * ALIGN


def write_csr(path: str | Path, arrays: dict[str, np.ndarray | None], *, directed: bool,
              num_edges: int) -> None:
    """Write a g.csr atomically: a temporary file in the same folder, then rename.

    ``arrays`` maps every name in ARRAYS to an array (weights may be None).
    An interrupted write leaves at most a stray temporary file, never a torn g.csr.
    """
    path = Path(path)
    n = len(arrays["node_ids"])
    m = len(arrays["out_targets"])
    width = index_dtype(n).itemsize
    weighted = arrays.get("out_weights") is not None
    dtypes = {name: (index_dtype(n) if dt == "index" else np.dtype(dt)) for name, dt in ARRAYS}
    table: dict[str, tuple[int, int]] = {}
    pos = HEADER_SIZE
    for name, _ in ARRAYS:
        arr = arrays.get(name)
        if arr is None:
            table[name] = (0, 0)
            continue
        pos = _aligned(pos)
        nbytes = len(arr) * dtypes[name].itemsize
        table[name] = (pos, nbytes)
        pos += nbytes
    file_size = pos
    flags = (FLAG_DIRECTED if directed else 0) | (FLAG_WEIGHTED if weighted else 0)
    header = bytearray(HEADER_SIZE)
    _FIXED.pack_into(header, 0, MAGIC, VERSION, flags, n, m, num_edges, width, HEADER_SIZE, file_size)
    _TABLE.pack_into(header, _FIXED.size, *[v for name, _ in ARRAYS for v in table[name]])

    with atomic_output(path, "wb") as f:
        f.write(header)  # rewritten with checksums at the end
        crc = 0
        written = HEADER_SIZE
        for name, _ in ARRAYS:
            off, nbytes = table[name]
            if nbytes == 0:
                continue
            pad = bytes(off - written)
            data = np.ascontiguousarray(arrays[name], dtype=dtypes[name])
            view = memoryview(data).cast("B")
            crc = zlib.crc32(pad, crc)
            crc = zlib.crc32(view, crc)
            f.write(pad)
            f.write(view)
            written = off + nbytes
        # Zero-length arrays at the end still moved file_size to an aligned
        # offset (an empty graph has no edges): pad up to it.
        tail = bytes(file_size - written)
        crc = zlib.crc32(tail, crc)
        f.write(tail)
        struct.pack_into("<I", header, _CRC_AT, crc)
        struct.pack_into("<I", header, _CRC_AT + 4, zlib.crc32(bytes(header[:_CRC_AT + 4])))
        f.seek(0)
        f.write(header)


def _bad(path: Path, message: str) -> GraphFormatError:
    return GraphFormatError(f"{path}: error: not a valid g.csr file: {message}")


def read_header(path: Path, buf) -> CsrHeader:
    """Decode and check the header against the file's real length."""
    size = len(buf)
    if size < HEADER_SIZE:
        raise _bad(path, f"file is {size} bytes, shorter than the {HEADER_SIZE}-byte header")
    head = bytes(buf[:HEADER_SIZE])
    magic, version, flags, n, m, num_edges, width, hsize, file_size = _FIXED.unpack_from(head, 0)
    if magic != MAGIC:
        raise _bad(path, f"bad magic {magic!r} (expected {MAGIC!r})")
    if version != VERSION:
        raise _bad(path, f"unsupported version {version} (this grogc reads version {VERSION})")
    (stored_hcrc,) = struct.unpack_from("<I", head, _CRC_AT + 4)
    if zlib.crc32(head[:_CRC_AT + 4]) != stored_hcrc:
        raise _bad(path, "header checksum mismatch (the header is corrupt)")
    if hsize != HEADER_SIZE:
        raise _bad(path, f"header_size is {hsize}, expected {HEADER_SIZE}")
    if file_size != size:
        raise _bad(path, f"header says {file_size} bytes but the file has {size} (truncated or padded)")
    if flags & ~(FLAG_DIRECTED | FLAG_WEIGHTED):
        raise _bad(path, f"unknown flag bits 0x{flags:x}")
    if width != index_dtype(n).itemsize:
        raise _bad(path, f"index width {width} does not match n = {n}")
    weighted = bool(flags & FLAG_WEIGHTED)
    raw = _TABLE.unpack_from(head, _FIXED.size)
    arrays = {name: (raw[2 * i], raw[2 * i + 1]) for i, (name, _) in enumerate(ARRAYS)}
    expected = {
        "out_offsets": (n + 1) * 8, "in_offsets": (n + 1) * 8,
        "out_targets": m * width, "in_sources": m * width,
        "out_weights": m * 8 if weighted else 0, "in_weights": m * 8 if weighted else 0,
        "node_ids": n * 8,
    }
    for name, (off, nbytes) in arrays.items():
        if nbytes != expected[name]:
            raise _bad(path, f"{name} is {nbytes} bytes, expected {expected[name]} for n={n}, m={m}")
        if nbytes and (off % ALIGN or off < HEADER_SIZE or off + nbytes > size):
            raise _bad(path, f"{name} at byte {off} (+{nbytes}) is misaligned or outside the {size}-byte file")
    return CsrHeader(bool(flags & FLAG_DIRECTED), weighted, n, m, num_edges, width, size, arrays)


_READ_CHUNK = 1 << 22  # small enough that the checksum reads each chunk from cache


def _read_file(path: Path):
    """(the whole file in private memory, CRC-32 of its bytes from
    HEADER_SIZE on): an anonymous mapping that asks for huge pages, or b""
    when the file is empty.

    Not a mapping of the file itself: when another process truncates a
    mapped file, touching a page past the new end kills the reader with
    SIGBUS, in NumPy or in the middle of a C run.  Read once, the graph is
    this process's own; a file that changes while being read is reported.
    The cost is one copy from the page cache; the data checksum is computed
    on each chunk just read, while it is in cache."""
    try:
        with open(path, "rb") as f:
            size = os.fstat(f.fileno()).st_size
            if not size:
                return b"", 0
            buf = mmap.mmap(-1, size)
            if hasattr(mmap, "MADV_HUGEPAGE"):
                buf.madvise(mmap.MADV_HUGEPAGE)
            view = memoryview(buf)
            done = crc = 0
            while done < size:
                k = f.readinto(view[done:done + _READ_CHUNK])
                if not k:
                    break
                if done + k > HEADER_SIZE:
                    crc = zlib.crc32(view[max(done, HEADER_SIZE):done + k], crc)
                done += k
            view.release()
            if done != size or f.read(1):
                raise GraphFormatError(f"{path}: error: the file changed while it was being read "
                                       f"({size} bytes at the start, {done} read); another process is writing it")
            return buf, crc
    except OSError as err:
        raise GraphFormatError(f"{path}: error: cannot open: {err.strerror}") from None


def read_csr(path: str | Path, *, verify: bool = True,
             allow_negative_weights: bool = False) -> tuple[CsrHeader, dict[str, np.ndarray | None]]:
    """Read a g.csr into memory and return its header and read-only array views.

    With ``verify`` (the default) the data checksum and csr_checks' standard
    checks run (Graph.load adds the full check on request).  Negative weights
    are an error unless ``allow_negative_weights``.  Every problem raises
    GraphFormatError naming the file and what is wrong.
    """
    path = Path(path)
    buf, crc = _read_file(path)
    header = read_header(path, buf)
    check_num_edges(bad_file(path), header.directed, header.m, header.num_edges)
    if verify:
        (stored,) = struct.unpack_from("<I", bytes(buf[_CRC_AT:_CRC_AT + 4]))
        if crc != stored:
            raise _bad(path, "data checksum mismatch (the arrays are corrupt)")
    out: dict[str, np.ndarray | None] = {}
    for name, dt in ARRAYS:
        off, nbytes = header.arrays[name]
        dtype = index_dtype(header.n) if dt == "index" else np.dtype(dt)
        if name.endswith("weights") and not header.weighted:
            out[name] = None
            continue
        arr = np.frombuffer(buf, dtype=dtype, count=nbytes // dtype.itemsize, offset=off)
        arr.flags.writeable = False  # the graph is shared by every run on it
        out[name] = arr
    if verify:
        check_arrays(bad_file(path), out, n=header.n, m=header.m, directed=header.directed,
                     allow_negative_weights=allow_negative_weights)
        if not header.directed:
            # checked equal to the out-arrays: pass those, as Graph.from_edges does, so the runtime sees
            # one CSR and walks an undirected graph's lists once for dir "all" (kernels_pull.c lists_for)
            for in_name, out_name in UNDIRECTED_TWINS:
                out[in_name] = out[out_name]
    return header, out



def bad_file(path: Path):
    """The error builder the checks use: `PATH: error: not a valid g.csr file: MESSAGE`."""
    return lambda message: _bad(path, message)
