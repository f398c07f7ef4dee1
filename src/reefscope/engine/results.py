"""Results of one evaluation: the matrix, the matching, and per-item outcomes.

Both tasks produce an :class:`Evaluation`. Everything beyond the confusion
matrix is computed on first access, so that a slider move that only needs the
matrix and the report pays for nothing else.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import IntEnum
from functools import cached_property
from typing import Literal, get_args

import numpy as np
from numpy.typing import NDArray

from reefscope.engine.errors import InvalidInputError
from reefscope.engine.report import ClassReport, ConfusionMatrix

IndexArray = NDArray[np.int64]
FloatArray = NDArray[np.float64]

Task = Literal["detection", "classification"]
ExampleOrder = Literal["confidence", "iou", "box_size"]
EXAMPLE_ORDERS: tuple[str, ...] = get_args(ExampleOrder)


class Outcome(IntEnum):
    """What became of a label or prediction in one evaluation."""

    TRUE_POSITIVE = 0  # matched, same class
    CONFUSION = 1  # matched, different class
    FALSE_NEGATIVE = 2  # label matched to nothing
    FALSE_POSITIVE = 3  # kept prediction matched to nothing
    BELOW_CONFIDENCE = 4  # prediction discarded by the confidence threshold
    NOT_EVALUATED = 5  # outside the evaluated frames

    @property
    def short_name(self) -> str:
        return _SHORT_NAMES[self]


_SHORT_NAMES = {
    Outcome.TRUE_POSITIVE: "tp",
    Outcome.CONFUSION: "confusion",
    Outcome.FALSE_NEGATIVE: "fn",
    Outcome.FALSE_POSITIVE: "fp",
    Outcome.BELOW_CONFIDENCE: "below_confidence",
    Outcome.NOT_EVALUATED: "not_evaluated",
}


@dataclass(frozen=True, eq=False)
class Matches:
    """Matched (label, prediction) pairs as parallel arrays; ``iou`` is NaN for classification."""

    label_index: IndexArray
    prediction_index: IndexArray
    iou: FloatArray

    def __len__(self) -> int:
        return len(self.label_index)


@dataclass(frozen=True, eq=False)
class FrameResults:
    """Per-frame counts and ratios (NaN when undefined), indexed by frame index.

    Within a frame, a confusion counts against both precision and recall:
    ``precision = tp / kept predictions`` and ``recall = tp / labels``.
    """

    evaluated: NDArray[np.bool_]
    true_positives: IndexArray
    false_positives: IndexArray
    false_negatives: IndexArray
    confusions: IndexArray
    n_labels: IndexArray
    n_predictions: IndexArray

    @cached_property
    def precision(self) -> FloatArray:
        return _nan_ratio(self.true_positives, self.n_predictions)

    @cached_property
    def recall(self) -> FloatArray:
        return _nan_ratio(self.true_positives, self.n_labels)

    @cached_property
    def f1(self) -> FloatArray:
        return _nan_ratio(2 * self.true_positives, self.n_labels + self.n_predictions)


def _nan_ratio(numerator: NDArray, denominator: NDArray) -> FloatArray:
    out = np.full(numerator.shape, np.nan)
    np.divide(numerator, denominator, out=out, where=denominator > 0)
    return out


@dataclass(frozen=True, eq=False)
class Examples:
    """Rows behind one or more confusion cells, as parallel arrays.

    A row is a matched pair, an unmatched label (``prediction_index`` -1,
    ``confidence`` NaN) or an unmatched prediction (``label_index`` -1).
    """

    gt_class: IndexArray
    predicted_class: IndexArray
    label_index: IndexArray
    prediction_index: IndexArray
    frame_index: IndexArray
    iou: FloatArray
    confidence: FloatArray
    box_size: FloatArray

    def __len__(self) -> int:
        return len(self.gt_class)

    @property
    def has_label(self) -> NDArray[np.bool_]:
        return self.label_index >= 0

    @property
    def has_prediction(self) -> NDArray[np.bool_]:
        return self.prediction_index >= 0

    def sorted(self, by: ExampleOrder = "confidence", *, descending: bool = True) -> Examples:
        """A stable ordering; rows without a value (NaN) go last either way."""
        if by not in EXAMPLE_ORDERS:
            raise InvalidInputError(f"Expected argument `by` to be one of {EXAMPLE_ORDERS} but got {by!r}")
        values: FloatArray = getattr(self, by)
        missing = np.isnan(values)
        key = np.where(missing, 0.0, -values if descending else values)
        order = np.lexsort((self.prediction_index, self.label_index, self.frame_index, key, missing))
        return self.take(order)

    def take(self, rows: IndexArray | slice) -> Examples:
        return Examples(**{name: getattr(self, name)[rows] for name in self.__dataclass_fields__})


@dataclass(frozen=True, eq=False)
class EvaluatedItems:
    """What an evaluator hands a result so that it can trace every cell to its items."""

    label_frame: IndexArray
    label_class: NDArray[np.integer]
    label_box_size: FloatArray
    prediction_frame: IndexArray
    prediction_class: NDArray[np.integer]
    prediction_confidence: FloatArray
    prediction_box_size: FloatArray
    n_frames: int


@dataclass(frozen=True, eq=False)
class Evaluation:
    """One evaluation at fixed thresholds (DESIGN 4.1 / 4.2)."""

    task: Task
    confusion: ConfusionMatrix
    confidence_threshold: float
    iou_threshold: float | None
    class_aware: bool
    matches: Matches
    label_active: NDArray[np.bool_]
    prediction_kept: NDArray[np.bool_]
    frame_mask: NDArray[np.bool_]
    items: EvaluatedItems
    # One confidence threshold per class (NaN: ``confidence_threshold``), when set.
    class_confidence: FloatArray | None = None

    @property
    def classes(self) -> tuple[str, ...]:
        return self.confusion.classes

    @property
    def report(self) -> ClassReport:
        return self.confusion.report

    @cached_property
    def label_outcome(self) -> NDArray[np.int8]:
        outcome = np.full(len(self.label_active), Outcome.NOT_EVALUATED, dtype=np.int8)
        outcome[self.label_active] = Outcome.FALSE_NEGATIVE
        same = self._matched_same_class
        outcome[self.matches.label_index[same]] = Outcome.TRUE_POSITIVE
        outcome[self.matches.label_index[~same]] = Outcome.CONFUSION
        return outcome

    @cached_property
    def prediction_outcome(self) -> NDArray[np.int8]:
        outcome = np.full(len(self.prediction_kept), Outcome.NOT_EVALUATED, dtype=np.int8)
        in_frames = self.frame_mask[self.items.prediction_frame]
        outcome[in_frames] = Outcome.BELOW_CONFIDENCE
        outcome[self.prediction_kept] = Outcome.FALSE_POSITIVE
        same = self._matched_same_class
        outcome[self.matches.prediction_index[same]] = Outcome.TRUE_POSITIVE
        outcome[self.matches.prediction_index[~same]] = Outcome.CONFUSION
        return outcome

    @cached_property
    def _matched_same_class(self) -> NDArray[np.bool_]:
        items = self.items
        matched_gt = items.label_class[self.matches.label_index]
        return matched_gt == items.prediction_class[self.matches.prediction_index]

    @cached_property
    def frames(self) -> FrameResults:
        items = self.items
        n = items.n_frames
        label_outcome = self.label_outcome
        prediction_outcome = self.prediction_outcome

        def count(frame_of: IndexArray, selected: NDArray[np.bool_]) -> IndexArray:
            return np.bincount(frame_of[selected], minlength=n).astype(np.int64)

        return FrameResults(
            evaluated=self.frame_mask,
            true_positives=count(items.label_frame, label_outcome == Outcome.TRUE_POSITIVE),
            false_positives=count(items.prediction_frame, prediction_outcome == Outcome.FALSE_POSITIVE),
            false_negatives=count(items.label_frame, label_outcome == Outcome.FALSE_NEGATIVE),
            confusions=count(items.label_frame, label_outcome == Outcome.CONFUSION),
            n_labels=count(items.label_frame, self.label_active),
            n_predictions=count(items.prediction_frame, self.prediction_kept),
        )

    @cached_property
    def label_partner(self) -> IndexArray:
        """Matched prediction of every label, -1 where unmatched."""
        partner = np.full(len(self.label_active), -1, dtype=np.int64)
        partner[self.matches.label_index] = self.matches.prediction_index
        return partner

    @cached_property
    def prediction_partner(self) -> IndexArray:
        """Matched label of every prediction, -1 where unmatched."""
        partner = np.full(len(self.prediction_kept), -1, dtype=np.int64)
        partner[self.matches.prediction_index] = self.matches.label_index
        return partner

    def page(
        self,
        cells: Iterable[tuple[int, int]],
        *,
        order_by: ExampleOrder = "confidence",
        descending: bool = True,
        offset: int = 0,
        limit: int = 50,
    ) -> tuple[int, Examples]:
        """How many rows the cells hold, and rows ``offset .. offset + limit`` in the given order."""
        examples = self.examples(cells).sorted(order_by, descending=descending)
        return len(examples), examples.take(slice(offset, offset + limit))

    def examples(self, cells: Iterable[tuple[int, int]]) -> Examples:
        """Every item behind the given ``(gt, predicted)`` cells; index K is background."""
        items = self.items
        k = self.confusion.n_classes
        selected = np.zeros((k + 1, k + 1), dtype=bool)
        for gt, predicted in cells:
            if not (0 <= gt <= k and 0 <= predicted <= k):
                raise InvalidInputError(f"cell ({gt}, {predicted}) is outside the {k + 1}x{k + 1} matrix")
            selected[gt, predicted] = True

        m_label, m_pred = self.matches.label_index, self.matches.prediction_index
        m_gt = items.label_class[m_label].astype(np.int64)
        m_cls = items.prediction_class[m_pred].astype(np.int64)
        keep_pairs = selected[m_gt, m_cls]

        label_unmatched = self.label_active & (self.label_partner < 0)
        fn_labels = np.flatnonzero(label_unmatched & selected[items.label_class, k])
        pred_unmatched = self.prediction_kept & (self.prediction_partner < 0)
        fp_preds = np.flatnonzero(pred_unmatched & selected[k, items.prediction_class])

        none_l = np.full(len(fp_preds), -1, dtype=np.int64)
        none_p = np.full(len(fn_labels), -1, dtype=np.int64)
        label_index = np.concatenate([m_label[keep_pairs], fn_labels, none_l])
        prediction_index = np.concatenate([m_pred[keep_pairs], none_p, fp_preds])
        has_label = label_index >= 0
        nan_fn = np.full(len(fn_labels), np.nan)
        nan_fp = np.full(len(fp_preds), np.nan)
        confidence = _where_present(prediction_index, items.prediction_confidence, np.nan)
        box_size = np.where(
            has_label,
            _where_present(label_index, items.label_box_size, np.nan),
            _where_present(prediction_index, items.prediction_box_size, np.nan),
        )
        frame_index = np.where(
            has_label,
            _where_present(label_index, items.label_frame, -1),
            _where_present(prediction_index, items.prediction_frame, -1),
        )
        return Examples(
            gt_class=np.concatenate(
                [m_gt[keep_pairs], items.label_class[fn_labels], np.full(len(fp_preds), k)]
            ).astype(np.int64),
            predicted_class=np.concatenate(
                [m_cls[keep_pairs], np.full(len(fn_labels), k), items.prediction_class[fp_preds]]
            ).astype(np.int64),
            label_index=label_index,
            prediction_index=prediction_index,
            frame_index=frame_index.astype(np.int64),
            iou=np.concatenate([self.matches.iou[keep_pairs], nan_fn, nan_fp]),
            confidence=confidence,
            box_size=box_size,
        )


def _where_present(index: IndexArray, values: NDArray, fill: float) -> NDArray:
    """``values[index]`` where ``index >= 0``, else ``fill``; safe when ``values`` has no rows."""
    out = np.full(len(index), fill, dtype=np.result_type(values.dtype, type(fill)))
    present = index >= 0
    out[present] = values[index[present]]
    return out
