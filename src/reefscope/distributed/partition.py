"""What a cluster worker does with one partition: build its candidate graph once, then answer.

Every function here is a Dask task. :func:`load_partition` reads the two files
of a partition and builds a :class:`~reefscope.engine.DetectionEvaluator` over
its frames (renumbered from 0); the result stays in the worker's memory for as
long as the client holds its future, and a lost worker's partitions are
rebuilt from the files. The other tasks take that :class:`Partition` and return
small, summable pieces with global indices: confusion counts, per-frame
results, the first rows of a cell's examples, PR-curve counts, COCO matches.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pyarrow as pa
from numpy.typing import NDArray

from reefscope.engine import (
    DetectionEvaluator,
    DetectionLabels,
    DetectionPredictions,
    Evaluation,
    Examples,
    box_areas,
)
from reefscope.engine.coco.evaluate import match_coco
from reefscope.engine.coco.matching import Matches as CocoMatches
from reefscope.engine.results import ExampleOrder
from reefscope.store.partitions import (
    LABEL_COLUMNS,
    PREDICTION_COLUMNS,
    PartitionFiles,
    read_partition_table,
)

IndexArray = NDArray[np.int64]
FrameMask = NDArray[np.bool_] | None


@dataclass(frozen=True, eq=False)
class Partition:
    """One partition's evaluator, with the global numbers of its frames, labels and predictions."""

    files: PartitionFiles
    evaluator: DetectionEvaluator
    label_rows: IndexArray
    prediction_rows: IndexArray
    iscrowd: NDArray[np.bool_]
    area: NDArray[np.float64]

    @property
    def frame_start(self) -> int:
        return self.files.frame_start

    @property
    def n_frames(self) -> int:
        return self.files.frame_stop - self.files.frame_start


def _boxes(table: pa.Table) -> NDArray[np.float64]:
    columns = [table.column(axis).to_numpy() for axis in ("x1", "y1", "x2", "y2")]
    return np.column_stack(columns).astype(np.float64).reshape(-1, 4)


def build_partition(
    files: PartitionFiles,
    classes: Sequence[str],
    labels: pa.Table,
    predictions: pa.Table,
) -> Partition:
    """A :class:`Partition` from its two tables (partition schema, see :mod:`reefscope.store.partitions`)."""
    start = files.frame_start
    label_frame = labels.column("frame").to_numpy().astype(np.int64) - start
    pred_frame = predictions.column("frame").to_numpy().astype(np.int64) - start
    area = labels.column("area").to_numpy(zero_copy_only=False).astype(np.float64)
    label_boxes = _boxes(labels)
    evaluator = DetectionEvaluator(
        DetectionLabels(label_frame, labels.column("class_index").to_numpy(), label_boxes),
        DetectionPredictions(
            pred_frame,
            predictions.column("class_index").to_numpy(),
            _boxes(predictions),
            predictions.column("confidence").to_numpy().astype(np.float64),
        ),
        classes=classes,
        n_frames=files.frame_stop - start,
    )
    return Partition(
        files=files,
        evaluator=evaluator,
        label_rows=labels.column("row").to_numpy().astype(np.int64),
        prediction_rows=predictions.column("row").to_numpy().astype(np.int64),
        iscrowd=labels.column("iscrowd").to_numpy(zero_copy_only=False).astype(bool),
        # Labels without a stored area use their box area, as COCO converters do.
        area=np.where(np.isnan(area), box_areas(label_boxes), area),
    )


def load_partition(files: PartitionFiles, classes: Sequence[str]) -> Partition:
    """Read a partition's files and build its candidate graph (the task a lost worker reruns)."""
    labels = read_partition_table(files.labels, LABEL_COLUMNS)
    predictions = read_partition_table(files.predictions, PREDICTION_COLUMNS)
    return build_partition(files, classes, labels, predictions)


