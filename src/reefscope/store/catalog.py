"""The SQLite catalog: connections, transactions, migrations and JSON columns.

Every operation opens its own short-lived connection (cheap, and safe across
threads and processes). The catalog runs in WAL mode so that readers never
block the one writer, and writers wait for each other through the busy
timeout instead of failing.
"""

from __future__ import annotations

import json
import math
import sqlite3
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from reefscope.store import faults
from reefscope.store.errors import DamagedError, InvalidInputError, StoreError
from reefscope.store.migrations import MIGRATIONS
from reefscope.store.names import MAX_JSON_BYTES, check_metadata_sizes

BUSY_TIMEOUT_SECONDS = 30.0


def connect(path: Path, *, read_only: bool = False) -> sqlite3.Connection:
    """Open a connection in autocommit mode; transactions are explicit (see :func:`write`).

    ``read_only`` opens the file with ``mode=ro``; when SQLite cannot even create
    its shared-memory file beside it (a read-only directory), the catalog is
    opened as immutable: nothing can write it from here anyway.
    """
    if read_only:
        return _connect_read_only(path)
    connection = sqlite3.connect(path, timeout=BUSY_TIMEOUT_SECONDS, isolation_level=None)
    connection.row_factory = sqlite3.Row
    connection.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT_SECONDS * 1000)}")
    connection.execute("PRAGMA foreign_keys = ON")
    return connection


@contextmanager
def damage_named(path: Path) -> Iterator[None]:
    """Turn SQLite's "malformed" / "not a database" into a :class:`DamagedError` naming the file."""
    try:
        yield
    except sqlite3.DatabaseError as error:
        if type(error) is not sqlite3.DatabaseError:
            raise  # OperationalError, IntegrityError...: not damage
        raise DamagedError(str(path), str(error), whole_workspace=True) from None


def _connect_read_only(path: Path) -> sqlite3.Connection:
    uri = path.resolve().as_uri()
    last: sqlite3.Error | None = None
    for options in ("mode=ro", "mode=ro&immutable=1"):
        try:
            connection = sqlite3.connect(
                f"{uri}?{options}", uri=True, timeout=BUSY_TIMEOUT_SECONDS, isolation_level=None
            )
            connection.row_factory = sqlite3.Row
            connection.execute("SELECT count(*) FROM sqlite_master").fetchone()
            return connection
        except sqlite3.OperationalError as error:
            last = error
    raise StoreError(f"{path}: cannot open the catalog read-only ({last})")


def check_version(path: Path) -> None:
    """Refuse a read-only catalog of a newer schema than this reefscope knows."""
    connection = connect(path, read_only=True)
    try:
        row = connection.execute("SELECT version FROM schema_version").fetchone()
    finally:
        connection.close()
    if row is None or int(row[0]) != len(MIGRATIONS):
        raise StoreError(
            f"{path}: the catalog has schema version {None if row is None else row[0]} but this reefscope "
            f"reads version {len(MIGRATIONS)}; open it once where it is writable, or use a matching reefscope"
        )


def initialise(path: Path) -> None:
    """Create or upgrade the catalog at ``path`` and switch it to WAL mode."""
    connection = connect(path)
    try:
        mode = connection.execute("PRAGMA journal_mode = WAL").fetchone()[0]
        if str(mode).lower() != "wal":
            raise StoreError(
                f"{path}: the catalog needs SQLite's WAL mode, which this file system refused "
                f"(journal mode {mode!r}); put the workspace on a local disk"
            )
        migrate(connection)
    finally:
        connection.close()


def migrate(connection: sqlite3.Connection) -> int:
    """Apply the pending migrations in one transaction and return the schema version."""
    with write(connection):
        connection.execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)")
        row = connection.execute("SELECT version FROM schema_version").fetchone()
        current = 0 if row is None else int(row[0])
        if row is None:
            connection.execute("INSERT INTO schema_version (version) VALUES (0)")
        if current > len(MIGRATIONS):
            raise StoreError(
                f"the catalog has schema version {current} but this reefscope knows versions "
                f"up to {len(MIGRATIONS)}; upgrade reefscope to open this workspace"
            )
        for version in range(current, len(MIGRATIONS)):
            for statement in _statements(MIGRATIONS[version]):
                connection.execute(statement)
            connection.execute("UPDATE schema_version SET version = ?", (version + 1,))
    return len(MIGRATIONS)


def _statements(script: str) -> Iterator[str]:
    # executescript() would commit the enclosing transaction, so split by hand.
    buffer = ""
    for line in script.splitlines(keepends=True):
        buffer += line
        if sqlite3.complete_statement(buffer):
            yield buffer.strip()
            buffer = ""
    if buffer.strip():
        raise StoreError(f"incomplete SQL statement in a migration: {buffer.strip()[:80]!r}")


@contextmanager
def write(connection: sqlite3.Connection) -> Iterator[sqlite3.Connection]:
    """One write transaction: ``BEGIN IMMEDIATE`` takes the write lock up front, so
    that the reads inside it see exactly the state the writes apply to."""
    connection.execute("BEGIN IMMEDIATE")
    try:
        yield connection
        faults.checkpoint("before-commit")
    except BaseException:
        connection.execute("ROLLBACK")
        raise
    connection.execute("COMMIT")


def now() -> str:
    """The current UTC time as stored in the catalog."""
    return datetime.now(UTC).isoformat(timespec="microseconds")


def parse_time(value: str) -> datetime:
    """Read back a time written by :func:`now`."""
    return datetime.fromisoformat(value)


def dump_json(value: Any, *, field: str) -> str:
    """Serialise a JSON column, rejecting what would not round-trip (NaN, sets, objects)."""
    try:
        return json.dumps(value, sort_keys=True, allow_nan=False, ensure_ascii=False)
    except (TypeError, ValueError) as error:
        raise InvalidInputError(
            f"expected JSON-serialisable values (str, number, bool, null, lists, mappings) "
            f"without NaN or infinity: {error}",
            field=field,
        ) from None


def load_json(value: str) -> Any:
    """Read a JSON column."""
    return json.loads(value)


def check_metadata(
    metadata: Mapping[str, Any] | None, *, field: str = "metadata", flat: bool = True
) -> dict[str, Any]:
    """Return ``metadata`` as a plain dict of JSON values with string keys, within the size
    limits of :mod:`reefscope.store.names` (``flat=False`` for nested values, e.g. a model's)."""
    if metadata is None:
        return {}
    if not isinstance(metadata, Mapping):
        raise InvalidInputError(f"expected a mapping but got {type(metadata).__name__}", field=field)
    for key, value in metadata.items():
        if not isinstance(key, str):
            raise InvalidInputError(f"expected string keys but got {key!r}", field=field)
        if isinstance(value, float) and not math.isfinite(value):
            raise InvalidInputError(f"expected a finite number for {key!r} but got {value}", field=field)
    result = dict(metadata)
    check_metadata_sizes(result, field=field, flat=flat)
    serialised = dump_json(result, field=field)
    if not flat and len(serialised.encode()) > MAX_JSON_BYTES:
        raise InvalidInputError(
            f"expected at most {MAX_JSON_BYTES} bytes of JSON but got {len(serialised.encode())}", field=field
        )
    return result
