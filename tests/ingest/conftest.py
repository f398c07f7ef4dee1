"""Fixtures of the importer tests: the sample data and small generated inputs."""

from __future__ import annotations

from pathlib import Path

import pytest
from PIL import Image

from reefscope.store import Workspace

EXAMPLES = Path(__file__).resolve().parents[2] / "examples" / "data"


@pytest.fixture
def workspace(tmp_path: Path) -> Workspace:
    """An empty workspace in a temporary directory."""
    return Workspace(tmp_path / "workspace")


def write_image(path: Path, width: int = 64, height: int = 48) -> Path:
    """A small real PNG (or JPEG, by suffix) image."""
    path.parent.mkdir(parents=True, exist_ok=True)
    Image.new("RGB", (width, height), (120, 30, 200)).save(path)
    return path