def evaluate_partition(
    part: Partition, confidence: float, iou: float, frames: FrameMask, class_aware: bool
) -> Evaluation:
    """The partition's own evaluation, kept on the worker for the follow-up tasks."""
    return part.evaluator.evaluate(confidence=confidence, iou=iou, frames=frames, class_aware=class_aware)


def confusion_counts(evaluation: Evaluation) -> NDArray[np.int64]:
    return evaluation.confusion.counts


def frame_results(evaluation: Evaluation) -> dict[str, NDArray[np.int64]]:
    """Per-frame counts of the partition's frames, in frame order."""
    per_frame = evaluation.frames
    names = (
        "true_positives",
        "false_positives",
        "false_negatives",
        "confusions",
        "n_labels",
        "n_predictions",
    )
    return {name: getattr(per_frame, name) for name in names}


def global_matches(
    part: Partition, evaluation: Evaluation
) -> tuple[IndexArray, IndexArray, NDArray[np.float64]]:
    """Matched pairs as global (label row, prediction row, IoU)."""
    matches = evaluation.matches
    return (
        part.label_rows[matches.label_index],
        part.prediction_rows[matches.prediction_index],
        matches.iou,
    )


def _globalised(part: Partition, examples: Examples) -> Examples:
    has_label, has_prediction = examples.has_label, examples.has_prediction
    return Examples(
        gt_class=examples.gt_class,
        predicted_class=examples.predicted_class,
        label_index=np.where(has_label, part.label_rows[np.where(has_label, examples.label_index, 0)], -1)
        if len(part.label_rows)
        else examples.label_index,
        prediction_index=np.where(
            has_prediction, part.prediction_rows[np.where(has_prediction, examples.prediction_index, 0)], -1
        )
        if len(part.prediction_rows)
        else examples.prediction_index,
        frame_index=examples.frame_index + part.frame_start,
        iou=examples.iou,
        confidence=examples.confidence,
        box_size=examples.box_size,
    )


def first_examples(
    part: Partition,
    evaluation: Evaluation,
    cells: Sequence[tuple[int, int]],
    order_by: ExampleOrder,
    descending: bool,
    count: int,
) -> tuple[int, Examples]:
    """How many rows the cells hold here, and the first ``count`` of them in the requested order.

    The order sorts on global numbers, so the client's merge of every
    partition's first rows is the first rows of the whole set.
    """
    examples = _globalised(part, evaluation.examples(cells))
    return len(examples), examples.sorted(order_by, descending=descending).take(slice(0, count))


def curve_counts(
    part: Partition,
    iou: float,
    confidences: NDArray[np.float64] | None,
    frames: FrameMask,
    class_aware: bool,
) -> tuple[NDArray[np.int64], NDArray[np.int64], NDArray[np.int64]]:
    """True positives, false positives and false negatives per (confidence, class) on this partition."""
    curves = part.evaluator.pr_curves(
        iou=iou, confidences=confidences, frames=frames, class_aware=class_aware
    )
    return curves.true_positives, curves.false_positives, curves.false_negatives


def coco_matches(part: Partition, frames: FrameMask, frame_rank: IndexArray) -> CocoMatches:
    """pycocotools' per-image matching on this partition, frames numbered by ``frame_rank`` (global)."""
    labels, predictions = part.evaluator.labels, part.evaluator.predictions
    mask = np.ones(part.n_frames, dtype=bool) if frames is None else frames
    keep_labels = mask[labels.frame_index]
    keep_predictions = mask[predictions.frame_index]
    return match_coco(
        DetectionLabels(
            frame_rank[labels.frame_index[keep_labels]],
            labels.class_index[keep_labels],
            labels.boxes[keep_labels],
        ),
        DetectionPredictions(
            frame_rank[predictions.frame_index[keep_predictions]],
            predictions.class_index[keep_predictions],
            predictions.boxes[keep_predictions],
            predictions.confidence[keep_predictions],
        ),
        n_classes=len(part.evaluator.classes),
        iscrowd=part.iscrowd[keep_labels],
        area=part.area[keep_labels],
    )
