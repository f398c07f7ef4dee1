"""Typed errors of the workspace store.

``InvalidInputError`` is the engine's, re-exported so that callers catch one
type for bad data wherever it is detected.
"""

from __future__ import annotations

from reefscope.engine.errors import InvalidInputError

__all__ = [
    "ConflictError",
    "DamagedError",
    "InvalidInputError",
    "NotFoundError",
    "ReadOnlyError",
    "StoreError",
]


class StoreError(Exception):
    """Base class of the store's own errors (not of bad input)."""


class NotFoundError(StoreError, LookupError):
    """A named object does not exist; the message names it and where it was looked for."""


class ConflictError(StoreError):
    """The operation clashes with what the workspace holds (an existing name, a dependent object)."""


class ReadOnlyError(StoreError):
    """A write to a workspace opened read-only (not writable here, or opened with ``read_only=True``)."""


class DamagedError(StoreError):
    """A workspace file (the catalog or a table) cannot be read: truncated, overwritten or missing."""

    def __init__(self, path: str, reason: str, *, whole_workspace: bool = False) -> None:
        still = "nothing else can be read" if whole_workspace else "the rest of the workspace still works"
        super().__init__(
            f"the workspace file {path} is damaged ({reason}); {still}; "
            "`reefscope doctor` lists every damaged file"
        )
        self.path = path
