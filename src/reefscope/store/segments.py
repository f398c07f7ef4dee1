"""Segments: named sets of a dataset's frames with optional target thresholds."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Mapping
from typing import Any, TypeAlias

import pyarrow as pa

from reefscope.store import catalog, validate
from reefscope.store.core import UNCHANGED, Unchanged
from reefscope.store.errors import ConflictError, InvalidInputError, NotFoundError
from reefscope.store.inference_sets import InferenceSetsMixin
from reefscope.store.names import check_segment_name
from reefscope.store.projects import check_description, check_threshold
from reefscope.store.records import SEGMENT_KINDS, Segment, SegmentKind

FrameIds: TypeAlias = Iterable[str] | pa.Array | pa.ChunkedArray
_THRESHOLDS = ("precision", "recall", "f1")


def segment_record(row: sqlite3.Row) -> Segment:
    """Build a :class:`Segment` from a row joined with its dataset and project."""
    return Segment(
        id=row["id"],
        project=row["project_name"],
        dataset=row["dataset_name"],
        name=row["name"],
        kind=row["kind"],
        description=row["description"],
        metadata=catalog.load_json(row["metadata"]),
        precision=row["precision"],
        recall=row["recall"],
        f1=row["f1"],
        frame_count=row["frame_count"],
        content_id=row["content_id"],
        files=catalog.load_json(row["files"]),
        created_at=catalog.parse_time(row["created_at"]),
        updated_at=catalog.parse_time(row["updated_at"]),
    )


_SELECT = """SELECT s.*, d.name AS dataset_name, p.name AS project_name
             FROM segments s JOIN datasets d ON d.id = s.dataset_id
             JOIN projects p ON p.id = d.project_id"""


def _check_kind(kind: object) -> SegmentKind:
    if kind not in SEGMENT_KINDS:
        raise InvalidInputError(f"expected a kind in {SEGMENT_KINDS} but got {kind!r}", field="kind")
    return kind  # type: ignore[return-value]


def _optional_threshold(value: float | None, *, field: str) -> float | None:
    return None if value is None else check_threshold(value, field=field)


class SegmentsMixin(InferenceSetsMixin):
    """Create, read, update and delete segments."""

    def create_segment(
        self,
        project: str,
        dataset: str,
        name: str,
        *,
        frames: FrameIds,
        kind: SegmentKind = "scenario",
        description: str = "",
        metadata: Mapping[str, Any] | None = None,
        precision: float | None = None,
        recall: float | None = None,
        f1: float | None = None,
    ) -> Segment:
        """Create a segment of ``frames`` (ids of the dataset's frames; order and repeats ignored).

        Thresholds are optional targets in [0, 1]; a regression test passes
        when every threshold that is set is met.
        """
        values: dict[str, Any] = {
            "name": check_segment_name(name),
            "kind": _check_kind(kind),
            "description": check_description(description),
            "metadata": catalog.dump_json(catalog.check_metadata(metadata), field="metadata"),
            "precision": _optional_threshold(precision, field="precision"),
            "recall": _optional_threshold(recall, field="recall"),
            "f1": _optional_threshold(f1, field="f1"),
        }
        dataset_row, members = self._segment_frames(project, dataset, frames)
        with self._staged_write() as staging:
            files = {"frames": staging.write_table("frames", pa.table({"frame_id": members}))}
            with self._write() as connection:
                current = self._dataset_row(connection, project, dataset)
                self._expect_unchanged(current, dataset_row["content_id"], f"dataset {dataset!r}")
                if self._find_segment(connection, current["id"], values["name"]) is not None:
                    raise ConflictError(f"segment {values['name']!r} already exists in dataset {dataset!r}")
                stamp = catalog.now()
                connection.execute(
                    """INSERT INTO segments (dataset_id, name, kind, description, metadata,
                           precision, recall, f1, frame_count, content_id, files, created_at,
                           updated_at)
                       VALUES (:dataset_id, :name, :kind, :description, :metadata, :precision,
                           :recall, :f1, :frame_count, :content_id, :files, :stamp, :stamp)""",
                    {
                        **values,
                        "dataset_id": current["id"],
                        "frame_count": len(members),
                        "content_id": staging.content_id,
                        "files": catalog.dump_json(files, field="files"),
                        "stamp": stamp,
                    },
                )
        return self.get_segment(project, dataset, values["name"])

    def _segment_frames(self, project: str, dataset: str, frames: FrameIds) -> tuple[sqlite3.Row, pa.Array]:
        if isinstance(frames, str):
            raise InvalidInputError("expected a collection of frame ids, not one string", field="frames")
        with self._read() as connection:
            dataset_row = self._dataset_row(connection, project, dataset)
            frame_ids = self._read_table(
                catalog.load_json(dataset_row["files"])["frames"], columns=["frame_id"]
            ).column("frame_id")
        members = validate.check_frame_subset(frames, frame_ids, source="segment frames")
        return dataset_row, members

    @staticmethod
    def _find_segment(connection: sqlite3.Connection, dataset_id: int, name: str) -> sqlite3.Row | None:
        row: sqlite3.Row | None = connection.execute(
            "SELECT * FROM segments WHERE dataset_id = ? AND name = ?", (dataset_id, name)
        ).fetchone()
        return row

    def _segment_row(
        self, connection: sqlite3.Connection, project: str, dataset: str, name: str
    ) -> sqlite3.Row:
        row = connection.execute(
            f"{_SELECT} WHERE p.name = ? AND d.name = ? AND s.name = ?", (project, dataset, name)
        ).fetchone()
        if row is None:
            self._dataset_row(connection, project, dataset)
            raise NotFoundError(f"segment {name!r} not found in dataset {dataset!r} of project {project!r}")
        return row

    def get_segment(self, project: str, dataset: str, name: str) -> Segment:
        """A segment of a dataset."""
        with self._read() as connection:
            return segment_record(self._segment_row(connection, project, dataset, name))

    def list_segments(self, project: str, dataset: str, *, kind: SegmentKind | None = None) -> list[Segment]:
        """A dataset's segments (optionally of one kind), by kind then name.

        The implicit *All Frames* split is not stored and not listed.
        """
        if kind is not None:
            _check_kind(kind)
        with self._read() as connection:
            self._dataset_row(connection, project, dataset)
            rows = connection.execute(
                f"""{_SELECT}
                    WHERE p.name = :project AND d.name = :dataset AND (:kind IS NULL OR s.kind = :kind)
                    ORDER BY CASE s.kind WHEN 'split' THEN 0 WHEN 'regression_test' THEN 1 ELSE 2 END,
                        s.name""",
                {"project": project, "dataset": dataset, "kind": kind},
            ).fetchall()
        return [segment_record(row) for row in rows]

    def update_segment(
        self,
        project: str,
        dataset: str,
        name: str,
        *,
        frames: FrameIds | Unchanged = UNCHANGED,
        kind: SegmentKind | Unchanged = UNCHANGED,
        description: str | Unchanged = UNCHANGED,
        metadata: Mapping[str, Any] | Unchanged = UNCHANGED,
        precision: float | Unchanged | None = UNCHANGED,
        recall: float | Unchanged | None = UNCHANGED,
        f1: float | Unchanged | None = UNCHANGED,
    ) -> Segment:
        """Change a segment; arguments left out keep their value, a threshold of ``None`` unsets it."""
        changes: dict[str, Any] = {}
        if not isinstance(kind, Unchanged):
            changes["kind"] = _check_kind(kind)
        if not isinstance(description, Unchanged):
            changes["description"] = check_description(description)
        if not isinstance(metadata, Unchanged):
            changes["metadata"] = catalog.dump_json(catalog.check_metadata(metadata), field="metadata")
        for metric, value in zip(_THRESHOLDS, (precision, recall, f1), strict=True):
            if not isinstance(value, Unchanged):
                changes[metric] = _optional_threshold(value, field=metric)
        if isinstance(frames, Unchanged):
            with self._write() as connection:
                self._apply_segment_changes(connection, project, dataset, name, changes)
            return self.get_segment(project, dataset, name)
        dataset_row, members = self._segment_frames(project, dataset, frames)
        with self._staged_write() as staging:
            files = {"frames": staging.write_table("frames", pa.table({"frame_id": members}))}
            changes.update(
                frame_count=len(members),
                content_id=staging.content_id,
                files=catalog.dump_json(files, field="files"),
            )
            with self._write() as connection:
                current = self._dataset_row(connection, project, dataset)
                self._expect_unchanged(current, dataset_row["content_id"], f"dataset {dataset!r}")
                self._apply_segment_changes(connection, project, dataset, name, changes)
        return self.get_segment(project, dataset, name)

    def _apply_segment_changes(
        self,
        connection: sqlite3.Connection,
        project: str,
        dataset: str,
        name: str,
        changes: Mapping[str, Any],
    ) -> None:
        row = self._segment_row(connection, project, dataset, name)
        assignments = "".join(f"{column} = :{column}, " for column in changes)
        connection.execute(
            f"UPDATE segments SET {assignments}updated_at = :updated_at WHERE id = :id",
            {**changes, "updated_at": catalog.now(), "id": row["id"]},
        )

    def rename_segment(self, project: str, dataset: str, name: str, new_name: str) -> Segment:
        """Give a segment another name (its frames, thresholds and metadata are kept)."""
        checked = check_segment_name(new_name)
        with self._write() as connection:
            row = self._segment_row(connection, project, dataset, name)
            if checked != name and self._find_segment(connection, row["dataset_id"], checked) is not None:
                raise ConflictError(f"segment {checked!r} already exists in dataset {dataset!r}")
            self._apply_segment_changes(connection, project, dataset, name, {"name": checked})
        return self.get_segment(project, dataset, checked)

    def delete_segment(self, project: str, dataset: str, name: str) -> None:
        """Delete a segment."""
        with self._collecting(), self._write() as connection:
            row = self._segment_row(connection, project, dataset, name)
            connection.execute("DELETE FROM segments WHERE id = ?", (row["id"],))

    def read_segment_frames(self, project: str, dataset: str, name: str) -> pa.Array:
        """The frame ids of a segment, in the dataset's frame order."""
        with self._read() as connection:
            row = self._segment_row(connection, project, dataset, name)
            table = self._read_table(catalog.load_json(row["files"])["frames"])
        return table.column("frame_id").combine_chunks()
