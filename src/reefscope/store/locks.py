"""Advisory file locks (``flock``) shared by every process that opens a workspace.

``flock`` locks belong to an open file description and vanish when the
process dies, even on SIGKILL, which is what makes a dead writer's leftovers
recognisable.
"""

from __future__ import annotations

import fcntl
import os
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


class Held:
    """A lock held through an open descriptor; :meth:`release` may come before the block ends."""

    def __init__(self, descriptor: int) -> None:
        self._descriptor: int | None = descriptor

    def release(self) -> None:
        """Release the lock (idempotent)."""
        if self._descriptor is not None:
            os.close(self._descriptor)
            self._descriptor = None


@contextmanager
def shared(path: Path) -> Iterator[Held]:
    """Hold a shared lock on ``path`` (created if absent) for the block, or until released."""
    held = Held(os.open(path, os.O_RDWR | os.O_CREAT, 0o644))
    try:
        fcntl.flock(held._descriptor, fcntl.LOCK_SH)  # type: ignore[arg-type]
        yield held
    finally:
        held.release()


def try_exclusive(path: Path, *, timeout: float = 0.0, create: bool = True) -> int | None:
    """Return a descriptor holding an exclusive lock on ``path``, or ``None``.

    ``None`` when the lock is still held by someone else after ``timeout``
    seconds, or when ``path`` does not exist and ``create`` is false.
    """
    flags = os.O_RDWR | (os.O_CREAT if create else 0)
    try:
        descriptor = os.open(path, flags, 0o644)
    except FileNotFoundError:
        return None
    deadline = time.monotonic() + timeout
    while True:
        try:
            fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return descriptor
        except BlockingIOError:
            if time.monotonic() >= deadline:
                os.close(descriptor)
                return None
            time.sleep(0.01)


def release(descriptor: int) -> None:
    """Release a lock taken with :func:`try_exclusive`."""
    os.close(descriptor)


def create_locked(path: Path) -> int:
    """Create ``path`` already locked: nobody can lock it between creation and locking.

    The file is locked under a hidden temporary name and renamed into place,
    so its first appearance under ``path`` is as a held lock.
    """
    staging = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    descriptor = os.open(staging, os.O_RDWR | os.O_CREAT | os.O_TRUNC, 0o644)
    try:
        fcntl.flock(descriptor, fcntl.LOCK_EX)
        os.replace(staging, path)
    except BaseException:
        os.close(descriptor)
        staging.unlink(missing_ok=True)
        raise
    return descriptor
