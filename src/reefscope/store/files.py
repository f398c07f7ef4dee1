"""The workspace directory and its immutable files.

Layout::

    <workspace>/catalog.sqlite     the catalog (plus SQLite's -wal and -shm files)
    <workspace>/data/<content_id>/ the files of one write: Parquet tables, copied images
    <workspace>/locks/             flock files: one per write in progress, and gc.lock

A write stages its files in a fresh ``data/<content_id>/`` directory while
holding ``locks/<content_id>.lock``; each file is written under a temporary
name, fsync'd and renamed. The files become visible only when the catalog row
naming ``content_id`` commits. A directory that no catalog row names and whose
writer lock is free is garbage: an aborted or killed write, or a version that
was replaced or deleted. Readers hold ``gc.lock`` shared while they resolve and
read files, and garbage collection takes it exclusively, so a file is never
deleted under a reader. ``gate.lock`` keeps a stream of readers from starving
the collection: readers pass it (shared, for an instant) to enter, and the
collection holds it exclusively while it waits for the readers inside to leave.
"""

from __future__ import annotations

import os
import re
import shutil
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from reefscope.store import faults, locks
from reefscope.store.errors import DamagedError

_CONTENT_ID = re.compile(r"[0-9a-f]{32}")
# A lock file is created under a temporary name and renamed at once; older leftovers are dead.
_STALE_LOCK_SECONDS = 60.0
GC_WAIT_SECONDS = 0.25


@dataclass(frozen=True)
class Layout:
    """Paths inside one workspace directory."""

    root: Path

    @property
    def catalog(self) -> Path:
        return self.root / "catalog.sqlite"

    @property
    def data(self) -> Path:
        return self.root / "data"

    @property
    def locks(self) -> Path:
        return self.root / "locks"

    @property
    def gc_lock(self) -> Path:
        return self.locks / "gc.lock"

    @property
    def gate_lock(self) -> Path:
        return self.locks / "gate.lock"

    def content_dir(self, content_id: str) -> Path:
        return self.data / content_id

    def writer_lock(self, content_id: str) -> Path:
        return self.locks / f"{content_id}.lock"

    def create(self) -> None:
        """Create the directories (idempotent)."""
        for directory in (self.root, self.data, self.locks):
            directory.mkdir(parents=True, exist_ok=True)

    def resolve(self, relative: str) -> Path:
        """Absolute path of a workspace-relative file name stored in the catalog."""
        return self.root / relative


def fsync_path(path: Path) -> None:
    """Flush a file's or a directory's contents to stable storage."""
    descriptor = os.open(path, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


class Staging:
    """The files of one write, invisible until a catalog row names ``content_id``.

    Use as a context manager; on exit the writer lock is released and, if no
    catalog row took the files, garbage collection removes them.
    """

    def __init__(self, layout: Layout) -> None:
        self.layout = layout
        self.content_id = uuid.uuid4().hex
        self.directory = layout.content_dir(self.content_id)
        self._lock: int | None = None

    def __enter__(self) -> Staging:
        self._lock = locks.create_locked(self.layout.writer_lock(self.content_id))
        self.directory.mkdir()
        fsync_path(self.layout.data)
        faults.checkpoint("staging-created")
        return self

    def __exit__(self, *exc_info: object) -> None:
        if self._lock is not None:
            # Unlink before releasing: once released, a lock file's absence
            # tells garbage collection that the write is over.
            self.layout.writer_lock(self.content_id).unlink(missing_ok=True)
            locks.release(self._lock)
            self._lock = None

    def relative(self, name: str) -> str:
        """The workspace-relative name of a staged file."""
        return f"{self.directory.relative_to(self.layout.root).as_posix()}/{name}"

    def write_table(self, name: str, table: pa.Table) -> str:
        """Write ``table`` as ``<name>.parquet`` durably and return its relative name."""
        final = self.directory / f"{name}.parquet"
        temporary = self.directory / f".{name}.parquet.tmp"
        pq.write_table(table, temporary, compression="zstd")
        fsync_path(temporary)
        faults.checkpoint("table-written")
        os.replace(temporary, final)
        fsync_path(self.directory)
        faults.checkpoint("table-renamed")
        return self.relative(final.name)

    def copy_file(self, source: Path, relative: str) -> None:
        """Copy ``source`` to ``relative`` inside the staged directory, durably."""
        target = self.directory / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        temporary = target.with_name(f".{target.name}.tmp")
        shutil.copyfile(source, temporary)
        fsync_path(temporary)
        os.replace(temporary, target)

    def sync(self) -> None:
        """fsync every directory under the staged one (after :meth:`copy_file`)."""
        for directory, _, _ in os.walk(self.directory):
            fsync_path(Path(directory))
        fsync_path(self.layout.data)


def read_table(layout: Layout, relative: str, *, columns: list[str] | None = None) -> pa.Table:
    """Read a Parquet table stored in the workspace; a damaged file raises :class:`DamagedError`."""
    try:
        return pq.read_table(layout.resolve(relative), columns=columns, memory_map=True)
    except (pa.ArrowException, OSError) as error:
        raise DamagedError(relative, f"{type(error).__name__}: {error}") from None


@contextmanager
def reading(layout: Layout, *, locked: bool = True) -> Iterator[None]:
    """Keep garbage collection away while the block resolves and reads files."""
    if not locked:
        yield
        return
    with locks.shared(layout.gate_lock) as gate, locks.shared(layout.gc_lock):
        gate.release()
        yield


def collect_garbage(layout: Layout, is_referenced: Callable[[str], bool]) -> int:
    """Delete the file directories that no catalog row names and no live writer holds.

    ``is_referenced`` must read the catalog afresh: it is asked only after the
    writer lock has been taken, when the writer's transaction is over. Returns
    the number of directories removed; does nothing when readers keep the
    collection lock busy (the next collection will catch up).
    """
    gate = locks.try_exclusive(layout.gate_lock, timeout=GC_WAIT_SECONDS)
    if gate is None:
        return 0
    try:
        gc_lock = locks.try_exclusive(layout.gc_lock, timeout=GC_WAIT_SECONDS)
    finally:
        locks.release(gate)
    if gc_lock is None:
        return 0
    removed = 0
    try:
        for content_id in _candidates(layout):
            writer = locks.try_exclusive(layout.writer_lock(content_id), create=False)
            lock_file_exists = writer is not None or layout.writer_lock(content_id).exists()
            if writer is None and lock_file_exists:
                continue  # a live writer
            try:
                if not is_referenced(content_id):
                    directory = layout.content_dir(content_id)
                    if directory.exists():
                        shutil.rmtree(directory)
                        removed += 1
                layout.writer_lock(content_id).unlink(missing_ok=True)
            finally:
                if writer is not None:
                    locks.release(writer)
        _remove_stale_lock_files(layout)
    finally:
        locks.release(gc_lock)
    return removed


def _candidates(layout: Layout) -> list[str]:
    names = {entry.name for entry in layout.data.iterdir() if _CONTENT_ID.fullmatch(entry.name)}
    names.update(entry.stem for entry in layout.locks.glob("*.lock") if _CONTENT_ID.fullmatch(entry.stem))
    return sorted(names)


def _remove_stale_lock_files(layout: Layout) -> None:
    cutoff = time.time() - _STALE_LOCK_SECONDS
    for entry in layout.locks.glob(".*.tmp"):
        try:
            if entry.stat().st_mtime < cutoff:
                entry.unlink(missing_ok=True)
        except FileNotFoundError:
            continue
