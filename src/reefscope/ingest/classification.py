"""Classification from CSV or Parquet: one row per frame.

Labels: ``frame_id, class`` plus optional ``image``, ``width``, ``height``;
any other column is frame metadata. Predictions: ``frame_id, class,
confidence``, optionally with one ``score.<class>`` column per class (the
full score vector; then ``class`` and ``confidence`` may be left out and are
taken from the highest score). Classes are names or integer ids.
"""

from __future__ import annotations

from os import PathLike
from pathlib import Path

import numpy as np
import pyarrow as pa

from reefscope.ingest.classes import ClassResolver
from reefscope.ingest.common import (
    ClassList,
    DatasetFrames,
    FrameRows,
    NewClasses,
    Where,
    check_known_frame,
    describe,
    load_class_list,
    optional_class_list,
    parse_confidence,
    parse_int,
)
from reefscope.ingest.errors import InputFileError
from reefscope.ingest.images import check_directory, image_size, scan_images
from reefscope.ingest.results import InferenceImport, LabelImport
from reefscope.ingest.tabular import (
    RowName,
    metadata_columns,
    read_tabular,
    require_columns,
    row_locator,
    text_column,
)
from reefscope.store import tables

SCORE_PREFIX = "score."
_LABEL_COLUMNS = ("frame_id", "class", "image", "width", "height")
_LABELS_EXPECTED = "columns frame_id, class (and optionally image, width, height and metadata columns)"
_PREDICTIONS_EXPECTED = "columns frame_id, class, confidence (and optionally score.<class> columns)"


def read_classification_labels(
    path: str | PathLike[str],
    *,
    images: str | PathLike[str] | None = None,
    classes: ClassList | None = None,
    class_names: ClassList | None = None,
    new_classes: NewClasses = "error",
) -> LabelImport:
    """Read a classification labels table (``.csv``, ``.tsv``, ``.parquet``).

    ``classes``: the project's classes, or ``None`` to use the names found
    (sorted). ``class_names``: what integer class ids mean. ``images``: the
    directory ``image`` paths are relative to (or, without an ``image``
    column, where images named after the frame ids are found).
    """
    file = Path(path)
    table = read_tabular(file, string_columns=("frame_id", "class", "image"))
    require_columns(table, file, ("frame_id", "class"), expected=_LABELS_EXPECTED)
    root = check_directory(Path(images), what="images") if images is not None else None
    by_stem = scan_images(root) if root is not None and "image" not in table.column_names else {}
    resolver = ClassResolver(
        optional_class_list(classes), id_names=optional_class_list(class_names), new_classes=new_classes
    )
    frame_ids = text_column(table, "frame_id", file)
    tokens = text_column(table, "class", file)
    given_images = text_column(table, "image", file) if "image" in table.column_names else None
    sizes = {key: _sizes(table, key, file) for key in ("width", "height")}
    frames = FrameRows(describe(file))
    provisional: list[int] = []
    for index, frame_id in enumerate(frame_ids):
        where = row_locator(file, index, frame_id)
        frame_id = _frame_id(frame_id, where)
        provisional.append(_class(tokens[index], resolver, where))
        image = given_images[index] if given_images is not None else by_stem.get(frame_id)
        width, height = sizes["width"][index], sizes["height"][index]
        if root is not None and image:
            if not (root / image).is_file():
                raise where(f"image {image!r} is not in {root}", field="image")
            if width is None or height is None:
                width, height = image_size(root / image, frame=frame_id)
        frames.add(
            frame_id,
            image=image or None,
            width=width,
            height=height,
            where=where,
            origin=RowName(file, index),
        )
    final_classes, final_indices = resolver.finish(np.asarray(provisional, dtype=np.int64))
    frames_table = frames.table()
    extra = [name for name in table.column_names if name not in _LABEL_COLUMNS]
    for name, column in metadata_columns(table, file, extra).items():
        frames_table = frames_table.append_column(name, column)
    labels = pa.table(
        {
            "label_id": [f"{frame_id}:gt:0" for frame_id in frames.frame_ids],
            "frame_id": frames.frame_ids,
            "class_index": final_indices.astype(np.int32),
        },
        schema=tables.CLASSIFICATION_LABELS,
    )
    return LabelImport(
        task="classification",
        classes=final_classes,
        frames=frames_table,
        labels=labels,
        image_roots=(root.resolve(),) if root is not None else (),
        source=describe(file),
    )


