"""The project handle: task, classes, default thresholds and datasets."""

from __future__ import annotations

from typing import TYPE_CHECKING

from reefscope.client._handle import PathArgument
from reefscope.client.dataset import DatasetHandle
from reefscope.ingest.common import ClassList, NewClasses
from reefscope.ingest.imports import LabelFormat
from reefscope.store import UNCHANGED, Project, Task, Unchanged
from reefscope.store.projects import ClassesArgument

if TYPE_CHECKING:
    from reefscope.client.workspace import WorkspaceHandle


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
