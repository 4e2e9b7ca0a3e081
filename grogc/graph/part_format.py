"""A partitioned graph on disk: one self-contained file per part and a manifest.

`grogc graph partition G.csr -p P -o DIR` writes (docs/distributed.md)::

    DIR/manifest.json      what the parts are, with each file's sha256
    DIR/node_ids.bin       int64[n] original ids (little-endian), for the client
    DIR/part-<p>.grogpart  part p: its nodes' rows, ghosts and send lists

A part file is ``b"GROGPART"``, a u32 version, a u32 header length, a msgpack
header (partition id, part index, lo/hi, n, flags and an array table of
name -> [dtype, byte offset, element count]), then the arrays, each on a
64-byte boundary.  Arrays of part p (k = hi - lo owned nodes, g ghosts)::

    out_offsets int64[k+1]   out-rows of nodes lo..hi-1 (start at 0)
    out_targets int64[.]     global ids of the targets, as in the g.csr
    in_offsets, in_sources   the same for the in-rows
    out_weights, in_weights  float64, only when the graph is weighted
    ghosts      int64[g]     remote nodes the rows name, ascending
    ghost_flags uint8[g]     bit 0: named by an in-row, bit 1: by an out-row
    send_offsets int64[P+1]  send_index[send_offsets[q]:send_offsets[q+1]]
    send_index  int64[.]     local indices (id - lo) of owned nodes part q reads,
                             ascending, i.e. q's ghosts owned by p, in q's order
    send_flags  uint8[.]     q's ghost flags for them

A worker reads only its own part; `read_part` checks the sha256 the manifest
gives and that the header names the same partition, part and node range.
"""

from __future__ import annotations

import hashlib
import json
import struct
from dataclasses import dataclass, field
from pathlib import Path

import msgpack
import numpy as np

from grogc.fileio import atomic_output
from grogc.graph.errors import GraphFormatError

PART_MAGIC = b"GROGPART"
PART_VERSION = 1
MANIFEST = "manifest.json"
MANIFEST_FORMAT = "grogc-partition"
NODE_IDS_FILE = "node_ids.bin"
ALIGN = 64
_PREFIX = struct.Struct("<8sII")

# Which ghost-flag bits a pull in each direction reads (one table for the
# partitioner's flags and the executor's exchange).
FLAG_IN, FLAG_OUT = 1, 2
DIR_NEEDS = {"in": FLAG_IN, "out": FLAG_OUT, "all": FLAG_IN | FLAG_OUT}

_DTYPES = {"i8": np.dtype("<i8"), "f8": np.dtype("<f8"), "u1": np.dtype("u1")}


@dataclass
class PartData:
    """One part in memory: header fields and its arrays (name -> ndarray)."""

    partition_id: str
    part: int
    parts: int
    lo: int
    hi: int
    n: int
    num_edges: int
    directed: bool
    weighted: bool
    arrays: dict[str, np.ndarray] = field(default_factory=dict)

    @property
    def k(self) -> int:
        return self.hi - self.lo


def sha256_file(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 22), b""):
            h.update(block)
    return h.hexdigest()


