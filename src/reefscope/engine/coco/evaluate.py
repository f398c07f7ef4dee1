"""Entry point: validate the inputs, match, accumulate, summarise."""

from __future__ import annotations

from typing import TypeVar

import numpy as np
from numpy.typing import ArrayLike, NDArray

from reefscope.engine.boxes import IouConvention, check_iou_convention
from reefscope.engine.coco.accumulate import UNDEFINED, accumulate
from reefscope.engine.coco.matching import match_detections
from reefscope.engine.coco.params import (
    AREA_BOUNDS,
    AREA_RANGE_NAMES,
    IOU_THRESHOLDS,
    MAX_DETECTIONS,
    RECALL_THRESHOLDS,
)
from reefscope.engine.coco.result import CocoEvaluation, summary_stats
from reefscope.engine.errors import InvalidInputError
from reefscope.engine.inputs import (
    DetectionLabels,
    DetectionPredictions,
    check_class_range,
)

FloatArray = NDArray[np.float64]
IndexArray = NDArray[np.int64]
ScalarT = TypeVar("ScalarT", bound=np.generic)


def evaluate_coco(
    labels: DetectionLabels,
    predictions: DetectionPredictions,
    *,
    n_classes: int,
    iscrowd: ArrayLike | None = None,
    area: ArrayLike | None = None,
    label_boxes_xywh: ArrayLike | None = None,
    prediction_boxes_xywh: ArrayLike | None = None,
    iou_convention: IouConvention = "continuous",
) -> CocoEvaluation:
    """COCO box mAP and mAR, numerically identical to pycocotools' ``COCOeval``.

    Follows ``evaluate``, ``accumulate`` and ``summarize`` with
    ``iouType='bbox'`` and the default parameters: IoU thresholds
    0.50:0.05:0.95, 101 recall points, area ranges all/small/medium/large and
    at most 1, 10 or 100 detections per frame and class. Frames play the part
    of image ids and classes of category ids, both in ascending order (map ids
    to indices in sorted order to compare the class axis with pycocotools).
    Tied scores resolve as in the reference: by frame, then by input order
    within a frame and class; tied IoUs go to the later label in input order.

    Parameters
    ----------
    labels : DetectionLabels
        Ground-truth boxes (``xyxy``).
    predictions : DetectionPredictions
        Detections (``xyxy``) with their confidence.
    n_classes : int
        Number of classes; class indices are ``0 .. n_classes - 1``.
    iscrowd : array_like of bool, shape (n_labels,), optional
        COCO crowd regions: never counted, matched with intersection over the
        detection's area, and able to absorb any number of detections.
        Default: no crowd labels.
    area : array_like of float, shape (n_labels,), optional
        The area that decides a label's area range (COCO's annotation
        ``area``, a segment area). Default: the box area.
    label_boxes_xywh, prediction_boxes_xywh : array_like, shape (n, 4), optional
        COCO's own ``[x, y, width, height]`` for the same rows. The reference
        computes with these; converting to ``xyxy`` and back does not always
        round-trip, so pass them to match pycocotools bit for bit on data read
        from COCO files. They must describe the same boxes (to 1e-9). Default:
        ``[x1, y1, x2 - x1, y2 - y1]``, which is what pycocotools sees when
        given ``xyxy`` boxes converted the usual way.
    iou_convention : {"continuous", "pixel_inclusive"}
        ``continuous`` is pycocotools' arithmetic. ``pixel_inclusive`` adds 1
        to every width and height (IoUs, and box areas when ``area`` is not
        given), as the VOC devkit counts pixels.

    Returns
    -------
    CocoEvaluation

    Raises
    ------
    InvalidInputError
        When ``n_classes`` is not a positive integer, a class index is out of
        range, or an optional array has the wrong length or invalid values.

    Examples
    --------
    >>> labels = DetectionLabels([0, 0], [0, 1], [[0, 0, 10, 10], [20, 20, 40, 40]])
    >>> predictions = DetectionPredictions(
    ...     [0, 0], [0, 1], [[0, 0, 10, 9], [0, 0, 5, 5]], [0.9, 0.8]
    ... )
    >>> result = evaluate_coco(labels, predictions, n_classes=2)
    >>> round(result.ap50, 4), round(result.ap, 4)
    (0.5, 0.45)
    >>> result.class_ap50.round(4).tolist()
    [1.0, 0.0]
    >>> print(result.ap_medium)
    None
    """
    n_classes = _check_n_classes(n_classes)
    check_class_range("labels", labels.class_index, n_classes)
    check_class_range("predictions", predictions.class_index, n_classes)
    n_labels = len(labels)
    crowd = _optional_flags(iscrowd, n_labels, name="iscrowd")
    label_xywh = _xywh(labels.boxes, label_boxes_xywh, name="label_boxes_xywh")
    det_xywh = _xywh(predictions.boxes, prediction_boxes_xywh, name="prediction_boxes_xywh")
    if check_iou_convention(iou_convention) == "pixel_inclusive":
        label_xywh = label_xywh + np.array([0.0, 0.0, 1.0, 1.0])
        det_xywh = det_xywh + np.array([0.0, 0.0, 1.0, 1.0])
    label_area = (
        label_xywh[:, 2] * label_xywh[:, 3] if area is None else _optional_areas(area, n_labels, name="area")
    )

    matches = match_detections(
        label_group=_group_keys(labels.frame_index, labels.class_index, n_classes),
        label_xywh=label_xywh,
        label_crowd=crowd,
        label_area=label_area,
        det_group=_group_keys(predictions.frame_index, predictions.class_index, n_classes),
        det_xywh=det_xywh,
        det_score=predictions.confidence,
    )
    precision, recall = accumulate(matches, n_classes=n_classes)
    return _result(precision, recall, n_classes=n_classes)


