"""Frames read back in the shape Aquarium's client rehydrates into ``LabeledFrame`` objects.

The client is strict about this shape (see the protocol notes): only known
keys, ``geo_data`` as a JSON string, sensor metadata limited to width and
height, no null user metadata.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

import pyarrow as pa

from reefscope.store import Project, Workspace, tables

_SYSTEM = ("device_id", "date_captured", "geo_lat", "geo_lon")
_WORLD = [
    {
        "coordinate_frame_id": "DEFAULT",
        "coordinate_frame_type": "IMAGE",
        "coordinate_frame_metadata": '{"parent_frame_id": "world"}',
    },
    {
        "coordinate_frame_id": "world",
        "coordinate_frame_type": "WORLD",
        "coordinate_frame_metadata": '{"parent_frame_id": null}',
    },
]


def frame_ids(workspace: Workspace, project: str, dataset: str) -> list[str]:
    ids: list[str] = (
        workspace.read_frames(project, dataset, columns=["frame_id"]).column("frame_id").to_pylist()
    )
    return ids


def frames(
    workspace: Workspace, project: str, dataset: str, wanted: Iterable[str] | None
) -> list[dict[str, Any]]:
    """The frames with ids in ``wanted`` (all when ``None``); unknown ids are left out."""
    with workspace.snapshot():
        record = workspace.get_project(project)
        frame_table = workspace.read_frames(project, dataset)
        label_table = workspace.read_labels(project, dataset)
    if wanted is not None:
        keep = pa.array(list(wanted), pa.string())
        frame_table = frame_table.filter(pa.compute.is_in(frame_table.column("frame_id"), value_set=keep))
        label_table = label_table.filter(pa.compute.is_in(label_table.column("frame_id"), value_set=keep))
    labels: dict[str, list[dict[str, Any]]] = {}
    for label in label_table.to_pylist():
        labels.setdefault(label["frame_id"], []).append(_label(record, label))
    stored = workspace.get_dataset(project, dataset).metadata.get("aquarium") or {}
    list_keys = set(stored.get("list_keys") or ())
    return [_frame(row, labels.get(row["frame_id"], []), list_keys) for row in frame_table.to_pylist()]


def _frame(row: dict[str, Any], labels: list[dict[str, Any]], list_keys: set[str]) -> dict[str, Any]:
    meta = {
        name[len(tables.METADATA_PREFIX) :]: value
        for name, value in row.items()
        if name.startswith(tables.METADATA_PREFIX)
    }
    sensor: list[dict[str, Any]] = []
    if row["image"] is not None:
        size = {key: row[key] for key in ("width", "height") if row[key] is not None}
        sensor.append(
            {
                "sensor_id": "DEFAULT",
                "sensor_type": "IMAGE_V0",
                "data_urls": {"image_url": row["image"]},
                "sensor_metadata": size,
                "date_captured": meta.get("date_captured"),
                "coordinate_frame": "DEFAULT",
                "mirror_asset": False,
            }
        )
    frame: dict[str, Any] = {
        "task_id": row["frame_id"],
        "date_captured": _iso(meta.get("date_captured")),
        "device_id": meta.get("device_id"),
        "coordinate_frames": _WORLD,
        "sensor_data": sensor,
        "label_data": labels,
    }
    if meta.get("geo_lat") is not None and meta.get("geo_lon") is not None:
        frame["geo_data"] = json.dumps(
            {"geo_EPSG4326_lat": meta["geo_lat"], "geo_EPSG4326_lon": meta["geo_lon"]}
        )
    for key, value in meta.items():
        if key in _SYSTEM or value is None:
            continue
        if key in list_keys and isinstance(value, str):
            value = json.loads(value)  # list-mode metadata is kept as JSON text
        frame[f"user__{key}"] = value
    return frame


def _iso(value: object) -> str | None:
    # The client writes naive local times with a space; ISO-8601 readers want the 'T'.
    if not isinstance(value, str):
        return None
    return value.replace(" ", "T", 1) if len(value) > 10 and value[10] == " " else value


def _label(project: Project, label: dict[str, Any]) -> dict[str, Any]:
    name = project.class_names[label["class_index"]]
    if "x1" not in label:
        return {
            "uuid": label["label_id"],
            "label_type": "CLASSIFICATION_2D",
            "label": name,
            "label_coordinate_frame": "DEFAULT",
            "attributes": {},
        }
    attributes = json.loads(label["attributes"]) if label.get("attributes") else {}
    attributes.update(
        left=label["x1"], top=label["y1"], width=label["x2"] - label["x1"], height=label["y2"] - label["y1"]
    )
    if label.get("iscrowd"):
        attributes["iscrowd"] = True
    return {
        "uuid": label["label_id"],
        "label_type": "BBOX_2D",
        "label": name,
        "label_coordinate_frame": "DEFAULT",
        "attributes": attributes,
    }
