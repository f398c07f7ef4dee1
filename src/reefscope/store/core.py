"""The shared core of :class:`~reefscope.store.Workspace`: directory, connections,
snapshots, staged writes and the look-ups every resource needs."""

from __future__ import annotations

import os
import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from enum import Enum
from pathlib import Path
from typing import Self

import pyarrow as pa

from reefscope.store import catalog, faults, files
from reefscope.store.errors import ConflictError, NotFoundError, ReadOnlyError
from reefscope.store.migrations import FILE_OWNING_TABLES

HOME_ENVIRONMENT_VARIABLE = "REEFSCOPE_HOME"
DEFAULT_HOME = Path("~/.reefscope")


class Unchanged(Enum):
    """Type of :data:`UNCHANGED`, the default of update arguments (``None`` can be a value)."""

    UNCHANGED = "UNCHANGED"


UNCHANGED = Unchanged.UNCHANGED


def workspace_path(path: str | os.PathLike[str] | None = None) -> Path:
    """The workspace directory: ``path``, else ``$REEFSCOPE_HOME``, else ``~/.reefscope``."""
    if path is not None:
        chosen = Path(path)
    elif os.environ.get(HOME_ENVIRONMENT_VARIABLE):
        chosen = Path(os.environ[HOME_ENVIRONMENT_VARIABLE])
    else:
        chosen = DEFAULT_HOME
    return chosen.expanduser().resolve()


def _writable(layout: files.Layout) -> bool:
    """Whether this process may write the catalog (and its -wal/-shm files beside it)."""
    return os.access(layout.root, os.W_OK) and os.access(layout.catalog, os.W_OK)


