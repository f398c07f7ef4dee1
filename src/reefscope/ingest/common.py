"""Pieces every reader shares: decoding files, parsing numbers, class lists, accumulating
boxes and describing the dataset that predictions must fit (class tokens are resolved
by :mod:`reefscope.ingest.classes`)."""

from __future__ import annotations

import json
import math
from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass, field
from os import PathLike
from pathlib import Path
from typing import Any, Literal

import numpy as np
import pyarrow as pa

from reefscope.ingest.errors import InputFileError
from reefscope.store import tables

NewClasses = Literal["error", "extend"]
ClassList = Sequence[str] | str | PathLike[str]
Where = Callable[..., InputFileError]


def locator(source: str, location: str | None = None, frame: str | None = None) -> Where:
    """A factory of errors at one place of one file: ``where("message", field="x")``."""

    def where(message: str, *, field: str | None = None, frame: str | None = frame) -> InputFileError:
        return InputFileError(message, source=source, location=location, frame=frame, field=field)

    return where


def describe(path: Path) -> str:
    """How a file is named in messages."""
    return str(path)


def read_bytes(path: Path) -> bytes:
    """The bytes of ``path``; a missing or unreadable file is an input error."""
    try:
        return path.read_bytes()
    except IsADirectoryError:
        raise InputFileError("expected a file but got a directory", source=describe(path)) from None
    except OSError as error:
        raise InputFileError(f"cannot read the file: {error.strerror}", source=describe(path)) from None


