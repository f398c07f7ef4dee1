"""The Arrow IPC embedding files of Aquarium's Python client.

Frame files carry ``frame_ids`` and ``frame_embeddings``; crop files carry
parallel ``crop_ids`` / ``crop_embeddings`` lists per row (the labeled crop
file has no frame column: row *n* belongs to row *n* of the batch's crop
JSONL). Ids come as ``string`` or ``large_string`` depending on the user's
pandas; a file with no crop embeddings at all is typed ``list<null>``. The
client fills a missing side with ``[0, 0, 0]`` placeholders, which mean "no
embedding" and are dropped.
"""

from __future__ import annotations

import math
from collections.abc import Iterator

import pyarrow as pa

from reefscope.ingest.common import locator
from reefscope.ingest.errors import InputFileError


def _table(data: bytes, *, source: str) -> pa.Table:
    try:
        return pa.ipc.open_file(pa.BufferReader(data)).read_all()
    except (pa.ArrowInvalid, OSError) as error:
        raise InputFileError(
            f"expected an Arrow IPC file but it cannot be read ({error})", source=source
        ) from None


def _is_placeholder(vector: list[float]) -> bool:
    return len(vector) == 3 and not any(vector)


def _vector(values: object, *, source: str, row: int, field: str, frame: str | None) -> list[float] | None:
    where = locator(source, f"row {row + 1}", frame)
    if values is None:
        return None
    if not isinstance(values, list) or not values:
        raise where(f"expected a non-empty list of numbers but got {values!r}", field=field)
    vector = []
    for value in values:
        if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
            raise where(f"expected finite numbers but got {value!r}", field=field)
        vector.append(float(value))
    return None if _is_placeholder(vector) else vector


def frame_vectors(data: bytes, *, source: str) -> Iterator[tuple[str, list[float]]]:
    """``(frame_id, vector)`` of a frame (or inference) embedding file, placeholders left out."""
    table = _table(data, source=source)
    if "frame_ids" not in table.column_names or "frame_embeddings" not in table.column_names:
        return
    for row, (frame_id, values) in enumerate(
        zip(table.column("frame_ids").to_pylist(), table.column("frame_embeddings").to_pylist(), strict=True)
    ):
        if not isinstance(frame_id, str):
            raise locator(source, f"row {row + 1}")(
                f"expected a frame id but got {frame_id!r}", field="frame_ids"
            )
        vector = _vector(values, source=source, row=row, field="frame_embeddings", frame=frame_id)
        if vector is not None:
            yield frame_id, vector


def crop_vectors(data: bytes, *, source: str) -> Iterator[tuple[str, list[float]]]:
    """``(crop_id, vector)`` of a crop embedding file (labels or inferences), placeholders left out."""
    table = _table(data, source=source)
    if "crop_ids" not in table.column_names or "crop_embeddings" not in table.column_names:
        return
    frames = table.column("frame_ids").to_pylist() if "frame_ids" in table.column_names else None
    for row, (ids, vectors) in enumerate(
        zip(table.column("crop_ids").to_pylist(), table.column("crop_embeddings").to_pylist(), strict=True)
    ):
        frame = frames[row] if frames is not None else None
        where = locator(source, f"row {row + 1}", frame)
        ids, vectors = ids or [], vectors or []
        if len(ids) != len(vectors):
            raise where(
                f"expected as many crop ids as embeddings but got {len(ids)} and {len(vectors)}",
                field="crop_embeddings",
            )
        for crop_id, values in zip(ids, vectors, strict=True):
            if not isinstance(crop_id, str):
                raise where(f"expected a crop id but got {crop_id!r}", field="crop_ids")
            vector = _vector(values, source=source, row=row, field="crop_embeddings", frame=frame)
            if vector is not None:
                yield crop_id, vector
