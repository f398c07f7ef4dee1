"""A fault-injection point for the crash tests.

The store calls :func:`checkpoint` at the boundaries of a write (files staged,
renamed, catalog updated, committed). It does nothing unless a test installs a
``hook``, which lets a subprocess pause at an exact stage to be killed there.
"""

from __future__ import annotations

from collections.abc import Callable

hook: Callable[[str], None] | None = None


def checkpoint(stage: str) -> None:
    """Report that a write reached ``stage`` to the installed hook, if any."""
    if hook is not None:
        hook(stage)
