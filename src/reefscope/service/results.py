"""Plain result records the front doors render: the service's output vocabulary."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

import numpy as np

from reefscope.engine import ConfusionMatrix, Evaluation
from reefscope.service.loading import LoadedInferences
from reefscope.store.records import SegmentKind

MetricName = Literal["precision", "recall", "f1"]
METRIC_NAMES: tuple[MetricName, ...] = ("precision", "recall", "f1")
ALL_FRAMES = "All Frames"


@dataclass(frozen=True)
class Settings:
    """Everything needed to reproduce a number."""

    project: str
    dataset: str
    inference_set: str
    confidence: float
    iou: float | None
    class_aware: bool
    segment: str | None
    metric_class: str | None
    dataset_version: int
    inference_set_version: int
    source: Literal["matching", "custom"]
    reefscope_version: str
    # How boxes were measured (None for classification) and the object size evaluated (None: all).
    iou_convention: str | None = None
    size: str | None = None
    area_min: float | None = None
    area_max: float | None = None  # None: no upper bound


@dataclass(frozen=True)
class Summary:
    precision: float | None
    recall: float | None
    f1: float | None
    false_positives: int
    false_negatives: int
    confusions: int
    frame_count: int
    objective: float | None = None


@dataclass(frozen=True, eq=False)
class MetricsResult:
    settings: Settings
    summary: Summary
    confusion: ConfusionMatrix
    evaluation: Evaluation | None = field(repr=False)  # None when custom metrics replaced matching
    frame_mask: np.ndarray = field(repr=False)
    # The one snapshot of dataset and inference set behind these numbers: map indices back to
    # frames, labels and predictions with it, never with a fresh load (a re-import may have
    # happened since, and the indices would point into the new version).
    loaded: LoadedInferences = field(repr=False)

    @property
    def report(self):  # type: ignore[no-untyped-def]
        return self.confusion.report


@dataclass(frozen=True)
class MetricCheck:
    metric: MetricName
    score: float | None
    threshold: float | None
    succeeds: bool | None  # None when no threshold is set


@dataclass(frozen=True)
class SegmentScore:
    """One segment card for one inference set."""

    segment: str
    kind: SegmentKind
    description: str
    frame_count: int
    checks: tuple[MetricCheck, ...]
    false_positives: int
    false_negatives: int
    confusions: int

    @property
    def passed(self) -> bool:
        return all(check.succeeds is not False for check in self.checks)


@dataclass(frozen=True)
class Verdict:
    """The regression-test verdict of one inference set (DESIGN 4.7)."""

    project: str
    dataset: str
    inference_set: str
    confidence: float
    iou: float | None
    tests: tuple[SegmentScore, ...]
    iou_convention: str | None = None

    @property
    def passed(self) -> bool:
        return all(test.passed for test in self.tests)

    @property
    def failures(self) -> list[tuple[str, MetricCheck]]:
        return [
            (test.segment, check) for test in self.tests for check in test.checks if check.succeeds is False
        ]
