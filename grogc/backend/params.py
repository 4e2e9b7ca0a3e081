"""Run-time inputs of a program: parameters and node attributes, checked.

Both the reference interpreter and `Plan.run` bind their inputs here, so a
user sees the same message whichever executor runs the program.

Parameters are typed (`f64`, `i64`, `bool`, `node`); a `node` parameter is
given as an ORIGINAL node id and bound to the node's internal id.  Node
attributes are one value per node, of a declared dtype.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Mapping

import numpy as np

from grogc.errors import GrogError
from grogc.ir.param_range import RANGE_KEYS, value_problem
from grogc.ops.semantics import NUMPY_DTYPE

PARAM_TYPE_NAMES = ("f64", "i64", "bool", "node")
I64_MIN, I64_MAX = -(2**63), 2**63 - 1


class ParamError(GrogError):
    """A parameter or attribute the caller gave is unknown, missing or malformed."""


@dataclass(frozen=True)
class ParamSpec:
    """One parameter: `name`, `type` (f64, i64, bool or node), `default`
    (None when the caller must give it; a node default is an original id)
    and `bounds`, the declared range ({"min": .., "max": ..}, either or none)."""

    name: str
    type: str
    default: Any = None
    bounds: Mapping[str, Any] = field(default_factory=dict)

    @classmethod
    def from_plan(cls, entry: Mapping[str, Any]) -> "ParamSpec":
        """The spec of a plan's `params` entry (docs/plan-format.md)."""
        return cls(entry["name"], entry["type"], entry["default"], {k: entry[k] for k in RANGE_KEYS if k in entry})


@dataclass(frozen=True)
class AttrSpec:
    """One node attribute the program loads: `name` and element `dtype`."""

    name: str
    dtype: str


def specs_of_function(fn) -> list[ParamSpec]:
    """The parameters of an IR Function, in declaration order."""
    return [ParamSpec(p.name, p.type_name, p.default, dict(p.bounds)) for p in fn.params]


def attr_specs_of_function(fn) -> list[AttrSpec]:
    """The node attributes an IR Function loads, in order of first load."""
    seen: dict[str, AttrSpec] = {}
    for op in fn.walk():
        if op.name == "attr.load":
            name = op.attrs["name"]
            dtype = op.result.type.dtype
            if name in seen and seen[name].dtype != dtype:
                raise ParamError(f"error: attribute '{name}' is loaded as nodes<{seen[name].dtype}> and as nodes<{dtype}>")
            seen.setdefault(name, AttrSpec(name, dtype))
    return list(seen.values())


# ---- parameters ---------------------------------------------------------------


def _is_int(value) -> bool:
    return isinstance(value, (int, np.integer)) and not isinstance(value, (bool, np.bool_))


def _check_value(spec: ParamSpec, value) -> Any:
    """A Python value of the parameter's type, or ParamError."""
    where = f"parameter '{spec.name}' ({spec.type})"
    if spec.type == "bool":
        if isinstance(value, (bool, np.bool_)):
            return bool(value)
        raise ParamError(f"error: {where} must be true or false, got {value!r}")
    if spec.type == "f64":
        if not (_is_int(value) or isinstance(value, (float, np.floating))):
            raise ParamError(f"error: {where} must be a number, got {value!r}")
        try:
            value = float(value)
        except OverflowError:  # an int beyond the doubles
            raise ParamError(f"error: {where} must be a finite number, got {value}") from None
    elif _is_int(value):
        value = int(value)
        if not I64_MIN <= value <= I64_MAX:
            raise ParamError(f"error: {where} is out of the 64-bit integer range: {value}")
    else:
        raise ParamError(f"error: {where} must be an integer, got {value!r}")
    problem = value_problem(spec.type, spec.bounds, value)
    if problem:
        raise ParamError(f"error: {where} {problem}")
    return value


