"""Fixtures of the store tests."""

from __future__ import annotations

from pathlib import Path

import pytest

from reefscope.store import Workspace
from tests.store.helpers import CLASSES, detection_labels, detection_predictions, frames_table


@pytest.fixture
def workspace(tmp_path: Path) -> Workspace:
    """An empty workspace in a temporary directory."""
    return Workspace(tmp_path / "workspace")


@pytest.fixture
def populated(workspace: Workspace) -> Workspace:
    """A detection project ``p`` with dataset ``d`` (10 frames), inference set ``m`` and segment ``night``."""
    frames = frames_table(10)
    ids = frames.column("frame_id").to_pylist()
    workspace.put_dataset(
        "p",
        "d",
        frames=frames,
        labels=detection_labels(ids),
        classes=list(CLASSES),
        create_project=True,
        task="detection",
    )
    workspace.put_inference_set("p", "d", "m", predictions=detection_predictions(ids[:6]))
    workspace.create_segment("p", "d", "night", frames=ids[::2], kind="regression_test", precision=0.8)
    return workspace
