"""Writes that land several tables at once: a dataset with its embeddings, an inference set
with its embeddings and custom metrics, in one catalog transaction.

Uploads that arrive as one unit (the Aquarium protocol's dataset and inference
uploads) must be stored whole or not at all; doing it as a dataset write
followed by an embeddings write would leave a dataset without its embeddings
if the process died in between.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Mapping
from contextlib import ExitStack
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc

from reefscope.store import catalog, files, validate
from reefscope.store.custom_metrics import CustomMetricsMixin
from reefscope.store.errors import ConflictError
from reefscope.store.names import check_name
from reefscope.store.records import Dataset, EmbeddingKind, InferenceSet

Vectors = Mapping[EmbeddingKind, pa.Table]


class BundlesMixin(CustomMetricsMixin):
    """Atomic multi-table writes of a dataset or an inference set and what hangs off it."""

    def put_dataset_bundle(
        self,
        project: str,
        name: str,
        *,
        frames: pa.Table,
        labels: pa.Table,
        embeddings: Vectors | None = None,
        metadata: Mapping[str, Any] | None = None,
    ) -> Dataset:
        """Create or replace dataset ``name`` of an existing project together with its frame and
        crop embeddings (``embeddings["frame"]``: ``frame_id, vector``; ``["crop"]``: label ids).

        Labels use the project's classes. Any earlier embeddings of the dataset
        are replaced by ``embeddings`` (none when it is empty).
        """
        check_name(name, kind="dataset")
        checked_metadata = None if metadata is None else catalog.check_metadata(metadata)
        with self._read() as connection:
            project_row = self._project_row(connection, project)
        n_classes = len(catalog.load_json(project_row["classes"]))
        frames_table = validate.check_frames(frames)
        labels_table = validate.check_labels(
            labels, task=project_row["task"], frame_ids=frames_table.column("frame_id"), n_classes=n_classes
        )
        allowed = {"frame": frames_table.column("frame_id"), "crop": labels_table.column("label_id")}
        checked = _check_vectors(embeddings or {}, allowed, owner=f"dataset {name!r}")
        with ExitStack() as stack:
            staging = stack.enter_context(self._staged_write())
            written = {
                "frames": staging.write_table("frames", frames_table),
                "labels": staging.write_table("labels", labels_table),
            }
            vector_files = _stage_vectors(stack, staging.layout, checked)
            with self._write() as connection:
                current = self._project_row(connection, project)
                if current["classes"] != project_row["classes"]:
                    raise ConflictError(
                        f"project {project!r}'s classes changed while importing; run it again"
                    )
                self._upsert_dataset(
                    connection,
                    project_row=current,
                    name=name,
                    staging=staging,
                    frames=frames_table,
                    label_count=labels_table.num_rows,
                    image_roots=[],
                    files=written,
                    description=None,
                    metadata=checked_metadata,
                    if_exists="replace",
                    label_ids=None,
                )
                dataset_id = self._dataset_row(connection, project, name)["id"]
                _insert_vectors(connection, dataset_id, None, vector_files)
        return self.get_dataset(project, name)

    def put_inference_bundle(
        self,
        project: str,
        dataset: str,
        name: str,
        *,
        predictions: pa.Table,
        embeddings: Vectors | None = None,
        custom_metrics: Mapping[str, pa.Table] | None = None,
        model: Mapping[str, Any] | None = None,
    ) -> InferenceSet:
        """Create or replace inference set ``name`` with its frame and crop embeddings (crop ids
        are prediction ids) and named per-frame custom metrics (``tables.CUSTOM_METRICS``)."""
        check_name(name, kind="inference set")
        checked_model = None if model is None else catalog.check_metadata(model, field="model")
        with self._read() as connection:
            project_row = self._project_row(connection, project)
            dataset_row = self._dataset_row(connection, project, dataset)
            frame_ids = self._read_table(
                catalog.load_json(dataset_row["files"])["frames"], columns=["frame_id"]
            ).column("frame_id")
        n_classes = len(catalog.load_json(project_row["classes"]))
        table = validate.check_predictions(
            predictions, task=dataset_row["task"], frame_ids=frame_ids, n_classes=n_classes
        )
        allowed = {"frame": frame_ids, "crop": table.column("prediction_id")}
        checked = _check_vectors(embeddings or {}, allowed, owner=f"inference set {name!r}")
        metrics = {}
        for metric, values in (custom_metrics or {}).items():
            check_name(metric, kind="custom metric")
            metrics[metric] = validate.check_custom_metrics(values, frame_ids=frame_ids, n_classes=n_classes)
        with ExitStack() as stack:
            staging = stack.enter_context(self._staged_write())
            written = {"predictions": staging.write_table("predictions", table)}
            vector_files = _stage_vectors(stack, staging.layout, checked)
            metric_files = {
                metric: _stage(stack, staging.layout, "metrics", values) for metric, values in metrics.items()
            }
            values_row: dict[str, Any] = {
                "dataset_id": dataset_row["id"],
                "name": name,
                "prediction_count": table.num_rows,
                "has_scores": int(dataset_row["task"] == "classification" and validate.has_scores(table)),
                "content_id": staging.content_id,
                "files": catalog.dump_json(written, field="files"),
                "imported_at": catalog.now(),
            }
            with self._write() as connection:
                current = self._dataset_row(connection, project, dataset)
                self._expect_unchanged(current, dataset_row["content_id"], f"dataset {dataset!r}")
                if self._project_row(connection, project)["classes"] != project_row["classes"]:
                    raise ConflictError(
                        f"project {project!r}'s classes changed while importing; run it again"
                    )
                self._upsert_inference_set(connection, values_row, None, checked_model, "replace")
                owner = self._inference_set_row(connection, project, dataset, name)["id"]
                _insert_vectors(connection, current["id"], owner, vector_files)
                for metric, (content_id, relative, values) in metric_files.items():
                    connection.execute(
                        """INSERT INTO custom_metrics (inference_set_id, name, has_objective,
                               has_confusion, frame_count, content_id, files, created_at)
                           VALUES (?, ?, ?, ?, ?, ?, ?, ?)""",
                        (
                            owner,
                            metric,
                            int(pc.count(values.column("objective")).as_py() > 0),
                            int(pc.count(values.column("confusion")).as_py() > 0),
                            values.num_rows,
                            content_id,
                            catalog.dump_json({"metrics": relative}, field="files"),
                            catalog.now(),
                        ),
                    )
        return self.get_inference_set(project, dataset, name)


def _check_vectors(
    embeddings: Vectors, allowed: Mapping[str, pa.ChunkedArray], *, owner: str
) -> dict[EmbeddingKind, tuple[pa.Table, int]]:
    checked: dict[EmbeddingKind, tuple[pa.Table, int]] = {}
    for kind, vectors in embeddings.items():
        meaning = f"a frame of {owner}" if kind == "frame" else f"a label or prediction id of {owner}"
        checked[kind] = validate.check_embeddings(
            vectors, kind=kind, allowed_ids=allowed[kind], id_meaning=meaning
        )
    return checked


def _stage(stack: ExitStack, layout: files.Layout, name: str, table: pa.Table) -> tuple[str, str, pa.Table]:
    # Each embeddings or metrics row gets its own content id: caches key on it.
    staging = stack.enter_context(files.Staging(layout))
    return staging.content_id, staging.write_table(name, table), table


def _stage_vectors(
    stack: ExitStack, layout: files.Layout, checked: Mapping[EmbeddingKind, tuple[pa.Table, int]]
) -> dict[EmbeddingKind, tuple[str, str, pa.Table, int]]:
    staged: dict[EmbeddingKind, tuple[str, str, pa.Table, int]] = {}
    for kind, (table, dimension) in checked.items():
        content_id, relative, _ = _stage(stack, layout, "vectors", table)
        staged[kind] = (content_id, relative, table, dimension)
    return staged


def _insert_vectors(
    connection: sqlite3.Connection,
    dataset_id: int,
    inference_set_id: int | None,
    staged: Mapping[EmbeddingKind, tuple[str, str, pa.Table, int]],
) -> None:
    connection.execute(
        "DELETE FROM embeddings WHERE dataset_id = ? AND inference_set_id IS ?",
        (dataset_id, inference_set_id),
    )
    for kind, (content_id, relative, table, dimension) in staged.items():
        connection.execute(
            """INSERT INTO embeddings (dataset_id, inference_set_id, kind, dimension, count,
                   content_id, files, created_at)
               VALUES (?, ?, ?, ?, ?, ?, ?, ?)""",
            (
                dataset_id,
                inference_set_id,
                kind,
                dimension,
                table.num_rows,
                content_id,
                catalog.dump_json({"vectors": relative}, field="files"),
                catalog.now(),
            ),
        )
