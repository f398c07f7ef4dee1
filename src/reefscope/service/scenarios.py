"""Scenario cards and regression verdicts: segments scored against their target thresholds."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

from reefscope.service.results import (
    ALL_FRAMES,
    METRIC_NAMES,
    MetricCheck,
    MetricName,
    MetricsResult,
    SegmentScore,
    Verdict,
)
from reefscope.store import Segment, SegmentKind

if TYPE_CHECKING:
    from reefscope.service.core import Thresholds
    from reefscope.store import Workspace


def metric_checks(result: MetricsResult, targets: Mapping[str, float]) -> tuple[MetricCheck, ...]:
    """Precision, recall and F1 of a result, each against its target if it has one."""
    summary = result.summary
    values: dict[MetricName, float | None] = {
        "precision": summary.precision,
        "recall": summary.recall,
        "f1": summary.f1,
    }
    checks = []
    for metric in METRIC_NAMES:
        score = values[metric]
        target = targets.get(metric)
        # An undefined score cannot meet a target.
        succeeds = None if target is None else (score is not None and score >= target)
        checks.append(MetricCheck(metric=metric, score=score, threshold=target, succeeds=succeeds))
    return tuple(checks)


class ScenarioMixin:
    """The :class:`~reefscope.service.core.Service` methods for scenario cards and verdicts."""

    workspace: Workspace
    if TYPE_CHECKING:

        def thresholds(
            self, project: str, *, confidence: float | None = None, iou: float | None = None
        ) -> Thresholds: ...
        def list_segments(self, project: str, dataset: str) -> list[Segment]: ...
        def metrics(
            self,
            project: str,
            dataset: str,
            inference_set: str,
            *,
            confidence: float | None = None,
            iou: float | None = None,
            segment: str | None = None,
            metric_class: str | None = None,
            class_confidence: Mapping[str, float] | None = None,
        ) -> MetricsResult: ...

    def segment_scores(
        self,
        project: str,
        dataset: str,
        inference_set: str,
        *,
        thresholds: Thresholds | None = None,
        kinds: Sequence[str] | None = None,
        metric_class: str | None = None,
        class_confidence: Mapping[str, float] | None = None,
    ) -> list[SegmentScore]:
        """One card per segment (All Frames first), scored against its thresholds."""
        t = thresholds or self.thresholds(project)
        segments: list[tuple[str, SegmentKind, str, dict[str, float]]] = []
        if kinds is None or "split" in kinds:
            segments.append((ALL_FRAMES, "split", "Every frame of the dataset", {}))
        for record in self.list_segments(project, dataset):
            if kinds is None or record.kind in kinds:
                segments.append((record.name, record.kind, record.description, record.thresholds))
        scores = []
        for name, kind, description, targets in segments:
            result = self.metrics(
                project,
                dataset,
                inference_set,
                confidence=t.confidence,
                iou=t.iou,
                segment=None if name == ALL_FRAMES else name,
                metric_class=metric_class,
                class_confidence=class_confidence,
            )
            scores.append(
                SegmentScore(
                    segment=name,
                    kind=kind,
                    description=description,
                    frame_count=result.summary.frame_count,
                    checks=metric_checks(result, targets),
                    false_positives=result.summary.false_positives,
                    false_negatives=result.summary.false_negatives,
                    confusions=result.summary.confusions,
                )
            )
        return scores

    def regression_verdict(
        self,
        project: str,
        dataset: str,
        inference_set: str,
        *,
        confidence: float | None = None,
        iou: float | None = None,
        class_confidence: Mapping[str, float] | None = None,
    ) -> Verdict:
        t = self.thresholds(project, confidence=confidence, iou=iou)
        tests = self.segment_scores(
            project,
            dataset,
            inference_set,
            thresholds=t,
            kinds=["regression_test"],
            class_confidence=class_confidence,
        )
        record = self.workspace.get_project(project)
        convention = record.iou_convention if record.task == "detection" else None
        return Verdict(project, dataset, inference_set, t.confidence, t.iou, tuple(tests), convention)
