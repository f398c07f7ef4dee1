"""An inference set's labels and predictions as Parquet partitioned by frame.

Every partition holds whole frames (a contiguous range of frame positions), so
matching never crosses a partition and a cluster worker can evaluate one from
its two files alone. The files live in the workspace (``data/<content_id>/``,
collected like any other write) or under any fsspec URL (``s3://``, ``gs://``,
``abfs://``, ``file://``); the catalog's ``partitions`` row records where.

As with every write, the row commits last: until it does, no reader sees the
files, and a failed write leaves the catalog as it was.

Partition files carry the global row number of each label or prediction
(``row``) and its frame position (``frame``), so results computed on a
partition translate back to the whole set without a look-up.
"""

from __future__ import annotations

import itertools
import json
import uuid
from collections.abc import Iterator
from dataclasses import dataclass

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq

from reefscope.store import catalog
from reefscope.store.core import WorkspaceCore
from reefscope.store.errors import InvalidInputError, StoreError

LABEL_COLUMNS = ("row", "frame", "class_index", "x1", "y1", "x2", "y2", "iscrowd", "area")
PREDICTION_COLUMNS = ("row", "frame", "class_index", "x1", "y1", "x2", "y2", "confidence")


class PartitionReadError(StoreError):
    """A partition file could not be read; the message names the file."""


@dataclass(frozen=True)
class PartitionFiles:
    """One partition: frames ``[frame_start, frame_stop)`` and the URLs of their two tables."""

    index: int
    frame_start: int
    frame_stop: int
    labels: str
    predictions: str
    n_labels: int
    n_predictions: int


@dataclass(frozen=True)
class PartitionLayout:
    """Where one version of an inference set (and its dataset) is stored partitioned."""

    dataset_content_id: str
    inference_content_id: str
    frames_per_partition: int
    root: str
    parts: tuple[PartitionFiles, ...]
    content_id: str

    @property
    def n_frames(self) -> int:
        return self.parts[-1].frame_stop if self.parts else 0


def frame_bounds(n_frames: int, frames_per_partition: int) -> np.ndarray:
    """``[0, N, 2N, ..., n_frames]``: partition ``i`` holds frames ``bounds[i]:bounds[i + 1]``.

    >>> frame_bounds(5, 2).tolist()
    [0, 2, 4, 5]
    >>> frame_bounds(0, 3).tolist()
    [0, 0]
    """
    if isinstance(frames_per_partition, bool) or int(frames_per_partition) < 1:
        raise InvalidInputError(
            "Expected argument `frames_per_partition` to be a positive integer "
            f"but got {frames_per_partition!r}"
        )
    bounds = np.arange(0, n_frames, int(frames_per_partition), dtype=np.int64)
    return np.r_[bounds, n_frames] if n_frames else np.array([0, 0], dtype=np.int64)


def check_bounds(bounds: np.ndarray, n_frames: int) -> np.ndarray:
    """Validated partition bounds: start at 0, end at ``n_frames``, never decrease (empty parts are fine)."""
    array = np.asarray(bounds, dtype=np.int64).reshape(-1)
    if len(array) < 2 or array[0] != 0 or array[-1] != n_frames or (np.diff(array) < 0).any():
        raise InvalidInputError(
            f"expected partition bounds rising from 0 to {n_frames} but got {array.tolist()}",
            source="bounds",
        )
    return array


def split_by_frame(table: pa.Table, bounds: np.ndarray) -> Iterator[pa.Table]:
    """The rows of each partition, by frame then by ``row`` (so in-frame order is the input order)."""
    frames = table.column("frame").to_numpy()
    order = np.lexsort((table.column("row").to_numpy(), frames))
    cuts = np.searchsorted(frames[order], bounds, side="left")
    for start, stop in itertools.pairwise(cuts):
        yield table.take(pa.array(order[start:stop]))


def _join(root: str, name: str) -> str:
    return f"{root.rstrip('/')}/{name}"


def _write_parquet(url: str, table: pa.Table) -> None:
    import fsspec  # only layouts need it: an optional dependency (reefscope[distributed])

    with fsspec.open(url, "wb") as handle:
        pq.write_table(table, handle, compression="zstd")


def read_partition_table(url: str, columns: tuple[str, ...]) -> pa.Table:
    """Read one partition file, naming it in the error when it is missing or unreadable."""
    import fsspec

    try:
        with fsspec.open(url, "rb") as handle:
            table = pq.read_table(handle, columns=list(columns))
    except Exception as error:  # any fsspec backend or Parquet failure: report the file
        raise PartitionReadError(f"cannot read partition file {url}: {error}") from error
    return table


def write_partition_files(
    root: str, labels: pa.Table, predictions: pa.Table, bounds: np.ndarray
) -> tuple[PartitionFiles, ...]:
    """Write the partitions under ``root`` (a directory or fsspec URL) without a catalog row."""
    bounds = np.asarray(bounds, dtype=np.int64)
    parts = PartitionsMixin._write_parts(root, "", labels, predictions, bounds)[1:]
    return tuple(PartitionFiles(index=i, **part) for i, part in enumerate(parts))  # type: ignore[arg-type]


