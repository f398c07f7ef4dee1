"""The Python package's front door: handles on a workspace, its projects, datasets and inference sets.

>>> import reefscope
>>> ws = reefscope.open(tmp_path)                                  # doctest: +SKIP
>>> voc = ws.import_labels("voc100/annotations", project="voc", dataset="val",
...                        format="voc", images="voc100/images")   # doctest: +SKIP
>>> detector = voc.import_inferences("voc100/detections", name="detector", format="text",
...                                  class_names="voc100/classes.txt")  # doctest: +SKIP
>>> metrics = detector.metrics(confidence=0.4, iou=0.5)            # doctest: +SKIP
>>> metrics.summary.precision, metrics.summary.recall              # doctest: +SKIP
>>> metrics.report()                                               # doctest: +SKIP

A handle is a name bound to a workspace, not a copy of the data: it reads
the latest stored version whenever it is asked, so a re-import elsewhere is
seen at once. Options are keyword-only; thresholds left out use the
project's defaults.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

import pyarrow as pa

from reefscope.display import Column, Table
from reefscope.engine import InvalidInputError
from reefscope.ingest import imports
from reefscope.ingest.common import ClassList, NewClasses
from reefscope.ingest.imports import InferenceFormat, LabelFormat
from reefscope.service.core import Service, Thresholds
from reefscope.service.examples import ExampleFilter, Ordering, cells_for_filter, class_index
from reefscope.store import (
    UNCHANGED,
    CustomMetrics,
    Dataset,
    EmbeddingKind,
    Embeddings,
    InferenceSet,
    Project,
    Segment,
    SegmentKind,
    Task,
    Unchanged,
    Workspace,
)
from reefscope.store.custom_metrics import DEFAULT_NAME as DEFAULT_CUSTOM_METRICS
from reefscope.store.projects import ClassesArgument
from reefscope.store.records import DEFAULT_CONFIDENCE_THRESHOLD, DEFAULT_IOU_THRESHOLD, SizeName
from reefscope.views import CocoMetrics, Comparison, Curves, Examples, Metrics, SegmentScores, Verdict
from reefscope.voc_view import VocMetrics

PathArgument = str | os.PathLike[str]

__all__ = ["DatasetHandle", "InferenceSetHandle", "ProjectHandle", "WorkspaceHandle", "open"]


def open(path: PathArgument | None = None, *, create: bool = True) -> WorkspaceHandle:
    """Open the workspace at ``path`` (default ``$REEFSCOPE_HOME``, else ``~/.reefscope``).

    With ``create=False`` a missing workspace raises :class:`~reefscope.store.NotFoundError`
    instead of being created.

    >>> import tempfile, reefscope
    >>> ws = reefscope.open(tempfile.mkdtemp())
    >>> ws.create_project("shapes", task="detection", classes=["circle", "square"])
    <ProjectHandle 'shapes': detection, 2 classes, 0 datasets>
    >>> ws.projects
    [<ProjectHandle 'shapes': detection, 2 classes, 0 datasets>]
    """
    return WorkspaceHandle(path, create=create)


class WorkspaceHandle:
    """A workspace directory: projects, and the evaluations over them (with a shared cache)."""

    def __init__(self, path: PathArgument | None = None, *, create: bool = True) -> None:
        self.store = Workspace(path, create=create)
        self.service = Service(self.store)

    @property
    def path(self) -> Path:
        return self.store.path

    @property
    def projects(self) -> list[ProjectHandle]:
        """Every project, by name."""
        return [ProjectHandle(self, record.name) for record in self.store.list_projects()]

    def project(self, name: str) -> ProjectHandle:
        """The project called ``name`` (:class:`~reefscope.store.NotFoundError` if there is none)."""
        self.store.get_project(name)
        return ProjectHandle(self, name)

    def create_project(
        self,
        name: str,
        *,
        task: Task,
        classes: ClassesArgument,
        confidence: float = DEFAULT_CONFIDENCE_THRESHOLD,
        iou: float = DEFAULT_IOU_THRESHOLD,
        description: str = "",
    ) -> ProjectHandle:
        """Create a project with ordered ``classes`` and default thresholds ``confidence`` / ``iou``."""
        self.store.create_project(
            name,
            task=task,
            classes=classes,
            confidence_threshold=confidence,
            iou_threshold=iou,
            description=description,
        )
        return ProjectHandle(self, name)

    def delete_project(self, name: str) -> None:
        """Delete a project with everything in it."""
        self.store.delete_project(name)

    def import_labels(
        self,
        path: PathArgument,
        *,
        project: str,
        dataset: str,
        format: LabelFormat,
        images: PathArgument | None = None,
        classes: ClassList | None = None,
        class_names: ClassList | None = None,
        metadata: PathArgument | None = None,
        new_classes: NewClasses = "error",
        copy_images: bool = False,
        description: str | None = None,
    ) -> DatasetHandle:
        """Import a labeled dataset, creating ``project`` from the data when it does not exist.

        See :meth:`ProjectHandle.import_labels` for the arguments.
        """
        imports.import_labels(
            self.store,
            project,
            dataset,
            path,
            format=format,
            images=images,
            classes=classes,
            class_names=class_names,
            metadata=metadata,
            new_classes=new_classes,
            copy_images=copy_images,
            description=description,
        )
        return DatasetHandle(ProjectHandle(self, project), dataset)

    def overview(self) -> Table:
        """Every project, dataset and inference set with their sizes."""
        rows: list[dict[str, Any]] = []
        with self.store.snapshot() as store:
            for project in store.list_projects():
                datasets = store.list_datasets(project.name)
                if not datasets:
                    rows.append({"project": project.name, "task": project.task})
                for dataset in datasets:
                    names = [item.name for item in store.list_inference_sets(project.name, dataset.name)]
                    rows.append(
                        {
                            "project": project.name,
                            "task": project.task,
                            "classes": len(project.classes),
                            "dataset": dataset.name,
                            "frames": dataset.frame_count,
                            "labels": dataset.label_count,
                            "inference_sets": ", ".join(names),
                            "segments": len(store.list_segments(project.name, dataset.name)),
                        }
                    )
        return Table(
            columns=(
                Column("project", "project"),
                Column("task", "task"),
                Column("classes", "classes", "count"),
                Column("dataset", "dataset"),
                Column("frames", "frames", "count"),
                Column("labels", "labels", "count"),
                Column("segments", "segments", "count"),
                Column("inference_sets", "inference sets", wrap=True),
            ),
            rows=tuple(rows),
            title=f"Workspace {self.path}",
        )

    def __repr__(self) -> str:
        return f"<WorkspaceHandle {str(self.path)!r}>"


class ProjectHandle:
    """A project: its task, ordered classes, default thresholds and datasets."""

    def __init__(self, workspace: WorkspaceHandle, name: str) -> None:
        self.workspace = workspace
        self.name = name

    @property
    def record(self) -> Project:
        """The stored project record (read afresh)."""
        return self.workspace.store.get_project(self.name)

    @property
    def task(self) -> Task:
        return self.record.task

    @property
    def classes(self) -> tuple[str, ...]:
        """Class names in index order (``background`` is implicit and not listed)."""
        return self.record.class_names

    @property
    def confidence(self) -> float:
        """Default confidence threshold."""
        return self.record.confidence_threshold

    @property
    def iou(self) -> float:
        """Default IoU threshold (detection)."""
        return self.record.iou_threshold

    @property
    def datasets(self) -> list[DatasetHandle]:
        return [DatasetHandle(self, record.name) for record in self.workspace.store.list_datasets(self.name)]

    def dataset(self, name: str) -> DatasetHandle:
        self.workspace.store.get_dataset(self.name, name)
        return DatasetHandle(self, name)

    def import_labels(
        self,
        path: PathArgument,
        *,
        dataset: str,
        format: LabelFormat,
        images: PathArgument | None = None,
        classes: ClassList | None = None,
        class_names: ClassList | None = None,
        metadata: PathArgument | None = None,
        new_classes: NewClasses = "error",
        copy_images: bool = False,
        description: str | None = None,
    ) -> DatasetHandle:
        """Import labels as ``dataset`` (re-importing the same name replaces it atomically).

        ``format``: ``coco`` (instances JSON), ``voc`` (directory of XML),
        ``yolo`` (directory of ``.txt``; needs ``images`` and ``class_names``),
        ``text`` (per-image ``class x1 y1 x2 y2`` files) or ``table``
        (classification CSV/Parquet). ``images``: the image directory.
        ``class_names``: what integer class ids in the files mean.
        ``metadata``: a CSV/Parquet side file of frame metadata keyed by
        ``frame_id``. ``new_classes="extend"`` appends unknown classes to
        the project instead of failing. Nothing is written when a file is bad.
        """
        return self.workspace.import_labels(
            path,
            project=self.name,
            dataset=dataset,
            format=format,
            images=images,
            classes=classes,
            class_names=class_names,
            metadata=metadata,
            new_classes=new_classes,
            copy_images=copy_images,
            description=description,
        )

    def update(
        self,
        *,
        confidence: float | Unchanged = UNCHANGED,
        iou: float | Unchanged = UNCHANGED,
        description: str | Unchanged = UNCHANGED,
        classes: ClassesArgument | Unchanged = UNCHANGED,
    ) -> ProjectHandle:
        """Change default thresholds, description or class names/colours; returns ``self``."""
        self.workspace.store.update_project(
            self.name,
            confidence_threshold=confidence,
            iou_threshold=iou,
            description=description,
            classes=classes,
        )
        return self

    def delete(self) -> None:
        """Delete the project with all its datasets, inference sets and segments."""
        self.workspace.store.delete_project(self.name)

    def __repr__(self) -> str:
        record = self.record
        n = len(self.workspace.store.list_datasets(self.name))
        return (
            f"<ProjectHandle {self.name!r}: {record.task}, {len(record.classes)} classes, "
            f"{n} dataset{'' if n == 1 else 's'}>"
        )


class DatasetHandle:
    """A labeled dataset: frames, labels, metadata, segments and inference sets."""

    def __init__(self, project: ProjectHandle, name: str) -> None:
        self.project = project
        self.name = name

    @property
    def workspace(self) -> WorkspaceHandle:
        return self.project.workspace

    @property
    def _store(self) -> Workspace:
        return self.project.workspace.store

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
        return imports.import_embeddings(self._store, self.project.name, self.name, path, kind=kind, ids=ids)

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


class InferenceSetHandle:
    """A model's predictions on a dataset, and everything computed from them."""

    def __init__(self, dataset: DatasetHandle, name: str) -> None:
        self.dataset = dataset
        self.name = name

    @property
    def project(self) -> ProjectHandle:
        return self.dataset.project

    @property
    def _service(self) -> Service:
        return self.dataset.workspace.service

    @property
    def _names(self) -> tuple[str, str, str]:
        return self.dataset.project.name, self.dataset.name, self.name

    @property
    def record(self) -> InferenceSet:
        return self.dataset.workspace.store.get_inference_set(*self._names)

    @property
    def prediction_count(self) -> int:
        return self.record.prediction_count

    def predictions(self) -> pa.Table:
        """Predictions as a pyarrow table (call ``.to_pandas()`` for a DataFrame)."""
        return self.dataset.workspace.store.read_predictions(*self._names)

    # ---- evaluation ------------------------------------------------------------------------------

    def metrics(
        self,
        *,
        confidence: float | None = None,
        iou: float | None = None,
        segment: str | None = None,
        metric_class: str | None = None,
        class_aware: bool = False,
        size: SizeName | None = None,
    ) -> Metrics:
        """Confusion matrix (background last), classification report and headline metrics.

        ``confidence`` / ``iou`` default to the project's thresholds;
        ``segment`` restricts to a segment's frames; ``metric_class`` makes
        the headline that class's values instead of the weighted average;
        ``class_aware`` only matches boxes of the same class; ``size``
        (``"small"``, ``"medium"``, ``"large"``) keeps only labels and
        predictions whose box area is in the project's range for that size.
        """
        return Metrics(
            self._service.metrics(
                *self._names,
                confidence=confidence,
                iou=iou,
                segment=segment,
                metric_class=metric_class,
                class_aware=class_aware,
                size=size,
            )
        )

    def coco(self, *, segment: str | None = None, size: SizeName | None = None) -> CocoMetrics:
        """COCO-style box mAP (AP@[.5:.95], AP50, AP75, by area, AR@1/10/100), identical to pycocotools."""
        return CocoMetrics(
            self._service.coco(*self._names, segment=segment, size=size), self.dataset.project.classes
        )

    def voc(
        self, *, iou: float | None = None, segment: str | None = None, size: SizeName | None = None
    ) -> VocMetrics:
        """PASCAL VOC AP per class and mean, 11-point and all-point, at ``iou`` (default: the project's)."""
        return VocMetrics(
            self._service.voc(*self._names, iou=iou, segment=segment, size=size), self.dataset.project.classes
        )

    def pr_curves(
        self,
        *,
        iou: float | None = None,
        segment: str | None = None,
        class_aware: bool = False,
        confidences: Sequence[float] | None = None,
        size: SizeName | None = None,
    ) -> Curves:
        """PR curves per class and aggregate over a confidence grid (default 0.00, 0.01, ..., 1.00)."""
        return Curves(
            self._service.pr_curves(
                *self._names,
                iou=iou,
                segment=segment,
                class_aware=class_aware,
                confidences=confidences,
                size=size,
            )
        )

    def examples(
        self,
        *,
        cell: tuple[str, str] | None = None,
        cells: Iterable[tuple[str, str]] | None = None,
        filter: ExampleFilter | None = None,
        class_name: str | None = None,
        confidence: float | None = None,
        iou: float | None = None,
        segment: str | None = None,
        class_aware: bool = False,
        order_by: Ordering = "confidence",
        descending: bool = True,
        offset: int = 0,
        limit: int = 50,
        size: SizeName | None = None,
    ) -> Examples:
        """The items behind confusion cells, one page at a time.

        Choose cells with ``cell=("cat", "dog")`` (ground truth, predicted;
        either may be ``"background"``), ``cells=[...]``, or a ``filter``:
        ``"fn"`` (missed labels), ``"fp"`` (false detections),
        ``"confused_as"`` / ``"confused_from"`` with ``class_name``.
        ``order_by``: ``confidence``, ``iou`` or ``box_size``.
        """
        selected = self._cells(cell, cells, filter, class_name)
        return Examples(
            self._service.examples(
                *self._names,
                selected,
                confidence=confidence,
                iou=iou,
                segment=segment,
                class_aware=class_aware,
                order_by=order_by,
                descending=descending,
                offset=offset,
                limit=limit,
                size=size,
            )
        )

    def _cells(
        self,
        cell: tuple[str, str] | None,
        cells: Iterable[tuple[str, str]] | None,
        filter: ExampleFilter | None,
        class_name: str | None,
    ) -> list[tuple[int, int]]:
        given = sum(option is not None for option in (cell, cells, filter))
        if given != 1:
            raise InvalidInputError("give exactly one of `cell`, `cells` and `filter`", field="cell")
        classes = self.project.classes
        if filter is not None:
            return cells_for_filter(classes, filter, class_name)
        named = [cell] if cell is not None else list(cells or [])
        selected = []
        for pair in named:
            if isinstance(pair, str) or len(pair) != 2:
                raise InvalidInputError(
                    f"expected a cell as (ground truth, predicted) class names but got {pair!r}", field="cell"
                )
            selected.append((class_index(classes, pair[0]), class_index(classes, pair[1])))
        return selected

    def compare(
        self,
        other: InferenceSetHandle | str,
        *,
        confidence: float | None = None,
        iou: float | None = None,
        other_confidence: float | None = None,
        other_iou: float | None = None,
        segment: str | None = None,
        metric_class: str | None = None,
        class_aware: bool = False,
    ) -> Comparison:
        """Compare with another inference set of the same dataset (``self`` first, ``other`` second).

        Each side is evaluated at its own thresholds; ``other_*`` default to
        this side's. ``delta`` is ``other - self`` per confusion cell.
        """
        other_name = other if isinstance(other, str) else other.name
        if not isinstance(other, str) and (
            other.dataset.name != self.dataset.name or other.project.name != self.project.name
        ):
            raise InvalidInputError("both inference sets must belong to the same dataset", field="other")
        project, dataset, _ = self._names
        first = self._service.thresholds(project, confidence=confidence, iou=iou)
        second = self._service.thresholds(
            project,
            confidence=first.confidence if other_confidence is None else other_confidence,
            iou=first.iou if other_iou is None else other_iou,
        )
        return Comparison(
            self._service.compare(
                project,
                dataset,
                (self.name, first),
                (other_name, second),
                segment=segment,
                metric_class=metric_class,
                class_aware=class_aware,
            )
        )

    def segment_scores(
        self,
        *,
        confidence: float | None = None,
        iou: float | None = None,
        kinds: Sequence[SegmentKind] | None = None,
        metric_class: str | None = None,
    ) -> SegmentScores:
        """Every segment (All Frames first) scored against its thresholds: the scenario cards."""
        project = self._names[0]
        thresholds: Thresholds = self._service.thresholds(project, confidence=confidence, iou=iou)
        return SegmentScores(
            self._service.segment_scores(
                *self._names, thresholds=thresholds, kinds=kinds, metric_class=metric_class
            )
        )

    def regression_tests(self, *, confidence: float | None = None, iou: float | None = None) -> Verdict:
        """The regression-test verdict: ``.passed``, ``.failures``, ``.table()``, ``.to_junit()``."""
        return Verdict(self._service.regression_verdict(*self._names, confidence=confidence, iou=iou))

    # ---- imports ---------------------------------------------------------------------------------

    def import_embeddings(
        self,
        path: PathArgument,
        *,
        kind: EmbeddingKind = "crop",
        ids: PathArgument | Sequence[str] | None = None,
    ) -> Embeddings:
        """Import crop embeddings of the predictions (keyed by prediction id), or frame embeddings."""
        project, dataset, name = self._names
        return imports.import_embeddings(
            self.dataset.workspace.store, project, dataset, path, kind=kind, inference_set=name, ids=ids
        )

    def import_custom_metrics(
        self, path: PathArgument, *, name: str = DEFAULT_CUSTOM_METRICS
    ) -> CustomMetrics:
        """Import per-frame custom metrics (an objective and/or a confusion matrix per frame)."""
        project, dataset, inference_set = self._names
        return imports.import_custom_metrics(
            self.dataset.workspace.store, project, dataset, inference_set, path, name=name
        )

    def delete(self) -> None:
        self.dataset.workspace.store.delete_inference_set(*self._names)

    def __repr__(self) -> str:
        return f"<InferenceSetHandle {'/'.join(self._names)}: {self.record.prediction_count} predictions>"