def _result(precision: FloatArray, recall: FloatArray, *, n_classes: int) -> CocoEvaluation:
    stats = summary_stats(precision, recall)
    precision = np.where(precision == UNDEFINED, np.nan, precision)
    recall = np.where(recall == UNDEFINED, np.nan, recall)
    # Area "all", 100 detections; a class's cells are either all defined or all NaN.
    per_class = precision[:, :, :, 0, -1]
    fifty = int(np.flatnonzero(IOU_THRESHOLDS == 0.5)[0])
    seventy_five = int(np.flatnonzero(IOU_THRESHOLDS == 0.75)[0])
    named = [None if value == UNDEFINED else float(value) for value in stats]
    (ap, ap50, ap75, ap_small, ap_medium, ap_large) = named[:6]
    (ar1, ar10, ar100, ar_small, ar_medium, ar_large) = named[6:]
    return CocoEvaluation(
        iou_thresholds=_frozen(IOU_THRESHOLDS),
        recall_thresholds=_frozen(RECALL_THRESHOLDS),
        classes=_frozen(np.arange(n_classes, dtype=np.int64)),
        area_ranges=AREA_RANGE_NAMES,
        area_bounds=_frozen(AREA_BOUNDS),
        max_detections=_frozen(MAX_DETECTIONS),
        precision=_frozen(precision),
        recall=_frozen(recall),
        class_ap=_frozen(per_class.mean(axis=(0, 1))),
        class_ap50=_frozen(per_class[fifty].mean(axis=0)),
        class_ap75=_frozen(per_class[seventy_five].mean(axis=0)),
        stats=_frozen(stats),
        ap=ap,
        ap50=ap50,
        ap75=ap75,
        ap_small=ap_small,
        ap_medium=ap_medium,
        ap_large=ap_large,
        ar1=ar1,
        ar10=ar10,
        ar100=ar100,
        ar_small=ar_small,
        ar_medium=ar_medium,
        ar_large=ar_large,
    )


def _frozen(array: NDArray[ScalarT]) -> NDArray[ScalarT]:
    """A read-only copy, so that a frozen result cannot be edited in place."""
    copy = np.array(array)
    copy.setflags(write=False)
    return copy


