"""Inference sets: a model's predictions on a dataset's frames, one version per import."""

from __future__ import annotations

import sqlite3
from collections.abc import Mapping, Sequence
from typing import Any

import pyarrow as pa

from reefscope.store import catalog, validate
from reefscope.store.core import UNCHANGED, Unchanged
from reefscope.store.datasets import DatasetsMixin, check_if_exists
from reefscope.store.errors import ConflictError
from reefscope.store.names import check_description, check_name
from reefscope.store.projects import check_class_prefix
from reefscope.store.records import IfExists, InferenceSet


def inference_set_record(row: sqlite3.Row) -> InferenceSet:
    """Build an :class:`InferenceSet` from a row joined with its dataset and project."""
    return InferenceSet(
        id=row["id"],
        project=row["project_name"],
        dataset=row["dataset_name"],
        name=row["name"],
        version=row["version"],
        content_id=row["content_id"],
        task=row["task"],
        prediction_count=row["prediction_count"],
        has_scores=bool(row["has_scores"]),
        model=catalog.load_json(row["model"]),
        description=row["description"],
        files=catalog.load_json(row["files"]),
        created_at=catalog.parse_time(row["created_at"]),
        imported_at=catalog.parse_time(row["imported_at"]),
    )


_SELECT = """SELECT i.*, d.name AS dataset_name, p.name AS project_name, p.task AS task
             FROM inference_sets i JOIN datasets d ON d.id = i.dataset_id
             JOIN projects p ON p.id = d.project_id"""


