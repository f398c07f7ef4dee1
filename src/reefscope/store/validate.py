"""Checks of bulk tables before they are stored, whoever produced them.

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
from reefscope.store.errors import InvalidInputError
from reefscope.store.records import Task

_METADATA_TYPES = {
    "int": pa.int64(),
    "float": pa.float64(),
    "bool": pa.bool_(),
    "str": pa.string(),
}
# A stored image reference is a URL or a relative path that cannot climb out of its root.
_UNSAFE_IMAGE_PATH = r"^/|^\\|^[A-Za-z]:|(^|[/\\])\.\.([/\\]|$)|\x00"
_URL = r"^https?://"


def first_index(mask: pa.Array | pa.ChunkedArray | np.ndarray) -> int | None:
    """Index of the first true value of a boolean mask (nulls count as false)."""
    if isinstance(mask, np.ndarray):
        hits = np.flatnonzero(mask)
    else:
        filled = pc.fill_null(mask, False)
        if not pc.any(filled).as_py():
            return None
        hits = np.flatnonzero(filled.to_numpy(zero_copy_only=False))
    return int(hits[0]) if len(hits) else None


def _frame_at(table: pa.Table, row: int) -> str | None:
    if "frame_id" not in table.column_names:
        return None
    value = table.column("frame_id")[row].as_py()
    return value if isinstance(value, str) else None


def _fail(table: pa.Table, source: str, row: int, field: str, message: str) -> InvalidInputError:
    return InvalidInputError(message, source=source, row=row, frame=_frame_at(table, row), field=field)


def metadata_type(data_type: pa.DataType) -> pa.DataType | None:
    """The stored type of a ``meta.*`` column of ``data_type``, or ``None`` when unsupported."""
    if pa.types.is_integer(data_type):
        return _METADATA_TYPES["int"]
    if pa.types.is_floating(data_type) or pa.types.is_decimal(data_type):
        return _METADATA_TYPES["float"]
    if pa.types.is_boolean(data_type):
        return _METADATA_TYPES["bool"]
    if (
        pa.types.is_string(data_type)
        or pa.types.is_large_string(data_type)
        or pa.types.is_null(data_type)
        or pa.types.is_dictionary(data_type)
    ):
        return _METADATA_TYPES["str"]
    return None


def conform(table: object, schema: pa.Schema, *, source: str, allow_metadata: bool = False) -> pa.Table:
    """Return ``table`` cast to ``schema``: its columns in order, then ``meta.*`` columns.

    Missing nullable columns are filled with nulls; missing required columns,
    unknown columns, impossible casts and nulls in required columns raise.
    """
    if not isinstance(table, pa.Table):
        raise InvalidInputError(f"expected a pyarrow.Table but got {type(table).__name__}", source=source)
    names = table.column_names
    repeated = sorted({name for name in names if names.count(name) > 1})
    if repeated:
        raise InvalidInputError(f"column {repeated[0]!r} appears twice", source=source)
    expected = set(schema.names)
    extra = [name for name in names if name not in expected]
    unknown = [
        name
        for name in extra
        if not (
            allow_metadata
            and name.startswith(tables.METADATA_PREFIX)
            and len(name) > len(tables.METADATA_PREFIX)
        )
    ]
    if unknown:
        allowed = ", ".join(schema.names) + (", meta.<key>" if allow_metadata else "")
        raise InvalidInputError(
            f"unexpected column {unknown[0]!r}; expected columns {allowed}",
            source=source,
            field=unknown[0],
        )
    columns: list[pa.ChunkedArray] = []
    fields: list[pa.Field] = []
    for field in schema:
        columns.append(_column(table, field, source=source))
        fields.append(field)
    for name in extra:
        stored = metadata_type(table.schema.field(name).type)
        if stored is None:
            raise InvalidInputError(
                f"expected metadata of type int, float, bool or string but got "
                f"{table.schema.field(name).type}",
                source=source,
                field=name,
            )
        columns.append(_cast(table.column(name), stored, source=source, name=name))
        fields.append(pa.field(name, stored))
    return pa.Table.from_arrays(columns, schema=pa.schema(fields))


def _column(table: pa.Table, field: pa.Field, *, source: str) -> pa.ChunkedArray:
    if field.name not in table.column_names:
        if not field.nullable:
            raise InvalidInputError(
                f"missing required column {field.name!r}", source=source, field=field.name
            )
        return pa.chunked_array([pa.nulls(table.num_rows, field.type)], type=field.type)
    column = _cast(table.column(field.name), field.type, source=source, name=field.name)
    if not field.nullable and column.null_count:
        row = first_index(pc.is_null(column)) or 0
        raise _fail(table, source, row, field.name, "expected a value but got null")
    return column


def _cast(column: pa.ChunkedArray, target: pa.DataType, *, source: str, name: str) -> pa.ChunkedArray:
    if column.type == target:
        return column
    try:
        return column.cast(target, safe=True)
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError, pa.ArrowTypeError) as error:
        raise InvalidInputError(
            f"expected values of type {target} but got {column.type} ({error})",
            source=source,
            field=name,
        ) from None


def check_unique(table: pa.Table, column: str, *, source: str, what: str) -> None:
    """Raise at the first repeated value of ``column``."""
    values = table.column(column)
    if len(values) < 2 or pc.count_distinct(values).as_py() == len(values):
        return
    codes = pc.dictionary_encode(values).combine_chunks().indices.to_numpy()
    _, first_rows = np.unique(codes, return_index=True)
    repeated = np.ones(len(codes), dtype=bool)
    repeated[first_rows] = False
    row = int(np.flatnonzero(repeated)[0])
    first = int(first_rows[codes[first_rows] == codes[row]][0])
    raise _fail(
        table,
        source,
        row,
        column,
        f"{what} {values[row].as_py()!r} appears more than once (first at row {first})",
    )


def check_non_empty_strings(table: pa.Table, column: str, *, source: str) -> None:
    """Raise at the first empty or whitespace-padded string of ``column``."""
    values = table.column(column)
    bad = pc.or_(pc.equal(pc.utf8_length(values), 0), pc.not_equal(pc.utf8_trim_whitespace(values), values))
    row = first_index(bad)
    if row is not None:
        raise _fail(
            table,
            source,
            row,
            column,
            f"expected a non-empty id without surrounding spaces but got {values[row].as_py()!r}",
        )


def check_members(
    table: pa.Table, column: str, allowed: pa.Array | pa.ChunkedArray, *, source: str, message: str
) -> None:
    """Raise at the first value of ``column`` not in ``allowed``; ``message`` has a ``{value}``."""
    values = table.column(column)
    if len(values) == 0:
        return
    row = first_index(pc.invert(pc.is_in(values, value_set=_as_array(allowed))))
    if row is not None:
        raise _fail(table, source, row, column, message.format(value=repr(values[row].as_py())))


def _as_array(values: pa.Array | pa.ChunkedArray) -> pa.Array:
    return values.combine_chunks() if isinstance(values, pa.ChunkedArray) else values


def check_class_index(table: pa.Table, n_classes: int, *, source: str) -> None:
    """Raise at the first class index outside ``[0, n_classes)``."""
    values = table.column("class_index").to_numpy()
    row = first_index((values < 0) | (values >= n_classes))
    if row is not None:
        raise _fail(
            table,
            source,
            row,
            "class_index",
            f"expected a class index in [0, {n_classes}) but got {values[row]}",
        )


def check_boxes(table: pa.Table, *, source: str) -> None:
    """Raise at the first non-finite box or one with ``x2 < x1`` or ``y2 < y1``."""
    coordinates = {name: table.column(name).to_numpy() for name in ("x1", "y1", "x2", "y2")}
    for name, values in coordinates.items():
        row = first_index(~np.isfinite(values))
        if row is not None:
            raise _fail(table, source, row, name, f"expected a finite coordinate but got {values[row]}")
    for low, high in (("x1", "x2"), ("y1", "y2")):
        row = first_index(coordinates[high] < coordinates[low])
        if row is not None:
            raise _fail(
                table,
                source,
                row,
                high,
                f"expected {high} >= {low} but got {low}={coordinates[low][row]}, "
                f"{high}={coordinates[high][row]}",
            )


def check_unit_interval(table: pa.Table, column: str, *, source: str) -> None:
    """Raise at the first value of ``column`` that is not a finite number in [0, 1]."""
    values = table.column(column).to_numpy(zero_copy_only=False).astype(np.float64)
    row = first_index(~np.isfinite(values) | (values < 0) | (values > 1))
    if row is not None:
        raise _fail(table, source, row, column, f"expected a value in [0, 1] but got {values[row]}")


def check_finite(table: pa.Table, column: str, *, source: str) -> None:
    """Raise at the first non-finite value of a float column (nulls allowed)."""
    values = pc.fill_null(table.column(column), 0.0).to_numpy()
    row = first_index(~np.isfinite(values))
    if row is not None:
        raise _fail(table, source, row, column, f"expected a finite number but got {values[row]}")


def check_one_per_frame(table: pa.Table, *, source: str, what: str) -> None:
    """Classification allows one label (or prediction) per frame."""
    check_unique(table, "frame_id", source=source, what=f"frame id (one {what} per frame)")


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
            raise _fail(frames, source, row, name, f"expected a positive size but got {values[row].as_py()}")
    images = frames.column("image")
    unsafe = pc.and_(
        pc.match_substring_regex(images, _UNSAFE_IMAGE_PATH),
        pc.invert(pc.match_substring_regex(images, _URL)),
    )
    row = first_index(unsafe)
    if row is not None:
        raise _fail(
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
        raise _fail(
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
        raise _fail(
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
    row = first_index(pc.invert(pc.is_in(requested, value_set=_as_array(dataset_frames))))
    if row is not None:
        raise InvalidInputError(
            f"the dataset has no frame {requested[row].as_py()!r}",
            source=source,
            row=row,
            frame=requested[row].as_py(),
            field="frame_id",
        )
    keep = pc.is_in(dataset_frames, value_set=requested)
    return _as_array(pc.filter(dataset_frames, keep))


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
        raise _fail(
            embeddings,
            source,
            row,
            "vector",
            f"expected vectors of one non-zero length ({dimension}) but got length {lengths[row]}",
        )
    flat = pc.list_flatten(vectors).to_numpy(zero_copy_only=False)
    index = first_index(~np.isfinite(flat))
    if index is not None:
        raise _fail(
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
        raise _fail(
            metrics, source, row, "objective", "expected an objective or a confusion matrix but got neither"
        )
    confusion = metrics.column("confusion")
    size = (n_classes + 1) ** 2
    lengths = pc.fill_null(pc.list_value_length(confusion), size).to_numpy()
    row = first_index(lengths != size)
    if row is not None:
        raise _fail(
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
        raise _fail(metrics, source, row, "confusion", f"expected non-negative counts but got {flat[index]}")
    return metrics
