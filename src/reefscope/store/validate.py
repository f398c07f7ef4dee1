"""Checks of bulk tables before they are stored, whoever produced them.

The rules per table live here; the column checks they are built from are in
:mod:`reefscope.store.columns`.

Importers report problems with file and line; these checks are the store's
own guarantee for any caller (the service, the API, a notebook), so they name
the table, the 0-based row, the frame and the column. Everything is vectorised:
a million frames are checked in well under a second.
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from reefscope.store import tables
from reefscope.store.columns import (
    as_array,
    check_boxes,
    check_class_index,
    check_finite,
    check_members,
    check_non_empty_strings,
    check_one_per_frame,
    check_unique,
    check_unit_interval,
    conform,
    first_index,
    row_error,
)
from reefscope.store.errors import InvalidInputError
from reefscope.store.records import Task

# A stored image reference is a URL or a relative path that cannot climb out of its root.
_UNSAFE_IMAGE_PATH = r"^/|^\\|^[A-Za-z]:|(^|[/\\])\.\.([/\\]|$)|\x00"
_URL = r"^https?://"


def check_frames(table: object) -> pa.Table:
    """Validate and normalise a frames table (``tables.FRAMES`` plus ``meta.*`` columns)."""
    source = "frames table"
    frames = conform(table, tables.FRAMES, source=source, allow_metadata=True)
    check_non_empty_strings(frames, "frame_id", source=source)
    check_unique(frames, "frame_id", source=source, what="frame id")
    for name in ("width", "height"):
        values = frames.column(name)
        row = first_index(pc.less_equal(values, 0))
        if row is not None:
            raise row_error(
                frames, source, row, name, f"expected a positive size but got {values[row].as_py()}"
            )
    images = frames.column("image")
    unsafe = pc.and_(
        pc.match_substring_regex(images, _UNSAFE_IMAGE_PATH),
        pc.invert(pc.match_substring_regex(images, _URL)),
    )
    row = first_index(unsafe)
    if row is not None:
        raise row_error(
            frames,
            source,
            row,
            "image",
            f"expected an http(s) URL or a path relative to an image root (no '..', not absolute) "
            f"but got {images[row].as_py()!r}",
        )
    return frames


def check_labels(table: object, *, task: Task, frame_ids: pa.ChunkedArray, n_classes: int) -> pa.Table:
    """Validate a labels table against the dataset's frames and the project's classes."""
    source = "labels table"
    schema = tables.DETECTION_LABELS if task == "detection" else tables.CLASSIFICATION_LABELS
    labels = conform(table, schema, source=source)
    check_non_empty_strings(labels, "label_id", source=source)
    check_unique(labels, "label_id", source=source, what="label id")
    check_members(
        labels, "frame_id", frame_ids, source=source, message="the frames table has no frame {value}"
    )
    check_class_index(labels, n_classes, source=source)
    if task == "detection":
        check_boxes(labels, source=source)
        check_finite(labels, "area", source=source)
    else:
        check_one_per_frame(labels, source=source, what="label")
    return labels


def check_predictions(table: object, *, task: Task, frame_ids: pa.ChunkedArray, n_classes: int) -> pa.Table:
    """Validate a predictions table against the dataset's frames and the project's classes."""
    source = "predictions table"
    schema = tables.DETECTION_PREDICTIONS if task == "detection" else tables.CLASSIFICATION_PREDICTIONS
    predictions = conform(table, schema, source=source)
    check_non_empty_strings(predictions, "prediction_id", source=source)
    check_unique(predictions, "prediction_id", source=source, what="prediction id")
    check_members(
        predictions,
        "frame_id",
        frame_ids,
        source=source,
        message="a prediction on frame {value}, which the dataset does not have",
    )
    check_class_index(predictions, n_classes, source=source)
    check_unit_interval(predictions, "confidence", source=source)
    if task == "detection":
        check_boxes(predictions, source=source)
    else:
        check_one_per_frame(predictions, source=source, what="prediction")
        _check_scores(predictions, n_classes, source=source)
    return predictions


def _check_scores(predictions: pa.Table, n_classes: int, *, source: str) -> None:
    scores = predictions.column("scores")
    if scores.null_count == len(scores):
        return
    lengths = pc.list_value_length(scores).to_numpy(zero_copy_only=False)
    present = ~np.isnan(lengths.astype(np.float64))
    row = first_index(present & (np.nan_to_num(lengths.astype(np.float64)) != n_classes))
    if row is None and not present.all():
        row = first_index(~present)
    if row is not None:
        raise row_error(
            predictions,
            source,
            row,
            "scores",
            f"expected a score for each of the {n_classes} classes on every row but got "
            f"{scores[row].as_py()!r}",
        )
    flat = pc.list_flatten(scores).to_numpy(zero_copy_only=False).astype(np.float64)
    bad = ~np.isfinite(flat) | (flat < 0) | (flat > 1)
    index = first_index(bad)
    if index is not None:
        raise row_error(
            predictions,
            source,
            index // n_classes,
            "scores",
            f"expected scores in [0, 1] but got {flat[index]}",
        )


def has_scores(predictions: pa.Table) -> bool:
    """Whether a classification predictions table carries full score vectors."""
    return "scores" in predictions.column_names and predictions.column("scores").null_count < len(predictions)


def check_frame_subset(
    frame_ids: Iterable[str] | pa.Array | pa.ChunkedArray,
    dataset_frames: pa.ChunkedArray,
    *,
    source: str,
) -> pa.Array:
    """Return the distinct ``frame_ids`` in dataset order; raise on one the dataset lacks."""
    if isinstance(frame_ids, pa.ChunkedArray):
        requested = frame_ids.combine_chunks()
    elif isinstance(frame_ids, pa.Array):
        requested = frame_ids
    else:
        requested = pa.array(list(frame_ids), type=pa.string())
    try:
        requested = requested.cast(pa.string())
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError) as error:
        raise InvalidInputError(f"expected frame ids as strings: {error}", source=source) from None
    if requested.null_count:
        row = first_index(pc.is_null(requested))
        raise InvalidInputError("expected a frame id but got null", source=source, row=row, field="frame_id")
    row = first_index(pc.invert(pc.is_in(requested, value_set=as_array(dataset_frames))))
    if row is not None:
        raise InvalidInputError(
            f"the dataset has no frame {requested[row].as_py()!r}",
            source=source,
            row=row,
            frame=requested[row].as_py(),
            field="frame_id",
        )
    keep = pc.is_in(dataset_frames, value_set=requested)
    return as_array(pc.filter(dataset_frames, keep))


def check_embeddings(
    table: object, *, kind: str, allowed_ids: pa.ChunkedArray, id_meaning: str
) -> tuple[pa.Table, int]:
    """Validate an embeddings table; return it and the vector dimension.

    ``allowed_ids`` are the frame ids (frame embeddings) or the label or
    prediction ids (crop embeddings) the vectors may belong to.
    """
    source = f"{kind} embeddings table"
    schema = tables.FRAME_EMBEDDINGS if kind == "frame" else tables.CROP_EMBEDDINGS
    key = schema.names[0]
    embeddings = conform(table, schema, source=source)
    check_unique(embeddings, key, source=source, what="id")
    check_members(embeddings, key, allowed_ids, source=source, message=f"{{value}} is not {id_meaning}")
    vectors = embeddings.column("vector")
    lengths = pc.list_value_length(vectors).to_numpy()
    dimension = int(lengths[0]) if len(lengths) else 0
    row = first_index((lengths != dimension) | (lengths == 0))
    if row is not None:
        raise row_error(
            embeddings,
            source,
            row,
            "vector",
            f"expected vectors of one non-zero length ({dimension}) but got length {lengths[row]}",
        )
    flat = pc.list_flatten(vectors).to_numpy(zero_copy_only=False)
    index = first_index(~np.isfinite(flat))
    if index is not None:
        raise row_error(
            embeddings, source, index // dimension, "vector", f"expected finite values but got {flat[index]}"
        )
    return embeddings, dimension


def check_custom_metrics(table: object, *, frame_ids: pa.ChunkedArray, n_classes: int) -> pa.Table:
    """Validate per-frame custom metrics: an objective and/or a (K+1) x (K+1) confusion matrix."""
    source = "custom metrics table"
    metrics = conform(table, tables.CUSTOM_METRICS, source=source)
    check_unique(metrics, "frame_id", source=source, what="frame id")
    check_members(metrics, "frame_id", frame_ids, source=source, message="the dataset has no frame {value}")
    check_finite(metrics, "objective", source=source)
    neither = pc.and_(pc.is_null(metrics.column("objective")), pc.is_null(metrics.column("confusion")))
    row = first_index(neither)
    if row is not None:
        raise row_error(
            metrics, source, row, "objective", "expected an objective or a confusion matrix but got neither"
        )
    confusion = metrics.column("confusion")
    size = (n_classes + 1) ** 2
    lengths = pc.fill_null(pc.list_value_length(confusion), size).to_numpy()
    row = first_index(lengths != size)
    if row is not None:
        raise row_error(
            metrics,
            source,
            row,
            "confusion",
            f"expected a {n_classes + 1} x {n_classes + 1} matrix ({size} counts, background last) "
            f"but got {lengths[row]} values",
        )
    flat = pc.list_flatten(confusion).to_numpy(zero_copy_only=False)
    index = first_index(flat < 0)
    if index is not None:
        offsets = np.cumsum(pc.fill_null(pc.list_value_length(confusion), 0).to_numpy())
        row = int(np.searchsorted(offsets, index, side="right"))
        raise row_error(
            metrics, source, row, "confusion", f"expected non-negative counts but got {flat[index]}"
        )
    return metrics
