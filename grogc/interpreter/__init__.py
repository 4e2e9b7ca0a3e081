"""The reference interpreter (docs/interpreter.md): runs IR op by op with
each op's reference kernel from its record (grogc/ops/semantics.py)."""

from grogc.interpreter.machine import RunError, interpret

__all__ = ["RunError", "interpret"]
