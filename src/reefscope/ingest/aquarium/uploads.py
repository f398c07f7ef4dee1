"""Processing an accepted Aquarium upload: read its files, merge, store in one atomic write.

Everything is read and validated before anything is written; the store then
writes the dataset (or inference set) with its embeddings and custom metrics
in one transaction, so an upload lands whole or not at all. The uploaded files
are deleted once processing has ended, whether it succeeded or not.
"""

from __future__ import annotations

from typing import Any

from reefscope.engine import InvalidInputError
from reefscope.ingest.aquarium import arrow, rows
from reefscope.ingest.aquarium.blobs import BlobRecord, Blobs
from reefscope.ingest.aquarium.build import DatasetState, apply_upload, dataset_tables, inference_tables
from reefscope.ingest.aquarium.jobs import Job
from reefscope.ingest.aquarium.projects import class_map, metric_types
from reefscope.store import NotFoundError, Workspace


def _urls(body: dict[str, Any], *path: str) -> list[Any]:
    value: Any = body
    for key in path:
        value = value.get(key) if isinstance(value, dict) else None
    if value is None:
        return []
    if not isinstance(value, list):
        raise InvalidInputError(f"expected a list of uploaded files but got {value!r}", field=".".join(path))
    return value


def check_body(body: object, *, kind: str) -> dict[str, Any]:
    """The shape the job needs, checked while the client still waits for the POST's answer."""
    if not isinstance(body, dict):
        raise InvalidInputError("expected a JSON object")
    version = body.get("upload_version")
    if not isinstance(version, str) or not version:
        raise InvalidInputError(
            f"expected an upload_version string but got {version!r}", field="upload_version"
        )
    if kind == "dataset":
        frames, crops = _urls(body, "data_url", "frame"), _urls(body, "data_url", "crop")
        if len(frames) != len(crops):
            raise InvalidInputError(
                f"expected as many crop files as frame files but got {len(crops)} and {len(frames)}",
                field="data_url",
            )
    else:
        _urls(body, "data_url")
    return body


class Processor:
    """Runs jobs against one workspace and its blobs."""

    def __init__(self, workspace: Workspace, blobs: Blobs) -> None:
        self.workspace = workspace
        self.blobs = blobs

    def __call__(self, job: Job) -> None:
        records = self._records(job)
        try:
            if job.kind == "dataset":
                self._dataset(job, records)
            else:
                self._inferences(job, records)
        finally:
            for record in records.values():
                self.blobs.delete(record)

    def _records(self, job: Job) -> dict[str, BlobRecord]:
        body = job.body
        if job.kind == "dataset":
            keys = ("frame", "crop", "frame_embeddings", "crop_embeddings")
            urls = [url for key in keys for url in _urls(body, "data_url", key)]
        else:
            urls = _urls(body, "data_url") + _urls(body, "embeddings_url")
        records = {}
        for url in urls:
            try:
                records[url] = self.blobs.by_download_url(url)
            except NotFoundError as error:
                raise InvalidInputError(str(error), field="data_url") from None
        return records

    def _read(self, records: dict[str, BlobRecord], url: str) -> tuple[bytes, str]:
        record = records[url]
        return self.blobs.read(record), record.filename

    def _dataset(self, job: Job, records: dict[str, BlobRecord]) -> None:
        project = self.workspace.get_project(job.project)
        body = job.body
        frame_rows: list[rows.FrameRow] = []
        for frame_url, crop_url in zip(
            _urls(body, "data_url", "frame"), _urls(body, "data_url", "crop"), strict=True
        ):
            data, source = self._read(records, frame_url)
            batch = rows.read_frames(data, source=source)
            by_id = {row.frame_id: row for row in batch}
            data, source = self._read(records, crop_url)
            rows.read_crops(data, source=source, frames=by_id)
            frame_rows.extend(batch)
        frame_vectors: dict[str, list[float]] = {}
        crop_vectors: dict[str, list[float]] = {}
        for url in _urls(body, "data_url", "frame_embeddings"):
            data, source = self._read(records, url)
            frame_vectors.update(arrow.frame_vectors(data, source=source))
        for url in _urls(body, "data_url", "crop_embeddings"):
            data, source = self._read(records, url)
            crop_vectors.update(arrow.crop_vectors(data, source=source))
        previous: dict[str, Any] = {}
        with self.workspace.snapshot():
            try:
                previous = dict(self.workspace.get_dataset(job.project, job.dataset).metadata)
                frames = self.workspace.read_frames(job.project, job.dataset)
                labels = self.workspace.read_labels(job.project, job.dataset)
                vectors = {
                    kind: self._stored_vectors(job.project, job.dataset, kind) for kind in ("frame", "crop")
                }
                state = DatasetState.from_tables(frames, labels, vectors["frame"], vectors["crop"])
            except NotFoundError:
                state = DatasetState()
        apply_upload(
            state,
            frame_rows,
            task=project.task,
            class_map=class_map(project),
            frame_vectors=frame_vectors,
            crop_vectors=crop_vectors,
        )
        source = f"upload {job.upload_version}"
        frames_table, labels_table, embeddings = dataset_tables(state, task=project.task, source=source)
        external = body.get("external_metadata")
        stored = dict(previous.get("aquarium") or {})
        stored["list_keys"] = sorted(
            {*stored.get("list_keys", ()), *(k for row in frame_rows for k in row.list_keys)}
        )
        if isinstance(external, dict):
            stored["external_metadata"] = external
        self.workspace.put_dataset_bundle(
            job.project,
            job.dataset,
            frames=frames_table,
            labels=labels_table,
            embeddings=embeddings,  # type: ignore[arg-type]
            metadata={**previous, "aquarium": stored},
        )

    def _stored_vectors(self, project: str, dataset: str, kind: str) -> Any:
        try:
            return self.workspace.read_embeddings(project, dataset, kind=kind)  # type: ignore[arg-type]
        except NotFoundError:
            return None

    def _inferences(self, job: Job, records: dict[str, BlobRecord]) -> None:
        assert job.inference_set is not None
        project = self.workspace.get_project(job.project)
        body = job.body
        inference_rows: list[rows.InferenceRow] = []
        for url in _urls(body, "data_url"):
            data, source = self._read(records, url)
            inference_rows.extend(rows.read_inferences(data, source=source))
        frame_vectors: dict[str, list[float]] = {}
        crop_vectors: dict[str, list[float]] = {}
        for url in _urls(body, "embeddings_url"):
            data, source = self._read(records, url)
            frame_vectors.update(arrow.frame_vectors(data, source=source))
            crop_vectors.update(arrow.crop_vectors(data, source=source))
        frame_ids = frozenset(
            self.workspace.read_frames(job.project, job.dataset, columns=["frame_id"])
            .column("frame_id")
            .to_pylist()
        )
        built = inference_tables(
            inference_rows,
            task=project.task,
            class_map=class_map(project),
            frame_ids=frame_ids,
            metric_types=metric_types(project),
            frame_vectors=frame_vectors,
            crop_vectors=crop_vectors,
            source=f"upload {job.upload_version}",
        )
        metadata = body.get("external_metadata")
        self.workspace.put_inference_bundle(
            job.project,
            job.dataset,
            job.inference_set,
            predictions=built.predictions,
            embeddings=built.embeddings,  # type: ignore[arg-type]
            custom_metrics=built.custom_metrics,
            model={"aquarium": {"external_metadata": metadata}} if isinstance(metadata, dict) else None,
        )
