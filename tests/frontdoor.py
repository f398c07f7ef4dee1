"""Fixtures shared by the CLI and Python-package tests (imported by their conftest files).

The demo workspace is built once per test run, even with pytest-xdist: the
first worker builds it under a file lock, the others find it complete.
Tests treat it as read-only; a test that writes builds its own workspace.
"""

from __future__ import annotations

import fcntl
import os
import shutil
from pathlib import Path

import pytest

import reefscope
from reefscope.client import WorkspaceHandle
from reefscope.demo import build_demo

EXAMPLES = Path(__file__).resolve().parents[1] / "examples" / "data"
VOC = EXAMPLES / "voc100"
#: The demo projects the tests build (the photo sets share one code path; voc covers it).
TEST_DEMO_PROJECTS = ("voc", "digits")


@pytest.fixture(scope="session")
def demo_home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A demo workspace with the voc and digits projects (read-only for tests)."""
    base = tmp_path_factory.getbasetemp()
    # Under pytest-xdist each worker has its own base directory inside the run's.
    shared = base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base
    path = shared / "reefscope-demo"
    with (shared / "reefscope-demo.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        build_demo(path, examples=EXAMPLES, projects=TEST_DEMO_PROJECTS)
    return path


@pytest.fixture(scope="session")
def demo(demo_home: Path) -> WorkspaceHandle:
    return reefscope.open(demo_home, create=False)


@pytest.fixture
def writable_demo(demo_home: Path, tmp_path: Path) -> Path:
    """A private copy of the demo workspace that a test may change.

    The catalog is copied with SQLite's backup API (other workers may be
    reading it, with WAL files coming and going); images stay where the
    original registered them.
    """
    import sqlite3

    copy = tmp_path / "demo-copy"
    shutil.copytree(demo_home / "data", copy / "data")
    source = sqlite3.connect(demo_home / "catalog.sqlite")
    target = sqlite3.connect(copy / "catalog.sqlite")
    try:
        source.backup(target)
    finally:
        source.close()
        target.close()
    return copy


@pytest.fixture
def voc(tmp_path: Path) -> WorkspaceHandle:
    """A fresh workspace with voc100 imported through the package (project voc, dataset val)."""
    ws = reefscope.open(tmp_path / "voc-workspace")
    dataset = ws.import_labels(
        VOC / "annotations",
        project="voc",
        dataset="val",
        format="voc",
        images=VOC / "images",
        classes=VOC / "classes.txt",
    )
    dataset.import_inferences(
        VOC / "detections", name="detector", format="text", class_names=VOC / "classes.txt"
    )
    return ws


def workspace_state(path: Path) -> tuple[object, ...]:
    """Everything an import could change: catalog rows and the data files."""
    import sqlite3

    connection = sqlite3.connect(path / "catalog.sqlite")
    try:
        tables = [row[0] for row in connection.execute("SELECT name FROM sqlite_master WHERE type='table'")]
        rows = tuple(
            (table, tuple(connection.execute(f'SELECT * FROM "{table}" ORDER BY 1').fetchall()))
            for table in sorted(tables)
        )
    finally:
        connection.close()
    files = tuple(sorted(str(p.relative_to(path)) for p in (path / "data").rglob("*")))
    return rows, files
