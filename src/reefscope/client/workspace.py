"""The workspace handle, and :func:`open` that makes one."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from reefscope.client._handle import PathArgument
from reefscope.client.dataset import DatasetHandle
from reefscope.client.project import ProjectHandle
from reefscope.display import Column, Table
from reefscope.ingest import imports
from reefscope.ingest.common import ClassList, NewClasses
from reefscope.ingest.imports import LabelFormat
from reefscope.service.core import Service
from reefscope.store import Task, Workspace
from reefscope.store.projects import ClassesArgument
from reefscope.store.records import DEFAULT_CONFIDENCE_THRESHOLD, DEFAULT_IOU_THRESHOLD


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
