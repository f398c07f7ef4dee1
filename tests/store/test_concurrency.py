"""Several processes share one workspace: readers never fail or see part of a write."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from reefscope.store import Workspace
from tests.store.workers import check_consistent, seed

ROOT = Path(__file__).resolve().parents[2]


def _start(*arguments: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "tests.store.workers", *arguments],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def test_readers_see_whole_versions_while_a_writer_replaces(tmp_path: Path) -> None:
    path = tmp_path / "workspace"
    seed(path)
    stop = tmp_path / "stop"
    readers = [_start("reader", str(path), str(stop)) for _ in range(2)]
    writer = _start("writer", str(path), "8")
    _, writer_error = writer.communicate(timeout=120)
    stop.touch()
    results = [reader.communicate(timeout=60) for reader in readers]
    assert writer.returncode == 0, writer_error
    for reader, (output, error) in zip(readers, results, strict=True):
        assert reader.returncode == 0, error
        assert output.startswith("ITERATIONS"), output
    workspace = Workspace(path)
    assert check_consistent(workspace) == 8
    record = workspace.get_dataset("p", "d")
    assert record.version == 9
    referenced = {
        record.content_id,
        workspace.get_inference_set("p", "d", "m").content_id,
        workspace.get_segment("p", "d", "night").content_id,
    }
    assert {entry.name for entry in (path / "data").iterdir()} == referenced
