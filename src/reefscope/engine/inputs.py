"""Columnar inputs: parallel arrays, one row per label or prediction.

A frame is identified by its integer ``frame_index``; classes by ``class_index``
into the evaluator's class list. Constructing an input validates it, so an
evaluator never sees a box with ``x2 < x1`` or a confidence of 1.7.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike, NDArray

from reefscope.engine.boxes import as_boxes
from reefscope.engine.errors import InvalidInputError

IndexArray = NDArray[np.int64]
ClassArray = NDArray[np.int32]
FloatArray = NDArray[np.float64]


def _first_bad_row(bad: NDArray[np.bool_] | np.bool_) -> int:
    return int(np.flatnonzero(bad)[0])


def _index_array(values: ArrayLike, *, name: str, dtype: type) -> NDArray:
    array = np.asarray(values)
    if array.size == 0:
        return np.zeros(0, dtype=dtype)
    if array.ndim != 1:
        raise InvalidInputError(f"expected a 1-D array but got shape {array.shape}", source=name)
    if not np.issubdtype(array.dtype, np.integer):
        if not np.issubdtype(array.dtype, np.floating):
            raise InvalidInputError(f"expected integers but got dtype {array.dtype}", source=name)
        fractional = ~np.isfinite(array) | (array != np.round(array))
        if fractional.any():
            row = _first_bad_row(fractional)
            raise InvalidInputError(f"expected an integer but got {array[row]!r}", source=name, row=row)
    if (array < 0).any():
        row = _first_bad_row(array < 0)
        raise InvalidInputError(f"expected a non-negative index but got {array[row]}", source=name, row=row)
    return array.astype(dtype, copy=False)


def _check_lengths(owner: str, **arrays: NDArray) -> int:
    lengths = {name: len(array) for name, array in arrays.items()}
    if len(set(lengths.values())) > 1:
        described = ", ".join(f"{name}={length}" for name, length in lengths.items())
        raise InvalidInputError(f"expected parallel arrays of one length but got {described}", source=owner)
    return next(iter(lengths.values()))


def _check_boxes(owner: str, boxes: FloatArray) -> None:
    finite = np.isfinite(boxes).all(axis=1)
    if not finite.all():
        row = _first_bad_row(~finite)
        raise InvalidInputError(
            f"expected finite box coordinates but got {boxes[row].tolist()}",
            source=owner,
            row=row,
            field="box",
        )
    inverted = (boxes[:, 2] < boxes[:, 0]) | (boxes[:, 3] < boxes[:, 1])
    if inverted.any():
        row = _first_bad_row(inverted)
        raise InvalidInputError(
            f"expected x1 <= x2 and y1 <= y2 but got {boxes[row].tolist()}",
            source=owner,
            row=row,
            field="box",
        )


def _check_confidence(owner: str, confidence: FloatArray) -> None:
    bad = ~np.isfinite(confidence) | (confidence < 0.0) | (confidence > 1.0)
    if bad.any():
        row = _first_bad_row(bad)
        raise InvalidInputError(
            f"expected a confidence in [0, 1] but got {confidence[row]!r}",
            source=owner,
            row=row,
            field="confidence",
        )


def check_class_range(owner: str, class_index: ClassArray, n_classes: int) -> None:
    """Raise when a class index does not address one of ``n_classes`` classes."""
    bad = class_index >= n_classes
    if bad.any():
        row = _first_bad_row(bad)
        raise InvalidInputError(
            f"expected a class index below {n_classes} but got {class_index[row]}",
            source=owner,
            row=row,
            field="class_index",
        )


def check_frame_range(owner: str, frame_index: IndexArray, n_frames: int) -> None:
    """Raise when a frame index does not address one of ``n_frames`` frames."""
    bad = frame_index >= n_frames
    if bad.any():
        row = _first_bad_row(bad)
        raise InvalidInputError(
            f"expected a frame index below {n_frames} but got {frame_index[row]}",
            source=owner,
            row=row,
            field="frame_index",
        )


@dataclass(frozen=True, eq=False)
class DetectionLabels:
    """Ground-truth boxes: ``frame_index (n,)``, ``class_index (n,)``, ``boxes (n, 4)`` xyxy."""

    frame_index: IndexArray
    class_index: ClassArray
    boxes: FloatArray

    def __init__(self, frame_index: ArrayLike, class_index: ArrayLike, boxes: ArrayLike) -> None:
        owner = "labels"
        frames = _index_array(frame_index, name=f"{owner}.frame_index", dtype=np.int64)
        classes = _index_array(class_index, name=f"{owner}.class_index", dtype=np.int32)
        box_array = as_boxes(boxes, name=f"{owner}.boxes")
        _check_lengths(owner, frame_index=frames, class_index=classes, boxes=box_array)
        _check_boxes(owner, box_array)
        object.__setattr__(self, "frame_index", frames)
        object.__setattr__(self, "class_index", classes)
        object.__setattr__(self, "boxes", box_array)

    def __len__(self) -> int:
        return len(self.frame_index)


@dataclass(frozen=True, eq=False)
class DetectionPredictions:
    """Predicted boxes: the label columns plus ``confidence (n,)`` in [0, 1]."""

    frame_index: IndexArray
    class_index: ClassArray
    boxes: FloatArray
    confidence: FloatArray

    def __init__(
        self,
        frame_index: ArrayLike,
        class_index: ArrayLike,
        boxes: ArrayLike,
        confidence: ArrayLike,
    ) -> None:
        owner = "predictions"
        frames = _index_array(frame_index, name=f"{owner}.frame_index", dtype=np.int64)
        classes = _index_array(class_index, name=f"{owner}.class_index", dtype=np.int32)
        box_array = as_boxes(boxes, name=f"{owner}.boxes")
        scores = np.asarray(confidence, dtype=np.float64).reshape(-1)
        _check_lengths(owner, frame_index=frames, class_index=classes, boxes=box_array, confidence=scores)
        _check_boxes(owner, box_array)
        _check_confidence(owner, scores)
        object.__setattr__(self, "frame_index", frames)
        object.__setattr__(self, "class_index", classes)
        object.__setattr__(self, "boxes", box_array)
        object.__setattr__(self, "confidence", scores)

    def __len__(self) -> int:
        return len(self.frame_index)


@dataclass(frozen=True, eq=False)
class ClassificationLabels:
    """One ground-truth class per labeled frame: ``frame_index (n,)``, ``class_index (n,)``."""

    frame_index: IndexArray
    class_index: ClassArray

    def __init__(self, frame_index: ArrayLike, class_index: ArrayLike) -> None:
        owner = "labels"
        frames = _index_array(frame_index, name=f"{owner}.frame_index", dtype=np.int64)
        classes = _index_array(class_index, name=f"{owner}.class_index", dtype=np.int32)
        _check_lengths(owner, frame_index=frames, class_index=classes)
        _check_unique_frames(owner, frames)
        object.__setattr__(self, "frame_index", frames)
        object.__setattr__(self, "class_index", classes)

    def __len__(self) -> int:
        return len(self.frame_index)


@dataclass(frozen=True, eq=False)
class ClassificationPredictions:
    """At most one predicted class per frame, with its confidence in [0, 1]."""

    frame_index: IndexArray
    class_index: ClassArray
    confidence: FloatArray

    def __init__(self, frame_index: ArrayLike, class_index: ArrayLike, confidence: ArrayLike) -> None:
        owner = "predictions"
        frames = _index_array(frame_index, name=f"{owner}.frame_index", dtype=np.int64)
        classes = _index_array(class_index, name=f"{owner}.class_index", dtype=np.int32)
        scores = np.asarray(confidence, dtype=np.float64).reshape(-1)
        _check_lengths(owner, frame_index=frames, class_index=classes, confidence=scores)
        _check_confidence(owner, scores)
        _check_unique_frames(owner, frames)
        object.__setattr__(self, "frame_index", frames)
        object.__setattr__(self, "class_index", classes)
        object.__setattr__(self, "confidence", scores)

    def __len__(self) -> int:
        return len(self.frame_index)


def _check_unique_frames(owner: str, frame_index: IndexArray) -> None:
    if len(frame_index) < 2:
        return
    order = np.argsort(frame_index, kind="stable")
    repeated = np.flatnonzero(frame_index[order][1:] == frame_index[order][:-1])
    if len(repeated):
        row = int(order[repeated[0] + 1])
        raise InvalidInputError(
            f"expected one row per frame but frame index {frame_index[row]} appears again",
            source=owner,
            row=row,
            field="frame_index",
        )
