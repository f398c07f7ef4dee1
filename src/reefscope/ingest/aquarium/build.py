"""Turn parsed Aquarium uploads into the store's tables, merged into what a dataset already has.

Uploading again into a dataset appends: new frame ids are added, a re-sent
frame (``change: "ADD"``) replaces that frame with its labels and embeddings,
and ``change: "MODIFY"`` rows update the metadata and labels they name.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pyarrow as pa

from reefscope.ingest.aquarium.classmap import ClassMap
from reefscope.ingest.aquarium.rows import BOX, Entry, FrameRow, InferenceRow
from reefscope.ingest.errors import InputFileError
from reefscope.store import tables
from reefscope.store.records import Task


@dataclass
class DatasetState:
    """A dataset as plain rows, keyed by frame id in frame order."""

    frames: dict[str, dict[str, Any]] = field(default_factory=dict)
    labels: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    frame_vectors: dict[str, list[float]] = field(default_factory=dict)
    crop_vectors: dict[str, list[float]] = field(default_factory=dict)

    @classmethod
    def from_tables(
        cls, frames: pa.Table, labels: pa.Table, frame_vectors: pa.Table | None, crop_vectors: pa.Table | None
    ) -> DatasetState:
        state = cls()
        meta = [name for name in frames.column_names if name.startswith(tables.METADATA_PREFIX)]
        for row in frames.to_pylist():
            metadata = {
                name[len(tables.METADATA_PREFIX) :]: row[name] for name in meta if row[name] is not None
            }
            state.frames[row["frame_id"]] = {
                "image": row["image"],
                "width": row["width"],
                "height": row["height"],
                "metadata": metadata,
            }
            state.labels[row["frame_id"]] = []
        for label in labels.to_pylist():
            state.labels[label["frame_id"]].append(label)
        for table, target, key in (
            (frame_vectors, state.frame_vectors, "frame_id"),
            (crop_vectors, state.crop_vectors, "crop_id"),
        ):
            if table is not None:
                target.update(
                    zip(table.column(key).to_pylist(), table.column("vector").to_pylist(), strict=True)
                )
        return state


def apply_upload(
    state: DatasetState,
    rows: Sequence[FrameRow],
    *,
    task: Task,
    class_map: ClassMap,
    frame_vectors: Mapping[str, list[float]],
    crop_vectors: Mapping[str, list[float]],
) -> None:
    """Merge one labeled upload into ``state`` (in place)."""
    seen: set[str] = set()
    for row in rows:
        if row.frame_id in seen:
            raise row.where(f"frame {row.frame_id!r} appears twice in this upload", field="task_id")
        seen.add(row.frame_id)
        if row.change == "ADD":
            for old in state.labels.get(row.frame_id, []):
                state.crop_vectors.pop(old["label_id"], None)
            state.frame_vectors.pop(row.frame_id, None)
            state.frames[row.frame_id] = {
                "image": row.image,
                "width": row.width,
                "height": row.height,
                "metadata": dict(row.metadata),
            }
            state.labels[row.frame_id] = []
        elif row.frame_id not in state.frames:
            raise row.where(
                f"cannot modify frame {row.frame_id!r}: the dataset does not have it", field="task_id"
            )
        else:
            _modify_frame(state.frames[row.frame_id], row)
        labels = state.labels[row.frame_id]
        for entry in row.entries:
            _apply_entry(labels, entry, task=task, class_map=class_map)
        if task == "classification" and len(labels) > 1:
            raise row.where(
                f"a classification frame has one label but frame {row.frame_id!r} has {len(labels)}",
                field="label_data",
            )
    _check_unique_label_ids(state, rows)
    state.frame_vectors.update(frame_vectors)
    state.crop_vectors.update(crop_vectors)


def _modify_frame(frame: dict[str, Any], row: FrameRow) -> None:
    keys = row.explicit_keys
    for key, value in row.metadata.items():
        if keys is None or f"user__{key}" in keys or key in keys:
            frame["metadata"][key] = value
    if row.image is not None:
        frame.update(image=row.image, width=row.width, height=row.height)


def _apply_entry(labels: list[dict[str, Any]], entry: Entry, *, task: Task, class_map: ClassMap) -> None:
    field_name = "label_data.label"
    if entry.change == "MODIFY":
        current = next((label for label in labels if label["label_id"] == entry.uuid), None)
        if current is None:
            raise entry.where(
                f"cannot modify label {entry.uuid!r}: the frame does not have it", field="label_data.uuid"
            )
        if entry.class_name is not None:
            index = class_map.index(entry.class_name, where=entry.where, field=field_name)
            if index is None:
                labels.remove(current)
                return
            current["class_index"] = index
        if entry.box is not None and task == "detection":
            current.update(zip(("x1", "y1", "x2", "y2"), entry.box, strict=True))
        return
    index = class_map.index(entry.class_name, where=entry.where, field=field_name)
    if index is None:
        return  # ignore_in_eval: not evaluated, so not stored
    if task == "classification":
        labels.append({"label_id": entry.uuid, "frame_id": entry.frame_id, "class_index": index})
        return
    if entry.label_type != BOX or entry.box is None:
        raise entry.where(
            f"a detection project needs {BOX} labels but got {entry.label_type}",
            field="label_data.label_type",
        )
    attributes = dict(entry.attributes)
    iscrowd = bool(attributes.pop("iscrowd", False))
    x1, y1, x2, y2 = entry.box
    labels.append(
        {
            "label_id": entry.uuid,
            "frame_id": entry.frame_id,
            "class_index": index,
            "x1": x1,
            "y1": y1,
            "x2": x2,
            "y2": y2,
            "iscrowd": iscrowd,
            "area": None,
            "difficult": False,
            "attributes": json.dumps(attributes, sort_keys=True) if attributes else None,
        }
    )


def _check_unique_label_ids(state: DatasetState, rows: Sequence[FrameRow]) -> None:
    owner: dict[str, str] = {}
    for frame_id, labels in state.labels.items():
        for label in labels:
            other = owner.setdefault(label["label_id"], frame_id)
            if other != frame_id or sum(1 for item in labels if item["label_id"] == label["label_id"]) > 1:
                row = next((r for r in rows if r.frame_id in (frame_id, other)), rows[0] if rows else None)
                message = (
                    f"label uuid {label['label_id']!r} is used twice (frames {other!r} and {frame_id!r})"
                )
                if row is None:
                    raise InputFileError(message, source="upload", field="label_data.uuid")
                raise row.where(message, field="label_data.uuid", frame=frame_id)


def dataset_tables(
    state: DatasetState, *, task: Task, source: str
) -> tuple[pa.Table, pa.Table, dict[str, pa.Table]]:
    """Frames, labels and embeddings tables of ``state`` in the store's schemas."""
    ids = list(state.frames)
    keys: list[str] = []
    for frame in state.frames.values():
        keys.extend(key for key in frame["metadata"] if key not in keys)
    columns = {
        "frame_id": pa.array(ids, pa.string()),
        "image": pa.array([state.frames[i]["image"] for i in ids], pa.string()),
        "width": pa.array([state.frames[i]["width"] for i in ids], pa.int32()),
        "height": pa.array([state.frames[i]["height"] for i in ids], pa.int32()),
    }
    for key in keys:
        values = [state.frames[i]["metadata"].get(key) for i in ids]
        try:
            columns[f"{tables.METADATA_PREFIX}{key}"] = pa.array(values)
        except (pa.ArrowInvalid, pa.ArrowTypeError):
            kinds = sorted({type(value).__name__ for value in values if value is not None})
            raise InputFileError(
                f"metadata {key!r} has values of several types ({', '.join(kinds)}); one type per key",
                source=source,
                field=f"user__{key}",
            ) from None
    frames = pa.table(columns)
    rows = [label for i in ids for label in state.labels[i]]
    schema = tables.CLASSIFICATION_LABELS if task == "classification" else tables.DETECTION_LABELS
    labels = pa.Table.from_pylist(
        [{name: row.get(name) for name in schema.names} for row in rows], schema=schema
    )
    label_ids = {row["label_id"] for row in rows}
    embeddings = {}
    frame_vectors = {key: value for key, value in state.frame_vectors.items() if key in state.frames}
    crop_vectors = {key: value for key, value in state.crop_vectors.items() if key in label_ids}
    for kind, vectors in (("frame", frame_vectors), ("crop", crop_vectors)):
        if vectors:
            embeddings[kind] = _vector_table(kind, vectors, source=source)
    return frames, labels, embeddings


