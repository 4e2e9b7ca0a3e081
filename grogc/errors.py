"""Errors a user can cause, shared by every stage.

The CLI prints ``str(err)`` for any GrogError and exits with code 1; anything
else escaping is a bug in grogc.
"""


class GrogError(Exception):
    """A user-facing error: the CLI prints str(err) and exits with code 1."""