class PartitionsMixin(WorkspaceCore):
    """Writing and finding partitioned layouts of an inference set."""

    def write_partitions(
        self,
        project: str,
        dataset: str,
        inference_set: str,
        *,
        labels: pa.Table,
        predictions: pa.Table,
        bounds: np.ndarray,
        frames_per_partition: int,
        root: str | None = None,
    ) -> PartitionLayout:
        """Store ``labels`` and ``predictions`` (partition schema) split at ``bounds``.

        Replaces the inference set's earlier layout, if any.

        ``root`` is an fsspec URL or directory; by default the files go into the workspace.
        """
        with self._read() as connection:
            inference_row = self._inference_set_row(connection, project, dataset, inference_set)
            dataset_row = self._dataset_row(connection, project, dataset)
        bounds = check_bounds(bounds, int(dataset_row["frame_count"]))
        if root is None:
            with self._staged_write() as staging:
                layout = self._write_parts(
                    str(staging.directory), staging.content_id, labels, predictions, bounds
                )
                self._commit_layout(inference_row, dataset_row, layout, frames_per_partition)
        else:
            content_id = uuid.uuid4().hex
            layout = self._write_parts(_join(root, content_id), content_id, labels, predictions, bounds)
            self._commit_layout(inference_row, dataset_row, layout, frames_per_partition)
        found = self.find_partitions(project, dataset, inference_set)
        assert found is not None  # just committed
        return found

    @staticmethod
    def _write_parts(
        root: str, content_id: str, labels: pa.Table, predictions: pa.Table, bounds: np.ndarray
    ) -> list[dict[str, object]]:
        parts: list[dict[str, object]] = []
        pieces = zip(split_by_frame(labels, bounds), split_by_frame(predictions, bounds), strict=True)
        for index, (label_part, prediction_part) in enumerate(pieces):
            label_url = _join(root, f"part-{index:05d}.labels.parquet")
            prediction_url = _join(root, f"part-{index:05d}.predictions.parquet")
            _write_parquet(label_url, label_part.select(list(LABEL_COLUMNS)))
            _write_parquet(prediction_url, prediction_part.select(list(PREDICTION_COLUMNS)))
            parts.append(
                {
                    "frame_start": int(bounds[index]),
                    "frame_stop": int(bounds[index + 1]),
                    "labels": label_url,
                    "predictions": prediction_url,
                    "n_labels": label_part.num_rows,
                    "n_predictions": prediction_part.num_rows,
                }
            )
        return [{"root": root, "content_id": content_id}, *parts]

    def _commit_layout(
        self, inference_row: object, dataset_row: object, layout: list[dict[str, object]], per_part: int
    ) -> None:
        head, parts = layout[0], layout[1:]
        with self._write() as connection:
            current = connection.execute(
                "SELECT content_id FROM inference_sets WHERE id = ?",
                (inference_row["id"],),  # type: ignore[index]
            ).fetchone()
            if current is None or current["content_id"] != inference_row["content_id"]:  # type: ignore[index]
                raise InvalidInputError("the inference set was replaced while its partitions were written")
            connection.execute(
                "DELETE FROM partitions WHERE inference_set_id = ?",
                (inference_row["id"],),  # type: ignore[index]
            )
            connection.execute(
                """INSERT INTO partitions (inference_set_id, dataset_content_id, inference_content_id,
                       frames_per_partition, root, parts, content_id, created_at)
                   VALUES (?, ?, ?, ?, ?, ?, ?, ?)""",
                (
                    inference_row["id"],  # type: ignore[index]
                    dataset_row["content_id"],  # type: ignore[index]
                    inference_row["content_id"],  # type: ignore[index]
                    int(per_part),
                    head["root"],
                    json.dumps(parts),
                    head["content_id"],
                    catalog.now(),
                ),
            )

    def find_partitions(self, project: str, dataset: str, inference_set: str) -> PartitionLayout | None:
        """The layout recorded for the current versions of the inference set and its dataset, if any."""
        with self._read() as connection:
            inference_row = self._inference_set_row(connection, project, dataset, inference_set)
            dataset_row = self._dataset_row(connection, project, dataset)
            row = connection.execute(
                "SELECT * FROM partitions WHERE inference_set_id = ?", (inference_row["id"],)
            ).fetchone()
        if (
            row is None
            or row["inference_content_id"] != inference_row["content_id"]
            or row["dataset_content_id"] != dataset_row["content_id"]
        ):
            return None
        parts = tuple(PartitionFiles(index=i, **part) for i, part in enumerate(json.loads(row["parts"])))
        return PartitionLayout(
            dataset_content_id=row["dataset_content_id"],
            inference_content_id=row["inference_content_id"],
            frames_per_partition=row["frames_per_partition"],
            root=row["root"],
            parts=parts,
            content_id=row["content_id"],
        )