def _vector_table(kind: str, vectors: Mapping[str, list[float]], *, source: str) -> pa.Table:
    dimensions = {len(vector) for vector in vectors.values()}
    if len(dimensions) > 1:
        raise InputFileError(
            f"{kind} embeddings of one dataset need one dimension but got {sorted(dimensions)} "
            f"(this upload and the dataset's earlier ones differ)",
            source=source,
            field=f"{kind}_embeddings",
        )
    schema = tables.FRAME_EMBEDDINGS if kind == "frame" else tables.CROP_EMBEDDINGS
    return pa.table(
        {schema.names[0]: list(vectors), "vector": pa.array(list(vectors.values()), pa.list_(pa.float32()))},
        schema=schema,
    )


@dataclass
class InferenceTables:
    predictions: pa.Table
    embeddings: dict[str, pa.Table]
    custom_metrics: dict[str, pa.Table]


def inference_tables(
    rows: Sequence[InferenceRow],
    *,
    task: Task,
    class_map: ClassMap,
    frame_ids: frozenset[str],
    metric_types: Mapping[str, str],
    frame_vectors: Mapping[str, list[float]],
    crop_vectors: Mapping[str, list[float]],
    source: str,
) -> InferenceTables:
    """The predictions (and their embeddings and custom metrics) of an inference upload."""
    predictions: list[dict[str, Any]] = []
    metrics: dict[str, list[dict[str, Any]]] = {}
    seen_frames: set[str] = set()
    seen_ids: set[str] = set()
    n = len(class_map.classes) + 1
    for row in rows:
        if row.frame_id not in frame_ids:
            raise row.where(
                f"inference on frame {row.frame_id!r}, which the base dataset does not have", field="task_id"
            )
        if row.frame_id in seen_frames:
            raise row.where(f"frame {row.frame_id!r} appears twice in this upload", field="task_id")
        seen_frames.add(row.frame_id)
        kept = 0
        for entry in row.entries:
            if entry.uuid in seen_ids:
                raise entry.where(f"inference uuid {entry.uuid!r} is used twice", field="inference_data.uuid")
            seen_ids.add(entry.uuid)
            index = class_map.index(entry.class_name, where=entry.where, field="inference_data.label")
            if index is None:
                continue
            kept += 1
            prediction: dict[str, Any] = {
                "prediction_id": entry.uuid,
                "frame_id": row.frame_id,
                "class_index": index,
                "confidence": entry.confidence,
            }
            if task == "detection":
                if entry.box is None:
                    raise entry.where(
                        f"a detection project needs {BOX} inferences", field="inference_data.label_type"
                    )
                prediction.update(zip(("x1", "y1", "x2", "y2"), entry.box, strict=True))
            predictions.append(prediction)
        if task == "classification" and kept > 1:
            raise row.where(
                f"a classification frame has one inference but got {kept}", field="inference_data"
            )
        for name, value in row.custom_metrics.items():
            metrics.setdefault(name, []).append(_metric_row(row, name, value, metric_types, n))
    schema = tables.CLASSIFICATION_PREDICTIONS if task == "classification" else tables.DETECTION_PREDICTIONS
    table = pa.Table.from_pylist(
        [{name: p.get(name) for name in schema.names} for p in predictions], schema=schema
    )
    embeddings = {}
    kept_ids = {p["prediction_id"] for p in predictions}
    crops = {key: value for key, value in crop_vectors.items() if key in kept_ids}
    for kind, vectors in (("frame", dict(frame_vectors)), ("crop", crops)):
        if vectors:
            embeddings[kind] = _vector_table(kind, vectors, source=source)
    custom = {
        name: pa.Table.from_pylist(values, schema=tables.CUSTOM_METRICS) for name, values in metrics.items()
    }
    return InferenceTables(table, embeddings, custom)


