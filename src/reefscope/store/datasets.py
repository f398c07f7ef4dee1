"""Datasets: frames with their labels, stored as one immutable version per import."""

from __future__ import annotations

import sqlite3
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from os import PathLike
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc

from reefscope.store import catalog, columns, images, validate
from reefscope.store.core import UNCHANGED, Unchanged
from reefscope.store.errors import ConflictError, InvalidInputError, NotFoundError
from reefscope.store.files import Staging
from reefscope.store.names import check_name
from reefscope.store.projects import (
    ClassesArgument,
    ProjectsMixin,
    check_class_prefix,
    check_description,
    check_task,
    project_record,
)
from reefscope.store.records import (
    DEFAULT_CONFIDENCE_THRESHOLD,
    DEFAULT_IOU_THRESHOLD,
    Dataset,
    IfExists,
    Task,
)


def dataset_record(row: sqlite3.Row, workspace: Path) -> Dataset:
    """Build a :class:`Dataset` from a row of ``datasets`` joined with its project."""
    return Dataset(
        id=row["id"],
        project=row["project_name"],
        name=row["name"],
        version=row["version"],
        content_id=row["content_id"],
        task=row["task"],
        frame_count=row["frame_count"],
        label_count=row["label_count"],
        image_roots=tuple(workspace / root for root in catalog.load_json(row["image_roots"])),
        description=row["description"],
        metadata=catalog.load_json(row["metadata"]),
        files=catalog.load_json(row["files"]),
        created_at=catalog.parse_time(row["created_at"]),
        imported_at=catalog.parse_time(row["imported_at"]),
    )


@dataclass(frozen=True)
class _ProjectPlan:
    task: Task
    class_names: list[str]
    values: dict[str, Any] | None  # the row to insert, when the project does not exist yet


def check_if_exists(value: object) -> IfExists:
    """Return ``value`` when it is a known ``if_exists`` policy."""
    if value not in ("replace", "error"):
        raise InvalidInputError(f"expected 'replace' or 'error' but got {value!r}", field="if_exists")
    return value


