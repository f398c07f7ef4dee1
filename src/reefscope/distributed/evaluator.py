"""The :class:`DistributedDetectionEvaluator`: the single-process evaluator's interface, on Dask.

Each partition's candidate graph is built once on a worker and kept there
(the future of :func:`~reefscope.distributed.partition.load_partition`). A
slider move sends the thresholds, the frame mask of each partition and
``class_aware`` to the workers; each returns its (K+1) x (K+1) counts, and the
client sums them. Curves are summed per grid point; COCO matches are matched
per partition and accumulated once over the merged order. Every answer equals
:class:`~reefscope.engine.DetectionEvaluator`'s exactly.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cached_property
from typing import TYPE_CHECKING

import numpy as np
from numpy.typing import ArrayLike, NDArray

from reefscope.distributed import partition
from reefscope.distributed.cluster import default_timeout, gather
from reefscope.distributed.evaluation import DistributedEvaluation, no_items_error
from reefscope.engine import (
    CocoEvaluation,
    ConfusionMatrix,
    DetectionLabels,
    DetectionPredictions,
    InvalidInputError,
    PrCurves,
    box_areas,
)
from reefscope.engine.boxes import IouConvention
from reefscope.engine.coco.evaluate import coco_from_matches
from reefscope.engine.coco.merge import concatenate_matches
from reefscope.engine.curves import as_confidence_grid
from reefscope.engine.detection import FrameSelection, check_classes, check_threshold, frame_mask
from reefscope.engine.results import EvaluatedItems
from reefscope.store.partitions import PartitionFiles

if TYPE_CHECKING:
    from distributed import Client, Future


class DistributedDetectionEvaluator:
    """Evaluate predictions stored as frame partitions, on the workers of a Dask cluster.

    Parameters
    ----------
    client
        A connected ``distributed.Client`` (see :func:`reefscope.distributed.connect`).
    parts
        The partitions, in frame order, covering frames ``0 .. n_frames``.
    classes
        Class names indexed by ``class_index``.
    labels, predictions
        The same rows on the client, when it has them: needed only by the
        views that colour every label and prediction (the frame grid, crop
        embeddings). Counts, per-frame results, examples, curves and COCO mAP
        come from the workers alone.
    timeout
        Seconds any cluster call may take before it fails with an error in words.
    """

    def __init__(
        self,
        client: Client,
        parts: Sequence[PartitionFiles],
        *,
        classes: Sequence[str],
        labels: DetectionLabels | None = None,
        predictions: DetectionPredictions | None = None,
        timeout: float | None = None,
    ) -> None:
        from dask.base import tokenize

        self.client = client
        # Partitions are matched in continuous coordinates only (the project default).
        self.iou_convention: IouConvention = "continuous"
        self.classes = check_classes(classes)
        self.parts = tuple(parts)
        self.n_frames = self.parts[-1].frame_stop if self.parts else 0
        self.timeout = default_timeout() if timeout is None else float(timeout)
        self._labels = labels
        self._predictions = predictions
        # The key names the files and classes, so evaluators of one layout share the built graphs.
        self.partitions: tuple[Future, ...] = tuple(
            client.submit(
                partition.load_partition,
                files,
                self.classes,
                key=f"reefscope-partition-{tokenize(files, self.classes)}",
            )
            for files in self.parts
        )

    # ---- what the service reads off an evaluator ----------------------------------------------------

    @property
    def labels(self) -> DetectionLabels:
        if self._labels is None:
            raise no_items_error()
        return self._labels

    @property
    def predictions(self) -> DetectionPredictions:
        if self._predictions is None:
            raise no_items_error()
        return self._predictions

    @cached_property
    def items(self) -> EvaluatedItems:
        labels, predictions = self.labels, self.predictions
        return EvaluatedItems(
            label_frame=labels.frame_index,
            label_class=labels.class_index,
            label_box_size=box_areas(labels.boxes),
            prediction_frame=predictions.frame_index,
            prediction_class=predictions.class_index,
            prediction_confidence=predictions.confidence,
            prediction_box_size=box_areas(predictions.boxes),
            n_frames=self.n_frames,
        )

    def wait_until_built(self) -> None:
        """Block until every partition's candidate graph is built (otherwise the first call pays)."""
        gather(self.client, self.partitions, timeout=self.timeout, what="building the partitions")

    # ---- evaluation ----------------------------------------------------------------------------------

    def _masks(self, mask: NDArray[np.bool_]) -> list[NDArray[np.bool_] | None]:
        if mask.all():
            return [None] * len(self.parts)
        return [mask[files.frame_start : files.frame_stop] for files in self.parts]

    def evaluate(
        self,
        *,
        confidence: float,
        iou: float,
        frames: FrameSelection = None,
        class_aware: bool = False,
        area_range: tuple[float, float] | None = None,
        class_confidence: object = None,
    ) -> DistributedEvaluation:
        """As :meth:`reefscope.engine.DetectionEvaluator.evaluate`; the matrix is summed over partitions."""
        _refuse_area_range(area_range)
        if class_confidence is not None:
            raise InvalidInputError("per-class thresholds are not available on a cluster evaluation yet")
        c = check_threshold("confidence", confidence)
        t = check_threshold("iou", iou)
        mask = frame_mask(frames, self.n_frames)
        evaluations = [
            self.client.submit(partition.evaluate_partition, part, c, t, part_mask, class_aware, pure=False)
            for part, part_mask in zip(self.partitions, self._masks(mask), strict=True)
        ]
        counts = gather(
            self.client,
            [self.client.submit(partition.confusion_counts, e, pure=False) for e in evaluations],
            timeout=self.timeout,
            what="the confusion matrix",
        )
        size = len(self.classes) + 1
        total = np.zeros((size, size), dtype=np.int64)
        for part_counts in counts:
            total += part_counts
        return DistributedEvaluation(
            self,
            self.partitions,
            evaluations,
            confusion=ConfusionMatrix(total, self.classes),
            confidence=c,
            iou=t,
            class_aware=class_aware,
            frame_mask=mask,
        )

    def pr_curves(
        self,
        *,
        iou: float,
        confidences: ArrayLike | None = None,
        frames: FrameSelection = None,
        class_aware: bool = False,
        area_range: tuple[float, float] | None = None,
    ) -> PrCurves:
        """Per-partition counts at every grid point, summed: the single-process curves."""
        _refuse_area_range(area_range)
        t = check_threshold("iou", iou)
        grid = as_confidence_grid(confidences)
        mask = frame_mask(frames, self.n_frames)
        futures = [
            self.client.submit(partition.curve_counts, part, t, grid, part_mask, class_aware, pure=False)
            for part, part_mask in zip(self.partitions, self._masks(mask), strict=True)
        ]
        parts = gather(self.client, futures, timeout=self.timeout, what="the PR curves")
        shape = (len(grid), len(self.classes))
        tp, fp, fn = (np.zeros(shape, dtype=np.int64) for _ in range(3))
        for part_tp, part_fp, part_fn in parts:
            tp += part_tp
            fp += part_fp
            fn += part_fn
        return PrCurves(grid, self.classes, t, tp, fp, fn)

    def coco(
        self,
        *,
        frames: FrameSelection = None,
        frame_rank: ArrayLike | None = None,
        area_range: tuple[float, float] | None = None,
    ) -> CocoEvaluation:
        """COCO mAP as pycocotools computes it: matched per partition, accumulated once.

        ``frame_rank`` numbers the frames in the order pycocotools walks images
        (ascending COCO image id), which decides ties in score across images.
        """
        _refuse_area_range(area_range)
        mask = frame_mask(frames, self.n_frames)
        rank = (
            np.arange(self.n_frames, dtype=np.int64)
            if frame_rank is None
            else np.asarray(frame_rank, dtype=np.int64).reshape(-1)
        )
        futures = [
            self.client.submit(
                partition.coco_matches,
                part,
                part_mask,
                rank[files.frame_start : files.frame_stop],
                pure=False,
            )
            for part, part_mask, files in zip(self.partitions, self._masks(mask), self.parts, strict=True)
        ]
        parts = gather(self.client, futures, timeout=self.timeout, what="COCO matching")
        return coco_from_matches(concatenate_matches(parts), n_classes=len(self.classes))


def _refuse_area_range(area_range: tuple[float, float] | None) -> None:
    if area_range is not None:
        raise InvalidInputError("object-size filters are not available on a cluster evaluation yet")
