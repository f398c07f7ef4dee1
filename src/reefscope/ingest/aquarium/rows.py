"""Rows of the JSONL files that Aquarium's Python client uploads, parsed and validated.

Three kinds of file: frames (one row per frame: id, sensors, metadata), crops
(one row per frame: its labels) and inferences (one row per frame: its
predictions). Every problem names the uploaded file, the line, the frame and
the field, the way every other reader of this package does.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from reefscope.ingest.common import Where, locator, parse_confidence, parse_float
from reefscope.ingest.errors import InputFileError

USER_PREFIX = "user__"
BOX = "BBOX_2D"
CLASSIFICATION = "CLASSIFICATION_2D"
SUPPORTED_LABEL_TYPES = (BOX, CLASSIFICATION)
_METADATA_TYPES = {"str": str, "int": int, "float": float, "bool": bool}


@dataclass
class Entry:
    """One label or inference: its uuid, class name, box (x1, y1, x2, y2) and attributes."""

    uuid: str
    frame_id: str
    label_type: str
    class_name: str | None
    box: tuple[float, float, float, float] | None
    confidence: float | None
    attributes: dict[str, Any]
    change: str
    where: Where


@dataclass
class FrameRow:
    """One frame of a labeled upload."""

    frame_id: str
    change: str
    image: str | None
    width: int | None
    height: int | None
    metadata: dict[str, Any]
    explicit_keys: tuple[str, ...] | None
    where: Where
    list_keys: tuple[str, ...] = ()
    entries: list[Entry] = field(default_factory=list)


@dataclass
class InferenceRow:
    """One frame of an inference upload."""

    frame_id: str
    entries: list[Entry]
    custom_metrics: dict[str, Any]
    where: Where


def lines(data: bytes, *, source: str) -> Iterator[tuple[dict[str, Any], Where]]:
    """Each JSON object of a JSONL file with an error factory for its line."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        bad_line = data.count(b"\n", 0, error.start) + 1
        raise InputFileError("expected UTF-8 text", source=source, location=f"line {bad_line}") from None
    for number, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            continue
        where = locator(source, f"line {number}")
        try:
            # Python's json accepts NaN/Infinity, which the client writes for unchecked custom metrics.
            row = json.loads(line)
        except json.JSONDecodeError as error:
            raise where(f"malformed JSON: {error.msg} (column {error.colno})") from None
        if not isinstance(row, dict):
            raise where(f"expected a JSON object but got {type(row).__name__}")
        yield row, where


def _frame_id(row: dict[str, Any], where: Where) -> tuple[str, Where]:
    frame_id = row.get("task_id")
    if not isinstance(frame_id, str) or not frame_id:
        raise where(f"expected a frame id string but got {frame_id!r}", field="task_id")
    return frame_id, _at_frame(where, frame_id)


def _at_frame(where: Where, frame_id: str) -> Where:
    def framed(message: str, *, field: str | None = None, frame: str | None = frame_id) -> InputFileError:
        return where(message, field=field, frame=frame)

    return framed


def read_frames(data: bytes, *, source: str) -> list[FrameRow]:
    """The frames of a frame JSONL file."""
    return [_frame_row(row, where) for row, where in lines(data, source=source)]


def _frame_row(row: dict[str, Any], where: Where) -> FrameRow:
    frame_id, where = _frame_id(row, where)
    sensors = row.get("sensor_data") or []
    if not isinstance(sensors, list):
        raise where("expected a list of sensors", field="sensor_data")
    images = [
        sensor for sensor in sensors if isinstance(sensor, dict) and sensor.get("sensor_type") == "IMAGE_V0"
    ]
    others = [sensor.get("sensor_type") for sensor in sensors if sensor not in images]
    if others or len(images) > 1:
        raise where(
            "reefscope stores one image per frame; this frame has sensors "
            f"{[*others, *['IMAGE_V0'] * len(images)]}",
            field="sensor_data",
        )
    image = width = height = None
    if images:
        urls = images[0].get("data_urls") or {}
        image = urls.get("image_url")
        if not isinstance(image, str) or not image:
            raise where(f"expected an image URL but got {image!r}", field="sensor_data.data_urls.image_url")
        size = images[0].get("sensor_metadata") or {}
        width, height = (_size(size.get(key), key, where) for key in ("width", "height"))
    metadata = _user_metadata(row, where)
    for key, name in (("device_id", "device_id"), ("date_captured", "date_captured")):
        value = row.get(key)
        if isinstance(value, str) and value:
            metadata.setdefault(name, value)
    geo = row.get("geo_data") or {}
    if isinstance(geo, dict) and "geo_EPSG4326_lat" in geo:
        metadata.setdefault("geo_lat", parse_float(geo["geo_EPSG4326_lat"], field="geo_data", where=where))
        metadata.setdefault(
            "geo_lon", parse_float(geo.get("geo_EPSG4326_lon"), field="geo_data", where=where)
        )
    explicit = row.get("explicitly_set_keys")
    return FrameRow(
        frame_id=frame_id,
        change=_change(row, where),
        image=image,
        width=width,
        height=height,
        metadata=metadata,
        explicit_keys=tuple(explicit) if isinstance(explicit, list) else None,
        where=where,
        list_keys=tuple(
            name[len(USER_PREFIX) :]
            for name, mode in (row.get("user_metadata_modes") or {}).items()
            if mode == "list"
        ),
    )


