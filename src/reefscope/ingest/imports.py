"""Reading files in a named format and handing the validated tables to a workspace.

Readers never write; the functions here are the only ones that do, each in
one atomic store operation, so a file that fails validation leaves the
workspace exactly as it was.

>>> from reefscope.store import Workspace  # doctest: +SKIP
>>> workspace = Workspace()  # doctest: +SKIP
>>> import_labels(workspace, "voc", "val", "voc100/annotations", format="voc",
...               images="voc100/images", classes="voc100/classes.txt")  # doctest: +SKIP
>>> import_inferences(workspace, "voc", "val", "detector", "voc100/detections",
...                   format="text", class_names="voc100/classes.txt")  # doctest: +SKIP
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from os import PathLike
from pathlib import Path
from typing import Any, Literal, get_args

import pyarrow as pa

from reefscope.ingest.classification import read_classification_labels, read_classification_predictions
from reefscope.ingest.coco import CATEGORIES_KEY, coco_categories, read_coco_labels, read_coco_results
from reefscope.ingest.common import ClassList, DatasetFrames, NewClasses, optional_class_list
from reefscope.ingest.custom_metrics import read_custom_metrics
from reefscope.ingest.embeddings import read_embeddings
from reefscope.ingest.errors import InputFileError
from reefscope.ingest.metadata import merge_frame_metadata, read_frame_metadata
from reefscope.ingest.results import InferenceImport, LabelImport
from reefscope.ingest.text import read_text_labels, read_text_predictions
from reefscope.ingest.voc import read_voc_labels
from reefscope.ingest.yolo import read_yolo_labels, read_yolo_predictions
from reefscope.store import (
    CustomMetrics,
    Dataset,
    Embeddings,
    IfExists,
    InferenceSet,
    NotFoundError,
    Workspace,
)
from reefscope.store.custom_metrics import DEFAULT_NAME
from reefscope.store.records import EmbeddingKind

LabelFormat = Literal["coco", "voc", "yolo", "text", "table"]
InferenceFormat = Literal["coco", "yolo", "text", "table"]
LABEL_FORMATS: tuple[str, ...] = get_args(LabelFormat)
INFERENCE_FORMATS: tuple[str, ...] = get_args(InferenceFormat)

PathArgument = str | PathLike[str]


def read_labels(
    format: LabelFormat,
    path: PathArgument,
    *,
    images: PathArgument | None = None,
    classes: ClassList | None = None,
    class_names: ClassList | None = None,
    new_classes: NewClasses = "error",
) -> LabelImport:
    """Read labels in ``format`` (see :data:`LABEL_FORMATS`) without storing them.

    ``classes``: the class list indices refer to (names or a file), or
    ``None`` to take it from the data. ``class_names``: what integer class
    ids in the files mean (YOLO's names file; per-image text or tables with ids).
    """
    target = optional_class_list(classes)
    if format == "coco":
        _unused(class_names, "class_names", format)
        return read_coco_labels(path, images=images, classes=target, new_classes=new_classes)
    if format == "voc":
        _unused(class_names, "class_names", format)
        return read_voc_labels(path, images=images, classes=target, new_classes=new_classes)
    if format == "yolo":
        if images is None or class_names is None:
            raise InputFileError(
                "YOLO labels need the images directory and a class-names file", source=str(path)
            )
        return read_yolo_labels(
            path, images=images, class_names=class_names, classes=target, new_classes=new_classes
        )
    if format == "text":
        return read_text_labels(
            path, images=images, classes=target, class_names=class_names, new_classes=new_classes
        )
    if format == "table":
        return read_classification_labels(
            path, images=images, classes=target, class_names=class_names, new_classes=new_classes
        )
    raise InputFileError(f"expected a label format in {LABEL_FORMATS} but got {format!r}", source="format")


def read_inferences(
    format: InferenceFormat,
    path: PathArgument,
    *,
    frames: pa.Table | DatasetFrames,
    classes: ClassList,
    class_names: ClassList | None = None,
    categories: PathArgument | Mapping[int, str] | None = None,
    new_classes: NewClasses = "error",
) -> InferenceImport:
    """Read predictions in ``format`` (see :data:`INFERENCE_FORMATS`) on a dataset's ``frames``.

    ``categories``: for COCO results, the category id -> name table (an
    instances file or a mapping).
    """
    dataset_frames = frames if isinstance(frames, DatasetFrames) else DatasetFrames.from_table(frames)
    if format == "coco":
        if categories is None:
            raise InputFileError("COCO results need the categories of the instances file", source=str(path))
        return read_coco_results(
            path,
            classes=optional_class_list(classes) or (),
            categories=coco_categories(categories),
            frames=dataset_frames,
            new_classes=new_classes,
        )
    if format == "yolo":
        if class_names is None:
            raise InputFileError("YOLO predictions need a class-names file", source=str(path))
        return read_yolo_predictions(
            path, class_names=class_names, classes=classes, frames=dataset_frames, new_classes=new_classes
        )
    if format == "text":
        return read_text_predictions(
            path, classes=classes, class_names=class_names, frames=dataset_frames, new_classes=new_classes
        )
    if format == "table":
        return read_classification_predictions(
            path, classes=classes, class_names=class_names, frames=dataset_frames, new_classes=new_classes
        )
    raise InputFileError(
        f"expected an inference format in {INFERENCE_FORMATS} but got {format!r}", source="format"
    )


def import_labels(
    workspace: Workspace,
    project: str,
    dataset: str,
    path: PathArgument,
    *,
    format: LabelFormat,
    images: PathArgument | None = None,
    classes: ClassList | None = None,
    class_names: ClassList | None = None,
    metadata: PathArgument | None = None,
    new_classes: NewClasses = "error",
    copy_images: bool = False,
    description: str | None = None,
    if_exists: IfExists = "replace",
) -> Dataset:
    """Read a labeled dataset and store it, creating the project if needed.

    ``classes`` (names or a file) fixes the class order; by default an
    existing project's classes are used (labels with other classes fail
    unless ``new_classes="extend"``) and a new project takes the classes
    found in the data. ``metadata`` is a CSV/Parquet side file
    of frame metadata keyed by ``frame_id``. Re-importing replaces the
    dataset atomically.
    """
    target: ClassList | None = classes
    if classes is None:
        try:
            target = workspace.get_project(project).class_names
        except NotFoundError:
            target = None
    labels = read_labels(
        format, path, images=images, classes=target, class_names=class_names, new_classes=new_classes
    )
    if metadata is not None:
        side = read_frame_metadata(metadata, frame_ids=labels.frames.column("frame_id").to_pylist())
        frames = merge_frame_metadata(labels.frames, side, source=str(metadata))
        labels = LabelImport(**{**labels.__dict__, "frames": frames})
    return save_labels(
        workspace,
        project,
        dataset,
        labels,
        copy_images=copy_images,
        description=description,
        if_exists=if_exists,
    )


def save_labels(
    workspace: Workspace,
    project: str,
    dataset: str,
    labels: LabelImport,
    *,
    copy_images: bool = False,
    description: str | None = None,
    metadata: Mapping[str, Any] | None = None,
    if_exists: IfExists = "replace",
) -> Dataset:
    """Store labels read by a reader (creating the project from them if it does not exist)."""
    merged: dict[str, Any] | None = None
    if labels.metadata or metadata:
        try:
            merged = dict(workspace.get_dataset(project, dataset).metadata)
        except NotFoundError:
            merged = {}
        merged.update(labels.metadata)
        merged.update(metadata or {})
    return workspace.put_dataset(
        project,
        dataset,
        frames=labels.frames,
        labels=labels.labels,
        classes=labels.classes,
        image_roots=labels.image_roots,
        copy_images=copy_images,
        description=description,
        metadata=merged,
        if_exists=if_exists,
        create_project=True,
        task=labels.task,
    )


def import_inferences(
    workspace: Workspace,
    project: str,
    dataset: str,
    name: str,
    path: PathArgument,
    *,
    format: InferenceFormat,
    class_names: ClassList | None = None,
    categories: PathArgument | Mapping[int, str] | None = None,
    new_classes: NewClasses = "error",
    model: Mapping[str, Any] | None = None,
    description: str | None = None,
    if_exists: IfExists = "replace",
) -> InferenceSet:
    """Read predictions on a stored dataset and store them as inference set ``name``.

    Classes are the project's; predictions of other classes fail unless
    ``new_classes="extend"``, which appends them to the project. COCO
    results use the categories kept from the dataset's COCO import unless
    ``categories`` is given.
    """
    with workspace.snapshot():
        known = workspace.get_project(project).class_names
        record = workspace.get_dataset(project, dataset)
        frames = workspace.read_frames(project, dataset)
    if format == "coco" and categories is None:
        stored = record.metadata.get(CATEGORIES_KEY)
        if stored is None:
            raise InputFileError(
                f"dataset {dataset!r} was not imported from COCO, so COCO category ids mean nothing "
                f"to it; give the categories (the instances file)",
                source=str(path),
            )
        categories = coco_categories(stored)
    predictions = read_inferences(
        format,
        path,
        frames=frames,
        classes=known,
        class_names=class_names,
        categories=categories,
        new_classes=new_classes,
    )
    return save_inferences(
        workspace,
        project,
        dataset,
        name,
        predictions,
        model=model,
        description=description,
        if_exists=if_exists,
    )


def save_inferences(
    workspace: Workspace,
    project: str,
    dataset: str,
    name: str,
    predictions: InferenceImport,
    *,
    model: Mapping[str, Any] | None = None,
    description: str | None = None,
    if_exists: IfExists = "replace",
) -> InferenceSet:
    """Store predictions read by a reader as inference set ``name``."""
    return workspace.put_inference_set(
        project,
        dataset,
        name,
        predictions=predictions.predictions,
        classes=predictions.classes,
        model=model,
        description=description,
        if_exists=if_exists,
    )


def import_embeddings(
    workspace: Workspace,
    project: str,
    dataset: str,
    path: PathArgument,
    *,
    kind: EmbeddingKind,
    inference_set: str | None = None,
    ids: PathArgument | Sequence[str] | None = None,
) -> Embeddings:
    """Read frame or crop embeddings and store them for a dataset or one of its inference sets."""
    with workspace.snapshot():
        if kind == "frame":
            known = workspace.read_frames(project, dataset, columns=["frame_id"]).column("frame_id")
            if inference_set is not None:
                workspace.get_inference_set(project, dataset, inference_set)
        elif inference_set is None:
            known = workspace.read_labels(project, dataset).column("label_id")
        else:
            known = workspace.read_predictions(project, dataset, inference_set).column("prediction_id")
    vectors = read_embeddings(path, kind=kind, ids=ids, known_ids=known.to_pylist())
    return workspace.put_embeddings(project, dataset, kind=kind, vectors=vectors, inference_set=inference_set)


def import_custom_metrics(
    workspace: Workspace,
    project: str,
    dataset: str,
    inference_set: str,
    path: PathArgument,
    *,
    name: str = DEFAULT_NAME,
) -> CustomMetrics:
    """Read per-frame custom metrics and store them with an inference set."""
    with workspace.snapshot():
        n_classes = len(workspace.get_project(project).classes)
        workspace.get_inference_set(project, dataset, inference_set)
        frame_ids = (
            workspace.read_frames(project, dataset, columns=["frame_id"]).column("frame_id").to_pylist()
        )
    table = read_custom_metrics(path, frame_ids=frame_ids, n_classes=n_classes)
    return workspace.put_custom_metrics(project, dataset, inference_set, table, name=name)


def import_frame_metadata(workspace: Workspace, project: str, dataset: str, path: PathArgument) -> Dataset:
    """Set frame metadata from a side file: a new dataset version with its ``meta.*`` columns
    replaced by the file's (other columns, labels and embeddings are kept)."""
    with workspace.snapshot():
        record = workspace.get_dataset(project, dataset)
        frames = workspace.read_frames(project, dataset)
        labels = workspace.read_labels(project, dataset)
    side = read_frame_metadata(path, frame_ids=frames.column("frame_id").to_pylist())
    kept = frames.drop_columns(
        [name for name in side.column_names if name in frames.column_names and name != "frame_id"]
    )
    return workspace.put_dataset(
        project,
        dataset,
        frames=merge_frame_metadata(kept, side, source=str(path)),
        labels=labels,
        image_roots=[root for root in record.image_roots if Path(root).is_dir()],
        keep_embeddings=True,
    )


def _unused(value: object, name: str, format: str) -> None:
    if value is not None:
        raise InputFileError(f"{format} files name their classes; {name} is not used", source=name)