def bind_params(specs: list[ParamSpec], given: Mapping[str, Any], graph) -> dict[str, Any]:
    """Every parameter's value for one run: given ones checked, defaults
    filled, node ids translated to internal ids.  ParamError names the
    unknown, missing or malformed parameter."""
    names = [s.name for s in specs]
    for key in given:
        if key not in names:
            valid = ", ".join(names) if names else "none"
            raise ParamError(f"error: unknown parameter '{key}' (parameters: {valid})")
    bound: dict[str, Any] = {}
    for spec in specs:
        if spec.name in given:
            value = _check_value(spec, given[spec.name])
        elif spec.default is not None:
            value = _check_value(spec, spec.default)
        else:
            raise ParamError(f"error: parameter '{spec.name}' ({spec.type}) has no default and was not given "
                             f"(--param {spec.name}=VALUE)")
        if spec.type == "node":
            value = _internal_node(spec.name, value, graph)
        bound[spec.name] = value
    return bound


def _internal_node(name: str, original: int, graph) -> int:
    ids = graph.node_ids
    i = int(np.searchsorted(ids, original))
    if i == len(ids) or int(ids[i]) != original:
        raise ParamError(f"error: parameter '{name}': node {original} is not in the graph")
    return i


_BOOL_TEXT = {"true": True, "false": False, "1": True, "0": False}
# Numbers on the command line: ASCII digits only ([0-9] never matches other
# scripts' digits, which int() and float() would take), no `_` separators, no
# words (inf, nan); a float may have a fraction and an exponent.
_INT_TEXT = re.compile(r"[+-]?[0-9]+")
_FLOAT_TEXT = re.compile(r"[+-]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?")


def parse_param_text(specs: list[ParamSpec], text: str) -> tuple[str, Any]:
    """`K=V` from the command line to (name, typed value)."""
    if "=" not in text:
        raise ParamError(f"error: --param expects NAME=VALUE, got '{text}'")
    key, raw = (part.strip() for part in text.split("=", 1))
    by_name = {s.name: s for s in specs}
    if key not in by_name:
        valid = ", ".join(by_name) if by_name else "none"
        raise ParamError(f"error: unknown parameter '{key}' (parameters: {valid})")
    spec = by_name[key]
    try:
        if spec.type == "bool":
            return key, _BOOL_TEXT[raw.lower()]
        if not (_FLOAT_TEXT if spec.type == "f64" else _INT_TEXT).fullmatch(raw):
            raise ValueError(raw)
        if spec.type == "f64" and float(raw) in (float("inf"), float("-inf")):
            raise ParamError(f"error: parameter '{key}' (f64) = {raw} is too large for a 64-bit float")
        return key, float(raw) if spec.type == "f64" else int(raw)
    except (KeyError, ValueError):
        kind = {"bool": "true or false", "f64": "a number"}.get(spec.type, "an integer")
        raise ParamError(f"error: parameter '{key}' ({spec.type}) must be {kind}, got '{raw}'") from None


# ---- node attributes ----------------------------------------------------------


def bind_attrs(specs: list[AttrSpec], given: Mapping[str, Any] | None, n: int) -> dict[str, np.ndarray]:
    """Every attribute the program loads, as a contiguous array of its dtype
    and length n.  Unknown, missing, mis-sized or mis-typed ones are errors."""
    given = dict(given or {})
    names = [s.name for s in specs]
    for key in given:
        if key not in names:
            valid = ", ".join(names) if names else "none"
            raise ParamError(f"error: unknown attribute '{key}' (the program loads: {valid})")
    out = {}
    for spec in specs:
        if spec.name not in given:
            raise ParamError(f"error: attribute '{spec.name}' (nodes<{spec.dtype}>) was not given (--attr {spec.name}=FILE)")
        out[spec.name] = _check_attr(spec, np.asarray(given[spec.name]), n)
    return out


def _check_attr(spec: AttrSpec, arr: np.ndarray, n: int) -> np.ndarray:
    where = f"attribute '{spec.name}' (nodes<{spec.dtype}>)"
    if arr.ndim != 1 or len(arr) != n:
        raise ParamError(f"error: {where} must hold one value per node ({n}), got shape {arr.shape}")
    kind = arr.dtype.kind
    allowed = {"f64": "iuf", "i64": "iu", "bool": "b"}[spec.dtype]
    if kind not in allowed:
        raise ParamError(f"error: {where} cannot take values of dtype {arr.dtype}")
    if spec.dtype == "i64" and kind == "u" and arr.size and int(arr.max()) > I64_MAX:
        raise ParamError(f"error: {where} holds values above 2^63-1")
    return np.ascontiguousarray(arr, dtype=NUMPY_DTYPE[spec.dtype])


