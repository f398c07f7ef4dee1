"""Custom metrics: per-frame objectives or confusion matrices supplied with an inference set."""

from __future__ import annotations

import sqlite3

import pyarrow as pa
import pyarrow.compute as pc

from reefscope.store import catalog, validate
from reefscope.store.embeddings import EmbeddingsMixin
from reefscope.store.errors import ConflictError, NotFoundError
from reefscope.store.names import check_name
from reefscope.store.records import CustomMetrics

DEFAULT_NAME = "custom"

_SELECT = """SELECT c.*, i.name AS inference_set_name, d.name AS dataset_name,
                    p.name AS project_name
             FROM custom_metrics c JOIN inference_sets i ON i.id = c.inference_set_id
             JOIN datasets d ON d.id = i.dataset_id JOIN projects p ON p.id = d.project_id"""


def custom_metrics_record(row: sqlite3.Row) -> CustomMetrics:
    """Build a :class:`CustomMetrics` record from a row joined with its owners."""
    return CustomMetrics(
        id=row["id"],
        project=row["project_name"],
        dataset=row["dataset_name"],
        inference_set=row["inference_set_name"],
        name=row["name"],
        has_objective=bool(row["has_objective"]),
        has_confusion=bool(row["has_confusion"]),
        frame_count=row["frame_count"],
        content_id=row["content_id"],
        files=catalog.load_json(row["files"]),
        created_at=catalog.parse_time(row["created_at"]),
    )


class CustomMetricsMixin(EmbeddingsMixin):
    """Store, read and delete the custom metrics of inference sets."""

    def put_custom_metrics(
        self,
        project: str,
        dataset: str,
        inference_set: str,
        metrics: pa.Table,
        *,
        name: str = DEFAULT_NAME,
    ) -> CustomMetrics:
        """Store per-frame custom metrics (``tables.CUSTOM_METRICS``), replacing any of that name.

        A confusion matrix is (K+1) x (K+1) counts flattened row-major, ground
        truth on rows and background last, K being the project's class count.
        """
        check_name(name, kind="custom metric")
        with self._read() as connection:
            project_row = self._project_row(connection, project)
            dataset_row = self._dataset_row(connection, project, dataset)
            owner = self._inference_set_row(connection, project, dataset, inference_set)
            frame_ids = self._read_table(
                catalog.load_json(dataset_row["files"])["frames"], columns=["frame_id"]
            ).column("frame_id")
        n_classes = len(catalog.load_json(project_row["classes"]))
        table = validate.check_custom_metrics(metrics, frame_ids=frame_ids, n_classes=n_classes)
        with self._staged_write() as staging:
            files = {"metrics": staging.write_table("metrics", table)}
            with self._write() as connection:
                current_project = self._project_row(connection, project)
                if current_project["classes"] != project_row["classes"]:
                    raise ConflictError(
                        f"project {project!r}'s classes changed while importing; run it again"
                    )
                current = self._inference_set_row(connection, project, dataset, inference_set)
                self._expect_unchanged(current, owner["content_id"], f"inference set {inference_set!r}")
                connection.execute(
                    "DELETE FROM custom_metrics WHERE inference_set_id = ? AND name = ?",
                    (current["id"], name),
                )
                connection.execute(
                    """INSERT INTO custom_metrics (inference_set_id, name, has_objective,
                           has_confusion, frame_count, content_id, files, created_at)
                       VALUES (?, ?, ?, ?, ?, ?, ?, ?)""",
                    (
                        current["id"],
                        name,
                        int(pc.count(table.column("objective")).as_py() > 0),
                        int(pc.count(table.column("confusion")).as_py() > 0),
                        table.num_rows,
                        staging.content_id,
                        catalog.dump_json(files, field="files"),
                        catalog.now(),
                    ),
                )
        return self.get_custom_metrics(project, dataset, inference_set, name=name)

    def _custom_metrics_row(
        self, connection: sqlite3.Connection, project: str, dataset: str, inference_set: str, name: str
    ) -> sqlite3.Row:
        row = connection.execute(
            f"{_SELECT} WHERE p.name = ? AND d.name = ? AND i.name = ? AND c.name = ?",
            (project, dataset, inference_set, name),
        ).fetchone()
        if row is None:
            self._inference_set_row(connection, project, dataset, inference_set)
            raise NotFoundError(
                f"inference set {inference_set!r} of dataset {dataset!r} has no custom metrics {name!r}"
            )
        return row

    def get_custom_metrics(
        self, project: str, dataset: str, inference_set: str, *, name: str = DEFAULT_NAME
    ) -> CustomMetrics:
        """The record of an inference set's custom metrics called ``name``."""
        with self._read() as connection:
            return custom_metrics_record(
                self._custom_metrics_row(connection, project, dataset, inference_set, name)
            )

    def list_custom_metrics(self, project: str, dataset: str, inference_set: str) -> list[CustomMetrics]:
        """All custom metrics of an inference set, by name."""
        with self._read() as connection:
            self._inference_set_row(connection, project, dataset, inference_set)
            rows = connection.execute(
                f"{_SELECT} WHERE p.name = ? AND d.name = ? AND i.name = ? ORDER BY c.name",
                (project, dataset, inference_set),
            ).fetchall()
        return [custom_metrics_record(row) for row in rows]

    def read_custom_metrics(
        self, project: str, dataset: str, inference_set: str, *, name: str = DEFAULT_NAME
    ) -> pa.Table:
        """The per-frame custom metrics table (``frame_id, objective, confusion``)."""
        with self._read() as connection:
            row = self._custom_metrics_row(connection, project, dataset, inference_set, name)
            return self._read_table(catalog.load_json(row["files"])["metrics"])

    def delete_custom_metrics(
        self, project: str, dataset: str, inference_set: str, *, name: str = DEFAULT_NAME
    ) -> None:
        """Delete an inference set's custom metrics called ``name``."""
        with self._collecting(), self._write() as connection:
            row = self._custom_metrics_row(connection, project, dataset, inference_set, name)
            connection.execute("DELETE FROM custom_metrics WHERE id = ?", (row["id"],))