class InferenceSetsMixin(DatasetsMixin):
    """Import (create or replace), read, update and delete inference sets."""

    def put_inference_set(
        self,
        project: str,
        dataset: str,
        name: str,
        *,
        predictions: pa.Table,
        classes: Sequence[str] | None = None,
        model: Mapping[str, Any] | None = None,
        description: str | None = None,
        if_exists: IfExists = "replace",
    ) -> InferenceSet:
        """Store predictions on a dataset's frames (the task's predictions schema).

        ``classes`` names what ``class_index`` refers to (default: the
        project's); classes beyond the project's are appended to it in the
        same transaction. Every prediction must be on a frame of the dataset;
        a frame without predictions is one where the model predicted nothing.
        Re-importing under an existing name replaces the inference set
        atomically (new version and ``content_id``) and drops its embeddings
        and custom metrics, which described the replaced predictions.
        """
        check_name(name, kind="inference set")
        check_if_exists(if_exists)
        if description is not None:
            check_description(description)
        checked_model = None if model is None else catalog.check_metadata(model, field="model", flat=False)
        with self._read() as connection:
            project_row = self._project_row(connection, project)
            dataset_row = self._dataset_row(connection, project, dataset)
            frame_ids = self._read_table(
                catalog.load_json(dataset_row["files"])["frames"], columns=["frame_id"]
            ).column("frame_id")
        known = [item["name"] for item in catalog.load_json(project_row["classes"])]
        names = list(classes) if classes is not None else known
        check_class_prefix(names, known, project=project)
        table = validate.check_predictions(
            predictions, task=dataset_row["task"], frame_ids=frame_ids, n_classes=len(names)
        )
        values: dict[str, Any] = {
            "dataset_id": dataset_row["id"],
            "name": name,
            "prediction_count": table.num_rows,
            "has_scores": int(dataset_row["task"] == "classification" and validate.has_scores(table)),
        }
        with self._staged_write() as staging:
            files = {"predictions": staging.write_table("predictions", table)}
            values.update(
                content_id=staging.content_id,
                files=catalog.dump_json(files, field="files"),
                imported_at=catalog.now(),
            )
            with self._write() as connection:
                current = self._dataset_row(connection, project, dataset)
                self._expect_unchanged(current, dataset_row["content_id"], f"dataset {dataset!r}")
                self._reconcile_classes(connection, self._project_row(connection, project), names)
                self._upsert_inference_set(connection, values, description, checked_model, if_exists)
        return self.get_inference_set(project, dataset, name)

    @staticmethod
    def _upsert_inference_set(
        connection: sqlite3.Connection,
        values: dict[str, Any],
        description: str | None,
        model: dict[str, Any] | None,
        if_exists: IfExists,
    ) -> None:
        old = connection.execute(
            "SELECT * FROM inference_sets WHERE dataset_id = ? AND name = ?",
            (values["dataset_id"], values["name"]),
        ).fetchone()
        model_json = None if model is None else catalog.dump_json(model, field="model")
        if old is None:
            connection.execute(
                """INSERT INTO inference_sets (dataset_id, name, version, content_id,
                       prediction_count, has_scores, model, description, files, created_at,
                       imported_at)
                   VALUES (:dataset_id, :name, 1, :content_id, :prediction_count, :has_scores,
                       :model, :description, :files, :imported_at, :imported_at)""",
                {**values, "model": model_json or "{}", "description": description or ""},
            )
            return
        if if_exists == "error":
            raise ConflictError(f"inference set {values['name']!r} already exists")
        connection.execute("DELETE FROM embeddings WHERE inference_set_id = ?", (old["id"],))
        connection.execute("DELETE FROM custom_metrics WHERE inference_set_id = ?", (old["id"],))
        connection.execute(
            """UPDATE inference_sets SET version = version + 1, content_id = :content_id,
                   prediction_count = :prediction_count, has_scores = :has_scores,
                   files = :files, imported_at = :imported_at,
                   model = COALESCE(:model, model),
                   description = COALESCE(:description, description)
               WHERE id = :id""",
            {**values, "id": old["id"], "model": model_json, "description": description},
        )

    def get_inference_set(self, project: str, dataset: str, name: str) -> InferenceSet:
        """The current version of an inference set."""
        with self._read() as connection:
            return inference_set_record(self._inference_set_row(connection, project, dataset, name))

    def list_inference_sets(self, project: str, dataset: str) -> list[InferenceSet]:
        """A dataset's inference sets, by name."""
        with self._read() as connection:
            self._dataset_row(connection, project, dataset)
            rows = connection.execute(
                f"{_SELECT} WHERE p.name = ? AND d.name = ? ORDER BY i.name", (project, dataset)
            ).fetchall()
        return [inference_set_record(row) for row in rows]

    def update_inference_set(
        self,
        project: str,
        dataset: str,
        name: str,
        *,
        description: str | Unchanged = UNCHANGED,
        model: Mapping[str, Any] | Unchanged = UNCHANGED,
    ) -> InferenceSet:
        """Change an inference set's description or model metadata."""
        changes: dict[str, Any] = {}
        if not isinstance(description, Unchanged):
            changes["description"] = check_description(description)
        if not isinstance(model, Unchanged):
            changes["model"] = catalog.dump_json(
                catalog.check_metadata(model, field="model", flat=False), field="model"
            )
        with self._write() as connection:
            row = self._inference_set_row(connection, project, dataset, name)
            if changes:
                assignments = ", ".join(f"{column} = :{column}" for column in changes)
                connection.execute(
                    f"UPDATE inference_sets SET {assignments} WHERE id = :id",
                    {**changes, "id": row["id"]},
                )
        return self.get_inference_set(project, dataset, name)

    def delete_inference_set(self, project: str, dataset: str, name: str) -> None:
        """Delete an inference set with its embeddings and custom metrics."""
        with self._collecting(), self._write() as connection:
            row = self._inference_set_row(connection, project, dataset, name)
            connection.execute("DELETE FROM inference_sets WHERE id = ?", (row["id"],))

    def read_predictions(self, project: str, dataset: str, inference_set: str) -> pa.Table:
        """The predictions table of an inference set, in the project task's schema."""
        with self._read() as connection:
            row = self._inference_set_row(connection, project, dataset, inference_set)
            return self._read_table(catalog.load_json(row["files"])["predictions"])
