"""Garbage collection: what it removes, and what it must leave alone."""

from __future__ import annotations

import os
import time

from reefscope.store import Workspace, locks
from tests.store.helpers import detection_labels, frames_table


def test_opening_removes_leftovers_of_dead_writes(workspace: Workspace) -> None:
    stray = workspace.path / "data" / ("ab" * 16)
    stray.mkdir()
    (stray / ".frames.parquet.tmp").write_bytes(b"half a file")
    stale_lock = workspace.path / "locks" / ".0123.lock.99.tmp"
    stale_lock.write_bytes(b"")
    old = time.time() - 3600
    os.utime(stale_lock, (old, old))
    unrelated = workspace.path / "data" / "notes.txt"
    unrelated.write_text("not ours to delete")
    Workspace(workspace.path)
    assert not stray.exists()
    assert not stale_lock.exists()
    assert unrelated.exists()


def test_a_live_writer_keeps_its_files(workspace: Workspace) -> None:
    content_id = "cd" * 16
    held = locks.create_locked(workspace.path / "locks" / f"{content_id}.lock")
    staged = workspace.path / "data" / content_id
    staged.mkdir()
    try:
        assert workspace.collect_garbage() == 0
        assert staged.exists()
    finally:
        locks.release(held)
    assert workspace.collect_garbage() == 1
    assert not staged.exists()
    assert not (workspace.path / "locks" / f"{content_id}.lock").exists()


def test_files_read_in_a_snapshot_outlive_a_replacement_until_it_ends(populated: Workspace) -> None:
    old = populated.get_dataset("p", "d").content_id
    other = Workspace(populated.path)
    with populated.snapshot():
        populated.read_frames("p", "d")
        frames = frames_table(10)
        other.put_dataset(
            "p", "d", frames=frames, labels=detection_labels(frames.column("frame_id").to_pylist())
        )
        assert (populated.path / "data" / old).exists()  # the snapshot still reads it
        assert populated.read_labels("p", "d").num_rows == 20
    other.collect_garbage()
    assert not (populated.path / "data" / old).exists()
