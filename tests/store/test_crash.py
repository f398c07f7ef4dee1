"""A write killed at any point leaves the workspace exactly as it was.

A real import runs in a subprocess and is SIGKILLed at each stage boundary
of a write (files staged, written, renamed, catalog updated but not
committed, committed), then at moments spread over an import. Reopening the workspace
must show the state before the import, or, once the catalog committed, the
whole new version, with every leftover file collected.
"""

from __future__ import annotations

import os
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from reefscope.store import Workspace
from tests.store.helpers import workspace_state
from tests.store.workers import check_consistent, seed

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("template") / "workspace"
    seed(path)
    return path


def _copy(template: Path, target: Path) -> Path:
    shutil.copytree(template, target)
    return target


def _start(*arguments: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "tests.store.workers", *arguments],
        cwd=ROOT,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def _go(process: subprocess.Popen[str]) -> None:
    assert process.stdin is not None
    process.stdin.write("GO\n")
    process.stdin.flush()


def _wait_for(process: subprocess.Popen[str], word: str) -> None:
    assert process.stdout is not None
    for line in process.stdout:
        if line.strip() == word:
            return
    _, error = process.communicate()
    raise AssertionError(f"the import ended before {word}: {error}")


def _kill(process: subprocess.Popen[str]) -> None:
    os.kill(process.pid, signal.SIGKILL)
    process.communicate()
    assert process.returncode == -signal.SIGKILL


def _assert_new_version_whole(path: Path, *, frames: int) -> None:
    workspace = Workspace(path)  # opening collects the replaced version's files
    assert check_consistent(workspace) == 1
    record = workspace.get_dataset("p", "d")
    assert (record.version, record.frame_count) == (2, frames)
    referenced = {record.content_id}
    referenced.add(workspace.get_inference_set("p", "d", "m").content_id)
    referenced.add(workspace.get_segment("p", "d", "night").content_id)
    assert {entry.name for entry in (path / "data").iterdir()} == referenced
    assert sorted(entry.name for entry in (path / "locks").iterdir()) == ["gate.lock", "gc.lock"]


@pytest.mark.parametrize(
    ("stage", "occurrence"),
    [
        ("staging-created", 1),
        ("table-written", 1),  # frames written under a temporary name
        ("table-renamed", 1),  # frames in place, labels not yet written
        ("table-written", 2),
        ("table-renamed", 2),  # both files in place, catalog untouched
        ("before-commit", 1),  # catalog rows updated inside the open transaction
    ],
)
def test_kill_before_commit_leaves_the_workspace_as_it_was(
    template: Path, tmp_path: Path, stage: str, occurrence: int
) -> None:
    path = _copy(template, tmp_path / "workspace")
    before = workspace_state(path)
    process = _start("import", str(path), "1", "--pause", stage, "--occurrence", str(occurrence))
    _wait_for(process, "PAUSED")
    _kill(process)
    if stage != "staging-created":
        assert len(list((path / "data").iterdir())) == len(before["directories"]) + 1  # type: ignore[arg-type]
    Workspace(path)  # opening collects the killed write's leftovers
    assert workspace_state(path) == before
    assert check_consistent(Workspace(path)) == 0


def test_kill_after_commit_shows_the_whole_new_version(template: Path, tmp_path: Path) -> None:
    path = _copy(template, tmp_path / "workspace")
    process = _start("import", str(path), "1", "--pause", "committed")
    _wait_for(process, "PAUSED")
    _kill(process)
    _assert_new_version_whole(path, frames=11)


def test_kill_at_spread_out_moments(template: Path, tmp_path: Path) -> None:
    extra = 15_000  # a big enough import for the kills to land inside it
    arguments = ("import", "--extra-frames", str(extra), "--wait-go")
    timing = _copy(template, tmp_path / "timing")
    process = _start(arguments[0], str(timing), "1", *arguments[1:])
    _wait_for(process, "READY")
    started = time.monotonic()
    _go(process)
    _wait_for(process, "DONE")
    duration = time.monotonic() - started
    process.communicate()
    assert process.returncode == 0
    before = workspace_state(template)
    jitter = random.Random(3)
    fractions = (0.0, 0.25, 0.5, 0.75, 1.0)
    paths = [_copy(template, tmp_path / f"attempt-{attempt}") for attempt in range(len(fractions))]
    # Start every importer at once (they wait for GO), so interpreter start-up overlaps.
    processes = [_start(arguments[0], str(path), "1", *arguments[1:]) for path in paths]
    outcomes = []
    try:
        for path, process, fraction in zip(paths, processes, fractions, strict=True):
            _wait_for(process, "READY")
            _go(process)
            time.sleep(duration * fraction * jitter.uniform(0.9, 1.1))
            os.kill(process.pid, signal.SIGKILL)
            process.communicate()
            Workspace(path)
            if workspace_state(path) == before:
                outcomes.append("before")
            else:
                _assert_new_version_whole(path, frames=11 + extra)
                outcomes.append("after")
    finally:
        for process in processes:
            if process.poll() is None:
                process.kill()
                process.communicate()
    assert "before" in outcomes, outcomes
