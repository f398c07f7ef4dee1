"""Why a model fails: one error type per mistake, in the spirit of TIDE (Bolya et al., 2020).

The types are read off the same candidate graph and the same matching as the
confusion matrix, at the same thresholds (confidence ``c``, IoU ``t``) plus a
background IoU ``b`` (default 0.1):

- ``classification``: a matched pair of different classes (a confusion), or
  an unmatched prediction overlapping a label of another class by ``>= t``;
- ``localization``: an unmatched prediction whose best same-class label has
  ``b <= IoU < t``;
- ``both``: an unmatched prediction whose only overlaps ``> b`` are below
  ``t`` and with labels of other classes;
- ``duplicate``: an unmatched prediction overlapping a same-class label by
  ``>= t`` whose label went to a better prediction;
- ``background``: an unmatched prediction overlapping no label by more than ``b``;
- ``missed``: an unmatched label that no localization error points at.

Unmatched predictions are tested in that order of precedence, as TIDE does
(localization, then classification, duplicate, background, and ``both`` for
the rest). An unmatched label that a localization error points at is the
other half of that error and is not counted again (TIDE's "usable" ground
truth); it carries the type ``localization``.

Differences from ``tidecv``: TIDE matches class-aware and greedily by
confidence, reefscope uses its own optimal (by default class-agnostic)
matching, so a wrong-class detection matched to a label is a confusion pair
here (one ``classification`` error, as in TIDE, where its label is then
"usable"); and TIDE's localization band is closed at ``t`` where ours is open
(an IoU of exactly ``t`` is a candidate pair here).

The *oracle* of a type re-evaluates with that type's errors fixed, as TIDE
does: a confusion takes its label's class, a localization error that points
at an unmatched label becomes that label's true positive (the others of its
kind are suppressed), every other false positive of the type is suppressed,
and a missed label is removed.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from functools import cached_property

import numpy as np
from numpy.typing import NDArray

from reefscope.engine.coco import evaluate_coco
from reefscope.engine.errors import InvalidInputError
from reefscope.engine.inputs import DetectionLabels, DetectionPredictions
from reefscope.engine.matching import CandidatePairs
from reefscope.engine.report import ClassReport, ConfusionMatrix
from reefscope.engine.results import Evaluation, Examples

IndexArray = NDArray[np.int64]
FloatArray = NDArray[np.float64]

DEFAULT_BACKGROUND_IOU = 0.1


class ErrorType(StrEnum):
    CLASSIFICATION = "classification"
    LOCALIZATION = "localization"
    BOTH = "both"
    DUPLICATE = "duplicate"
    BACKGROUND = "background"
    MISSED = "missed"


ERROR_TYPES: tuple[ErrorType, ...] = tuple(ErrorType)
NO_ERROR = -1  # in the per-item type arrays: a true positive, or not evaluated


def _best_per_prediction(
    prediction: IndexArray, label: IndexArray, iou: FloatArray, n_predictions: int
) -> tuple[FloatArray, IndexArray]:
    """Per prediction, the highest IoU among the given pairs and its label (lowest index on ties)."""
    best_iou = np.zeros(n_predictions)
    best_label = np.full(n_predictions, -1, dtype=np.int64)
    if len(prediction):
        order = np.lexsort((label, -iou, prediction))
        first = order[np.unique(prediction[order], return_index=True)[1]]
        best_iou[prediction[first]] = iou[first]
        best_label[prediction[first]] = label[first]
    return best_iou, best_label


@dataclass(frozen=True, eq=False)
class ErrorAttribution:
    """Every error of one evaluation with its type, as parallel arrays (one row per error).

    A row holds a label and a prediction for a confusion and for the
    unmatched predictions that have a label to point at (``iou`` is the
    pair's IoU), only a prediction for ``background`` and only a label for
    ``missed``; ``gt_class`` / ``predicted_class`` name the confusion cell the
    row is counted in (index K is background). ``label_error`` and
    ``prediction_error`` give every item's type as an index into
    :data:`ERROR_TYPES` (:data:`NO_ERROR` where it is not an error).
    """

    evaluation: Evaluation
    background_iou: float
    error_type: NDArray[np.int8]
    label_index: IndexArray
    prediction_index: IndexArray
    iou: FloatArray
    gt_class: IndexArray
    predicted_class: IndexArray
    label_error: NDArray[np.int8]
    prediction_error: NDArray[np.int8]
    # Unmatched labels that a localization error points at (fixed by it).
    covered_labels: IndexArray

    def __len__(self) -> int:
        return len(self.error_type)

    @property
    def classes(self) -> tuple[str, ...]:
        return self.evaluation.classes

    @cached_property
    def error_class(self) -> IndexArray:
        """The class a row is counted under: its prediction's class, or its label's when it has none."""
        k = len(self.classes)
        return np.where(self.predicted_class < k, self.predicted_class, self.gt_class)

    @cached_property
    def counts(self) -> NDArray[np.int64]:
        """``(len(ERROR_TYPES), K)`` number of errors of each type per class."""
        k = len(self.classes)
        codes = self.error_type.astype(np.int64) * k + self.error_class
        return np.bincount(codes, minlength=len(ERROR_TYPES) * k).reshape(len(ERROR_TYPES), k)

    def rows_of(self, error: ErrorType | str) -> IndexArray:
        return np.flatnonzero(self.error_type == ERROR_TYPES.index(_error_type(error)))

    def examples(self, error: ErrorType | str, *, class_index: int | None = None) -> Examples:
        """The rows of one type (optionally counted under one class) as examples to list or sort."""
        rows = self.rows_of(error)
        if class_index is not None:
            rows = rows[self.error_class[rows] == class_index]
        items = self.evaluation.items
        label = self.label_index[rows]
        prediction = self.prediction_index[rows]
        has_label, has_prediction = label >= 0, prediction >= 0
        safe_label, safe_prediction = np.maximum(label, 0), np.maximum(prediction, 0)
        return Examples(
            gt_class=self.gt_class[rows],
            predicted_class=self.predicted_class[rows],
            label_index=label,
            prediction_index=prediction,
            frame_index=np.where(
                has_label, items.label_frame[safe_label], items.prediction_frame[safe_prediction]
            ),
            iou=self.iou[rows],
            confidence=np.where(has_prediction, items.prediction_confidence[safe_prediction], np.nan),
            # Box size of the prediction when there is one: the error is the prediction's.
            box_size=np.where(
                has_prediction, items.prediction_box_size[safe_prediction], items.label_box_size[safe_label]
            ),
        )

    def fixed_confusion(self, error: ErrorType | str) -> ConfusionMatrix:
        """The confusion matrix with every error of one type fixed (see the module docstring)."""
        kind = _error_type(error)
        counts = self.evaluation.confusion.counts.copy()
        k = len(self.classes)
        rows = self.rows_of(kind)
        gt, predicted = self.gt_class[rows], self.predicted_class[rows]
        # Every row of a prediction-side type sits in a cell; take it out of there ...
        np.subtract.at(counts, (gt, predicted), 1)
        if kind is ErrorType.CLASSIFICATION:
            # ... a confusion becomes its label's true positive (an unmatched one is suppressed).
            confused = gt < k
            np.add.at(counts, (gt[confused], gt[confused]), 1)
        elif kind is ErrorType.LOCALIZATION:
            covered = self.evaluation.items.label_class[self.covered_labels].astype(np.int64)
            np.subtract.at(counts, (covered, np.full(len(covered), k)), 1)
            np.add.at(counts, (covered, covered), 1)
        return ConfusionMatrix(counts, self.classes)

    def oracle_reports(self) -> dict[ErrorType, ClassReport]:
        return {kind: self.fixed_confusion(kind).report for kind in ERROR_TYPES}

    def fixed_items(self, error: ErrorType | str) -> FixedItems:
        """Which labels and kept predictions to drop, relabel or move to fix one type in the inputs."""
        kind = _error_type(error)
        rows = self.rows_of(kind)
        label, prediction = self.label_index[rows], self.prediction_index[rows]
        n_predictions = len(self.prediction_error)
        drop_labels = label if kind is ErrorType.MISSED else np.zeros(0, np.int64)
        relabel = np.full(n_predictions, -1, dtype=np.int64)
        move_to = np.full(n_predictions, -1, dtype=np.int64)
        drop = np.zeros(n_predictions, dtype=bool)
        if kind is ErrorType.CLASSIFICATION:
            confused = self.gt_class[rows] < len(self.classes)
            relabel[prediction[confused]] = self.gt_class[rows][confused]
            drop[prediction[~confused]] = True
        elif kind is ErrorType.LOCALIZATION:
            # The most confident error pointing at an unmatched label takes the label's box.
            confidence = self.evaluation.items.prediction_confidence[prediction]
            order = np.lexsort((prediction, -confidence))
            target_unmatched = np.isin(label[order], self.covered_labels)
            candidates = order[target_unmatched]
            first = candidates[np.unique(label[candidates], return_index=True)[1]]
            drop[prediction] = True
            drop[prediction[first]] = False
            move_to[prediction[first]] = label[first]
        elif kind is not ErrorType.MISSED:
            drop[prediction] = True
        return FixedItems(drop_labels=drop_labels, drop_predictions=drop, relabel=relabel, move_to=move_to)


@dataclass(frozen=True, eq=False)
class FixedItems:
    """Edits to the inputs that fix one error type: per prediction -1 where unchanged."""

    drop_labels: IndexArray
    drop_predictions: NDArray[np.bool_]
    relabel: IndexArray
    move_to: IndexArray


def _error_type(error: ErrorType | str) -> ErrorType:
    try:
        return ErrorType(error)
    except ValueError:
        names = tuple(kind.value for kind in ERROR_TYPES)
        raise InvalidInputError(f"Expected an error type in {names} but got {error!r}") from None


def attribute_errors(
    evaluation: Evaluation,
    pairs: CandidatePairs | None,
    *,
    background_iou: float = DEFAULT_BACKGROUND_IOU,
) -> ErrorAttribution:
    """Type every error of ``evaluation``; ``pairs`` is the evaluator's candidate graph.

    Classification evaluations (``pairs`` ``None``) have confusions and
    missed labels only.
    """
    t = evaluation.iou_threshold if evaluation.iou_threshold is not None else 1.0
    b = float(background_iou)
    if not (0.0 <= b <= t):
        raise InvalidInputError(
            f"Expected argument `background_iou` to be in [0, {t}] (the IoU threshold) "
            f"but got {background_iou!r}"
        )
    items = evaluation.items
    k = len(evaluation.classes)
    label_class = items.label_class.astype(np.int64)
    prediction_class = items.prediction_class.astype(np.int64)
    n_labels, n_predictions = len(label_class), len(prediction_class)
    label_error = np.full(n_labels, NO_ERROR, dtype=np.int8)
    prediction_error = np.full(n_predictions, NO_ERROR, dtype=np.int8)

    matches = evaluation.matches
    confused = label_class[matches.label_index] != prediction_class[matches.prediction_index]
    c_label, c_pred = matches.label_index[confused], matches.prediction_index[confused]
    code = {kind: np.int8(i) for i, kind in enumerate(ERROR_TYPES)}
    label_error[c_label] = code[ErrorType.CLASSIFICATION]
    prediction_error[c_pred] = code[ErrorType.CLASSIFICATION]

    unmatched_prediction = evaluation.prediction_kept & (evaluation.prediction_partner < 0)
    fp = np.flatnonzero(unmatched_prediction)
    fp_type = np.full(n_predictions, code[ErrorType.BACKGROUND], dtype=np.int8)
    fp_target = np.full(n_predictions, -1, dtype=np.int64)
    fp_iou = np.full(n_predictions, np.nan)
    if pairs is not None and len(fp):
        on = unmatched_prediction[pairs.prediction_index]
        p, lab, iou = pairs.prediction_index[on], pairs.label_index[on], pairs.iou[on]
        same = pairs.same_class[on]
        same_iou, same_label = _best_per_prediction(p[same], lab[same], iou[same], n_predictions)
        other_iou, other_label = _best_per_prediction(p[~same], lab[~same], iou[~same], n_predictions)
        any_iou, any_label = _best_per_prediction(p, lab, iou, n_predictions)
        # TIDE's order of precedence; the last matching rule wins, so write it backwards.
        rules = (
            (np.ones(n_predictions, bool), ErrorType.BOTH, any_iou, any_label),
            (any_iou <= b, ErrorType.BACKGROUND, np.full(n_predictions, np.nan), np.full(n_predictions, -1)),
            (same_iou >= t, ErrorType.DUPLICATE, same_iou, same_label),
            (other_iou >= t, ErrorType.CLASSIFICATION, other_iou, other_label),
            (
                (same_iou >= b) & (same_iou < t) & (same_label >= 0),
                ErrorType.LOCALIZATION,
                same_iou,
                same_label,
            ),
        )
        for applies, kind, rule_iou, rule_label in rules:
            fp_type[applies] = code[kind]
            fp_target[applies] = rule_label[applies]
            fp_iou[applies] = rule_iou[applies]
    prediction_error[fp] = fp_type[fp]

    unmatched_label = np.flatnonzero(evaluation.label_active & (evaluation.label_partner < 0))
    localization = fp[fp_type[fp] == code[ErrorType.LOCALIZATION]]
    covered = np.intersect1d(fp_target[localization], unmatched_label)
    missed = np.setdiff1d(unmatched_label, covered)
    label_error[covered] = code[ErrorType.LOCALIZATION]
    label_error[missed] = code[ErrorType.MISSED]

    def full(n: int, value: int) -> IndexArray:
        return np.full(n, value, dtype=np.int64)

    return ErrorAttribution(
        evaluation=evaluation,
        background_iou=b,
        error_type=np.concatenate(
            [
                np.full(len(c_label), code[ErrorType.CLASSIFICATION]),
                fp_type[fp],
                np.full(len(missed), code[ErrorType.MISSED]),
            ]
        ).astype(np.int8),
        label_index=np.concatenate([c_label, fp_target[fp], missed]).astype(np.int64),
        prediction_index=np.concatenate([c_pred, fp, full(len(missed), -1)]).astype(np.int64),
        iou=np.concatenate([matches.iou[confused], fp_iou[fp], np.full(len(missed), np.nan)]),
        gt_class=np.concatenate([label_class[c_label], full(len(fp), k), label_class[missed]]),
        predicted_class=np.concatenate(
            [prediction_class[c_pred], prediction_class[fp], full(len(missed), k)]
        ),
        label_error=label_error,
        prediction_error=prediction_error,
        covered_labels=covered.astype(np.int64),
    )


@dataclass(frozen=True)
class CocoOracle:
    """COCO AP@[.5:.95] and AP50 as they are, and with each error type fixed."""

    ap: float
    ap50: float
    fixed_ap: dict[ErrorType, float]
    fixed_ap50: dict[ErrorType, float]


def coco_oracle(
    attribution: ErrorAttribution, labels: DetectionLabels, predictions: DetectionPredictions
) -> CocoOracle:
    """COCO mAP over the evaluated frames, before and after fixing each type in the inputs.

    The errors are those seen at the evaluation's thresholds; predictions
    below the confidence threshold take part in the AP unchanged. An AP that
    is undefined (no labels) reads NaN.
    """
    evaluation = attribution.evaluation
    k = len(attribution.classes)
    in_labels = np.flatnonzero(evaluation.label_active)
    in_predictions = np.flatnonzero(evaluation.frame_mask[predictions.frame_index])

    def score(
        label_rows: IndexArray, prediction_rows: IndexArray, classes: IndexArray, boxes: FloatArray
    ) -> tuple[float, float]:
        result = evaluate_coco(
            DetectionLabels(
                labels.frame_index[label_rows], labels.class_index[label_rows], labels.boxes[label_rows]
            ),
            DetectionPredictions(
                predictions.frame_index[prediction_rows],
                classes,
                boxes,
                predictions.confidence[prediction_rows],
            ),
            n_classes=k,
        )
        return _nan(result.ap), _nan(result.ap50)

    ap, ap50 = score(
        in_labels,
        in_predictions,
        predictions.class_index[in_predictions].astype(np.int64),
        predictions.boxes[in_predictions],
    )
    fixed_ap: dict[ErrorType, float] = {}
    fixed_ap50: dict[ErrorType, float] = {}
    for kind in ERROR_TYPES:
        edit = attribution.fixed_items(kind)
        label_rows = np.setdiff1d(in_labels, edit.drop_labels)
        prediction_rows = in_predictions[~edit.drop_predictions[in_predictions]]
        classes = predictions.class_index[prediction_rows].astype(np.int64)
        relabel = edit.relabel[prediction_rows]
        classes = np.where(relabel >= 0, relabel, classes)
        boxes = predictions.boxes[prediction_rows].copy()
        move_to = edit.move_to[prediction_rows]
        moved = move_to >= 0
        boxes[moved] = labels.boxes[move_to[moved]]
        fixed_ap[kind], fixed_ap50[kind] = score(label_rows, prediction_rows, classes, boxes)
    return CocoOracle(ap=ap, ap50=ap50, fixed_ap=fixed_ap, fixed_ap50=fixed_ap50)


def _nan(value: float | None) -> float:
    return float("nan") if value is None else float(value)
