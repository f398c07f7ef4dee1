"""Frozen records the catalog hands out: what a workspace object *is*, never its bulk data."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any, Literal, get_args

Task = Literal["classification", "detection"]
SegmentKind = Literal["split", "regression_test", "scenario"]
EmbeddingKind = Literal["frame", "crop"]
IfExists = Literal["replace", "error"]
IouConvention = Literal["continuous", "pixel_inclusive"]
SizeName = Literal["small", "medium", "large"]

TASKS: tuple[str, ...] = get_args(Task)
SEGMENT_KINDS: tuple[str, ...] = get_args(SegmentKind)
EMBEDDING_KINDS: tuple[str, ...] = get_args(EmbeddingKind)
IOU_CONVENTIONS: tuple[str, ...] = get_args(IouConvention)
SIZE_NAMES: tuple[str, ...] = get_args(SizeName)

DEFAULT_CONFIDENCE_THRESHOLD = 0.5
DEFAULT_IOU_THRESHOLD = 0.5
DEFAULT_IOU_CONVENTION: IouConvention = "continuous"
# COCO's object sizes: small up to 32**2 pixels of area, large from 96**2.
DEFAULT_SIZE_BOUNDS: tuple[float, float] = (32.0**2, 96.0**2)


@dataclass(frozen=True)
class ClassSpec:
    """One project class: its name and an optional ``#rrggbb`` display colour."""

    name: str
    color: str | None = None


@dataclass(frozen=True)
class Project:
    """A project: the task, the ordered classes and the default thresholds."""

    id: int
    name: str
    task: Task
    classes: tuple[ClassSpec, ...]
    confidence_threshold: float
    iou_threshold: float
    description: str
    metadata: Mapping[str, Any] = field(hash=False)
    created_at: datetime
    updated_at: datetime
    iou_convention: IouConvention = DEFAULT_IOU_CONVENTION
    # (largest area of a small object, smallest area of a large one), in pixels.
    size_bounds: tuple[float, float] = DEFAULT_SIZE_BOUNDS

    @property
    def class_names(self) -> tuple[str, ...]:
        """Class names in index order (background is not among them)."""
        return tuple(spec.name for spec in self.classes)

    def size_range(self, size: SizeName) -> tuple[float, float]:
        """The box areas ``[low, high]`` of an object size; both ends inclusive, as COCO's."""
        small, large = self.size_bounds
        return {"small": (0.0, small), "medium": (small, large), "large": (large, float("inf"))}[size]


@dataclass(frozen=True)
class Dataset:
    """One version of a labeled dataset; ``content_id`` changes on every import."""

    id: int
    project: str
    name: str
    version: int
    content_id: str
    task: Task
    frame_count: int
    label_count: int
    image_roots: tuple[Path, ...]
    description: str
    metadata: Mapping[str, Any] = field(hash=False)
    files: Mapping[str, str] = field(hash=False)
    created_at: datetime
    imported_at: datetime


@dataclass(frozen=True)
class InferenceSet:
    """One version of a model's predictions on a dataset."""

    id: int
    project: str
    dataset: str
    name: str
    version: int
    content_id: str
    task: Task
    prediction_count: int
    has_scores: bool
    model: Mapping[str, Any] = field(hash=False)
    description: str
    files: Mapping[str, str] = field(hash=False)
    created_at: datetime
    imported_at: datetime


@dataclass(frozen=True)
class Segment:
    """A named set of a dataset's frames with optional target thresholds in [0, 1]."""

    id: int
    project: str
    dataset: str
    name: str
    kind: SegmentKind
    description: str
    metadata: Mapping[str, Any] = field(hash=False)
    precision: float | None
    recall: float | None
    f1: float | None
    frame_count: int
    content_id: str
    files: Mapping[str, str] = field(hash=False)
    created_at: datetime
    updated_at: datetime

    @property
    def thresholds(self) -> dict[str, float]:
        """The thresholds that are set, by metric name."""
        values = {"precision": self.precision, "recall": self.recall, "f1": self.f1}
        return {metric: value for metric, value in values.items() if value is not None}


@dataclass(frozen=True)
class Embeddings:
    """Frame or crop embeddings of a dataset (labels) or of an inference set (predictions)."""

    id: int
    project: str
    dataset: str
    inference_set: str | None
    kind: EmbeddingKind
    dimension: int
    count: int
    content_id: str
    files: Mapping[str, str] = field(hash=False)
    created_at: datetime


@dataclass(frozen=True)
class CustomMetrics:
    """User-supplied per-frame metrics of an inference set (an objective and/or a confusion matrix)."""

    id: int
    project: str
    dataset: str
    inference_set: str
    name: str
    has_objective: bool
    has_confusion: bool
    frame_count: int
    content_id: str
    files: Mapping[str, str] = field(hash=False)
    created_at: datetime
