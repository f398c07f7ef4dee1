"""Precision-recall curves from a sweep of confidence thresholds (DESIGN 4.3)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike, NDArray

from reefscope.engine.errors import InvalidInputError

CountArray = NDArray[np.int64]
FloatArray = NDArray[np.float64]


def default_confidences() -> FloatArray:
    """0.00, 0.01, ..., 1.00, exact to two decimals."""
    return np.round(np.arange(101) / 100, 2)


def as_confidence_grid(confidences: ArrayLike | None) -> FloatArray:
    grid = (
        default_confidences()
        if confidences is None
        else np.asarray(confidences, dtype=np.float64).reshape(-1)
    )
    if grid.size == 0 or not np.isfinite(grid).all() or (grid < 0).any() or (grid > 1).any():
        raise InvalidInputError("expected a non-empty list of confidences in [0, 1]", source="confidences")
    return grid


def kept_by_confidence(
    classes: NDArray[np.integer], confidence: NDArray[np.float64], thresholds: FloatArray, n_classes: int
) -> CountArray:
    """``(len(thresholds), n_classes)`` counts of items with confidence >= each ascending threshold."""
    n_points = len(thresholds)
    # Grid point g keeps an item exactly when g < (number of thresholds <= its confidence).
    reach = np.searchsorted(thresholds, confidence, side="right").astype(np.int64)
    histogram = np.bincount(reach * n_classes + classes, minlength=(n_points + 1) * n_classes)
    histogram = histogram.reshape(n_points + 1, n_classes)
    return np.cumsum(histogram[::-1], axis=0)[::-1][1:]


def _ratio(numerator: NDArray, denominator: NDArray) -> FloatArray:
    out = np.full(numerator.shape, np.nan)
    np.divide(numerator, denominator, out=out, where=denominator > 0)
    return out


@dataclass(frozen=True, eq=False)
class PrCurves:
    """Counts and metrics per ``(confidence, class)``; NaN where undefined.

    :meth:`weighted` and :meth:`micro` are the aggregate curves over real
    classes, with undefined per-class terms counted as 0 as in the report. At a
    confidence that keeps no prediction at all, their precision is NaN: there
    is no precision to speak of, and a 0 there would pull every curve to the
    origin. scikit-learn's ``precision_recall_curve`` and pycocotools likewise
    end a curve at the last threshold that keeps a prediction.
    """

    confidences: FloatArray
    classes: tuple[str, ...]
    iou_threshold: float | None
    true_positives: CountArray
    false_positives: CountArray
    false_negatives: CountArray

    @classmethod
    def from_sweep(
        cls,
        confidences: FloatArray,
        order: NDArray[np.intp],
        classes: tuple[str, ...],
        iou_threshold: float | None,
        *,
        true_positives: CountArray,
        kept: CountArray,
        support: CountArray,
    ) -> PrCurves:
        """Curves from counts computed over ``confidences[order]`` (ascending), put back in grid order.

        ``kept`` counts kept predictions per class and ``support`` labels per class.
        """
        unsort = np.argsort(order)
        tp = true_positives[unsort].astype(np.int64)
        return cls(
            confidences, classes, iou_threshold, tp, kept[unsort].astype(np.int64) - tp, support[None, :] - tp
        )

    @property
    def precision(self) -> FloatArray:
        return _ratio(self.true_positives, self.true_positives + self.false_positives)

    @property
    def recall(self) -> FloatArray:
        return _ratio(self.true_positives, self.true_positives + self.false_negatives)

    @property
    def f1(self) -> FloatArray:
        tp = self.true_positives
        return _ratio(2 * tp, 2 * tp + self.false_positives + self.false_negatives)

    @property
    def support(self) -> CountArray:
        return self.true_positives[0] + self.false_negatives[0]

    @property
    def nothing_kept(self) -> NDArray[np.bool_]:
        """Per confidence: no prediction of any class is kept."""
        return (self.true_positives + self.false_positives).sum(axis=1) == 0

    def _undefined_without_predictions(self, precision: FloatArray) -> FloatArray:
        return np.where(self.nothing_kept, np.nan, precision)

    def weighted(self) -> tuple[FloatArray, FloatArray, FloatArray]:
        """Support-weighted precision, recall and F1 per confidence (precision NaN where nothing is kept)."""
        support = self.support
        total = support.sum()
        if total == 0:
            zeros = np.zeros(len(self.confidences))
            return self._undefined_without_predictions(zeros), zeros, zeros
        weights = support / total
        precision, recall, f1 = (
            np.nan_to_num(values) @ weights for values in (self.precision, self.recall, self.f1)
        )
        return self._undefined_without_predictions(precision), recall, f1

    def micro(self) -> tuple[FloatArray, FloatArray, FloatArray]:
        """Micro-averaged precision, recall and F1 per confidence (precision NaN where nothing is kept)."""
        tp = self.true_positives.sum(axis=1)
        fp = self.false_positives.sum(axis=1)
        fn = self.false_negatives.sum(axis=1)
        return (
            self._undefined_without_predictions(np.nan_to_num(_ratio(tp, tp + fp))),
            np.nan_to_num(_ratio(tp, tp + fn)),
            np.nan_to_num(_ratio(2 * tp, 2 * tp + fp + fn)),
        )
