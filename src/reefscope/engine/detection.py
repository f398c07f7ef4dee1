"""Detection evaluation: confidence filter, optimal class-agnostic matching, confusion.

:class:`DetectionEvaluator` is built once per (labels, predictions) and
precomputes the candidate pairs; each :meth:`~DetectionEvaluator.evaluate`
then only masks pairs by the thresholds and re-solves the matching.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from numpy.typing import ArrayLike, NDArray

from reefscope.engine.boxes import IouConvention, box_areas, check_iou_convention, extent_boxes
from reefscope.engine.curves import PrCurves, as_confidence_grid, kept_by_confidence
from reefscope.engine.errors import InvalidInputError
from reefscope.engine.inputs import (
    ClassificationLabels,
    ClassificationPredictions,
    DetectionLabels,
    DetectionPredictions,
    check_class_range,
    check_frame_range,
)
from reefscope.engine.matching import CandidatePairs, build_candidate_pairs, match_candidates
from reefscope.engine.report import BACKGROUND, ConfusionMatrix
from reefscope.engine.results import EvaluatedItems, Evaluation, Matches
from reefscope.engine.sweep import true_positives_by_confidence

FrameSelection = ArrayLike | None
AreaRange = tuple[float, float]


def check_area_range(area_range: object) -> AreaRange | None:
    """``None`` (every size) or ``(low, high)`` with ``0 <= low <= high``; ``high`` may be ``inf``."""
    if area_range is None:
        return None
    try:
        low, high = (float(value) for value in area_range)  # type: ignore[attr-defined]
    except (TypeError, ValueError):
        raise InvalidInputError(
            f"Expected argument `area_range` to be a pair (low, high) but got {area_range!r}"
        ) from None
    if np.isnan(low) or np.isnan(high) or not 0.0 <= low <= high:
        raise InvalidInputError(
            f"Expected argument `area_range` to have 0 <= low <= high but got {area_range!r}"
        )
    return low, high


def in_area_range(areas: NDArray[np.float64], area_range: AreaRange | None) -> NDArray[np.bool_]:
    """Whether each area lies in ``[low, high]`` (both ends inclusive, as COCO's ranges)."""
    if area_range is None:
        return np.ones(len(areas), dtype=bool)
    low, high = area_range
    return (areas >= low) & (areas <= high)


def check_threshold(name: str, value: float) -> float:
    number = float(value)
    if not (0.0 <= number <= 1.0):
        raise InvalidInputError(f"Expected argument `{name}` to be in [0, 1] but got {value!r}")
    return number


def check_classes(classes: Sequence[str]) -> tuple[str, ...]:
    names = tuple(str(name) for name in classes)
    if len(set(names)) != len(names):
        raise InvalidInputError("expected unique class names", source="classes")
    if BACKGROUND in names:
        raise InvalidInputError(f"{BACKGROUND!r} is reserved for unmatched items", source="classes")
    return names


def check_indices(
    labels: DetectionLabels | ClassificationLabels,
    predictions: DetectionPredictions | ClassificationPredictions,
    *,
    classes: Sequence[str],
    n_frames: int | None,
) -> tuple[tuple[str, ...], int]:
    """Validated class names and frame count; every index must address them."""
    names = check_classes(classes)
    check_class_range("labels", labels.class_index, len(names))
    check_class_range("predictions", predictions.class_index, len(names))
    seen = max(int(labels.frame_index.max(initial=-1)), int(predictions.frame_index.max(initial=-1)))
    frames = seen + 1 if n_frames is None else int(n_frames)
    check_frame_range("labels", labels.frame_index, frames)
    check_frame_range("predictions", predictions.frame_index, frames)
    return names, frames


def frame_mask(frames: FrameSelection, n_frames: int) -> NDArray[np.bool_]:
    """A boolean mask over frames from ``None`` (all), a mask, or frame indices."""
    if frames is None:
        return np.ones(n_frames, dtype=bool)
    array = np.asarray(frames)
    if array.dtype == bool:
        if array.shape != (n_frames,):
            raise InvalidInputError(
                f"expected a mask of {n_frames} frames but got shape {array.shape}", source="frames"
            )
        return array
    indices = array.astype(np.int64).reshape(-1)
    if len(indices) and (indices.min() < 0 or indices.max() >= n_frames):
        raise InvalidInputError(f"expected frame indices in [0, {n_frames})", source="frames")
    mask = np.zeros(n_frames, dtype=bool)
    mask[indices] = True
    return mask


class DetectionEvaluator:
    """Evaluate one set of predictions against labels at any thresholds.

    Parameters
    ----------
    labels, predictions
        Columnar inputs; frame indices address ``range(n_frames)``.
    classes
        Class names indexed by ``class_index``. ``background`` is implied.
    n_frames
        Number of frames in the dataset (frames without labels or predictions
        count too). Defaults to one past the largest frame index seen.
    iou_convention
        ``continuous`` (COCO's corners) or ``pixel_inclusive`` (the VOC
        devkit's ``+1`` on widths and heights), for IoUs and box areas alike.

    Examples
    --------
    >>> labels = DetectionLabels([0, 0], [0, 1], [[0, 0, 10, 10], [20, 20, 30, 30]])
    >>> predictions = DetectionPredictions([0, 0], [0, 0], [[1, 1, 10, 10], [20, 20, 30, 30]], [0.9, 0.6])
    >>> evaluator = DetectionEvaluator(labels, predictions, classes=["cat", "dog"])
    >>> evaluator.evaluate(confidence=0.5, iou=0.5).confusion.counts
    array([[1, 0, 0],
           [1, 0, 0],
           [0, 0, 0]])
    >>> evaluator.evaluate(confidence=0.7, iou=0.5).confusion.counts
    array([[1, 0, 0],
           [0, 0, 1],
           [0, 0, 0]])
    """

    def __init__(
        self,
        labels: DetectionLabels,
        predictions: DetectionPredictions,
        *,
        classes: Sequence[str],
        n_frames: int | None = None,
        iou_convention: IouConvention = "continuous",
    ) -> None:
        self.classes, self.n_frames = check_indices(labels, predictions, classes=classes, n_frames=n_frames)
        self.iou_convention = check_iou_convention(iou_convention)
        self.labels = labels
        self.predictions = predictions
        label_extent = extent_boxes(labels.boxes, iou_convention=self.iou_convention)
        prediction_extent = extent_boxes(predictions.boxes, iou_convention=self.iou_convention)
        self.pairs: CandidatePairs = build_candidate_pairs(
            labels.frame_index,
            label_extent,
            labels.class_index,
            predictions.frame_index,
            prediction_extent,
            predictions.class_index,
            predictions.confidence,
            n_frames=self.n_frames,
        )
        self._items = EvaluatedItems(
            label_frame=labels.frame_index,
            label_class=labels.class_index,
            label_box_size=box_areas(label_extent),
            prediction_frame=predictions.frame_index,
            prediction_class=predictions.class_index,
            prediction_confidence=predictions.confidence,
            prediction_box_size=box_areas(prediction_extent),
            n_frames=self.n_frames,
        )

    def evaluate(
        self,
        *,
        confidence: float,
        iou: float,
        frames: FrameSelection = None,
        class_aware: bool = False,
        area_range: AreaRange | None = None,
    ) -> Evaluation:
        """Evaluate at confidence threshold ``confidence`` and IoU threshold ``iou``.

        A prediction with confidence equal to the threshold is kept and a pair
        with IoU equal to the threshold is a candidate. Pairs that do not
        overlap at all never match, even at ``iou=0``. ``frames`` restricts
        the evaluation to a subset (a segment). ``area_range`` keeps only the
        labels and predictions whose box area (in the evaluator's convention)
        lies in ``[low, high]``: the same as filtering both by area first.
        """
        c = check_threshold("confidence", confidence)
        t = check_threshold("iou", iou)
        mask = frame_mask(frames, self.n_frames)
        sizes = check_area_range(area_range)
        label_active, in_frames = self._selected(mask, sizes)
        kept = (self.predictions.confidence >= c) & in_frames
        matched = self._match(self.pairs, kept, None if sizes is None else label_active, t, class_aware)
        matches = Matches(
            label_index=self.pairs.label_index[matched],
            prediction_index=self.pairs.prediction_index[matched],
            iou=self.pairs.iou[matched],
        )
        counts = self._confusion_counts(label_active, kept, matches)
        return Evaluation(
            task="detection",
            confusion=ConfusionMatrix(counts, self.classes),
            confidence_threshold=c,
            iou_threshold=t,
            class_aware=class_aware,
            matches=matches,
            label_active=label_active,
            prediction_kept=kept,
            frame_mask=mask,
            items=self._items,
        )

    def pr_curves(
        self,
        *,
        iou: float,
        confidences: ArrayLike | None = None,
        frames: FrameSelection = None,
        class_aware: bool = False,
        area_range: AreaRange | None = None,
    ) -> PrCurves:
        """Per-class counts at every confidence of the grid (default 0.00..1.00), matching as at each one.

        Equal to :meth:`evaluate` at every grid point, without re-matching 101
        times: see :mod:`reefscope.engine.sweep`.
        """
        t = check_threshold("iou", iou)
        grid = as_confidence_grid(confidences)
        mask = frame_mask(frames, self.n_frames)
        sizes = check_area_range(area_range)
        label_active, in_frames = self._selected(mask, sizes)
        allowed = in_frames[self.pairs.prediction_index] & (self.pairs.iou >= t)
        if sizes is not None:
            allowed &= label_active[self.pairs.label_index]
        if class_aware:
            allowed &= self.pairs.same_class
        order = np.argsort(grid, kind="stable")
        ascending = grid[order]
        k = len(self.classes)
        tp = true_positives_by_confidence(
            self.pairs,
            allowed,
            confidence=self.predictions.confidence,
            label_class=self.labels.class_index,
            prediction_class=self.predictions.class_index,
            thresholds=ascending,
            n_classes=k,
        )
        n_labels = np.bincount(self.labels.class_index[label_active], minlength=k)
        n_kept = kept_by_confidence(
            self.predictions.class_index[in_frames], self.predictions.confidence[in_frames], ascending, k
        )
        return PrCurves.from_sweep(
            grid, order, self.classes, t, true_positives=tp, kept=n_kept, support=n_labels
        )

    def _selected(
        self, mask: NDArray[np.bool_], area_range: AreaRange | None
    ) -> tuple[NDArray[np.bool_], NDArray[np.bool_]]:
        """Labels and predictions in the selected frames and of the selected sizes."""
        labels = mask[self.labels.frame_index]
        predictions = mask[self.predictions.frame_index]
        if area_range is not None:
            labels &= in_area_range(self._items.label_box_size, area_range)
            predictions &= in_area_range(self._items.prediction_box_size, area_range)
        return labels, predictions

    def _match(
        self,
        pairs: CandidatePairs,
        kept: NDArray[np.bool_],
        label_filter: NDArray[np.bool_] | None,
        iou: float,
        class_aware: bool,
    ) -> NDArray[np.int64]:
        active = kept[pairs.prediction_index]
        # Labels outside the frames have no kept prediction beside them; outside a size range they may.
        if label_filter is not None:
            active &= label_filter[pairs.label_index]
        if iou > 0.0:
            active &= pairs.iou >= iou
        if class_aware:
            active &= pairs.same_class
        return match_candidates(pairs, active)

    def _confusion_counts(
        self, label_active: NDArray[np.bool_], kept: NDArray[np.bool_], matches: Matches
    ) -> NDArray[np.int64]:
        # Start from "everything unmatched", then move each matched pair into its cell.
        k = len(self.classes)
        size = k + 1
        gt = self.labels.class_index.astype(np.int64)
        pred = self.predictions.class_index.astype(np.int64)
        m_gt = gt[matches.label_index]
        m_pred = pred[matches.prediction_index]
        codes = np.concatenate([gt[label_active] * size + k, k * size + pred[kept]])
        counts = np.bincount(codes, minlength=size * size)
        counts -= np.bincount(m_gt * size + k, minlength=size * size)
        counts -= np.bincount(k * size + m_pred, minlength=size * size)
        counts += np.bincount(m_gt * size + m_pred, minlength=size * size)
        return counts.reshape(size, size).astype(np.int64)


def evaluate_detections(
    labels: DetectionLabels,
    predictions: DetectionPredictions,
    *,
    classes: Sequence[str],
    confidence: float,
    iou: float,
    n_frames: int | None = None,
    frames: FrameSelection = None,
    class_aware: bool = False,
    iou_convention: IouConvention = "continuous",
    area_range: AreaRange | None = None,
) -> Evaluation:
    """One-shot detection evaluation; build a :class:`DetectionEvaluator` to re-evaluate cheaply."""
    evaluator = DetectionEvaluator(
        labels, predictions, classes=classes, n_frames=n_frames, iou_convention=iou_convention
    )
    return evaluator.evaluate(
        confidence=confidence, iou=iou, frames=frames, class_aware=class_aware, area_range=area_range
    )