class DatasetsMixin(ProjectsMixin):
    """Import (create or replace), read, update and delete datasets."""

    def put_dataset(
        self,
        project: str,
        name: str,
        *,
        frames: pa.Table,
        labels: pa.Table,
        classes: Sequence[str] | None = None,
        image_roots: Sequence[str | PathLike[str]] = (),
        copy_images: bool = False,
        description: str | None = None,
        metadata: Mapping[str, Any] | None = None,
        if_exists: IfExists = "replace",
        keep_embeddings: bool = False,
        create_project: bool = False,
        task: Task | None = None,
        project_classes: ClassesArgument | None = None,
    ) -> Dataset:
        """Store a dataset (frames in ``tables.FRAMES`` + ``meta.*``, labels in the task's schema).

        ``classes`` names the classes that ``labels.class_index`` refers to; by
        default the project's. Classes beyond the project's are appended to it
        in the same transaction. With ``create_project`` a missing project is
        created (``task`` required; classes from ``project_classes`` or
        ``classes``), also in that transaction.

        Importing under an existing name replaces the dataset as one atomic
        step (``if_exists="error"`` refuses instead): the version number goes
        up and a new ``content_id`` is issued. Its inference sets and segments
        are kept and must refer only to frames the new version has, otherwise
        :class:`ConflictError`. Its own embeddings are dropped, unless
        ``keep_embeddings`` (for a new version with the same frames and labels,
        such as new metadata), which requires their ids to resolve. ``image_roots``
        are directories that ``frames.image`` paths are relative to;
        ``copy_images`` copies the referenced images into the workspace.
        """
        check_name(project, kind="project")
        check_name(name, kind="dataset")
        check_if_exists(if_exists)
        if description is not None:
            check_description(description)
        checked_metadata = None if metadata is None else catalog.check_metadata(metadata)
        roots = images.check_image_roots(image_roots)

        plan = self._plan_project(
            project,
            create=create_project,
            task=task,
            classes=project_classes if project_classes is not None else classes,
        )
        project_task, known = plan.task, plan.class_names
        names = list(classes) if classes is not None else known
        check_class_prefix(names, known, project=project)

        frames_table = validate.check_frames(frames)
        labels_table = validate.check_labels(
            labels, task=project_task, frame_ids=frames_table.column("frame_id"), n_classes=len(names)
        )

        images.check_links_stay_inside(frames_table, roots)
        sources = images.image_sources(frames_table, roots) if copy_images else None

        with self._staged_write() as staging:
            stored_roots = (
                [str(root) for root in roots] if sources is None else [images.copy_images(staging, sources)]
            )
            files = {
                "frames": staging.write_table("frames", frames_table),
                "labels": staging.write_table("labels", labels_table),
            }
            with self._write() as connection:
                project_row = connection.execute(
                    "SELECT * FROM projects WHERE name = ?", (project,)
                ).fetchone()
                if project_row is None:
                    if plan.values is None:
                        raise ConflictError(f"project {project!r} was deleted while importing")
                    project_row = self._insert_project(connection, plan.values)
                elif project_row["task"] != project_task:
                    raise ConflictError(
                        f"project {project!r} was created as a {project_row['task']} project "
                        f"while this {project_task} import ran"
                    )
                self._reconcile_classes(connection, project_row, names)
                self._upsert_dataset(
                    connection,
                    project_row=project_row,
                    name=name,
                    staging=staging,
                    frames=frames_table,
                    label_count=labels_table.num_rows,
                    image_roots=stored_roots,
                    files=files,
                    description=description,
                    metadata=checked_metadata,
                    if_exists=if_exists,
                    label_ids=labels_table.column("label_id") if keep_embeddings else None,
                )
        return self.get_dataset(project, name)

    def _plan_project(
        self, project: str, *, create: bool, task: Task | None, classes: ClassesArgument | None
    ) -> _ProjectPlan:
        """The task and classes data must fit, and the row to insert when the project is new."""
        with self._read() as connection:
            existing = connection.execute("SELECT * FROM projects WHERE name = ?", (project,)).fetchone()
        if existing is not None:
            current = project_record(existing)
            if task is not None and check_task(task) != current.task:
                raise InvalidInputError(
                    f"project {project!r} is a {current.task} project but the data is for {task}",
                    field="task",
                )
            return _ProjectPlan(current.task, list(current.class_names), None)
        if not create:
            raise NotFoundError(f"project {project!r} not found")
        if task is None:
            raise InvalidInputError("a task is needed to create a project", field="task")
        if classes is None:
            raise InvalidInputError("classes are needed to create a project", field="classes")
        values = self._project_values(
            project, task, classes, DEFAULT_CONFIDENCE_THRESHOLD, DEFAULT_IOU_THRESHOLD, "", None
        )
        names = [item["name"] for item in catalog.load_json(values["classes"])]
        return _ProjectPlan(values["task"], names, values)

    def _upsert_dataset(
        self,
        connection: sqlite3.Connection,
        *,
        project_row: sqlite3.Row,
        name: str,
        staging: Staging,
        frames: pa.Table,
        label_count: int,
        image_roots: list[str],
        files: dict[str, str],
        description: str | None,
        metadata: dict[str, Any] | None,
        if_exists: IfExists,
        label_ids: pa.ChunkedArray | None,
    ) -> None:
        values: dict[str, Any] = {
            "project_id": project_row["id"],
            "name": name,
            "content_id": staging.content_id,
            "frame_count": frames.num_rows,
            "label_count": label_count,
            "image_roots": catalog.dump_json(image_roots, field="image_roots"),
            "files": catalog.dump_json(files, field="files"),
            "imported_at": catalog.now(),
        }
        old = connection.execute(
            "SELECT * FROM datasets WHERE project_id = ? AND name = ?", (project_row["id"], name)
        ).fetchone()
        if old is None:
            connection.execute(
                """INSERT INTO datasets (project_id, name, version, content_id, frame_count,
                       label_count, image_roots, description, metadata, files, created_at,
                       imported_at)
                   VALUES (:project_id, :name, 1, :content_id, :frame_count, :label_count,
                       :image_roots, :description, :metadata, :files, :imported_at, :imported_at)""",
                {
                    **values,
                    "description": description or "",
                    "metadata": catalog.dump_json(metadata or {}, field="metadata"),
                },
            )
            return
        if if_exists == "error":
            raise ConflictError(f"dataset {name!r} already exists in project {project_row['name']!r}")
        self._check_dependents(connection, old, frames.column("frame_id"), label_ids)
        if label_ids is None:
            # The replaced version's embeddings describe its frames and labels, not the new ones.
            connection.execute(
                "DELETE FROM embeddings WHERE dataset_id = ? AND inference_set_id IS NULL",
                (old["id"],),
            )
        connection.execute(
            """UPDATE datasets SET version = version + 1, content_id = :content_id,
                   frame_count = :frame_count, label_count = :label_count,
                   image_roots = :image_roots, files = :files, imported_at = :imported_at,
                   description = COALESCE(:description, description),
                   metadata = COALESCE(:metadata, metadata)
               WHERE id = :id""",
            {
                **values,
                "id": old["id"],
                "description": description,
                "metadata": None if metadata is None else catalog.dump_json(metadata, field="metadata"),
            },
        )

    def _check_dependents(
        self,
        connection: sqlite3.Connection,
        dataset: sqlite3.Row,
        frame_ids: pa.ChunkedArray,
        label_ids: pa.ChunkedArray | None,
    ) -> None:
        """Refuse a replacement that would leave what is kept pointing at missing frames or labels.

        ``label_ids`` is given when the dataset's own embeddings are kept.
        """
        dependents = connection.execute(
            """SELECT 'inference set' AS kind, i.name AS name, i.files AS files,
                      'predictions' AS file FROM inference_sets i WHERE i.dataset_id = :id
               UNION ALL
               SELECT 'segment', s.name, s.files, 'frames' FROM segments s WHERE s.dataset_id = :id
               UNION ALL
               SELECT 'custom metrics ' || c.name || ' of inference set', i.name, c.files, 'metrics'
                   FROM custom_metrics c JOIN inference_sets i ON i.id = c.inference_set_id
                   WHERE i.dataset_id = :id
               UNION ALL
               SELECT 'frame embeddings of inference set', i.name, e.files, 'vectors'
                   FROM embeddings e JOIN inference_sets i ON i.id = e.inference_set_id
                   WHERE i.dataset_id = :id AND e.kind = 'frame'
               UNION ALL
               SELECT e.kind || ' embeddings of dataset', :name, e.files, 'vectors'
                   FROM embeddings e
                   WHERE e.dataset_id = :id AND e.inference_set_id IS NULL AND :keep""",
            {"id": dataset["id"], "name": dataset["name"], "keep": label_ids is not None},
        ).fetchall()
        frames_known = frame_ids.combine_chunks()
        for dependent in dependents:
            relative = catalog.load_json(dependent["files"])[dependent["file"]]
            is_crop = dependent["kind"] == "crop embeddings of dataset"
            column = "crop_id" if is_crop else "frame_id"
            known = label_ids.combine_chunks() if is_crop and label_ids is not None else frames_known
            used = self._read_table(relative, columns=[column]).column(column)
            row = columns.first_index(pc.invert(pc.is_in(used, value_set=known)))
            if row is not None:
                what = "label" if is_crop else "frame"
                raise ConflictError(
                    f"the new version of dataset {dataset['name']!r} has no {what} "
                    f"{used[row].as_py()!r}, which {dependent['kind']} {dependent['name']!r} "
                    f"refers to; delete or re-import that first"
                )

    def get_dataset(self, project: str, name: str) -> Dataset:
        """The current version of a dataset."""
        with self._read() as connection:
            return dataset_record(self._dataset_row(connection, project, name), self.path)

    def list_datasets(self, project: str) -> list[Dataset]:
        """A project's datasets, by name."""
        with self._read() as connection:
            self._project_row(connection, project)
            rows = connection.execute(
                """SELECT d.*, p.name AS project_name, p.task AS task FROM datasets d
                   JOIN projects p ON p.id = d.project_id WHERE p.name = ? ORDER BY d.name""",
                (project,),
            ).fetchall()
        return [dataset_record(row, self.path) for row in rows]

    def update_dataset(
        self,
        project: str,
        name: str,
        *,
        description: str | Unchanged = UNCHANGED,
        metadata: Mapping[str, Any] | Unchanged = UNCHANGED,
    ) -> Dataset:
        """Change a dataset's description or metadata (its content changes only by re-import)."""
        changes: dict[str, Any] = {}
        if not isinstance(description, Unchanged):
            changes["description"] = check_description(description)
        if not isinstance(metadata, Unchanged):
            changes["metadata"] = catalog.dump_json(catalog.check_metadata(metadata), field="metadata")
        with self._write() as connection:
            row = self._dataset_row(connection, project, name)
            if changes:
                assignments = ", ".join(f"{column} = :{column}" for column in changes)
                connection.execute(
                    f"UPDATE datasets SET {assignments} WHERE id = :id", {**changes, "id": row["id"]}
                )
        return self.get_dataset(project, name)

    def delete_dataset(self, project: str, name: str) -> None:
        """Delete a dataset with its inference sets, segments and embeddings."""
        with self._collecting(), self._write() as connection:
            row = self._dataset_row(connection, project, name)
            connection.execute("DELETE FROM datasets WHERE id = ?", (row["id"],))

    def read_frames(self, project: str, dataset: str, *, columns: list[str] | None = None) -> pa.Table:
        """The frames table (``tables.FRAMES`` plus ``meta.*`` columns) of a dataset."""
        with self._read() as connection:
            row = self._dataset_row(connection, project, dataset)
            return self._read_table(catalog.load_json(row["files"])["frames"], columns=columns)

    def read_labels(self, project: str, dataset: str) -> pa.Table:
        """The labels table of a dataset, in the project task's schema."""
        with self._read() as connection:
            row = self._dataset_row(connection, project, dataset)
            return self._read_table(catalog.load_json(row["files"])["labels"])