def decode(data: bytes, *, source: str) -> str:
    """``data`` as UTF-8 text (a byte-order mark is allowed); names the line of a bad byte."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        raise InputFileError(
            f"expected UTF-8 text but got byte 0x{data[error.start]:02x}",
            source=source,
            location=f"line {line}",
        ) from None


def read_text(path: Path) -> str:
    """The UTF-8 text of ``path``."""
    return decode(read_bytes(path), source=describe(path))


def load_json(path: Path) -> Any:
    """Parse a JSON file; an empty, truncated or malformed file names the line and column."""
    text = read_text(path)
    if not text.strip():
        raise InputFileError("the file is empty; expected JSON", source=describe(path))
    try:
        return json.loads(text, parse_constant=_non_finite_constant)
    except json.JSONDecodeError as error:
        raise InputFileError(
            f"malformed JSON: {error.msg}",
            source=describe(path),
            location=f"line {error.lineno}, column {error.colno}",
        ) from None


def _non_finite_constant(name: str) -> float:
    # json accepts NaN and Infinity, which are not JSON: keep them as the non-finite
    # numbers they are, for parse_float to refuse with the JSON path of the value.
    return math.nan if name == "NaN" else (math.inf if name == "Infinity" else -math.inf)


def parse_float(token: object, *, field: str, where: Where) -> float:
    """A finite number from a text token or a JSON value."""
    if token is None:
        raise where("expected a number but the value is missing", field=field)
    if isinstance(token, bool):
        raise where(f"expected a number but got {token!r}", field=field)
    try:
        value = float(token)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        raise where(f"expected a number but got {token!r}", field=field) from None
    if not math.isfinite(value):
        raise where(f"expected a finite number but got {token!r}", field=field)
    return value


def parse_int(token: object, *, field: str, where: Where) -> int:
    """An integer from a text token or a JSON value (``3.0`` is accepted, ``3.5`` is not)."""
    if isinstance(token, bool):
        raise where(f"expected an integer but got {token!r}", field=field)
    if isinstance(token, int):
        return token
    if isinstance(token, str):
        try:
            return int(token)
        except ValueError:
            pass
    if isinstance(token, float | str):
        try:
            value = float(token)
        except ValueError:
            value = math.nan
        if math.isfinite(value) and value == int(value):
            return int(value)
    raise where(f"expected an integer but got {token!r}", field=field)


def parse_confidence(token: object, *, where: Where, field: str = "confidence") -> float:
    """A confidence: a finite number in [0, 1]."""
    value = parse_float(token, field=field, where=where)
    if not 0.0 <= value <= 1.0:
        raise where(f"expected a confidence in [0, 1] but got {token!r}", field=field)
    return value


def check_box(box: Sequence[float], *, where: Where) -> None:
    """Raise unless ``x1 <= x2`` and ``y1 <= y2`` (coordinates already finite)."""
    x1, y1, x2, y2 = box
    if x2 < x1:
        raise where(f"expected x2 >= x1 but got x1={x1:g}, x2={x2:g}", field="x2")
    if y2 < y1:
        raise where(f"expected y2 >= y1 but got y1={y1:g}, y2={y2:g}", field="y2")


def load_class_list(classes: ClassList, *, field: str = "classes") -> tuple[str, ...]:
    """A class list given as names or as a file with one name per line (blank lines ignored)."""
    if isinstance(classes, str | PathLike):
        path = Path(classes)
        names = [line.strip() for line in read_text(path).splitlines()]
        names = [name for name in names if name]
        if not names:
            raise InputFileError(
                "expected one class name per line but the file has none", source=describe(path)
            )
        repeated = next((name for name in names if names.count(name) > 1), None)
        if repeated is not None:
            raise InputFileError(f"class {repeated!r} appears more than once", source=describe(path))
        return tuple(names)
    names = list(classes)
    if not all(isinstance(name, str) and name for name in names):
        raise InputFileError("expected class names as non-empty strings", source=field)
    return tuple(names)


def optional_class_list(classes: ClassList | None, *, field: str = "classes") -> tuple[str, ...] | None:
    """:func:`load_class_list`, passing ``None`` through."""
    return None if classes is None else load_class_list(classes, field=field)


def names_file(classes: ClassList | None) -> Path | None:
    """The path of a class list given as a file, else ``None``."""
    return Path(classes) if isinstance(classes, str | PathLike) else None


@dataclass
class BoxRows:
    """Accumulates detection labels or predictions row by row."""

    kind: Literal["labels", "predictions"]
    ids: list[str] = field(default_factory=list)
    frame_ids: list[str] = field(default_factory=list)
    class_index: list[int] = field(default_factory=list)
    boxes: list[Sequence[float]] = field(default_factory=list)
    confidence: list[float] = field(default_factory=list)
    iscrowd: list[bool] = field(default_factory=list)
    area: list[float | None] = field(default_factory=list)
    difficult: list[bool] = field(default_factory=list)
    attributes: list[str | None] = field(default_factory=list)
    _per_frame: dict[str, int] = field(default_factory=dict)

    def next_id(self, frame_id: str) -> str:
        """The deterministic id of the next box of ``frame_id``: ``<frame>:gt:<n>`` or ``:pred:``."""
        count = self._per_frame.get(frame_id, 0)
        self._per_frame[frame_id] = count + 1
        return f"{frame_id}:{'gt' if self.kind == 'labels' else 'pred'}:{count}"

    def add(
        self,
        frame_id: str,
        class_index: int,
        box: Sequence[float],
        *,
        box_id: str | None = None,
        confidence: float = 1.0,
        iscrowd: bool = False,
        area: float | None = None,
        difficult: bool = False,
        attributes: Mapping[str, Any] | None = None,
    ) -> None:
        """Append one box (``x1, y1, x2, y2`` pixels)."""
        self.ids.append(box_id if box_id is not None else self.next_id(frame_id))
        self.frame_ids.append(frame_id)
        self.class_index.append(class_index)
        self.boxes.append(box)
        self.confidence.append(confidence)
        self.iscrowd.append(iscrowd)
        self.area.append(area)
        self.difficult.append(difficult)
        self.attributes.append(json.dumps(attributes, sort_keys=True) if attributes else None)

    def table(self, class_index: np.ndarray) -> pa.Table:
        """The rows as a table in the store's schema, with final ``class_index``."""
        boxes = np.asarray(self.boxes, dtype=np.float64).reshape(-1, 4)
        columns: dict[str, Any] = {
            ("label_id" if self.kind == "labels" else "prediction_id"): self.ids,
            "frame_id": self.frame_ids,
            "class_index": class_index.astype(np.int32),
            "x1": boxes[:, 0],
            "y1": boxes[:, 1],
            "x2": boxes[:, 2],
            "y2": boxes[:, 3],
        }
        if self.kind == "labels":
            columns.update(
                iscrowd=self.iscrowd, area=self.area, difficult=self.difficult, attributes=self.attributes
            )
            return pa.table(columns, schema=tables.DETECTION_LABELS)
        columns["confidence"] = self.confidence
        return pa.table(columns, schema=tables.DETECTION_PREDICTIONS)

    def provisional_classes(self) -> np.ndarray:
        """The class indices as given to :meth:`add` (before :meth:`ClassResolver.finish`)."""
        return np.asarray(self.class_index, dtype=np.int64)


