"""`Pass`, the base of every pass: in its own module so that pass modules,
the pass registry and the manager import it without importing each other."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import ClassVar


@dataclass(frozen=True)
class Pass:
    """A pass: `name` (class attribute) is its pipeline name, `summary` one
    line for `grogc explain`; dataclass fields are its options.  Subclasses
    define `run(self, fn: Function) -> bool | None`, rewriting `fn` in place;
    returning False promises that `fn` was not touched (the pass manager then
    does not print it again to see whether it changed), None or True promise
    nothing, unless the class sets `reports_change`: then True promises that
    the printed IR differs, and the manager need not print it to tell."""

    name: ClassVar[str] = ""
    summary: ClassVar[str] = ""
    reports_change: ClassVar[bool] = False

    @classmethod
    def options(cls) -> dict[str, dataclasses.Field]:
        """Option spelling (dashes) -> dataclass field."""
        return {f.name.replace("_", "-"): f for f in dataclasses.fields(cls)}

    def spelling(self) -> str:
        """The canonical pipeline text of this pass: options that differ from
        their defaults, sorted, in braces."""
        parts = []
        for option, f in sorted(self.options().items()):
            value = getattr(self, f.name)
            if value != f.default:
                parts.append(f"{option}={_option_text(value)}")
        return self.name + ("{" + " ".join(parts) + "}" if parts else "")


def _option_text(value) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _option_text(value) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)
