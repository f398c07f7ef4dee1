"""The dataset handle: frames, labels, metadata, segments and the imports onto them."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

import pyarrow as pa

from reefscope.client._handle import DatasetScoped, PathArgument
from reefscope.client.inference_set import InferenceSetHandle
from reefscope.engine import InvalidInputError
from reefscope.ingest import imports
from reefscope.ingest.common import ClassList, NewClasses
from reefscope.ingest.imports import InferenceFormat
from reefscope.store import UNCHANGED, Dataset, EmbeddingKind, Embeddings, Segment, SegmentKind, Unchanged

if TYPE_CHECKING:
    from reefscope.client.project import ProjectHandle
    from reefscope.client.workspace import WorkspaceHandle


class DatasetHandle(DatasetScoped):
    """A labeled dataset: frames, labels, metadata, segments and inference sets."""

    def __init__(self, project: ProjectHandle, name: str) -> None:
        self.project = project
        self.name = name

    @property
    def workspace(self) -> WorkspaceHandle:
        return self.project.workspace

    @property
    def _scope(self) -> tuple[WorkspaceHandle, str, str, str | None]:
        return self.project.workspace, self.project.name, self.name, None

    @property
    def record(self) -> Dataset:
        return self._store.get_dataset(self.project.name, self.name)

    @property
    def frame_count(self) -> int:
        return self.record.frame_count

    @property
    def label_count(self) -> int:
        return self.record.label_count

    # ---- bulk data -------------------------------------------------------------------------------

    def frames(self, *, where: str | None = None) -> pa.Table:
        """Frames (``frame_id, image, width, height`` and ``meta.<key>`` columns) as a pyarrow
        table; call ``.to_pandas()`` on it for a DataFrame. ``where`` filters by metadata."""
        table = self._store.read_frames(self.project.name, self.name)
        if where is None:
            return table
        ids = set(self.frame_ids(where=where))
        mask = pa.array([frame_id in ids for frame_id in table.column("frame_id").to_pylist()])
        return table.filter(mask)

    def labels(self) -> pa.Table:
        """Labels as a pyarrow table (boxes ``x1, y1, x2, y2`` in pixels, ``class_index``)."""
        return self._store.read_labels(self.project.name, self.name)

    def frame_ids(self, *, where: str | None = None) -> list[str]:
        """Frame ids, all or those whose metadata match ``where``.

        The query language: comparisons (``==, !=, <, <=, >, >=``), ``in`` /
        ``not in`` lists, ``and`` / ``or`` / ``not`` and parentheses over
        metadata keys and ``frame_id``; for example
        ``"time_of_day == 'night' and speed > 3"``. It is parsed, never evaluated.
        """
        if where is None:
            return (
                self._store.read_frames(self.project.name, self.name, columns=["frame_id"])
                .column("frame_id")
                .to_pylist()
            )
        return self.workspace.service.frames_matching(self.project.name, self.name, where)

    # ---- imports ---------------------------------------------------------------------------------

    def import_inferences(
        self,
        path: PathArgument,
        *,
        name: str,
        format: InferenceFormat,
        class_names: ClassList | None = None,
        categories: PathArgument | Mapping[int, str] | None = None,
        new_classes: NewClasses = "error",
        model: Mapping[str, Any] | None = None,
        description: str | None = None,
    ) -> InferenceSetHandle:
        """Import a model's predictions on this dataset as inference set ``name``.

        ``format``: ``coco`` (results JSON), ``yolo`` (``.txt`` with
        confidence; needs ``class_names``), ``text`` (per-image ``class
        confidence x1 y1 x2 y2``) or ``table`` (classification CSV/Parquet,
        optionally with ``score.<class>`` columns). ``categories``: for COCO
        results when the labels were not imported from COCO. ``model``:
        free metadata kept with the set (name, version, commit, ...).
        """
        imports.import_inferences(
            self._store,
            self.project.name,
            self.name,
            name,
            path,
            format=format,
            class_names=class_names,
            categories=categories,
            new_classes=new_classes,
            model=model,
            description=description,
        )
        return InferenceSetHandle(self, name)

    def import_metadata(self, path: PathArgument) -> DatasetHandle:
        """Replace frame metadata from a CSV/Parquet side file keyed by ``frame_id``; returns ``self``."""
        imports.import_frame_metadata(self._store, self.project.name, self.name, path)
        return self

    def import_embeddings(
        self,
        path: PathArgument,
        *,
        kind: EmbeddingKind = "frame",
        ids: PathArgument | Sequence[str] | None = None,
    ) -> Embeddings:
        """Import frame embeddings, or crop embeddings of the labels (``kind="crop"``, keyed by label id).

        ``.npy`` (with ``ids`` or a ``<name>.ids.txt`` beside it), ``.npz``
        (``ids`` and ``vectors``) or Parquet.
        """
        return self._import_embeddings(path, kind=kind, ids=ids)

    # ---- inference sets --------------------------------------------------------------------------

    @property
    def inference_sets(self) -> list[InferenceSetHandle]:
        return [
            InferenceSetHandle(self, record.name)
            for record in self._store.list_inference_sets(self.project.name, self.name)
        ]

    def inference_set(self, name: str) -> InferenceSetHandle:
        self._store.get_inference_set(self.project.name, self.name, name)
        return InferenceSetHandle(self, name)

    # ---- segments --------------------------------------------------------------------------------

    @property
    def segments(self) -> list[Segment]:
        """Stored segments, splits first (the implicit *All Frames* is not listed)."""
        return self._store.list_segments(self.project.name, self.name)

    def segment(self, name: str) -> Segment:
        return self._store.get_segment(self.project.name, self.name, name)

    def segment_frames(self, name: str) -> list[str]:
        """The frame ids of a segment."""
        return self._store.read_segment_frames(self.project.name, self.name, name).to_pylist()

    def create_segment(
        self,
        name: str,
        *,
        frames: Iterable[str] | None = None,
        where: str | None = None,
        kind: SegmentKind = "scenario",
        description: str = "",
        precision: float | None = None,
        recall: float | None = None,
        f1: float | None = None,
        metadata: Mapping[str, Any] | None = None,
    ) -> Segment:
        """Create a segment from frame ids or from a metadata query (exactly one of ``frames``, ``where``).

        ``kind``: ``split``, ``regression_test`` or ``scenario``. Thresholds
        are optional targets in [0, 1]; a regression test passes when every
        one that is set is met. The query is kept in the segment's metadata
        (``where``); the frames are fixed when the segment is created.
        """
        members = self._members(frames, where)
        extra = dict(metadata or {})
        if where is not None:
            extra.setdefault("where", where)
        return self._store.create_segment(
            self.project.name,
            self.name,
            name,
            frames=members,
            kind=kind,
            description=description,
            metadata=extra,
            precision=precision,
            recall=recall,
            f1=f1,
        )

    def update_segment(
        self,
        name: str,
        *,
        frames: Iterable[str] | None = None,
        where: str | None = None,
        kind: SegmentKind | Unchanged = UNCHANGED,
        description: str | Unchanged = UNCHANGED,
        precision: float | Unchanged | None = UNCHANGED,
        recall: float | Unchanged | None = UNCHANGED,
        f1: float | Unchanged | None = UNCHANGED,
    ) -> Segment:
        """Change a segment; arguments left out keep their value, a threshold of ``None`` unsets it."""
        new_frames: Iterable[str] | Unchanged = UNCHANGED
        metadata: Mapping[str, Any] | Unchanged = UNCHANGED
        if frames is not None or where is not None:
            new_frames = self._members(frames, where)
            current = dict(self.segment(name).metadata)
            current.pop("where", None)
            metadata = {**current, **({"where": where} if where is not None else {})}
        return self._store.update_segment(
            self.project.name,
            self.name,
            name,
            frames=new_frames,
            kind=kind,
            description=description,
            metadata=metadata,
            precision=precision,
            recall=recall,
            f1=f1,
        )

    def delete_segment(self, name: str) -> None:
        self._store.delete_segment(self.project.name, self.name, name)

    def _members(self, frames: Iterable[str] | None, where: str | None) -> list[str]:
        if (frames is None) == (where is None):
            raise InvalidInputError("give exactly one of `frames` and `where`", field="frames")
        if where is not None:
            return self.frame_ids(where=where)
        if isinstance(frames, str):
            raise InvalidInputError("expected a collection of frame ids, not one string", field="frames")
        return list(frames)  # type: ignore[arg-type]

    def delete(self) -> None:
        """Delete the dataset with its inference sets, segments and embeddings."""
        self._store.delete_dataset(self.project.name, self.name)

    def __repr__(self) -> str:
        record = self.record
        return (
            f"<DatasetHandle {self.project.name}/{self.name}: {record.frame_count} frames, "
            f"{record.label_count} labels, version {record.version}>"
        )