@dataclass
class FrameRows:
    """Accumulates frames (id, image, size, metadata) row by row, refusing duplicate ids."""

    source: str
    frame_ids: list[str] = field(default_factory=list)
    images: list[str | None] = field(default_factory=list)
    widths: list[int | None] = field(default_factory=list)
    heights: list[int | None] = field(default_factory=list)
    metadata: dict[str, list[Any]] = field(default_factory=dict)
    _seen: dict[str, object] = field(default_factory=dict)

    def add(
        self,
        frame_id: str,
        *,
        image: str | None,
        width: int | None,
        height: int | None,
        where: Where,
        origin: object = "",
        metadata: Mapping[str, Any] | None = None,
    ) -> None:
        """Append one frame; ``origin`` (str()-able) says where it came from, for the duplicate message."""
        if frame_id in self._seen:
            raise where(
                f"duplicate frame id {frame_id!r} (also from {self._seen[frame_id]})",
                frame=frame_id,
                field="frame_id",
            )
        self._seen[frame_id] = origin or frame_id
        for key, value in (metadata or {}).items():
            self.metadata.setdefault(key, [None] * len(self.frame_ids)).append(value)
        self.frame_ids.append(frame_id)
        self.images.append(image)
        self.widths.append(width)
        self.heights.append(height)
        for values in self.metadata.values():
            if len(values) < len(self.frame_ids):
                values.append(None)

    def __contains__(self, frame_id: object) -> bool:
        return frame_id in self._seen

    def table(self) -> pa.Table:
        """The frames table (``tables.FRAMES`` plus ``meta.*`` columns)."""
        columns = [
            pa.array(self.frame_ids, pa.string()),
            pa.array(self.images, pa.string()),
            pa.array(self.widths, pa.int32()),
            pa.array(self.heights, pa.int32()),
        ]
        fields = list(tables.FRAMES)
        for key, values in self.metadata.items():
            array = pa.array(values)
            columns.append(array)
            fields.append(pa.field(f"{tables.METADATA_PREFIX}{key}", array.type))
        return pa.Table.from_arrays(columns, schema=pa.schema(fields))


@dataclass(frozen=True)
class DatasetFrames:
    """What inference readers need to know about the dataset: its frames, sizes and COCO ids."""

    ids: frozenset[str]
    sizes: Mapping[str, tuple[int | None, int | None]]
    coco_ids: Mapping[int, str]

    @classmethod
    def from_table(cls, frames: pa.Table) -> DatasetFrames:
        """Describe a frames table read from the store."""
        frame_ids = frames.column("frame_id").to_pylist()
        widths = (
            frames.column("width").to_pylist() if "width" in frames.column_names else [None] * len(frame_ids)
        )
        heights = (
            frames.column("height").to_pylist()
            if "height" in frames.column_names
            else [None] * len(frame_ids)
        )
        coco_column = f"{tables.METADATA_PREFIX}coco_id"
        coco_ids: dict[int, str] = {}
        if coco_column in frames.column_names:
            coco_ids = {
                int(coco_id): frame_id
                for coco_id, frame_id in zip(frames.column(coco_column).to_pylist(), frame_ids, strict=True)
                if coco_id is not None
            }
        return cls(
            ids=frozenset(frame_ids),
            sizes=dict(zip(frame_ids, zip(widths, heights, strict=True), strict=True)),
            coco_ids=coco_ids,
        )


def check_known_frame(frame_id: str, frames: DatasetFrames | Collection[str] | None, *, where: Where) -> None:
    """Raise when predictions name a frame the dataset does not have."""
    if frames is None:
        return
    ids = frames.ids if isinstance(frames, DatasetFrames) else frames
    if frame_id not in ids:
        raise where(
            f"predictions for frame {frame_id!r}, which the dataset does not have",
            frame=frame_id,
            field="frame_id",
        )
