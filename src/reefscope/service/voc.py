"""The standard detection metrics over a segment's frames: COCO mAP, PASCAL VOC AP (with the stored
``difficult`` flags), and the object sizes both can be restricted to."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from reefscope.engine import (
    ClassificationEvaluator,
    CocoEvaluation,
    DetectionEvaluator,
    DetectionLabels,
    DetectionPredictions,
    InvalidInputError,
    VocEvaluation,
    evaluate_voc,
)
from reefscope.service.loading import LoadedDataset, LoadedInferences, coco_evaluation, selected_boxes
from reefscope.store import SIZE_NAMES, Project, SizeName

if TYPE_CHECKING:
    from reefscope.service.cache import BoundedCache
    from reefscope.service.core import Thresholds
    from reefscope.store import Workspace


def voc_evaluation(
    loaded: LoadedInferences, mask: np.ndarray, *, iou: float, area_range: tuple[float, float] | None = None
) -> VocEvaluation:
    """VOC AP (both forms) at ``iou`` over the frames in ``mask`` and objects in ``area_range``."""
    evaluator = loaded.evaluator
    assert isinstance(evaluator, DetectionEvaluator)
    labels, predictions = evaluator.labels, evaluator.predictions
    keep_labels, keep_predictions = selected_boxes(evaluator, mask, area_range)
    difficult = loaded.data.labels.column("difficult").to_numpy(zero_copy_only=False).astype(bool)
    return evaluate_voc(
        DetectionLabels(
            labels.frame_index[keep_labels], labels.class_index[keep_labels], labels.boxes[keep_labels]
        ),
        DetectionPredictions(
            predictions.frame_index[keep_predictions],
            predictions.class_index[keep_predictions],
            predictions.boxes[keep_predictions],
            predictions.confidence[keep_predictions],
        ),
        n_classes=len(loaded.data.project.class_names),
        iou=iou,
        difficult=difficult[keep_labels],
        iou_convention=evaluator.iou_convention,
    )


class StandardMetricsMixin:
    """The :class:`~reefscope.service.core.Service` methods for COCO mAP, VOC AP and object sizes."""

    workspace: Workspace
    _cache: BoundedCache
    if TYPE_CHECKING:

        def inferences(self, project: str, dataset: str, inference_set: str) -> LoadedInferences: ...
        def thresholds(
            self, project: str, *, confidence: float | None = None, iou: float | None = None
        ) -> Thresholds: ...
        def segment_mask(self, data: LoadedDataset, segment: str | None) -> np.ndarray: ...

    def area_range(self, project: str | Project, size: SizeName | None) -> tuple[float, float] | None:
        """The box areas of an object size in a project (``None``: every size)."""
        if size is None:
            return None
        record = self.workspace.get_project(project) if isinstance(project, str) else project
        if record.task != "detection":
            raise InvalidInputError("object sizes apply to detection projects only", field="size")
        if size not in SIZE_NAMES:
            raise InvalidInputError(f"expected small, medium or large but got {size!r}", field="size")
        return record.size_range(size)

    def voc(
        self,
        project: str,
        dataset: str,
        inference_set: str,
        *,
        iou: float | None = None,
        segment: str | None = None,
        size: SizeName | None = None,
    ) -> VocEvaluation:
        """PASCAL VOC AP, 11-point and all-point, at ``iou`` (default: the project's IoU threshold)."""
        loaded = self.inferences(project, dataset, inference_set)
        if not isinstance(loaded.evaluator, DetectionEvaluator):
            raise InvalidInputError("VOC AP applies to detection projects only", field="voc")
        t = self.thresholds(project, iou=iou).iou
        assert t is not None
        mask = self.segment_mask(loaded.data, segment)
        area_range = self.area_range(project, size)
        key = self._standard_key("voc", loaded, loaded.evaluator.iou_convention, mask, area_range, t)
        return self._cache.get(
            key,
            lambda: voc_evaluation(loaded, mask, iou=t, area_range=area_range),
            lambda result: result.class_ap_all_point.nbytes * 8,
        )

    def coco(
        self,
        project: str,
        dataset: str,
        inference_set: str,
        *,
        segment: str | None = None,
        size: SizeName | None = None,
    ) -> CocoEvaluation:
        """COCO-style box mAP (pycocotools' algorithm) on the frames of a segment (and objects of a size)."""
        loaded = self.inferences(project, dataset, inference_set)
        if isinstance(loaded.evaluator, ClassificationEvaluator):
            raise InvalidInputError("COCO mAP applies to detection projects only", field="coco")
        mask = self.segment_mask(loaded.data, segment)
        area_range = self.area_range(project, size)
        key = self._standard_key("coco", loaded, loaded.evaluator.iou_convention, mask, area_range)
        return self._cache.get(
            key, lambda: coco_evaluation(loaded, mask, area_range), lambda result: result.precision.nbytes * 2
        )

    @staticmethod
    def _standard_key(
        kind: str,
        loaded: LoadedInferences,
        iou_convention: str,
        mask: np.ndarray,
        area_range: tuple[float, float] | None,
        *extra: object,
    ) -> tuple[object, ...]:
        """The cache key of a COCO or VOC result: data versions, box convention, sizes and frames."""
        return (
            kind,
            loaded.data.dataset.content_id,
            loaded.inference_set.content_id,
            iou_convention,
            *extra,
            area_range,
            hash(mask.tobytes()),
        )