def write_part(path: Path, part: PartData) -> str:
    """Write one part file atomically; its sha256 (hex)."""
    table, offset, blobs = {}, 0, []
    for name, arr in part.arrays.items():
        code = {"i": "i8", "f": "f8", "u": "u1", "b": "u1"}[arr.dtype.kind]
        data = np.ascontiguousarray(arr, dtype=_DTYPES[code]).tobytes()
        table[name] = [code, offset, int(arr.size)]
        blobs.append(data)
        offset += -(-len(data) // ALIGN) * ALIGN
    header = msgpack.packb({
        "partition_id": part.partition_id, "part": part.part, "parts": part.parts, "lo": part.lo, "hi": part.hi,
        "n": part.n, "num_edges": part.num_edges, "directed": part.directed, "weighted": part.weighted,
        "arrays": table})
    start = -(-(_PREFIX.size + len(header)) // ALIGN) * ALIGN
    h = hashlib.sha256()
    with atomic_output(path, "wb") as f:
        for chunk in (_PREFIX.pack(PART_MAGIC, PART_VERSION, len(header)), header,
                      b"\0" * (start - _PREFIX.size - len(header))):
            f.write(chunk)
            h.update(chunk)
        for data in blobs:
            pad = b"\0" * (-len(data) % ALIGN)
            f.write(data)
            f.write(pad)
            h.update(data)
            h.update(pad)
    return h.hexdigest()


def read_part(path: Path, expect: dict, partition_id: str) -> PartData:
    """Read and check part file `path` against its manifest entry `expect`
    (keys part, lo, hi, sha256); GraphFormatError naming the part if not."""
    name = f"{path} (part {expect['part']})"
    try:
        raw = path.read_bytes()
    except OSError as err:
        raise GraphFormatError(f"{name}: error: cannot read the part: {err.strerror or err}") from None
    if hashlib.sha256(raw).hexdigest() != expect["sha256"]:
        raise GraphFormatError(f"{name}: error: the part does not match its manifest (sha256 differs): "
                               "it was changed or belongs to another partition")
    if len(raw) < _PREFIX.size:
        raise GraphFormatError(f"{name}: error: not a grogc part file (too short)")
    magic, version, hlen = _PREFIX.unpack_from(raw)
    if magic != PART_MAGIC or version != PART_VERSION:
        raise GraphFormatError(f"{name}: error: not a grogc part file of version {PART_VERSION}")
    try:
        head = msgpack.unpackb(raw[_PREFIX.size:_PREFIX.size + hlen])
    except Exception as err:  # msgpack raises several unrelated types on bad bytes
        raise GraphFormatError(f"{name}: error: unreadable part header ({err})") from None
    for key in ("part", "lo", "hi"):
        if head.get(key) != expect[key]:
            raise GraphFormatError(f"{name}: error: the part's {key} is {head.get(key)}, the manifest says {expect[key]}")
    if head.get("partition_id") != partition_id:
        raise GraphFormatError(f"{name}: error: the part belongs to another partition")
    start = -(-(_PREFIX.size + hlen) // ALIGN) * ALIGN
    arrays = {}
    for key, (code, off, count) in head["arrays"].items():
        dt = _DTYPES[code]
        arrays[key] = np.frombuffer(raw, dtype=dt, count=count, offset=start + off)
    return PartData(head["partition_id"], head["part"], head["parts"], head["lo"], head["hi"], head["n"],
                    head["num_edges"], bool(head["directed"]), bool(head["weighted"]), arrays)


# ---- the manifest --------------------------------------------------------------------


def write_manifest(folder: Path, manifest: dict) -> None:
    with atomic_output(folder / MANIFEST, "w") as f:
        json.dump(manifest, f, indent=1)
        f.write("\n")


def read_manifest(folder: Path) -> dict:
    """The manifest of a partition folder, checked for the keys the executor uses."""
    path = Path(folder) / MANIFEST
    if not Path(folder).is_dir():
        raise GraphFormatError(f"{folder}: error: not a partition folder (grogc graph partition writes one)")
    try:
        manifest = json.loads(path.read_text())
    except FileNotFoundError:
        raise GraphFormatError(f"{path}: error: no manifest: {folder} is not a partition folder") from None
    except (OSError, ValueError) as err:
        raise GraphFormatError(f"{path}: error: unreadable manifest ({err})") from None
    keys = ("format", "version", "partition_id", "n", "m", "num_edges", "directed", "weighted", "parts", "node_ids")
    missing = [k for k in keys if not isinstance(manifest, dict) or k not in manifest]
    if missing:
        raise GraphFormatError(f"{path}: error: manifest lacks {', '.join(missing)}")
    if manifest["format"] != MANIFEST_FORMAT or manifest["version"] != PART_VERSION:
        raise GraphFormatError(f"{path}: error: not a {MANIFEST_FORMAT} manifest of version {PART_VERSION}")
    bounds = [0] + [p["hi"] for p in manifest["parts"]]
    if any(p["part"] != i or p["lo"] != bounds[i] or p["hi"] < p["lo"] for i, p in enumerate(manifest["parts"])) \
            or bounds[-1] != manifest["n"]:
        raise GraphFormatError(f"{path}: error: the parts' node ranges do not tile 0..n")
    return manifest


def read_node_ids(folder: Path, manifest: dict) -> np.ndarray:
    entry = manifest["node_ids"]
    path = Path(folder) / entry["file"]
    try:
        raw = path.read_bytes()
    except OSError as err:
        raise GraphFormatError(f"{path}: error: cannot read the node ids: {err.strerror or err}") from None
    if hashlib.sha256(raw).hexdigest() != entry["sha256"] or len(raw) != 8 * manifest["n"]:
        raise GraphFormatError(f"{path}: error: the node ids do not match the manifest")
    return np.frombuffer(raw, dtype="<i8")
