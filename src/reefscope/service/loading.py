"""Turn stored tables into the engine's columnar inputs, once per version.

A :class:`LoadedInferences` bundles a built evaluator with the identifiers
that map its integer indices back to frames, labels and predictions. It is
keyed by the content ids of the dataset and inference set, so a re-import
(which issues new content ids) is never served from a stale entry.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from reefscope.distributed import DistributedDetectionEvaluator
from reefscope.engine import (
    ClassificationEvaluator,
    ClassificationLabels,
    ClassificationPredictions,
    DetectionEvaluator,
    DetectionLabels,
    DetectionPredictions,
    box_areas,
    evaluate_coco,
    extent_boxes,
)
from reefscope.engine.coco import CocoEvaluation
from reefscope.store import Dataset, InferenceSet, Project, Workspace


@dataclass(frozen=True, eq=False)
class LoadedDataset:
    """A dataset's frames and labels as arrays, indexed like the engine sees them."""

    project: Project
    dataset: Dataset
    frames: pa.Table
    labels: pa.Table
    label_frame: np.ndarray
    label_class: np.ndarray
    label_boxes: np.ndarray | None
    frame_position: dict[str, int] = field(repr=False)

    @property
    def n_frames(self) -> int:
        return self.frames.num_rows

    @property
    def frame_ids(self) -> pa.Array:
        return self.frames.column("frame_id").combine_chunks()

    def frame_indices(self, frame_ids: pa.Array | list[str]) -> np.ndarray:
        """Positions of ``frame_ids`` in the dataset; ids the dataset lacks are dropped."""
        array = pa.array(frame_ids, type=pa.string()) if isinstance(frame_ids, list) else frame_ids
        positions = pc.index_in(array, value_set=self.frames.column("frame_id")).to_numpy(
            zero_copy_only=False
        )
        positions = positions[~np.isnan(positions)] if positions.dtype.kind == "f" else positions
        return positions.astype(np.int64)

    @cached_property
    def labels_per_frame(self) -> np.ndarray:
        return np.bincount(self.label_frame, minlength=self.n_frames)

    def nbytes(self) -> int:
        return self.frames.nbytes + self.labels.nbytes + self.label_frame.nbytes * 3


@dataclass(frozen=True, eq=False)
class LoadedInferences:
    """An inference set ready to evaluate: the evaluator and the ids behind its indices."""

    data: LoadedDataset
    inference_set: InferenceSet
    predictions: pa.Table
    evaluator: DetectionEvaluator | DistributedDetectionEvaluator | ClassificationEvaluator
    prediction_boxes: np.ndarray | None
    custom_confusion: np.ndarray | None  # (n_frames, K+1, K+1) or None
    custom_objective: np.ndarray | None  # (n_frames,) NaN where absent

    @property
    def task(self) -> str:
        return self.data.project.task

    def nbytes(self) -> int:
        extra = 0 if self.custom_confusion is None else self.custom_confusion.nbytes
        # The candidate graph dominates: about 60 bytes per pair.
        pairs = getattr(self.evaluator, "pairs", None)
        return self.predictions.nbytes + extra + (60 * len(pairs) if pairs is not None else 0)


def _column(table: pa.Table, name: str, dtype: type) -> np.ndarray:
    return table.column(name).to_numpy().astype(dtype, copy=False)


def _boxes(table: pa.Table) -> np.ndarray:
    return np.column_stack([_column(table, axis, np.float64) for axis in ("x1", "y1", "x2", "y2")]).reshape(
        -1, 4
    )


def _positions(ids: pa.ChunkedArray, frames: pa.Table) -> np.ndarray:
    positions = pc.index_in(ids, value_set=frames.column("frame_id"))
    if positions.null_count:
        # The store guarantees referential integrity; this is a corrupted workspace.
        raise RuntimeError("a stored row refers to a frame the dataset does not have")
    return positions.to_numpy().astype(np.int64)


def load_dataset(workspace: Workspace, project: str, dataset: str) -> LoadedDataset:
    with workspace.snapshot() as snapshot:
        project_record = snapshot.get_project(project)
        dataset_record = snapshot.get_dataset(project, dataset)
        frames = snapshot.read_frames(project, dataset)
        labels = snapshot.read_labels(project, dataset)
    label_frame = _positions(labels.column("frame_id"), frames)
    detection = project_record.task == "detection"
    return LoadedDataset(
        project=project_record,
        dataset=dataset_record,
        frames=frames,
        labels=labels,
        label_frame=label_frame,
        label_class=_column(labels, "class_index", np.int32),
        label_boxes=_boxes(labels) if detection else None,
        frame_position={frame_id: i for i, frame_id in enumerate(frames.column("frame_id").to_pylist())},
    )


# Builds a detection evaluator elsewhere than in this process (see reefscope.service.distributed).
DetectionEvaluatorFactory = Callable[
    [LoadedDataset, InferenceSet, DetectionLabels, DetectionPredictions], DistributedDetectionEvaluator
]


