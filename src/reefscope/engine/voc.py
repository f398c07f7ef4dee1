"""PASCAL VOC average precision, as the VOC development kit computes it.

Per class, every detection is taken in one sweep in descending confidence
(ties keep their input order) and compared with the labels of its own frame and
class. It is assigned to the label it overlaps most (the first such label in
input order when several tie). When that IoU is at least the threshold:

- a ``difficult`` label makes the detection neither a true nor a false
  positive (it is left out of the sweep);
- a label not yet taken makes it a true positive and takes the label;
- a label already taken makes it a false positive (a duplicate).

Otherwise it is a false positive. Recall is over the labels that are not
difficult. Two published forms summarise the sweep:

- ``11point`` (VOC2007): the mean over recall levels 0, 0.1, ..., 1 of the
  highest precision at a recall at least that level (0 when none). The levels
  are ``numpy.linspace(0, 1, 11)``, as in the Python ports of the devkit, so a
  recall of exactly 0.3, 0.6 or 0.7 falls just short of that level.
- ``all_point`` (VOC2010 onwards): the area under the precision envelope
  (precision made monotonically decreasing from the right), summed where
  recall changes.

A class without a (non-difficult) label has no AP: ``NaN`` in the arrays and
``None`` in the means, which average over the classes that have labels.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal, TypeVar, get_args

import numpy as np
from numpy.typing import ArrayLike, NDArray

from reefscope.engine.boxes import IouConvention, check_iou_convention, extent_boxes
from reefscope.engine.errors import InvalidInputError
from reefscope.engine.inputs import DetectionLabels, DetectionPredictions, check_class_range
from reefscope.engine.matching import build_candidate_pairs

VocForm = Literal["11point", "all_point"]
VOC_FORMS: tuple[str, ...] = get_args(VocForm)
ELEVEN_RECALL_LEVELS: NDArray[np.float64] = np.linspace(0.0, 1.0, 11)
ELEVEN_RECALL_LEVELS.setflags(write=False)

FloatArray = NDArray[np.float64]
IndexArray = NDArray[np.int64]
ScalarT = TypeVar("ScalarT", bound=np.generic)


@dataclass(frozen=True, eq=False)
class VocEvaluation:
    """Per-class VOC AP in both forms at one IoU threshold, and their means.

    Arrays have one entry per class. ``n_positives`` counts labels that are
    not difficult; ``true_positives`` and ``false_positives`` are the totals
    at the end of the sweep (detections on difficult labels are in neither).
    """

    iou_threshold: float
    iou_convention: IouConvention
    n_positives: IndexArray
    n_detections: IndexArray
    true_positives: IndexArray
    false_positives: IndexArray
    class_ap_11point: FloatArray
    class_ap_all_point: FloatArray
    map_11point: float | None
    map_all_point: float | None

    def class_ap(self, form: VocForm) -> FloatArray:
        """Per-class AP of one form."""
        if form not in VOC_FORMS:
            raise InvalidInputError(f"Expected argument `form` to be one of {VOC_FORMS} but got {form!r}")
        return self.class_ap_11point if form == "11point" else self.class_ap_all_point

    def mean_ap(self, form: VocForm) -> float | None:
        """The mean over classes with labels; ``None`` when no class has one."""
        return self.map_11point if form == "11point" else self.map_all_point if form in VOC_FORMS else None


def evaluate_voc(
    labels: DetectionLabels,
    predictions: DetectionPredictions,
    *,
    n_classes: int,
    iou: float = 0.5,
    difficult: ArrayLike | None = None,
    iou_convention: IouConvention = "continuous",
) -> VocEvaluation:
    """PASCAL VOC AP per class (11-point and all-point) at IoU threshold ``iou``.

    Parameters
    ----------
    labels, predictions : DetectionLabels, DetectionPredictions
        ``xyxy`` boxes; every prediction takes part (no confidence threshold).
    n_classes : int
        Number of classes; class indices are ``0 .. n_classes - 1``.
    iou : float
        A detection counts when its best IoU is at least this (VOC: 0.5).
    difficult : array_like of bool, shape (n_labels,), optional
        VOC's ``difficult`` flag per label. Default: no difficult labels.
    iou_convention : {"continuous", "pixel_inclusive"}
        ``pixel_inclusive`` adds 1 to widths and heights, as the devkit does.

    Examples
    --------
    Two cats; the best detection finds one, a tied second one finds it again
    (a duplicate), the third finds the other:

    >>> labels = DetectionLabels([0, 0], [0, 0], [[0, 0, 10, 10], [20, 0, 30, 10]])
    >>> predictions = DetectionPredictions(
    ...     [0, 0, 0], [0, 0, 0], [[0, 0, 10, 10], [0, 0, 10, 10], [20, 0, 30, 10]], [0.9, 0.9, 0.5]
    ... )
    >>> result = evaluate_voc(labels, predictions, n_classes=1)
    >>> result.true_positives.tolist(), result.false_positives.tolist()
    ([2], [1])
    >>> round(result.map_all_point, 4), round(result.map_11point, 4)
    (0.8333, 0.8485)
    """
    n_classes = _check_n_classes(n_classes)
    threshold = _check_iou(iou)
    convention = check_iou_convention(iou_convention)
    check_class_range("labels", labels.class_index, n_classes)
    check_class_range("predictions", predictions.class_index, n_classes)
    is_difficult = _difficult_flags(difficult, len(labels))

    best_label, best_iou = _best_labels(labels, predictions, n_classes, convention)
    counted = best_iou >= threshold
    ignored = np.zeros(len(predictions), dtype=bool)
    ignored[counted] = is_difficult[best_label[counted]]
    # One sweep per class in descending confidence, ties in input order.
    order = np.lexsort((np.arange(len(predictions)), -predictions.confidence, predictions.class_index))
    order = order[~ignored[order]]
    hits = counted[order]
    first_hit = np.zeros(len(order), dtype=bool)
    hit_rows = np.flatnonzero(hits)
    _, first = np.unique(best_label[order][hit_rows], return_index=True)
    first_hit[hit_rows[first]] = True

    n_positives = np.bincount(labels.class_index[~is_difficult], minlength=n_classes).astype(np.int64)
    swept_class = predictions.class_index[order]
    bounds = np.searchsorted(swept_class, np.arange(n_classes + 1))
    ap_11 = np.full(n_classes, np.nan)
    ap_all = np.full(n_classes, np.nan)
    tp_total = np.zeros(n_classes, dtype=np.int64)
    fp_total = np.zeros(n_classes, dtype=np.int64)
    for k in range(n_classes):
        tp = np.cumsum(first_hit[bounds[k] : bounds[k + 1]], dtype=np.int64)
        fp = np.arange(1, len(tp) + 1, dtype=np.int64) - tp
        if len(tp):
            tp_total[k], fp_total[k] = tp[-1], fp[-1]
        if n_positives[k] == 0:
            continue
        recall = tp / n_positives[k]
        precision = tp / (tp + fp)
        ap_11[k] = eleven_point_ap(recall, precision)
        ap_all[k] = all_point_ap(recall, precision)
    defined = n_positives > 0
    return VocEvaluation(
        iou_threshold=threshold,
        iou_convention=convention,
        n_positives=_frozen(n_positives),
        n_detections=_frozen(np.bincount(predictions.class_index, minlength=n_classes).astype(np.int64)),
        true_positives=_frozen(tp_total),
        false_positives=_frozen(fp_total),
        class_ap_11point=_frozen(ap_11),
        class_ap_all_point=_frozen(ap_all),
        map_11point=float(ap_11[defined].mean()) if defined.any() else None,
        map_all_point=float(ap_all[defined].mean()) if defined.any() else None,
    )


def eleven_point_ap(recall: FloatArray, precision: FloatArray) -> float:
    """VOC2007: the mean of the best precision at recall >= 0, 0.1, ..., 1 (0 when none).

    >>> eleven_point_ap(np.array([0.5, 1.0]), np.array([1.0, 0.5]))
    0.7727272727272727
    """
    total = 0.0
    for level in ELEVEN_RECALL_LEVELS:
        reached = precision[recall >= level]
        total += float(reached.max()) if reached.size else 0.0
    # Summed, then divided (as Object-Detection-Metrics and mmdetection do), so a perfect
    # class scores exactly 1; the devkit's running ``ap + p / 11`` can end at 1 + 2e-16.
    return total / 11


def all_point_ap(recall: FloatArray, precision: FloatArray) -> float:
    """VOC2010+: the area under the precision envelope, summed where recall changes.

    >>> all_point_ap(np.array([0.5, 1.0]), np.array([1.0, 0.5]))
    0.75
    """
    bounded_recall = np.concatenate([[0.0], recall, [1.0]])
    envelope = np.concatenate([[0.0], precision, [0.0]])
    envelope = np.maximum.accumulate(envelope[::-1])[::-1]
    changes = np.flatnonzero(bounded_recall[1:] != bounded_recall[:-1]) + 1
    return float(np.sum((bounded_recall[changes] - bounded_recall[changes - 1]) * envelope[changes]))


def _best_labels(
    labels: DetectionLabels,
    predictions: DetectionPredictions,
    n_classes: int,
    convention: IouConvention,
) -> tuple[IndexArray, FloatArray]:
    """Per prediction, the same-frame same-class label of highest IoU (-1 and -inf when none)."""
    # Group by (frame, class), renumbered densely, so only same-class pairs are built.
    label_key = labels.frame_index * n_classes + labels.class_index
    prediction_key = predictions.frame_index * n_classes + predictions.class_index
    keys, dense = np.unique(np.concatenate([label_key, prediction_key]), return_inverse=True)
    pairs = build_candidate_pairs(
        dense[: len(labels)],
        extent_boxes(labels.boxes, iou_convention=convention),
        labels.class_index,
        dense[len(labels) :],
        extent_boxes(predictions.boxes, iou_convention=convention),
        predictions.class_index,
        predictions.confidence,
        n_frames=len(keys),
    )
    best_label = np.full(len(predictions), -1, dtype=np.int64)
    best_iou = np.full(len(predictions), -np.inf)
    if len(pairs):
        # Highest IoU first; among equal IoUs the earliest label, as the devkit's strict ``>`` keeps.
        order = np.lexsort((pairs.label_index, -pairs.iou, pairs.prediction_index))
        predictions_sorted = pairs.prediction_index[order]
        first = np.flatnonzero(np.r_[True, predictions_sorted[1:] != predictions_sorted[:-1]])
        chosen = order[first]
        best_label[pairs.prediction_index[chosen]] = pairs.label_index[chosen]
        best_iou[pairs.prediction_index[chosen]] = pairs.iou[chosen]
    return best_label, best_iou


def _check_n_classes(n_classes: object) -> int:
    if isinstance(n_classes, bool) or not isinstance(n_classes, int | np.integer) or n_classes < 1:
        raise InvalidInputError(
            f"Expected argument `n_classes` to be a positive integer but got {n_classes!r}"
        )
    return int(n_classes)


def _check_iou(iou: object) -> float:
    if (
        isinstance(iou, bool)
        or not isinstance(iou, int | float | np.floating)
        or not 0.0 <= float(iou) <= 1.0
    ):
        raise InvalidInputError(f"Expected argument `iou` to be in [0, 1] but got {iou!r}")
    return float(iou)


def _difficult_flags(values: ArrayLike | None, n_labels: int) -> NDArray[np.bool_]:
    if values is None:
        return np.zeros(n_labels, dtype=bool)
    array = np.asarray(values)
    if array.size == 0:
        array = array.reshape(0).astype(bool)
    if array.ndim != 1 or len(array) != n_labels:
        raise InvalidInputError(
            f"expected one flag per label ({n_labels}) but got shape {array.shape}", source="difficult"
        )
    if array.dtype != np.bool_:
        bad = ~np.isin(array, (0, 1)) if np.issubdtype(array.dtype, np.number) else np.ones(len(array), bool)
        if bad.any():
            row = int(np.flatnonzero(bad)[0])
            raise InvalidInputError(f"expected 0 or 1 but got {array[row]!r}", source="difficult", row=row)
    return array.astype(bool)


def _frozen(array: NDArray[ScalarT]) -> NDArray[ScalarT]:
    copy = np.array(array)
    copy.setflags(write=False)
    return copy
