"""Embeddings from ``.npy`` (with a sidecar ids file), ``.npz`` or Parquet.

Frame embeddings are keyed by frame id; crop embeddings by label id (a
dataset's) or prediction id (an inference set's). ``.npy`` holds an
``(n, d)`` array whose row ``i`` belongs to line ``i`` of the ids file
(default ``<name>.ids.txt`` beside it). ``.npz`` holds ``ids`` and
``vectors``. Parquet has an id column (``frame_id``, or ``crop_id`` /
``label_id`` / ``prediction_id``) and a ``vector`` list column or one
numeric column per dimension.
"""

from __future__ import annotations

import zipfile
from collections.abc import Collection, Sequence
from os import PathLike
from pathlib import Path

import numpy as np
import pyarrow as pa

from reefscope.ingest.common import Where, describe, locator, read_text
from reefscope.ingest.errors import InputFileError
from reefscope.ingest.tabular import PARQUET_SUFFIXES, read_tabular, row_locator, text_column
from reefscope.store import tables
from reefscope.store.records import EmbeddingKind

_CROP_ID_COLUMNS = ("crop_id", "label_id", "prediction_id")


def read_embeddings(
    path: str | PathLike[str],
    *,
    kind: EmbeddingKind,
    ids: str | PathLike[str] | Sequence[str] | None = None,
    known_ids: Collection[str] | None = None,
) -> pa.Table:
    """Read embeddings into ``frame_id|crop_id, vector`` (``tables.FRAME_EMBEDDINGS`` / ``CROP_EMBEDDINGS``).

    ``known_ids``: the ids vectors may belong to (frames, or label /
    prediction ids); another id is an error naming its row.
    """
    file = Path(path)
    suffix = file.suffix.lower()
    if suffix == ".npy":
        vectors = _load_array(file)
        keys = _sidecar_ids(file, ids)
    elif suffix == ".npz":
        keys, vectors = _load_npz(file)
    elif suffix in PARQUET_SUFFIXES:
        keys, vectors = _load_parquet(file, kind)
    else:
        raise InputFileError(
            f"expected a .npy, .npz or .parquet file but got {suffix!r}", source=describe(file)
        )
    source = describe(file)
    if vectors.ndim != 2 or vectors.shape[1] == 0:
        raise InputFileError(
            f"expected an (n, d) array of vectors but got shape {vectors.shape}", source=source
        )
    if not np.issubdtype(vectors.dtype, np.number) or np.issubdtype(vectors.dtype, np.complexfloating):
        raise InputFileError(f"expected real numbers but got dtype {vectors.dtype}", source=source)
    if len(keys) != len(vectors):
        raise InputFileError(
            f"{len(keys)} ids for {len(vectors)} vectors; expected one id per vector", source=source
        )
    _check_rows(file, keys, vectors, known_ids, frames=kind == "frame")
    schema = tables.FRAME_EMBEDDINGS if kind == "frame" else tables.CROP_EMBEDDINGS
    flat = pa.array(vectors.astype(np.float32).reshape(-1))
    offsets = pa.array(np.arange(0, len(flat) + 1, vectors.shape[1], dtype=np.int32))
    return pa.Table.from_arrays(
        [pa.array(keys, pa.string()), pa.ListArray.from_arrays(offsets, flat)], schema=schema
    )


def _check_rows(
    file: Path, keys: list[str], vectors: np.ndarray, known_ids: Collection[str] | None, *, frames: bool
) -> None:
    finite = np.isfinite(vectors.astype(np.float64)).all(axis=1) & (
        np.abs(vectors) <= np.finfo(np.float32).max
    ).all(axis=1)
    known = set(known_ids) if known_ids is not None else None
    seen: set[str] = set()
    for index, key in enumerate(keys):
        where = _where(file, index, key if frames else None)
        if not key:
            raise where("expected an id but got an empty one", field="id")
        if key in seen:
            raise where(f"duplicate id {key!r}", field="id")
        seen.add(key)
        if known is not None and key not in known:
            raise where(f"no frame, label or prediction has id {key!r}", field="id")
        if not finite[index]:
            raise where("expected finite values (within float32 range) in the vector", field="vector")


def _where(file: Path, index: int, key: str | None) -> Where:
    if file.suffix.lower() in PARQUET_SUFFIXES:
        return row_locator(file, index, key)
    return locator(describe(file), f"vector {index}", key)


def _load_array(file: Path) -> np.ndarray:
    try:
        array: np.ndarray = np.load(file, allow_pickle=False)
    except (ValueError, OSError, EOFError) as error:
        raise InputFileError(f"not a readable .npy array: {error}", source=describe(file)) from None
    return array


def _sidecar_ids(file: Path, ids: str | PathLike[str] | Sequence[str] | None) -> list[str]:
    if ids is not None and not isinstance(ids, str | PathLike):
        return [str(key) for key in ids]
    sidecar = Path(ids) if ids is not None else file.with_suffix(".ids.txt")
    if ids is None and not sidecar.exists():
        raise InputFileError(
            f"a .npy file needs its ids: one per line in {sidecar.name} beside it, or given explicitly",
            source=describe(file),
        )
    return [line.strip() for line in read_text(sidecar).splitlines() if line.strip()]


def _load_npz(file: Path) -> tuple[list[str], np.ndarray]:
    try:
        with np.load(file, allow_pickle=False) as archive:
            if "ids" not in archive or not ({"vectors", "embeddings"} & set(archive.files)):
                raise InputFileError(
                    f"expected arrays 'ids' and 'vectors' but got {sorted(archive.files)}",
                    source=describe(file),
                )
            keys = [str(key) for key in archive["ids"].tolist()]
            vectors = archive["vectors" if "vectors" in archive else "embeddings"]
    except (ValueError, OSError, EOFError, zipfile.BadZipFile) as error:
        raise InputFileError(f"not a readable .npz archive: {error}", source=describe(file)) from None
    return keys, vectors


def _load_parquet(file: Path, kind: EmbeddingKind) -> tuple[list[str], np.ndarray]:
    candidates = ("frame_id",) if kind == "frame" else _CROP_ID_COLUMNS
    table = read_tabular(file)
    key = next((name for name in candidates if name in table.column_names), None)
    if key is None:
        raise InputFileError(
            f"missing id column: expected one of {', '.join(candidates)}; "
            f"got {', '.join(table.column_names)}",
            source=describe(file),
            field=candidates[0],
        )
    keys = [value or "" for value in text_column(table, key, file)]
    vector_column = next((name for name in ("vector", "embedding") if name in table.column_names), None)
    if vector_column is not None:
        column = table.column(vector_column)
        try:
            vectors = np.asarray(column.to_pylist(), dtype=np.float64)
        except (TypeError, ValueError):
            raise InputFileError(
                "expected vectors of one length and numbers only", source=describe(file), field=vector_column
            ) from None
        return keys, vectors
    others = [name for name in table.column_names if name != key]
    if not others:
        raise InputFileError("expected a vector column or numeric columns", source=describe(file))
    try:
        vectors = np.column_stack(
            [table.column(name).to_numpy(zero_copy_only=False).astype(np.float64) for name in others]
        )
    except (TypeError, ValueError, pa.ArrowException):
        raise InputFileError("expected numeric vector columns", source=describe(file)) from None
    return keys, vectors