def load_inferences(
    workspace: Workspace,
    data: LoadedDataset,
    inference_set: str,
    *,
    detection_evaluator: DetectionEvaluatorFactory | None = None,
) -> LoadedInferences:
    project, dataset = data.project.name, data.dataset.name
    with workspace.snapshot() as snapshot:
        record = snapshot.get_inference_set(project, dataset, inference_set)
        predictions = snapshot.read_predictions(project, dataset, inference_set)
        custom = [item for item in snapshot.list_custom_metrics(project, dataset, inference_set)]
        custom_table = (
            snapshot.read_custom_metrics(project, dataset, inference_set, name=custom[0].name)
            if custom
            else None
        )
    classes = data.project.class_names
    pred_frame = _positions(predictions.column("frame_id"), data.frames)
    pred_class = _column(predictions, "class_index", np.int32)
    confidence = _column(predictions, "confidence", np.float64)
    evaluator: DetectionEvaluator | DistributedDetectionEvaluator | ClassificationEvaluator
    if data.project.task == "detection":
        assert data.label_boxes is not None  # detection datasets always carry boxes
        prediction_boxes = _boxes(predictions)
        labels = DetectionLabels(data.label_frame, data.label_class, data.label_boxes)
        detections = DetectionPredictions(pred_frame, pred_class, prediction_boxes, confidence)
        # The distributed evaluator measures boxes as continuous coordinates only.
        if detection_evaluator is not None and data.project.iou_convention == "continuous":
            evaluator = detection_evaluator(data, record, labels, detections)
        else:
            evaluator = DetectionEvaluator(
                labels,
                detections,
                classes=classes,
                n_frames=data.n_frames,
                iou_convention=data.project.iou_convention,
            )
    else:
        prediction_boxes = None
        evaluator = ClassificationEvaluator(
            ClassificationLabels(data.label_frame, data.label_class),
            ClassificationPredictions(pred_frame, pred_class, confidence),
            classes=classes,
            n_frames=data.n_frames,
        )
    confusion, objective = _custom_metrics(custom_table, data, len(classes))
    return LoadedInferences(
        data=data,
        inference_set=record,
        predictions=predictions,
        evaluator=evaluator,
        prediction_boxes=prediction_boxes,
        custom_confusion=confusion,
        custom_objective=objective,
    )


def _custom_metrics(
    table: pa.Table | None, data: LoadedDataset, n_classes: int
) -> tuple[np.ndarray | None, np.ndarray | None]:
    if table is None or table.num_rows == 0:
        return None, None
    rows = _positions(table.column("frame_id"), data.frames)
    objective_column = table.column("objective")
    objective = None
    if objective_column.null_count < table.num_rows:
        objective = np.full(data.n_frames, np.nan)
        objective[rows] = objective_column.to_numpy(zero_copy_only=False).astype(np.float64)
    confusion_column = table.column("confusion")
    confusion = None
    if confusion_column.null_count < table.num_rows:
        size = n_classes + 1
        confusion = np.zeros((data.n_frames, size, size), dtype=np.int64)
        for row, values in zip(rows, confusion_column.to_pylist(), strict=True):
            if values is not None:
                confusion[row] = np.asarray(values, dtype=np.int64).reshape(size, size)
    return confusion, objective


def selected_boxes(
    evaluator: DetectionEvaluator, mask: np.ndarray, area_range: tuple[float, float] | None
) -> tuple[np.ndarray, np.ndarray]:
    """Labels and predictions in the frames of ``mask`` and, when given, of box areas in the range.

    Areas are measured in the evaluator's IoU convention, as the size filter of
    the confusion-based metrics measures them.
    """
    keep_labels = mask[evaluator.labels.frame_index]
    keep_predictions = mask[evaluator.predictions.frame_index]
    if area_range is not None:
        low, high = area_range
        for keep, boxes in (
            (keep_labels, evaluator.labels.boxes),
            (keep_predictions, evaluator.predictions.boxes),
        ):
            areas = box_areas(extent_boxes(boxes, iou_convention=evaluator.iou_convention))
            keep &= (areas >= low) & (areas <= high)
    return keep_labels, keep_predictions


def coco_evaluation(
    loaded: LoadedInferences, mask: np.ndarray, area_range: tuple[float, float] | None = None
) -> CocoEvaluation:
    """COCO mAP over the frames in ``mask`` (and objects of a size), with the stored crowd flags and areas."""
    evaluator = loaded.evaluator
    # pycocotools walks images in ascending id order, which decides ties in score across
    # images: number frames by their COCO image id when the dataset came from COCO.
    frames = loaded.data.frames
    if "meta.coco_id" in frames.column_names and frames.column("meta.coco_id").null_count == 0:
        ids = frames.column("meta.coco_id").to_numpy()
        rank = np.empty(len(ids), dtype=np.int64)
        rank[np.argsort(ids, kind="stable")] = np.arange(len(ids))
    else:
        rank = np.arange(loaded.data.n_frames, dtype=np.int64)
    if isinstance(evaluator, DistributedDetectionEvaluator):
        return evaluator.coco(frames=mask, frame_rank=rank, area_range=area_range)
    assert isinstance(evaluator, DetectionEvaluator)
    labels, predictions = evaluator.labels, evaluator.predictions
    keep_labels, keep_predictions = selected_boxes(evaluator, mask, area_range)
    table = loaded.data.labels
    iscrowd = table.column("iscrowd").to_numpy(zero_copy_only=False).astype(bool)
    stored_area = table.column("area").to_numpy(zero_copy_only=False).astype(np.float64)
    # Labels without a stored area (anything but COCO) use their box area, as COCO converters do.
    area = np.where(
        np.isnan(stored_area),
        box_areas(extent_boxes(labels.boxes, iou_convention=evaluator.iou_convention)),
        stored_area,
    )
    return evaluate_coco(
        DetectionLabels(
            rank[labels.frame_index[keep_labels]], labels.class_index[keep_labels], labels.boxes[keep_labels]
        ),
        DetectionPredictions(
            rank[predictions.frame_index[keep_predictions]],
            predictions.class_index[keep_predictions],
            predictions.boxes[keep_predictions],
            predictions.confidence[keep_predictions],
        ),
        n_classes=len(loaded.data.project.class_names),
        iscrowd=iscrowd[keep_labels],
        area=area[keep_labels],
        iou_convention=evaluator.iou_convention,
    )
