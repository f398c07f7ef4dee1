"""Check every file of a workspace: the catalog's integrity and each table it names."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from reefscope.store import catalog, files
from reefscope.store.errors import StoreError
from reefscope.store.migrations import FILE_OWNING_TABLES

# What owns the files of each table's rows, for the report.
_OWNER_QUERIES = {
    "datasets": "SELECT p.name || '/' || d.name AS owner, d.files FROM datasets d "
    "JOIN projects p ON p.id = d.project_id",
    "inference_sets": "SELECT p.name || '/' || d.name || '/' || i.name AS owner, i.files "
    "FROM inference_sets i JOIN datasets d ON d.id = i.dataset_id JOIN projects p ON p.id = d.project_id",
}


@dataclass(frozen=True)
class Damage:
    path: str
    owner: str
    reason: str


@dataclass(frozen=True)
class CheckReport:
    checked_files: int
    damaged: tuple[Damage, ...]

    @property
    def healthy(self) -> bool:
        return not self.damaged


def check_workspace(root: Path) -> CheckReport:
    """Run SQLite's integrity check on the catalog, then read every table the catalog names
    in full. Nothing is written; works on a read-only workspace too."""
    layout = files.Layout(root)
    try:
        connection = catalog.connect(layout.catalog, read_only=True)
        try:
            problems = [row[0] for row in connection.execute("PRAGMA integrity_check")]
            if problems != ["ok"]:
                return CheckReport(1, (Damage("catalog.sqlite", "the catalog", "; ".join(problems[:5])),))
            owned = _owned_files(connection)
        finally:
            connection.close()
    except (sqlite3.Error, StoreError, ValueError) as error:  # a catalog that cannot be read is the finding
        return CheckReport(1, (Damage("catalog.sqlite", "the catalog", f"{type(error).__name__}: {error}"),))
    damaged = []
    for owner, relative in owned:
        try:
            pq.read_table(layout.resolve(relative))
        except (pa.ArrowException, OSError) as error:
            damaged.append(Damage(relative, owner, f"{type(error).__name__}: {error}"))
    return CheckReport(1 + len(owned), tuple(damaged))


def _owned_files(connection: sqlite3.Connection) -> list[tuple[str, str]]:
    owned: list[tuple[str, str]] = []
    for table in FILE_OWNING_TABLES:
        query = _OWNER_QUERIES.get(table, f"SELECT '{table} ' || id AS owner, files FROM {table}")
        for row in connection.execute(query):
            named = catalog.load_json(row[1])
            names = named.values() if isinstance(named, dict) else named
            owned.extend(
                (row[0], name) for name in names if isinstance(name, str) and name.endswith(".parquet")
            )
    return owned
