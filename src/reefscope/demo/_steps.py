"""Steps every demo builder takes: progress, marking a project as the demo's, segments, side files."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq

from reefscope.client import DatasetHandle, WorkspaceHandle

DEMO_PROJECTS = ("voc", "indoor", "coco", "digits")
#: Kept in each demo project's metadata; a change of layout bumps the version.
MARKER_KEY = "reefscope_demo"
DEMO_VERSION = 1
ASSETS = "demo-assets"
HISTOGRAM_BINS = 4  # per RGB channel: 64-dimensional colour histograms

Progress = Callable[[str, int, int], None]


class Tracker:
    """Reports each step to ``progress`` as (description, steps done, steps in all)."""

    def __init__(self, progress: Progress | None, total: int) -> None:
        self.progress = progress
        self.total = total
        self.done = 0

    def step(self, description: str) -> None:
        if self.progress is not None:
            self.progress(description, self.done, self.total)
        self.done += 1


def claim(ws: WorkspaceHandle, name: str) -> None:
    """Mark a freshly created project as the demo's (incomplete until the build ends)."""
    ws.store.update_project(name, metadata={MARKER_KEY: DEMO_VERSION, "complete": False})


@dataclass(frozen=True)
class SegmentSpec:
    name: str
    kind: str
    description: str
    where: str | None = None
    frames: tuple[str, ...] | None = None
    precision: float | None = None
    recall: float | None = None
    f1: float | None = None


def create_segments(dataset: DatasetHandle, segments: Sequence[SegmentSpec]) -> None:
    for segment in segments:
        dataset.create_segment(
            segment.name,
            where=segment.where,
            frames=segment.frames,
            kind=segment.kind,  # type: ignore[arg-type]
            description=segment.description,
            precision=segment.precision,
            recall=segment.recall,
            f1=segment.f1,
        )


def write_vectors(path: Path, vectors: dict[str, np.ndarray]) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    ids = np.array(list(vectors), dtype=str)
    np.savez(path, ids=ids, vectors=np.stack(list(vectors.values())).astype(np.float32))
    return path


def write_table(path: Path, columns: dict[str, list[Any]]) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    pq.write_table(pa.table(columns), path)
    return path
