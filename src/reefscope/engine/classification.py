"""Classification evaluation (DESIGN 4.2).

Each labeled frame contributes one (ground truth, prediction) pair. A frame
whose prediction is missing or below the confidence threshold counts as a
prediction of ``background``: a false negative of its class. Predictions on
frames without a label are not evaluated.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from numpy.typing import ArrayLike

from reefscope.engine.curves import PrCurves, as_confidence_grid, kept_by_confidence
from reefscope.engine.detection import FrameSelection, check_indices, check_threshold, frame_mask
from reefscope.engine.inputs import (
    ClassificationLabels,
    ClassificationPredictions,
)
from reefscope.engine.report import ConfusionMatrix, confusion_from_codes
from reefscope.engine.results import EvaluatedItems, Evaluation, Matches
from reefscope.engine.thresholds import ClassThresholds, class_threshold_array, kept_by_class_threshold


class ClassificationEvaluator:
    """Evaluate one set of class predictions at any confidence threshold.

    Examples
    --------
    >>> labels = ClassificationLabels([0, 1, 2], [0, 1, 1])
    >>> predictions = ClassificationPredictions([0, 1, 2], [0, 0, 1], [0.9, 0.8, 0.3])
    >>> evaluator = ClassificationEvaluator(labels, predictions, classes=["cat", "dog"])
    >>> evaluator.evaluate(confidence=0.5).confusion.counts
    array([[1, 0, 0],
           [1, 0, 1],
           [0, 0, 0]])
    """

    def __init__(
        self,
        labels: ClassificationLabels,
        predictions: ClassificationPredictions,
        *,
        classes: Sequence[str],
        n_frames: int | None = None,
    ) -> None:
        self.classes, self.n_frames = check_indices(labels, predictions, classes=classes, n_frames=n_frames)
        k = len(self.classes)
        self.labels = labels
        self.predictions = predictions
        # Prediction of each label's frame (-1: the model predicted nothing there).
        prediction_of_frame = np.full(self.n_frames, -1, dtype=np.int64)
        prediction_of_frame[predictions.frame_index] = np.arange(len(predictions))
        self._partner = prediction_of_frame[labels.frame_index]
        has_partner = self._partner >= 0
        safe = np.where(has_partner, self._partner, 0)
        self._partner_confidence = np.where(
            has_partner, predictions.confidence[safe] if len(predictions) else 0.0, -1.0
        )
        self._partner_class = np.where(
            has_partner, predictions.class_index[safe] if len(predictions) else k, k
        )
        labeled = np.zeros(self.n_frames, dtype=bool)
        labeled[labels.frame_index] = True
        self._prediction_labeled = labeled[predictions.frame_index]
        self._items = EvaluatedItems(
            label_frame=labels.frame_index,
            label_class=labels.class_index,
            label_box_size=np.full(len(labels), np.nan),
            prediction_frame=predictions.frame_index,
            prediction_class=predictions.class_index,
            prediction_confidence=predictions.confidence,
            prediction_box_size=np.full(len(predictions), np.nan),
            n_frames=self.n_frames,
        )

    def evaluate(
        self, *, confidence: float, frames: FrameSelection = None, class_confidence: ClassThresholds = None
    ) -> Evaluation:
        """Evaluate at confidence threshold ``confidence`` (kept when equal), or one per class."""
        c = check_threshold("confidence", confidence)
        per_class = class_threshold_array(self.classes, class_confidence)
        k = len(self.classes)
        mask = frame_mask(frames, self.n_frames)
        label_active = mask[self.labels.frame_index]
        # Frames without a prediction (class K) have confidence -1 and are never kept.
        partner_class = np.minimum(self._partner_class, max(k - 1, 0))
        reaches = kept_by_class_threshold(self._partner_confidence, partner_class, c, per_class)
        paired = label_active & reaches
        predicted = np.where(paired, self._partner_class, k)
        counts = confusion_from_codes(self.labels.class_index[label_active], predicted[label_active], k)
        matched_labels = np.flatnonzero(paired)
        kept = np.zeros(len(self.predictions), dtype=bool)
        kept[self._partner[matched_labels]] = True
        return Evaluation(
            task="classification",
            confusion=ConfusionMatrix(counts, self.classes),
            confidence_threshold=c,
            iou_threshold=None,
            class_aware=False,
            matches=Matches(
                label_index=matched_labels,
                prediction_index=self._partner[matched_labels],
                iou=np.full(len(matched_labels), np.nan),
            ),
            label_active=label_active,
            prediction_kept=kept,
            frame_mask=mask,
            items=self._items,
            class_confidence=per_class,
        )

    def pr_curves(self, *, confidences: ArrayLike | None = None, frames: FrameSelection = None) -> PrCurves:
        """Per-class counts at every confidence of the grid, from one histogram pass."""
        grid = as_confidence_grid(confidences)
        order = np.argsort(grid, kind="stable")
        ascending = grid[order]
        k = len(self.classes)
        mask = frame_mask(frames, self.n_frames)
        active = mask[self.labels.frame_index]
        gt = self.labels.class_index[active].astype(np.int64)
        has_partner = self._partner[active] >= 0
        predicted = self._partner_class[active].astype(np.int64)[has_partner]
        confidence = self._partner_confidence[active][has_partner]
        correct = predicted == gt[has_partner]
        return PrCurves.from_sweep(
            grid,
            order,
            self.classes,
            None,
            true_positives=kept_by_confidence(predicted[correct], confidence[correct], ascending, k),
            kept=kept_by_confidence(predicted, confidence, ascending, k),
            support=np.bincount(gt, minlength=k),
        )


def evaluate_classifications(
    labels: ClassificationLabels,
    predictions: ClassificationPredictions,
    *,
    classes: Sequence[str],
    confidence: float = 0.0,
    n_frames: int | None = None,
    frames: FrameSelection = None,
) -> Evaluation:
    """One-shot classification evaluation (see :class:`ClassificationEvaluator`)."""
    evaluator = ClassificationEvaluator(labels, predictions, classes=classes, n_frames=n_frames)
    return evaluator.evaluate(confidence=confidence, frames=frames)
