"""Frame metadata from a side file (CSV or Parquet) keyed by ``frame_id``.

Every other column becomes a ``meta.<column>`` column of the frames table,
typed as the file gives it (int, float, bool or string; CSV types are
inferred). Frames the file does not mention get nulls.
"""

from __future__ import annotations

from collections.abc import Collection
from os import PathLike
from pathlib import Path

import pyarrow as pa

from reefscope.ingest.common import describe
from reefscope.ingest.errors import InputFileError
from reefscope.ingest.tabular import (
    metadata_columns,
    read_tabular,
    require_columns,
    row_locator,
    row_name,
    text_column,
)
from reefscope.store import tables


def read_frame_metadata(path: str | PathLike[str], *, frame_ids: Collection[str] | None = None) -> pa.Table:
    """Read a metadata side file into ``frame_id`` plus ``meta.*`` columns.

    With ``frame_ids`` (the dataset's frames) a row for another frame is an error.
    """
    file = Path(path)
    table = read_tabular(file, string_columns=("frame_id",))
    require_columns(table, file, ("frame_id",), expected="a frame_id column and one column per metadata key")
    keys = [name for name in table.column_names if name != "frame_id"]
    if not keys:
        raise InputFileError("expected metadata columns besides frame_id", source=describe(file))
    ids = text_column(table, "frame_id", file)
    seen: dict[str, int] = {}
    known = set(frame_ids) if frame_ids is not None else None
    for index, frame_id in enumerate(ids):
        where = row_locator(file, index, frame_id)
        if frame_id is None or not frame_id.strip():
            raise where("expected a frame id but the cell is empty", field="frame_id")
        if frame_id in seen:
            raise where(
                f"duplicate frame id {frame_id!r} (also on {row_name(file, seen[frame_id])})",
                field="frame_id",
            )
        seen[frame_id] = index
        if known is not None and frame_id not in known:
            raise where(f"metadata for frame {frame_id!r}, which the dataset does not have", field="frame_id")
    columns = {"frame_id": pa.chunked_array([pa.array(ids, pa.string())])}
    columns.update(metadata_columns(table, file, keys))
    return pa.table(columns)


def merge_frame_metadata(frames: pa.Table, metadata: pa.Table, *, source: str = "metadata") -> pa.Table:
    """Add the ``meta.*`` columns of ``metadata`` to ``frames``, matched by ``frame_id``.

    A key the frames already have (for example ``coco_id``) is an error, not an overwrite.
    """
    position = {frame_id: index for index, frame_id in enumerate(metadata.column("frame_id").to_pylist())}
    take = pa.array(
        [position.get(frame_id) for frame_id in frames.column("frame_id").to_pylist()], pa.int64()
    )
    merged = frames
    for name in metadata.column_names:
        if name == "frame_id":
            continue
        if name in frames.column_names:
            raise InputFileError(
                f"the frames already have metadata {name[len(tables.METADATA_PREFIX) :]!r}; "
                f"rename the column",
                source=source,
                field=name,
            )
        merged = merged.append_column(name, metadata.column(name).take(take))
    return merged
