"""LDBC Graphalytics graphs: NAME.properties + NAME.v (vertex ids) + NAME.e (edges).

The input may name any of the three files; the others are found next to it
through the properties (`graph.NAME.vertex-file`, `edge-file`, `directed`,
`edge-properties.names`).  Weighted when the edge properties include
`weight`; an undirected graph lists each edge once.  Every edge endpoint must
be a listed vertex, and the meta counts, when present, must match.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from grogc.graph import _native
from grogc.graph.errors import at
from grogc.graph.importers.options import EdgeData, ImportOptions
from grogc.graph.importers.text import Progress, TextInput, line_of_record

MAX_PROPERTIES_BYTES = 1 << 20


def read_properties(path: Path) -> dict[str, str]:
    """Java-properties `key = value` pairs (`#`/`!` comments)."""
    props: dict[str, str] = {}
    try:
        size = path.stat().st_size
        if size > MAX_PROPERTIES_BYTES:  # read whole below: refuse what no properties file is
            raise at(path, None, f"is {size:,} bytes; an LDBC properties file is a few dozen lines "
                                 f"(at most {MAX_PROPERTIES_BYTES // 2**20} MiB)")
        text = read_utf8(path)
    except OSError as err:
        raise at(path, None, f"cannot read the LDBC properties file: {err.strerror}") from None
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line or line[0] in "#!":
            continue
        key, sep, value = line.partition("=")
        if not sep:
            key, sep, value = line.partition(":")
        if not sep:
            raise at(path, number, f"expected 'key = value', found '{line[:40]}'")
        props[key.strip()] = value.strip()
    return props


def read_utf8(path: Path) -> str:
    """A text file's contents; a GraphFormatError naming the line and byte
    when it is not UTF-8 (LDBC's files are)."""
    raw = path.read_bytes()
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as err:
        line = raw.count(b"\n", 0, err.start) + 1
        raise at(path, line, f"not UTF-8 text: byte 0x{raw[err.start]:02x} at offset {err.start} "
                             "(LDBC files are UTF-8)") from None


def _properties_for(path: Path) -> Path:
    if path.suffix == ".properties":
        return path
    candidate = path.with_suffix(".properties")
    if not candidate.exists():
        raise at(path, None, f"LDBC input needs its properties file {candidate.name} next to it")
    return candidate


def _prop(props: dict[str, str], graph: str, key: str, path: Path) -> str:
    full = f"graph.{graph}.{key}"
    if full not in props:
        raise at(path, None, f"the properties file has no '{full}'")
    return props[full]


def read_ldbc(path: Path, opts: ImportOptions, progress: Progress | None = None) -> EdgeData:
    ppath = _properties_for(path)
    props = read_properties(ppath)
    graph = ppath.stem
    directed_text = _prop(props, graph, "directed", ppath).lower()
    if directed_text not in ("true", "false"):
        raise at(ppath, None, f"graph.{graph}.directed must be true or false, found '{directed_text}'")
    names = [s.strip() for s in props.get(f"graph.{graph}.edge-properties.names", "").split(",") if s.strip()]
    weighted = "weight" in names
    if opts.weighted and not weighted:
        raise at(ppath, None, "--weighted was given but the LDBC graph has no 'weight' edge property")
    vpath = ppath.parent / _prop(props, graph, "vertex-file", ppath)
    epath = ppath.parent / _prop(props, graph, "edge-file", ppath)
    with TextInput(vpath) as inp:
        vfmt = _native.text_format(ncols=(1, 1), dst_col=-1)
        vertices = inp.parse_rest(vfmt, has_dst=False).src
    ids = np.unique(vertices)
    if len(ids) != len(vertices):
        raise at(vpath, None, f"{len(vertices) - len(ids)} vertex ids are listed more than once")
    with TextInput(epath, progress) as inp:
        ncols = 3 if weighted else 2
        # An unweighted graph may still carry a weight column: it is ignored.
        efmt = _native.text_format(ncols=(ncols, 3), weight_col=2 if weighted else -1,
                                   allow_negative=opts.allow_negative_weights)
        edges = inp.parse_rest(efmt, has_weight=weighted)
    for endpoint in (edges.src, edges.dst):
        pos = np.minimum(np.searchsorted(ids, endpoint), max(len(ids) - 1, 0))
        unknown = (ids[pos] != endpoint) if len(ids) else np.ones(len(endpoint), bool)
        if unknown.any():
            k = int(np.argmax(unknown))
            line = line_of_record(epath, k, bool)
            raise at(epath, line, f"vertex {int(endpoint[k])} is not listed in {vpath.name}")
    for key, found, where in (("meta.vertices", len(ids), vpath), ("meta.edges", len(edges.src), epath)):
        meta = props.get(f"graph.{graph}.{key}")
        if meta is not None and meta.isdigit() and int(meta) != found:
            raise at(where, None, f"wrong counts: {ppath.name} says {key} = {meta}, the file has {found}")
    return EdgeData(edges.src, edges.dst, edges.weight, directed=directed_text == "true", nodes=ids)