def _size(value: object, key: str, where: Where) -> int | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or value <= 0:
        raise where(f"expected a positive integer size but got {value!r}", field=f"sensor_metadata.{key}")
    return value


def _change(row: dict[str, Any], where: Where) -> str:
    change = row.get("change", "ADD")
    if change not in ("ADD", "MODIFY"):
        raise where(f"expected change 'ADD' or 'MODIFY' but got {change!r}", field="change")
    return str(change)


def _user_metadata(row: dict[str, Any], where: Where) -> dict[str, Any]:
    """``user__<key>`` fields, checked against their declared types; lists kept as JSON text."""
    types = row.get("user_metadata_types") or {}
    modes = row.get("user_metadata_modes") or {}
    metadata: dict[str, Any] = {}
    for name, value in row.items():
        if not name.startswith(USER_PREFIX):
            continue
        declared = types.get(name)
        expected = _METADATA_TYPES.get(declared) if declared is not None else None
        values = value if modes.get(name) == "list" else [value]
        if not isinstance(values, list):
            raise where(f"expected a list (mode 'list') but got {value!r}", field=name)
        for item in values:
            if item is None:
                continue
            fits = isinstance(item, expected) if expected is not None else isinstance(item, str | int | float)
            if expected is float and isinstance(item, int) and not isinstance(item, bool):
                fits = True
            if expected is int and isinstance(item, bool):
                fits = False
            if not fits:
                raise where(f"expected a {declared} value but got {item!r}", field=name)
            if isinstance(item, float) and not math.isfinite(item):
                raise where(f"expected a finite number but got {item!r}", field=name)
        key = name[len(USER_PREFIX) :]
        if modes.get(name) == "list":
            metadata[key] = json.dumps(value)
        elif expected is float and value is not None:
            metadata[key] = float(value)
        else:
            metadata[key] = value
    return metadata


def read_crops(data: bytes, *, source: str, frames: dict[str, FrameRow]) -> None:
    """Attach the labels of a crop JSONL file to the frames of the same batch."""
    for row, where in lines(data, source=source):
        frame_id, where = _frame_id(row, where)
        frame = frames.get(frame_id)
        if frame is None:
            raise where(
                f"labels for frame {frame_id!r}, which this upload's frame files do not have", field="task_id"
            )
        entries = row.get("label_data")
        if not isinstance(entries, list):
            raise where("expected a list of labels", field="label_data")
        frame.entries.extend(
            _entry(item, index, frame_id, where, inference=False) for index, item in enumerate(entries)
        )


def read_inferences(data: bytes, *, source: str) -> list[InferenceRow]:
    """The rows of an inference JSONL file."""
    rows = []
    for row, where in lines(data, source=source):
        frame_id, where = _frame_id(row, where)
        entries = row.get("inference_data")
        if not isinstance(entries, list):
            raise where("expected a list of inferences", field="inference_data")
        metrics = row.get("custom_metrics") or {}
        if not isinstance(metrics, dict):
            raise where("expected an object of custom metrics", field="custom_metrics")
        rows.append(
            InferenceRow(
                frame_id=frame_id,
                entries=[
                    _entry(item, index, frame_id, where, inference=True) for index, item in enumerate(entries)
                ],
                custom_metrics=metrics,
                where=where,
            )
        )
    return rows


def _entry(item: object, index: int, frame_id: str, where: Where, *, inference: bool) -> Entry:
    prefix = f"{'inference_data' if inference else 'label_data'}[{index}]"
    if not isinstance(item, dict):
        raise where("expected an object", field=prefix)
    uuid = item.get("uuid")
    if not isinstance(uuid, str) or not uuid:
        raise where(f"expected a uuid string but got {uuid!r}", field=f"{prefix}.uuid")
    change = _change(item, where)
    label_type = item.get("label_type")
    if change == "ADD" and label_type not in SUPPORTED_LABEL_TYPES:
        raise where(
            f"reefscope evaluates {' and '.join(SUPPORTED_LABEL_TYPES)} labels but got {label_type!r}",
            field=f"{prefix}.label_type",
        )
    attributes = item.get("attributes") or {}
    if isinstance(attributes, str):
        attributes = json.loads(attributes)
    if not isinstance(attributes, dict):
        raise where("expected an object", field=f"{prefix}.attributes")
    class_name = item.get("label")
    if class_name is not None and not isinstance(class_name, str):
        raise where(f"expected a class name but got {class_name!r}", field=f"{prefix}.label")
    box = None
    if label_type == BOX and (change == "ADD" or "left" in attributes):
        left, top, width, height = (
            parse_float(attributes.get(key), field=f"{prefix}.attributes.{key}", where=where)
            for key in ("left", "top", "width", "height")
        )
        if width < 0 or height < 0:
            raise where(
                f"expected a non-negative width and height but got {width:g} x {height:g}",
                field=f"{prefix}.attributes",
            )
        box = (left, top, left + width, top + height)
    confidence = None
    if inference:
        confidence = parse_confidence(
            attributes.get("confidence"), field=f"{prefix}.attributes.confidence", where=where
        )
    kept = {
        key: value
        for key, value in attributes.items()
        if key not in ("left", "top", "width", "height", "confidence")
    }
    return Entry(
        uuid=uuid,
        frame_id=frame_id,
        label_type=str(label_type),
        class_name=class_name,
        box=box,
        confidence=confidence,
        attributes=kept,
        change=change,
        where=where,
    )
