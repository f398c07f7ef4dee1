"""Confusion matrices with a background class, and the metrics read off them.

A confusion matrix has ``K + 1`` rows (ground truth) and columns (prediction);
index ``K`` is ``background``. Per class, ``TP = M[k, k]``, ``FP`` is the rest
of column ``k`` (background row included) and ``FN`` the rest of row ``k``
(background column included). A per-class ratio whose denominator is zero is
undefined and stored as NaN; aggregates follow scikit-learn's
``precision_recall_fscore_support(..., labels=<real classes>, zero_division=0)``.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from typing import Literal

import numpy as np
from numpy.typing import NDArray

from reefscope.engine.errors import InvalidInputError

BACKGROUND = "background"
Average = Literal["weighted", "macro", "micro"]
AVERAGES: tuple[Average, ...] = ("weighted", "macro", "micro")

CountArray = NDArray[np.int64]
FloatArray = NDArray[np.float64]


def confusion_from_codes(
    gt_class: NDArray[np.integer], predicted_class: NDArray[np.integer], n_classes: int
) -> CountArray:
    """Count ``(gt, predicted)`` pairs into an ``(n_classes + 1)``-square int64 matrix.

    Both arrays hold class indices where ``n_classes`` means background. One
    ``bincount`` over ``gt * (K + 1) + predicted`` does the whole job.
    """
    size = n_classes + 1
    codes = gt_class.astype(np.int64) * size + predicted_class.astype(np.int64)
    return np.bincount(codes, minlength=size * size).reshape(size, size)


def _ratio(numerator: NDArray, denominator: NDArray) -> FloatArray:
    """Element-wise ratio, NaN where the denominator is zero (undefined, not zero)."""
    out = np.full(numerator.shape, np.nan, dtype=np.float64)
    np.divide(numerator, denominator, out=out, where=denominator > 0)
    return out


def _safe(value: float, denominator: float) -> float:
    return float(value / denominator) if denominator > 0 else 0.0


@dataclass(frozen=True)
class AverageScores:
    """One aggregate row of a report; undefined terms count as 0 (scikit-learn's policy)."""

    precision: float
    recall: float
    f1: float


@dataclass(frozen=True)
class ClassMetrics:
    """One report row, ``None`` where a ratio is undefined (0 / 0)."""

    name: str
    precision: float | None
    recall: float | None
    f1: float | None
    support: int
    true_positives: int
    false_positives: int
    false_negatives: int


@dataclass(frozen=True, eq=False)
class ConfusionMatrix:
    """Counts with ground truth on rows and prediction on columns, background last.

    >>> matrix = ConfusionMatrix(np.array([[3, 1, 1], [0, 2, 0], [1, 0, 0]]), ("cat", "dog"))
    >>> matrix.labels
    ('cat', 'dog', 'background')
    >>> matrix.false_positives, matrix.false_negatives, matrix.confusions
    (1, 1, 1)
    """

    counts: CountArray
    classes: tuple[str, ...]

    def __post_init__(self) -> None:
        size = len(self.classes) + 1
        if self.counts.shape != (size, size):
            raise InvalidInputError(
                f"expected a {size}x{size} matrix for {len(self.classes)} classes "
                f"but got shape {self.counts.shape}",
                source="counts",
            )
        if BACKGROUND in self.classes:
            raise InvalidInputError(
                f"{BACKGROUND!r} is reserved for the last row and column", source="classes"
            )
        if self.counts.dtype != np.int64:
            object.__setattr__(self, "counts", self.counts.astype(np.int64))

    @property
    def n_classes(self) -> int:
        return len(self.classes)

    @property
    def labels(self) -> tuple[str, ...]:
        """Row and column names: the classes, then ``background``."""
        return (*self.classes, BACKGROUND)

    @property
    def false_positives(self) -> int:
        """Predictions matched to nothing: the background row."""
        return int(self.counts[-1, :].sum())

    @property
    def false_negatives(self) -> int:
        """Labels matched to nothing: the background column."""
        return int(self.counts[:, -1].sum())

    @property
    def confusions(self) -> int:
        """Matched pairs whose classes differ."""
        real = self.counts[:-1, :-1]
        return int(real.sum() - np.trace(real))

    @cached_property
    def report(self) -> ClassReport:
        return ClassReport.from_confusion(self)

    def __add__(self, other: ConfusionMatrix) -> ConfusionMatrix:
        if other.classes != self.classes:
            raise InvalidInputError("cannot add confusion matrices over different classes")
        return ConfusionMatrix(self.counts + other.counts, self.classes)


@dataclass(frozen=True, eq=False)
class ClassReport:
    """Per-class precision, recall, F1 and support, plus the three averages.

    Arrays are indexed by ``classes``; NaN marks an undefined ratio. Use
    :meth:`rows` for ``None``-valued records and :meth:`headline` for the
    number a segment card shows.
    """

    classes: tuple[str, ...]
    support: CountArray
    true_positives: CountArray
    false_positives: CountArray
    false_negatives: CountArray
    precision: FloatArray
    recall: FloatArray
    f1: FloatArray
    weighted: AverageScores
    macro: AverageScores
    micro: AverageScores

    @classmethod
    def from_confusion(cls, matrix: ConfusionMatrix) -> ClassReport:
        counts = matrix.counts
        k = matrix.n_classes
        diagonal = np.diagonal(counts)[:k].astype(np.int64)
        predicted = counts[:, :k].sum(axis=0)
        actual = counts[:k, :].sum(axis=1)
        fp = predicted - diagonal
        fn = actual - diagonal
        precision = _ratio(diagonal, predicted)
        recall = _ratio(diagonal, actual)
        # F1 from counts, not from rounded precision and recall.
        f1 = _ratio(2 * diagonal, 2 * diagonal + fp + fn)

        def zeroed(values: FloatArray) -> FloatArray:
            return np.nan_to_num(values, nan=0.0)

        total_support = int(actual.sum())
        if total_support > 0:
            weights = actual / total_support
            weighted = AverageScores(
                float(zeroed(precision) @ weights),
                float(zeroed(recall) @ weights),
                float(zeroed(f1) @ weights),
            )
        else:
            weighted = AverageScores(0.0, 0.0, 0.0)
        if k:
            macro = AverageScores(
                float(zeroed(precision).mean()),
                float(zeroed(recall).mean()),
                float(zeroed(f1).mean()),
            )
        else:
            macro = AverageScores(0.0, 0.0, 0.0)
        tp_sum, fp_sum, fn_sum = int(diagonal.sum()), int(fp.sum()), int(fn.sum())
        micro = AverageScores(
            _safe(tp_sum, tp_sum + fp_sum),
            _safe(tp_sum, tp_sum + fn_sum),
            _safe(2 * tp_sum, 2 * tp_sum + fp_sum + fn_sum),
        )
        return cls(
            classes=matrix.classes,
            support=actual.astype(np.int64),
            true_positives=diagonal,
            false_positives=fp.astype(np.int64),
            false_negatives=fn.astype(np.int64),
            precision=precision,
            recall=recall,
            f1=f1,
            weighted=weighted,
            macro=macro,
            micro=micro,
        )

    def average(self, average: Average) -> AverageScores:
        if average not in AVERAGES:
            raise InvalidInputError(
                f"Expected argument `average` to be one of {AVERAGES} but got {average!r}"
            )
        scores: AverageScores = getattr(self, average)
        return scores

    def class_metrics(self, class_name: str) -> ClassMetrics:
        try:
            index = self.classes.index(class_name)
        except ValueError:
            raise InvalidInputError(f"unknown class {class_name!r}", field="class") from None
        return self._row(index)

    def headline(self, metric_class: str | None = None) -> tuple[float | None, float | None, float | None]:
        """Precision, recall, F1: weighted, or one class's values (``None`` when undefined)."""
        if metric_class is None:
            return self.weighted.precision, self.weighted.recall, self.weighted.f1
        row = self.class_metrics(metric_class)
        return row.precision, row.recall, row.f1

    def rows(self) -> list[ClassMetrics]:
        return [self._row(index) for index in range(len(self.classes))]

    def _row(self, index: int) -> ClassMetrics:
        def defined(values: FloatArray) -> float | None:
            value = float(values[index])
            return None if np.isnan(value) else value

        return ClassMetrics(
            name=self.classes[index],
            precision=defined(self.precision),
            recall=defined(self.recall),
            f1=defined(self.f1),
            support=int(self.support[index]),
            true_positives=int(self.true_positives[index]),
            false_positives=int(self.false_positives[index]),
            false_negatives=int(self.false_negatives[index]),
        )
