"""Which confidence threshold to ship, per class, read off the PR sweep.

An objective is ``f1`` (the grid point of largest F1), ``precision>=X`` (the
point of largest recall among those whose precision is at least X) or
``recall>=X`` (largest precision among those whose recall is at least X).
Ties go to the other metric, then to F1, then to the lower confidence (it
keeps more predictions at no cost on the objective). A class whose curve
never meets the objective gets no threshold (``None``).

Per-class thresholds are then an evaluation setting: both evaluators accept
``class_confidence``, one threshold per class (NaN to fall back to the
global one), and keep a prediction when its confidence reaches its class's
threshold.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

import numpy as np
from numpy.typing import ArrayLike, NDArray

from reefscope.engine.curves import PrCurves
from reefscope.engine.errors import InvalidInputError

FloatArray = NDArray[np.float64]
Metric = Literal["f1", "precision", "recall"]
ClassThresholds = dict[str, float] | ArrayLike | None

_TARGET = re.compile(r"^\s*(precision|recall)\s*>=\s*([0-9]*\.?[0-9]+)\s*$")


@dataclass(frozen=True)
class Objective:
    """What a recommended threshold optimises: F1, or the best other metric at a floor on one."""

    metric: Metric
    target: float | None = None

    @classmethod
    def parse(cls, text: str) -> Objective:
        """``"f1"``, ``"precision>=0.9"`` or ``"recall>=0.8"``.

        >>> Objective.parse("precision>=0.9")
        Objective(metric='precision', target=0.9)
        """
        if text.strip() == "f1":
            return cls("f1")
        found = _TARGET.match(text)
        if found is None or not (0.0 <= float(found.group(2)) <= 1.0):
            raise InvalidInputError(
                "Expected an objective 'f1', 'precision>=X' or 'recall>=X' with X in [0, 1] "
                f"but got {text!r}",
                field="objective",
            )
        metric: Metric = "precision" if found.group(1) == "precision" else "recall"
        return cls(metric, float(found.group(2)))

    def __str__(self) -> str:
        return "f1" if self.target is None else f"{self.metric}>={self.target:g}"


@dataclass(frozen=True)
class ClassThreshold:
    name: str
    threshold: float | None
    precision: float | None
    recall: float | None
    f1: float | None


@dataclass(frozen=True, eq=False)
class ThresholdRecommendation:
    """One recommended threshold per class (NaN where the objective cannot be met)."""

    objective: Objective
    classes: tuple[str, ...]
    thresholds: FloatArray
    precision: FloatArray
    recall: FloatArray
    f1: FloatArray

    def rows(self) -> list[ClassThreshold]:
        def defined(values: FloatArray, i: int) -> float | None:
            return None if np.isnan(values[i]) else float(values[i])

        return [
            ClassThreshold(
                name,
                defined(self.thresholds, i),
                defined(self.precision, i),
                defined(self.recall, i),
                defined(self.f1, i),
            )
            for i, name in enumerate(self.classes)
        ]

    def as_mapping(self) -> dict[str, float]:
        """Class name -> threshold for the classes that have one."""
        return {row.name: row.threshold for row in self.rows() if row.threshold is not None}


def recommend_thresholds(curves: PrCurves, objective: Objective | str = "f1") -> ThresholdRecommendation:
    """Per class, the grid confidence that best meets ``objective`` (see the module docstring)."""
    goal = objective if isinstance(objective, Objective) else Objective.parse(objective)
    precision, recall, f1 = curves.precision, curves.recall, curves.f1
    target = 0.0 if goal.target is None else goal.target
    if goal.metric == "f1":
        keys = (f1, recall, precision)
        eligible = ~np.isnan(f1)
    elif goal.metric == "precision":
        keys = (recall, f1, precision)
        eligible = precision >= target  # NaN compares False: undefined never meets a floor
    else:
        keys = (precision, f1, recall)
        eligible = recall >= target
    n_classes = len(curves.classes)
    # Rank grid points per class: eligible first, then the keys descending, then confidence ascending.
    confidences = np.broadcast_to(curves.confidences[:, None], precision.shape)
    sort_keys = [confidences] + [-np.nan_to_num(key, nan=-1.0) for key in reversed(keys)] + [~eligible]
    order = np.lexsort(sort_keys, axis=0)
    best = order[0]
    columns = np.arange(n_classes)
    found = eligible[best, columns]

    def pick(values: FloatArray) -> FloatArray:
        return np.where(found, values[best, columns], np.nan)

    return ThresholdRecommendation(
        objective=goal,
        classes=curves.classes,
        thresholds=np.where(found, curves.confidences[best], np.nan),
        precision=pick(precision),
        recall=pick(recall),
        f1=pick(f1),
    )


def class_threshold_array(
    classes: tuple[str, ...], thresholds: dict[str, float] | ArrayLike | None
) -> FloatArray | None:
    """Per-class thresholds as an array over ``classes`` (NaN: use the global threshold)."""
    if thresholds is None:
        return None
    if isinstance(thresholds, dict):
        unknown = sorted(set(thresholds) - set(classes))
        if unknown:
            raise InvalidInputError(f"unknown class {unknown[0]!r}", field="thresholds")
        values = np.array([thresholds.get(name, np.nan) for name in classes], dtype=np.float64)
    else:
        values = np.asarray(thresholds, dtype=np.float64).reshape(-1)
        if values.shape != (len(classes),):
            raise InvalidInputError(
                f"expected one threshold per class ({len(classes)}) but got {values.shape[0]}",
                field="thresholds",
            )
    bad = ~np.isnan(values) & ((values < 0) | (values > 1))
    if bad.any():
        name = classes[int(np.flatnonzero(bad)[0])]
        raise InvalidInputError(f"threshold of class {name!r} must be in [0, 1]", field="thresholds")
    return values


def kept_by_class_threshold(
    confidence: FloatArray,
    class_index: NDArray[np.integer],
    default: float,
    class_confidence: FloatArray | None,
) -> NDArray[np.bool_]:
    """Whether each prediction reaches its class's threshold (the global one where unset)."""
    if class_confidence is None:
        return confidence >= default
    per_class = np.where(np.isnan(class_confidence), default, class_confidence)
    return confidence >= per_class[class_index]