def read_classification_predictions(
    path: str | PathLike[str],
    *,
    classes: ClassList,
    frames: DatasetFrames,
    class_names: ClassList | None = None,
    new_classes: NewClasses = "error",
) -> InferenceImport:
    """Read a classification predictions table for the frames of a dataset."""
    file = Path(path)
    table = read_tabular(file, string_columns=("frame_id", "class"))
    score_columns = [name for name in table.column_names if name.startswith(SCORE_PREFIX)]
    required = ("frame_id",) if score_columns else ("frame_id", "class", "confidence")
    require_columns(table, file, required, expected=_PREDICTIONS_EXPECTED)
    unexpected = [
        name
        for name in table.column_names
        if name not in ("frame_id", "class", "confidence") and name not in score_columns
    ]
    if unexpected:
        raise InputFileError(
            f"unexpected column {unexpected[0]!r}; expected {_PREDICTIONS_EXPECTED}",
            source=describe(file),
            field=unexpected[0],
        )
    resolver = ClassResolver(
        load_class_list(classes), id_names=optional_class_list(class_names), new_classes=new_classes
    )
    score_classes = [
        resolver.resolve_name(name[len(SCORE_PREFIX) :], where=_file_where(file, name), field=name)
        for name in score_columns
    ]
    frame_ids = text_column(table, "frame_id", file)
    tokens = text_column(table, "class", file) if "class" in table.column_names else None
    confidences = (
        _unit_column(table, "confidence", file, frame_ids) if "confidence" in table.column_names else None
    )
    scores = _scores(table, score_columns, file, frame_ids)
    seen: set[str] = set()
    provisional: list[int] = []
    kept_confidence: list[float] = []
    for index, raw_frame_id in enumerate(frame_ids):
        where = row_locator(file, index, raw_frame_id)
        frame_id = _frame_id(raw_frame_id, where)
        check_known_frame(frame_id, frames, where=where)
        if frame_id in seen:
            raise where(f"a second prediction for frame {frame_id!r}", field="frame_id")
        seen.add(frame_id)
        if tokens is not None:
            provisional.append(_class(tokens[index], resolver, where))
        else:
            provisional.append(score_classes[int(np.argmax(scores[index]))])
        if confidences is not None:
            kept_confidence.append(float(confidences[index]))
        else:
            position = score_classes.index(provisional[-1]) if provisional[-1] in score_classes else None
            if position is None:
                raise where("no confidence column and no score for the predicted class", field="confidence")
            kept_confidence.append(float(scores[index, position]))
    final_classes, final_indices = resolver.finish(np.asarray(provisional, dtype=np.int64))
    vectors = _score_vectors(scores, score_classes, resolver, final_classes, file)
    predictions = pa.table(
        {
            "prediction_id": [f"{frame_id}:pred:0" for frame_id in frame_ids],
            "frame_id": frame_ids,
            "class_index": final_indices.astype(np.int32),
            "confidence": pa.array(kept_confidence, pa.float64()),
            "scores": vectors,
        },
        schema=tables.CLASSIFICATION_PREDICTIONS,
    )
    return InferenceImport(
        task="classification", classes=final_classes, predictions=predictions, source=describe(file)
    )


def _file_where(file: Path, field: str) -> Where:
    def where(message: str, *, field: str | None = field, frame: str | None = None) -> InputFileError:
        return InputFileError(message, source=describe(file), frame=frame, field=field)

    return where


def _frame_id(value: str | None, where: Where) -> str:
    if value is None or not value.strip() or value != value.strip():
        raise where(f"expected a frame id without surrounding spaces but got {value!r}", field="frame_id")
    return value


def _class(token: str | None, resolver: ClassResolver, where: Where) -> int:
    if token is None or not token.strip():
        raise where("expected a class but the cell is empty", field="class")
    return resolver.resolve(token.strip(), where=where)


def _sizes(table: pa.Table, name: str, file: Path) -> list[int | None]:
    if name not in table.column_names:
        return [None] * table.num_rows
    values: list[int | None] = []
    for index, value in enumerate(table.column(name).to_pylist()):
        if value is None:
            values.append(None)
            continue
        where = row_locator(file, index)
        number = parse_int(value, field=name, where=where)
        if number <= 0:
            raise where(f"expected a positive {name} but got {number}", field=name)
        values.append(number)
    return values


def _unit_column(table: pa.Table, name: str, file: Path, frame_ids: list[str | None]) -> np.ndarray:
    """A column of confidences or scores as float64, each checked to be a number in [0, 1].

    Vectorised for tables of a million rows; the first bad cell is re-parsed
    one by one to word the error.
    """
    column = table.column(name)
    try:
        values = column.cast(pa.float64()).to_numpy(zero_copy_only=False)
    except pa.ArrowException:
        values = np.full(len(column), np.nan)
    bad = np.flatnonzero(~(np.isfinite(values) & (values >= 0.0) & (values <= 1.0)))
    if len(bad):
        index = int(bad[0])
        where = row_locator(file, index, frame_ids[index])
        parse_confidence(column[index].as_py(), where=where, field=name)
        raise where(f"expected a confidence in [0, 1] but got {column[index].as_py()!r}", field=name)
    return values


def _scores(table: pa.Table, columns: list[str], file: Path, frame_ids: list[str | None]) -> np.ndarray:
    scores = np.zeros((table.num_rows, len(columns)), dtype=np.float64)
    for position, name in enumerate(columns):
        scores[:, position] = _unit_column(table, name, file, frame_ids)
    return scores


def _score_vectors(
    scores: np.ndarray,
    score_classes: list[int],
    resolver: ClassResolver,
    final_classes: tuple[str, ...],
    file: Path,
) -> pa.Array:
    if not score_classes:
        return pa.nulls(len(scores), pa.list_(pa.float32()))
    _, final_positions = resolver.finish(np.asarray(score_classes, dtype=np.int64))
    missing = sorted(set(range(len(final_classes))) - set(final_positions.tolist()))
    if missing:
        raise InputFileError(
            f"missing column {SCORE_PREFIX}{final_classes[missing[0]]}: score columns must cover every class",
            source=describe(file),
            field=f"{SCORE_PREFIX}{final_classes[missing[0]]}",
        )
    ordered = np.empty_like(scores)
    ordered[:, final_positions] = scores
    flat = pa.array(ordered.astype(np.float32).reshape(-1))
    offsets = pa.array(np.arange(0, len(flat) + 1, len(final_classes), dtype=np.int32))
    return pa.ListArray.from_arrays(offsets, flat)
