"""Custom per-frame metrics (an objective and/or a confusion matrix) from CSV, Parquet or JSON.

Columns (or JSON keys): ``frame_id``, ``objective`` (a number), ``confusion``
(a (K+1) x (K+1) matrix of counts, ground truth on rows and background last,
nested or flattened row-major; in CSV written as JSON text). JSON files hold
a list of such objects, or an object mapping frame ids to them.
"""

from __future__ import annotations

import json
from collections.abc import Collection
from functools import partial
from os import PathLike
from pathlib import Path
from typing import Any

import pyarrow as pa

from reefscope.ingest.common import Where, describe, load_json, locator, parse_float, parse_int
from reefscope.ingest.errors import InputFileError
from reefscope.ingest.tabular import read_tabular, require_columns, row_locator
from reefscope.store import tables

_EXPECTED = "a frame_id column and an objective and/or a confusion column"


def read_custom_metrics(path: str | PathLike[str], *, frame_ids: Collection[str], n_classes: int) -> pa.Table:
    """Read per-frame custom metrics for a dataset's ``frame_ids`` and ``n_classes`` classes."""
    file = Path(path)
    records = _json_records(file) if file.suffix.lower() == ".json" else _table_records(file)
    known = set(frame_ids)
    seen: set[str] = set()
    rows: dict[str, list[Any]] = {"frame_id": [], "objective": [], "confusion": []}
    for record, where in records:
        frame_id = record.get("frame_id")
        if not isinstance(frame_id, str) or not frame_id.strip():
            raise where(f"expected a frame id but got {frame_id!r}", field="frame_id")
        if frame_id not in known:
            raise where(
                f"metrics for frame {frame_id!r}, which the dataset does not have",
                frame=frame_id,
                field="frame_id",
            )
        if frame_id in seen:
            raise where(f"duplicate frame id {frame_id!r}", frame=frame_id, field="frame_id")
        seen.add(frame_id)
        where = partial(where, frame=frame_id)
        objective = record.get("objective")
        confusion = record.get("confusion")
        if objective is None and confusion is None:
            raise where(
                "expected an objective or a confusion matrix but got neither",
                frame=frame_id,
                field="objective",
            )
        rows["frame_id"].append(frame_id)
        rows["objective"].append(
            None if objective is None else parse_float(objective, field="objective", where=where)
        )
        rows["confusion"].append(None if confusion is None else _matrix(confusion, n_classes, where))
    if not rows["frame_id"]:
        raise InputFileError(f"no metrics in the file; expected {_EXPECTED}", source=describe(file))
    return pa.table(rows, schema=tables.CUSTOM_METRICS)


def _json_records(file: Path) -> list[tuple[dict[str, Any], Where]]:
    document = load_json(file)
    source = describe(file)
    if isinstance(document, dict) and isinstance(document.get("frames"), list):
        document = document["frames"]
    if isinstance(document, dict):
        items = [
            (
                {**value, "frame_id": key} if isinstance(value, dict) else value,
                locator(source, f"[{key!r}]", key),
            )
            for key, value in document.items()
        ]
    elif isinstance(document, list):
        items = [(value, locator(source, f"[{index}]")) for index, value in enumerate(document)]
    else:
        raise InputFileError(
            f"expected a JSON list or object of per-frame metrics; {_EXPECTED}", source=source
        )
    for value, where in items:
        if not isinstance(value, dict):
            raise where(f"expected an object but got {type(value).__name__}")
    return items


def _table_records(file: Path) -> list[tuple[dict[str, Any], Where]]:
    table = read_tabular(file, string_columns=("frame_id", "confusion"))
    require_columns(table, file, ("frame_id",), expected=_EXPECTED)
    unexpected = [name for name in table.column_names if name not in ("frame_id", "objective", "confusion")]
    if unexpected or table.num_columns < 2:
        raise InputFileError(
            f"unexpected column {unexpected[0]!r}; expected {_EXPECTED}"
            if unexpected
            else f"expected {_EXPECTED}",
            source=describe(file),
            field=unexpected[0] if unexpected else None,
        )
    records = []
    for index, record in enumerate(table.to_pylist()):
        where = row_locator(file, index, record.get("frame_id"))
        confusion = record.get("confusion")
        if isinstance(confusion, str):
            try:
                record["confusion"] = json.loads(confusion) if confusion.strip() else None
            except json.JSONDecodeError as error:
                raise where(f"expected the matrix as JSON text: {error.msg}", field="confusion") from None
        records.append((record, where))
    return records


def _matrix(value: Any, n_classes: int, where: Where) -> list[int]:
    size = n_classes + 1
    if isinstance(value, list) and value and all(isinstance(row, list) for row in value):
        if len(value) != size or any(len(row) != size for row in value):
            raise where(
                f"expected a {size} x {size} matrix (the {n_classes} classes and background)",
                field="confusion",
            )
        value = [count for row in value for count in row]
    if not isinstance(value, list) or len(value) != size * size:
        raise where(
            f"expected a {size} x {size} matrix (the {n_classes} classes and background) or its "
            f"{size * size} counts",
            field="confusion",
        )
    counts = [parse_int(count, field="confusion", where=where) for count in value]
    if any(count < 0 for count in counts):
        raise where("expected non-negative counts", field="confusion")
    return counts
