"""Typed errors of the workspace store.

``InvalidInputError`` is the engine's, re-exported so that callers catch one
type for bad data wherever it is detected.
"""

from __future__ import annotations

from reefscope.engine.errors import InvalidInputError

__all__ = ["ConflictError", "InvalidInputError", "NotFoundError", "ReadOnlyError", "StoreError"]


class StoreError(Exception):
    """Base class of the store's own errors (not of bad input)."""


class NotFoundError(StoreError, LookupError):
    """A named object does not exist; the message names it and where it was looked for."""


class ConflictError(StoreError):
    """The operation clashes with what the workspace holds (an existing name, a dependent object)."""


class ReadOnlyError(StoreError):
    """A write to a workspace opened read-only (not writable here, or opened with ``read_only=True``)."""