def _metric_row(
    row: InferenceRow, name: str, value: object, metric_types: Mapping[str, str], n: int
) -> dict[str, Any]:
    field_name = f"custom_metrics.{name}"
    kind = metric_types.get(name)
    if kind is None:
        known = ", ".join(metric_types) or "none"
        raise row.where(
            f"custom metric {name!r} is not defined by the project (defined: {known})", field=field_name
        )
    if kind == "objective":
        if isinstance(value, bool) or not isinstance(value, int | float) or not np.isfinite(value):
            raise row.where(f"expected a finite number but got {value!r}", field=field_name)
        return {"frame_id": row.frame_id, "objective": float(value), "confusion": None}
    matrix = np.asarray(value, dtype=object)
    if matrix.shape != (n, n):
        raise row.where(
            f"expected a {n} x {n} confusion matrix (the project's classes and background) "
            f"but got shape {matrix.shape}",
            field=field_name,
        )
    flat = matrix.ravel().tolist()
    if not all(
        isinstance(v, int | float) and not isinstance(v, bool) and v >= 0 and float(v).is_integer()
        for v in flat
    ):
        raise row.where("expected non-negative integer counts", field=field_name)
    return {"frame_id": row.frame_id, "objective": None, "confusion": [int(v) for v in flat]}