class WorkspaceCore:
    """Connections, snapshots and atomic writes of one workspace directory."""

    def __init__(
        self,
        path: str | os.PathLike[str] | None = None,
        *,
        create: bool = True,
        read_only: bool | None = None,
    ) -> None:
        """``read_only=None`` opens read-only when the workspace is not writable (a shared,
        mounted copy); reads then work and every write raises :class:`ReadOnlyError`."""
        self.path = workspace_path(path)
        self._layout = files.Layout(self.path)
        exists = self._layout.catalog.exists()
        if not create and not exists:
            raise NotFoundError(f"no reefscope workspace at {self.path}")
        self._local = threading.local()
        self.read_only = (exists and not _writable(self._layout)) if read_only is None else read_only
        with catalog.damage_named(self._layout.catalog):
            self._open(exists)

    def _open(self, exists: bool) -> None:
        if self.read_only:
            if not exists:
                raise NotFoundError(
                    f"no reefscope workspace at {self.path} (and it cannot be created read-only)"
                )
            catalog.check_version(self._layout.catalog)
            return
        self._layout.create()
        catalog.initialise(self._layout.catalog)
        # Leftovers of writes killed earlier (in any process) go now.
        self.collect_garbage()

    def __repr__(self) -> str:
        return f"{type(self).__name__}({str(self.path)!r})"

    # -- reading ---------------------------------------------------------

    @contextmanager
    def snapshot(self) -> Iterator[Self]:
        """Make every read in the block (in this thread) see one state of the workspace.

        Without it each call sees the latest committed state, so reading a
        dataset's frames and then its labels could straddle a re-import.

        >>> with workspace.snapshot():  # doctest: +SKIP
        ...     frames = workspace.read_frames("voc", "val")
        ...     labels = workspace.read_labels("voc", "val")
        """
        if getattr(self._local, "connection", None) is not None:
            yield self
            return
        with self._snapshot_connection() as connection:
            self._local.connection = connection
            try:
                yield self
            finally:
                self._local.connection = None

    @contextmanager
    def _read(self) -> Iterator[sqlite3.Connection]:
        connection = getattr(self._local, "connection", None)
        if connection is not None:
            yield connection
            return
        with self._snapshot_connection() as connection:
            yield connection

    @contextmanager
    def _snapshot_connection(self) -> Iterator[sqlite3.Connection]:
        # A read-only workspace takes no locks: they are files this process cannot create.
        with (
            files.reading(self._layout, locked=not self.read_only),
            catalog.damage_named(self._layout.catalog),
        ):
            connection = catalog.connect(self._layout.catalog, read_only=self.read_only)
            try:
                # In WAL mode a read transaction sees one commit throughout.
                connection.execute("BEGIN")
                yield connection
            finally:
                if connection.in_transaction:
                    connection.execute("ROLLBACK")
                connection.close()

    def _read_table(self, relative: str, *, columns: list[str] | None = None) -> pa.Table:
        # Callers are inside _read(), which holds the collection lock shared.
        return files.read_table(self._layout, relative, columns=columns)

    # -- writing ---------------------------------------------------------

    def _refuse_if_read_only(self) -> None:
        if self.read_only:
            raise ReadOnlyError(
                f"the workspace {self.path} is read-only: reading works, writing does not "
                "(use a writable copy to change it)"
            )

    @contextmanager
    def _write(self) -> Iterator[sqlite3.Connection]:
        self._refuse_if_read_only()
        with catalog.damage_named(self._layout.catalog):
            connection = catalog.connect(self._layout.catalog)
            try:
                with catalog.write(connection):
                    yield connection
            finally:
                connection.close()

    @contextmanager
    def _staged_write(self) -> Iterator[files.Staging]:
        """Stage files for a write; the caller commits the catalog row inside the block."""
        self._refuse_if_read_only()
        try:
            with files.Staging(self._layout) as staging:
                yield staging
                faults.checkpoint("committed")
        finally:
            self.collect_garbage()

    @contextmanager
    def _collecting(self) -> Iterator[None]:
        """Collect garbage after the block (deletes and replacements free files)."""
        try:
            yield
        finally:
            self.collect_garbage()

    def collect_garbage(self) -> int:
        """Delete files no longer named by the catalog (replaced, deleted or aborted writes).

        Runs after every write and when a workspace is opened; returns the
        number of file directories removed.
        """
        if self.read_only or getattr(self._local, "connection", None) is not None:
            return 0  # this thread's open snapshot blocks collection; a later one catches up
        return files.collect_garbage(self._layout, self._is_referenced)

    def _is_referenced(self, content_id: str) -> bool:
        query = " UNION ALL ".join(
            f"SELECT 1 FROM {table} WHERE content_id = :id" for table in FILE_OWNING_TABLES
        )
        connection = catalog.connect(self._layout.catalog)
        try:
            return connection.execute(query, {"id": content_id}).fetchone() is not None
        finally:
            connection.close()

    # -- shared look-ups -------------------------------------------------

    @staticmethod
    def _project_row(connection: sqlite3.Connection, project: str) -> sqlite3.Row:
        row = connection.execute("SELECT * FROM projects WHERE name = ?", (project,)).fetchone()
        if row is None:
            raise NotFoundError(f"project {project!r} not found")
        return row

    @staticmethod
    def _expect_unchanged(row: sqlite3.Row, content_id: str, what: str) -> None:
        """Raise when ``row`` was re-imported since ``content_id`` was read (optimistic check)."""
        if row["content_id"] != content_id:
            raise ConflictError(f"{what} was replaced by another import while this one ran; run it again")

    @staticmethod
    def _dataset_row(connection: sqlite3.Connection, project: str, dataset: str) -> sqlite3.Row:
        row = connection.execute(
            """SELECT d.*, p.name AS project_name, p.task AS task FROM datasets d
               JOIN projects p ON p.id = d.project_id WHERE p.name = ? AND d.name = ?""",
            (project, dataset),
        ).fetchone()
        if row is None:
            WorkspaceCore._project_row(connection, project)
            raise NotFoundError(f"dataset {dataset!r} not found in project {project!r}")
        return row

    @staticmethod
    def _inference_set_row(
        connection: sqlite3.Connection, project: str, dataset: str, inference_set: str
    ) -> sqlite3.Row:
        row = connection.execute(
            """SELECT i.*, d.name AS dataset_name, p.name AS project_name, p.task AS task
               FROM inference_sets i JOIN datasets d ON d.id = i.dataset_id
               JOIN projects p ON p.id = d.project_id
               WHERE p.name = ? AND d.name = ? AND i.name = ?""",
            (project, dataset, inference_set),
        ).fetchone()
        if row is None:
            WorkspaceCore._dataset_row(connection, project, dataset)
            raise NotFoundError(
                f"inference set {inference_set!r} not found in dataset {dataset!r} of project {project!r}"
            )
        return row