def _check_n_classes(n_classes: object) -> int:
    if isinstance(n_classes, bool) or not isinstance(n_classes, int | np.integer) or n_classes < 1:
        raise InvalidInputError(
            f"Expected argument `n_classes` to be a positive integer but got {n_classes!r}"
        )
    return int(n_classes)


def _group_keys(frame_index: IndexArray, class_index: NDArray[np.int32], n_classes: int) -> IndexArray:
    """One integer per (frame, class), ordered by frame then class."""
    if len(frame_index) and int(frame_index.max()) > (np.iinfo(np.int64).max // n_classes) - 1:
        raise InvalidInputError(
            f"expected frame indices below {np.iinfo(np.int64).max // n_classes} "
            f"but got {int(frame_index.max())}",
            field="frame_index",
        )
    return frame_index.astype(np.int64) * n_classes + class_index.astype(np.int64)


def _check_length(array: NDArray[np.generic], expected: int, *, name: str) -> None:
    if array.ndim != 1 or len(array) != expected:
        raise InvalidInputError(
            f"expected one value per label ({expected}) but got shape {array.shape}", source=name
        )


def _optional_flags(values: ArrayLike | None, n_labels: int, *, name: str) -> NDArray[np.bool_]:
    if values is None:
        return np.zeros(n_labels, dtype=bool)
    array = np.asarray(values)
    if array.size == 0:
        array = array.reshape(0).astype(bool)
    _check_length(array, n_labels, name=name)
    if array.dtype != np.bool_:
        if not np.issubdtype(array.dtype, np.number):
            raise InvalidInputError(f"expected booleans but got dtype {array.dtype}", source=name)
        bad = (array != 0) & (array != 1)
        if bad.any():
            row = int(np.flatnonzero(bad)[0])
            raise InvalidInputError(f"expected 0 or 1 but got {array[row]!r}", source=name, row=row)
    return array.astype(bool)


def _optional_areas(values: ArrayLike, n_labels: int, *, name: str) -> FloatArray:
    array = np.asarray(values, dtype=np.float64)
    if array.size == 0:
        array = array.reshape(0)
    _check_length(array, n_labels, name=name)
    bad = ~np.isfinite(array) | (array < 0)
    if bad.any():
        row = int(np.flatnonzero(bad)[0])
        raise InvalidInputError(
            f"expected a finite, non-negative area but got {array[row]!r}", source=name, row=row
        )
    return array


def _xywh(xyxy: FloatArray, override: ArrayLike | None, *, name: str) -> FloatArray:
    if override is None:
        x1, y1, x2, y2 = xyxy.T
        return np.stack([x1, y1, x2 - x1, y2 - y1], axis=1)
    array = np.asarray(override, dtype=np.float64)
    if array.size == 0:
        array = array.reshape(0, 4)
    if array.shape != xyxy.shape:
        raise InvalidInputError(
            f"expected shape {xyxy.shape}, one box per row, but got {array.shape}", source=name
        )
    bad = ~np.isfinite(array).all(axis=1) | (array[:, 2] < 0) | (array[:, 3] < 0)
    if bad.any():
        row = int(np.flatnonzero(bad)[0])
        raise InvalidInputError(
            f"expected finite [x, y, width, height] with width, height >= 0 but got {array[row].tolist()}",
            source=name,
            row=row,
        )
    # Misaligned rows would silently evaluate other boxes than the ones validated.
    corners = np.concatenate([array[:, :2], array[:, :2] + array[:, 2:]], axis=1)
    differs = ~np.isclose(corners, xyxy, rtol=1e-9, atol=1e-9).all(axis=1)
    if differs.any():
        row = int(np.flatnonzero(differs)[0])
        raise InvalidInputError(
            f"expected the same box as the xyxy one, {xyxy[row].tolist()}, "
            f"but got [x, y, width, height] = {array[row].tolist()}",
            source=name,
            row=row,
        )
    return array
