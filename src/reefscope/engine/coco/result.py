"""The result of a COCO evaluation and the reference's 12 summary statistics."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import NDArray

from reefscope.engine.coco.params import (
    AREA_RANGE_NAMES,
    IOU_THRESHOLDS,
    MAX_DETECTIONS,
)

FloatArray = NDArray[np.float64]
IndexArray = NDArray[np.int64]

STAT_NAMES: tuple[str, ...] = (
    "ap",
    "ap50",
    "ap75",
    "ap_small",
    "ap_medium",
    "ap_large",
    "ar1",
    "ar10",
    "ar100",
    "ar_small",
    "ar_medium",
    "ar_large",
)

# (average precision?, IoU threshold or None for all, area range, max detections),
# in the order of ``COCOeval.summarize``'s ``_summarizeDets``.
_STAT_SPECS: tuple[tuple[bool, float | None, str, int], ...] = (
    (True, None, "all", 100),
    (True, 0.5, "all", 100),
    (True, 0.75, "all", 100),
    (True, None, "small", 100),
    (True, None, "medium", 100),
    (True, None, "large", 100),
    (False, None, "all", 1),
    (False, None, "all", 10),
    (False, None, "all", 100),
    (False, None, "small", 100),
    (False, None, "medium", 100),
    (False, None, "large", 100),
)


def summary_stats(precision: FloatArray, recall: FloatArray) -> FloatArray:
    """The reference's ``stats``: means over the defined (> -1) cells, -1 when there are none.

    ``precision`` and ``recall`` use -1 for undefined cells, as the reference
    does; the selections and the mean follow it so that the values agree to
    the last bit.
    """
    stats = np.zeros(len(_STAT_SPECS))
    for index, (is_ap, iou, area, max_dets) in enumerate(_STAT_SPECS):
        area_index = AREA_RANGE_NAMES.index(area)
        det_index = int(np.flatnonzero(max_dets == MAX_DETECTIONS)[0])
        values = precision if is_ap else recall
        if iou is not None:
            values = values[np.where(iou == IOU_THRESHOLDS)[0]]
        cells = values[..., area_index, det_index]
        defined = cells[cells > -1]
        stats[index] = np.mean(defined) if defined.size else -1.0
    return stats


def _nan_to_none(value: float) -> float | None:
    return None if np.isnan(value) else float(value)


def _nested(array: FloatArray) -> Any:
    """Nested lists with ``None`` for NaN."""
    as_objects = array.astype(object)
    as_objects[np.isnan(array)] = None
    return as_objects.tolist()


@dataclass(frozen=True, eq=False)
class CocoEvaluation:
    """COCO-style box mAP, identical to pycocotools' ``COCOeval`` with ``iouType='bbox'``.

    Undefined values (no countable label: none at all, only crowd ones, or
    none in the area range) are NaN in the arrays and ``None`` in the scalar
    fields; :attr:`stats` alone keeps the reference's -1 so that it can be
    compared with pycocotools' ``stats`` as it is.

    Attributes
    ----------
    iou_thresholds : ndarray, shape (10,)
        0.50:0.05:0.95, as built by the reference.
    recall_thresholds : ndarray, shape (101,)
        0.00:0.01:1.00.
    classes : ndarray, shape (n_classes,)
        Class indices ``0 .. n_classes - 1``.
    area_ranges : tuple of str
        ``("all", "small", "medium", "large")``.
    area_bounds : ndarray, shape (4, 2)
        Inclusive ``[low, high]`` area of each range, in square pixels.
    max_detections : ndarray, shape (3,)
        ``(1, 10, 100)`` detections per frame and class.
    precision : ndarray, shape (10, 101, n_classes, 4, 3)
        Interpolated precision, axes ``(iou_thresholds, recall_thresholds,
        classes, area_ranges, max_detections)``.
    recall : ndarray, shape (10, n_classes, 4, 3)
        Recall reached, axes ``(iou_thresholds, classes, area_ranges,
        max_detections)``.
    class_ap, class_ap50, class_ap75 : ndarray, shape (n_classes,)
        Per-class AP@[.5:.95], AP@.5 and AP@.75 (area ``all``, 100 detections).
    stats : ndarray, shape (12,)
        The 12 summary numbers in pycocotools' order (see :data:`STAT_NAMES`),
        with -1 for undefined.
    ap, ap50, ap75, ap_small, ap_medium, ap_large, ar1, ar10, ar100, ar_small, ar_medium, ar_large
        The same 12 numbers by name, ``None`` when undefined.
    """

    iou_thresholds: FloatArray
    recall_thresholds: FloatArray
    classes: IndexArray
    area_ranges: tuple[str, ...]
    area_bounds: FloatArray
    max_detections: IndexArray
    precision: FloatArray
    recall: FloatArray
    class_ap: FloatArray
    class_ap50: FloatArray
    class_ap75: FloatArray
    stats: FloatArray
    ap: float | None
    ap50: float | None
    ap75: float | None
    ap_small: float | None
    ap_medium: float | None
    ap_large: float | None
    ar1: float | None
    ar10: float | None
    ar100: float | None
    ar_small: float | None
    ar_medium: float | None
    ar_large: float | None

    def summary(self) -> dict[str, float | None]:
        """The 12 summary statistics by name."""
        return {name: getattr(self, name) for name in STAT_NAMES}

    def to_dict(self, *, arrays: bool = False) -> dict[str, Any]:
        """JSON-ready summary, per-class AP and axes; ``None`` for undefined values.

        Parameters
        ----------
        arrays : bool, default False
            Also include the full ``precision`` and ``recall`` tables as nested
            lists (about a million numbers for 80 classes).
        """
        result: dict[str, Any] = {
            "summary": self.summary(),
            "per_class": [
                {
                    "class_index": int(klass),
                    "ap": _nan_to_none(self.class_ap[klass]),
                    "ap50": _nan_to_none(self.class_ap50[klass]),
                    "ap75": _nan_to_none(self.class_ap75[klass]),
                }
                for klass in self.classes
            ],
            "iou_thresholds": self.iou_thresholds.tolist(),
            "recall_thresholds": self.recall_thresholds.tolist(),
            "area_ranges": list(self.area_ranges),
            "area_bounds": self.area_bounds.tolist(),
            "max_detections": self.max_detections.tolist(),
        }
        if arrays:
            result["precision"] = _nested(self.precision)
            result["recall"] = _nested(self.recall)
        return result
