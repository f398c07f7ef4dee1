"""Axis-aligned box geometry: format conversions, areas and IoU.

Boxes are ``(n, 4)`` float arrays. The engine works in ``xyxy`` (corners in
pixels); importers convert with :func:`convert_boxes`. Pairwise matrices are
``(n_labels, n_predictions)``.
"""

from __future__ import annotations

from typing import Literal, get_args

import numpy as np
from numpy.typing import ArrayLike, NDArray

from reefscope.engine.errors import InvalidInputError

BoxFormat = Literal["xyxy", "xywh", "cxcywh"]
BOX_FORMATS: tuple[str, ...] = get_args(BoxFormat)
# How a box's extent is read: ``continuous`` corners (COCO, today's default) or
# ``pixel_inclusive`` pixel indices, where x2 and y2 are the last pixel inside
# (the PASCAL VOC devkit and many older tools: width = x2 - x1 + 1).
IouConvention = Literal["continuous", "pixel_inclusive"]
IOU_CONVENTIONS: tuple[str, ...] = get_args(IouConvention)

FloatArray = NDArray[np.float64]


def as_boxes(boxes: ArrayLike, *, name: str = "boxes") -> FloatArray:
    """Return ``boxes`` as a float64 ``(n, 4)`` array; an empty input gives ``(0, 4)``."""
    array = np.asarray(boxes, dtype=np.float64)
    if array.size == 0:
        return np.zeros((0, 4), dtype=np.float64)
    if array.ndim != 2 or array.shape[1] != 4:
        raise InvalidInputError(f"expected an array of shape (n, 4) but got shape {array.shape}", source=name)
    return array


def convert_boxes(boxes: ArrayLike, *, source: BoxFormat, target: BoxFormat = "xyxy") -> FloatArray:
    """Convert boxes between ``xyxy``, ``xywh`` (top-left corner) and ``cxcywh``.

    >>> convert_boxes([[10, 20, 30, 40]], source="xywh")
    array([[10., 20., 40., 60.]])
    >>> convert_boxes([[10, 20, 40, 60]], source="xyxy", target="cxcywh")
    array([[25., 40., 30., 40.]])
    """
    for argument, value in (("source", source), ("target", target)):
        if value not in BOX_FORMATS:
            raise InvalidInputError(
                f"Expected argument `{argument}` to be one of {BOX_FORMATS} but got {value!r}"
            )
    array = as_boxes(boxes)
    a, b, c, d = array.T
    if source == "xyxy":
        xyxy = array
    elif source == "xywh":
        xyxy = np.stack([a, b, a + c, b + d], axis=1)
    else:
        xyxy = np.stack([a - c / 2, b - d / 2, a + c / 2, b + d / 2], axis=1)
    if target == "xyxy":
        return np.array(xyxy, dtype=np.float64, copy=True)
    x1, y1, x2, y2 = xyxy.T
    if target == "xywh":
        return np.stack([x1, y1, x2 - x1, y2 - y1], axis=1)
    return np.stack([(x1 + x2) / 2, (y1 + y2) / 2, x2 - x1, y2 - y1], axis=1)


def check_iou_convention(convention: object) -> IouConvention:
    """Return ``convention`` when it is one of :data:`IOU_CONVENTIONS`."""
    if convention not in IOU_CONVENTIONS:
        raise InvalidInputError(
            f"Expected argument `iou_convention` to be one of {IOU_CONVENTIONS} but got {convention!r}"
        )
    return convention  # type: ignore[return-value]


def extent_boxes(boxes: ArrayLike, *, iou_convention: IouConvention) -> FloatArray:
    """Boxes whose continuous extent is the one ``iou_convention`` reads.

    Pixel-inclusive boxes cover one more pixel in each direction, so adding 1
    to ``x2`` and ``y2`` turns every continuous computation (areas, overlaps,
    IoU) into the pixel-inclusive one. Continuous boxes come back unchanged.

    >>> extent_boxes([[0, 0, 9, 9]], iou_convention="pixel_inclusive")
    array([[ 0.,  0., 10., 10.]])
    >>> float(box_areas(extent_boxes([[5, 5, 5, 5]], iou_convention="pixel_inclusive"))[0])
    1.0
    """
    array = as_boxes(boxes)
    if check_iou_convention(iou_convention) == "continuous":
        return array
    shifted = np.array(array, dtype=np.float64, copy=True)
    shifted[:, 2:] += 1.0
    return shifted


def box_areas(boxes: ArrayLike) -> FloatArray:
    """Areas of ``xyxy`` boxes; inverted extents count as zero area."""
    array = as_boxes(boxes)
    widths = np.clip(array[:, 2] - array[:, 0], 0.0, None)
    heights = np.clip(array[:, 3] - array[:, 1], 0.0, None)
    return widths * heights


def pairwise_iou(labels: ArrayLike, predictions: ArrayLike) -> FloatArray:
    """IoU of every label box with every prediction box, shape ``(n_labels, n_predictions)``.

    Degenerate boxes (zero area) have IoU 0 with everything, themselves included.

    >>> pairwise_iou([[0, 0, 2, 2]], [[1, 0, 3, 2], [5, 5, 6, 6]])
    array([[0.33333333, 0.        ]])
    """
    a = as_boxes(labels, name="labels")
    b = as_boxes(predictions, name="predictions")
    top_left = np.maximum(a[:, None, :2], b[None, :, :2])
    bottom_right = np.minimum(a[:, None, 2:], b[None, :, 2:])
    extent = np.clip(bottom_right - top_left, 0.0, None)
    intersection = extent[..., 0] * extent[..., 1]
    union = box_areas(a)[:, None] + box_areas(b)[None, :] - intersection
    return np.divide(intersection, union, out=np.zeros_like(intersection), where=union > 0)


def paired_iou(first: ArrayLike, second: ArrayLike) -> FloatArray:
    """IoU of ``first[i]`` with ``second[i]`` for every row, shape ``(n,)``."""
    a = as_boxes(first, name="first")
    b = as_boxes(second, name="second")
    if a.shape != b.shape:
        raise InvalidInputError(f"expected equal shapes but got {a.shape} and {b.shape}")
    extent_x = np.clip(np.minimum(a[:, 2], b[:, 2]) - np.maximum(a[:, 0], b[:, 0]), 0.0, None)
    extent_y = np.clip(np.minimum(a[:, 3], b[:, 3]) - np.maximum(a[:, 1], b[:, 1]), 0.0, None)
    intersection = extent_x * extent_y
    union = box_areas(a) + box_areas(b) - intersection
    return np.divide(intersection, union, out=np.zeros_like(intersection), where=union > 0)
