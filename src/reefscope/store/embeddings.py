"""Embeddings: frame vectors and crop vectors (per label or per prediction)."""

from __future__ import annotations

import sqlite3

import pyarrow as pa

from reefscope.store import catalog, validate
from reefscope.store.errors import InvalidInputError, NotFoundError
from reefscope.store.records import EMBEDDING_KINDS, EmbeddingKind, Embeddings
from reefscope.store.segments import SegmentsMixin

_SELECT = """SELECT e.*, d.name AS dataset_name, p.name AS project_name,
                    i.name AS inference_set_name
             FROM embeddings e JOIN datasets d ON d.id = e.dataset_id
             JOIN projects p ON p.id = d.project_id
             LEFT JOIN inference_sets i ON i.id = e.inference_set_id"""


def embeddings_record(row: sqlite3.Row) -> Embeddings:
    """Build an :class:`Embeddings` record from a row joined with its owners."""
    return Embeddings(
        id=row["id"],
        project=row["project_name"],
        dataset=row["dataset_name"],
        inference_set=row["inference_set_name"],
        kind=row["kind"],
        dimension=row["dimension"],
        count=row["count"],
        content_id=row["content_id"],
        files=catalog.load_json(row["files"]),
        created_at=catalog.parse_time(row["created_at"]),
    )


def _check_kind(kind: object) -> EmbeddingKind:
    if kind not in EMBEDDING_KINDS:
        raise InvalidInputError(f"expected a kind in {EMBEDDING_KINDS} but got {kind!r}", field="kind")
    return kind  # type: ignore[return-value]


class EmbeddingsMixin(SegmentsMixin):
    """Store, read and delete embeddings of datasets and inference sets."""

    def put_embeddings(
        self,
        project: str,
        dataset: str,
        *,
        kind: EmbeddingKind,
        vectors: pa.Table,
        inference_set: str | None = None,
    ) -> Embeddings:
        """Store embeddings, replacing those of the same owner and kind.

        ``vectors`` has ``frame_id, vector`` (``kind="frame"``) or ``crop_id,
        vector`` (``kind="crop"``; crop ids are the dataset's label ids, or the
        inference set's prediction ids when ``inference_set`` is given).
        """
        _check_kind(kind)
        with self._read() as connection:
            dataset_row = self._dataset_row(connection, project, dataset)
            owner_row = (
                dataset_row
                if inference_set is None
                else self._inference_set_row(connection, project, dataset, inference_set)
            )
            if kind == "frame":
                allowed = self._read_table(
                    catalog.load_json(dataset_row["files"])["frames"], columns=["frame_id"]
                ).column("frame_id")
                meaning = f"a frame of dataset {dataset!r}"
            elif inference_set is None:
                allowed = self._read_table(
                    catalog.load_json(dataset_row["files"])["labels"], columns=["label_id"]
                ).column("label_id")
                meaning = f"a label id of dataset {dataset!r}"
            else:
                allowed = self._read_table(
                    catalog.load_json(owner_row["files"])["predictions"], columns=["prediction_id"]
                ).column("prediction_id")
                meaning = f"a prediction id of inference set {inference_set!r}"
        table, dimension = validate.check_embeddings(
            vectors, kind=kind, allowed_ids=allowed, id_meaning=meaning
        )
        with self._staged_write() as staging:
            files = {"vectors": staging.write_table("vectors", table)}
            with self._write() as connection:
                current_dataset = self._dataset_row(connection, project, dataset)
                self._expect_unchanged(current_dataset, dataset_row["content_id"], f"dataset {dataset!r}")
                inference_set_id = None
                if inference_set is not None:
                    current = self._inference_set_row(connection, project, dataset, inference_set)
                    self._expect_unchanged(
                        current, owner_row["content_id"], f"inference set {inference_set!r}"
                    )
                    inference_set_id = current["id"]
                connection.execute(
                    """DELETE FROM embeddings WHERE dataset_id = ? AND kind = ?
                       AND inference_set_id IS ?""",
                    (current_dataset["id"], kind, inference_set_id),
                )
                connection.execute(
                    """INSERT INTO embeddings (dataset_id, inference_set_id, kind, dimension, count,
                           content_id, files, created_at)
                       VALUES (?, ?, ?, ?, ?, ?, ?, ?)""",
                    (
                        current_dataset["id"],
                        inference_set_id,
                        kind,
                        dimension,
                        table.num_rows,
                        staging.content_id,
                        catalog.dump_json(files, field="files"),
                        catalog.now(),
                    ),
                )
        return self.get_embeddings(project, dataset, kind=kind, inference_set=inference_set)

    def _embeddings_row(
        self,
        connection: sqlite3.Connection,
        project: str,
        dataset: str,
        kind: EmbeddingKind,
        inference_set: str | None,
    ) -> sqlite3.Row:
        _check_kind(kind)
        row = connection.execute(
            f"""{_SELECT} WHERE p.name = ? AND d.name = ? AND e.kind = ?
                AND i.name IS ?""",
            (project, dataset, kind, inference_set),
        ).fetchone()
        if row is None:
            if inference_set is None:
                self._dataset_row(connection, project, dataset)
                owner = f"dataset {dataset!r}"
            else:
                self._inference_set_row(connection, project, dataset, inference_set)
                owner = f"inference set {inference_set!r}"
            raise NotFoundError(f"{owner} of project {project!r} has no {kind} embeddings")
        return row

    def get_embeddings(
        self, project: str, dataset: str, *, kind: EmbeddingKind, inference_set: str | None = None
    ) -> Embeddings:
        """The record of a dataset's (or an inference set's) embeddings of one kind."""
        with self._read() as connection:
            return embeddings_record(self._embeddings_row(connection, project, dataset, kind, inference_set))

    def list_embeddings(self, project: str, dataset: str) -> list[Embeddings]:
        """All embeddings of a dataset and of its inference sets."""
        with self._read() as connection:
            self._dataset_row(connection, project, dataset)
            rows = connection.execute(
                f"""{_SELECT} WHERE p.name = ? AND d.name = ?
                    ORDER BY i.name IS NOT NULL, i.name, e.kind""",
                (project, dataset),
            ).fetchall()
        return [embeddings_record(row) for row in rows]

    def read_embeddings(
        self, project: str, dataset: str, *, kind: EmbeddingKind, inference_set: str | None = None
    ) -> pa.Table:
        """The embeddings table (``frame_id|crop_id, vector``)."""
        with self._read() as connection:
            row = self._embeddings_row(connection, project, dataset, kind, inference_set)
            return self._read_table(catalog.load_json(row["files"])["vectors"])

    def delete_embeddings(
        self, project: str, dataset: str, *, kind: EmbeddingKind, inference_set: str | None = None
    ) -> None:
        """Delete a dataset's (or an inference set's) embeddings of one kind."""
        with self._collecting(), self._write() as connection:
            row = self._embeddings_row(connection, project, dataset, kind, inference_set)
            connection.execute("DELETE FROM embeddings WHERE id = ?", (row["id"],))