_VALUE_KIND = {"f64": "a number", "i64": "an integer", "bool": "true, false, 1 or 0"}


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def _is_header(parts: list[str], dtype: str) -> bool:
    """A first line is a header only when neither field is a number (nor,
    for a bool attribute, true/false): `node,score` is one, `1,abc` is data."""
    def data_like(field: str) -> bool:
        return _is_number(field) or (dtype == "bool" and field.lower() in _BOOL_TEXT)
    return not any(data_like(f) for f in parts)


def _parse_attr_line(parts: list[str], dtype: str) -> tuple[int, Any]:
    """(original node id, value) of one CSV line, or ValueError with the reason."""
    try:
        node = int(parts[0])
    except ValueError:
        raise ValueError(f"bad node id '{parts[0]}' in column 1 (expected an integer id)") from None
    if not I64_MIN <= node <= I64_MAX:
        raise ValueError(f"node id {node} in column 1 is out of the 64-bit integer range")
    raw = parts[1]
    try:
        if dtype == "bool":
            value = _BOOL_TEXT[raw.lower()]
        elif dtype == "f64":
            value = float(raw)
        else:
            value = int(raw)
    except (KeyError, ValueError):
        raise ValueError(f"bad {dtype} value '{raw}' in column 2 (expected {_VALUE_KIND[dtype]})") from None
    if dtype == "i64" and not I64_MIN <= value <= I64_MAX:
        raise ValueError(f"i64 value {value} in column 2 is out of the 64-bit integer range")
    return node, value


def read_attr_file(path: str | Path, dtype: str, graph) -> np.ndarray:
    """A node attribute from a file: `.npy` (one value per internal node), or
    CSV lines `node,value` naming ORIGINAL ids, every node exactly once.

    Blank lines and `#` comments are skipped.  The first other line is a
    header (and skipped) only when neither of its fields parses as a number
    (nor, for a bool attribute, as true/false), e.g. `node,score`; otherwise
    it is data, and an error in it is reported as `FILE:LINE: error: ...`
    like any other line's."""
    path = Path(path)
    if not path.is_file():
        raise ParamError(f"error: no such attribute file: {path}")
    if path.suffix == ".npy":
        try:
            return np.load(path, allow_pickle=False)
        except ValueError as err:
            raise ParamError(f"{path}: error: not a readable .npy file ({err})") from None
    try:
        text = path.read_text(encoding="utf-8-sig")  # a BOM is not part of line 1
    except (OSError, UnicodeDecodeError) as err:
        raise ParamError(f"{path}: error: cannot read the attribute file ({err})") from None
    values = np.zeros(graph.n, dtype=NUMPY_DTYPE[dtype])
    seen = np.zeros(graph.n, dtype=bool)
    first = True
    for lineno, line in enumerate(text.splitlines(), 1):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        parts = [p.strip() for p in line.split(",")]
        if len(parts) != 2:
            raise ParamError(f"{path}:{lineno}: error: expected 'node,value', got '{line}'")
        if first:
            first = False
            if _is_header(parts, dtype):
                continue
        try:
            node, value = _parse_attr_line(parts, dtype)
        except ValueError as err:
            raise ParamError(f"{path}:{lineno}: error: {err}: '{line}'") from None
        i = int(np.searchsorted(graph.node_ids, node))
        if i == graph.n or int(graph.node_ids[i]) != node:
            raise ParamError(f"{path}:{lineno}: error: node {node} is not in the graph")
        if seen[i]:
            raise ParamError(f"{path}:{lineno}: error: node {node} appears twice")
        values[i], seen[i] = value, True
    if not seen.all():
        missing = graph.node_ids[~seen][:5].tolist()
        raise ParamError(f"{path}: error: {int((~seen).sum())} node(s) have no value (first: {missing})")
    return values
