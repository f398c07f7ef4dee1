"""Detection evaluators on a Dask cluster, for a :class:`~reefscope.service.Service` given one.

An inference set evaluates from its partition layout (:mod:`reefscope.store.partitions`):
the one recorded at import (``--partition-frames N``, possibly on object
storage), or else one written into the workspace the first time, sized so that
every worker gets a couple of partitions. Classification stays in the client
process: it has no candidate graph and evaluates 1M frames in milliseconds.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from reefscope.distributed import DistributedDetectionEvaluator
from reefscope.distributed.tables import label_table, prediction_table
from reefscope.engine import DetectionLabels, DetectionPredictions
from reefscope.store import InferenceSet, Workspace
from reefscope.store.partitions import PartitionLayout, frame_bounds

if TYPE_CHECKING:
    from distributed import Client
    from reefscope.service.loading import LoadedDataset

# Partitions per worker when the service lays an inference set out itself.
PARTITIONS_PER_WORKER = 2


def write_layout(
    workspace: Workspace,
    project: str,
    dataset: str,
    inference_set: str,
    *,
    frames_per_partition: int,
    root: str | None = None,
) -> PartitionLayout:
    """Partition an inference set and its dataset's labels by frame, and record where in the catalog."""
    with workspace.snapshot() as snapshot:
        frames = snapshot.read_frames(project, dataset, columns=["frame_id"])
        labels = snapshot.read_labels(project, dataset)
        predictions = snapshot.read_predictions(project, dataset, inference_set)
    n_frames = frames.num_rows
    return workspace.write_partitions(
        project,
        dataset,
        inference_set,
        labels=_label_table(labels, frames),
        predictions=_prediction_table(predictions, frames),
        bounds=frame_bounds(n_frames, frames_per_partition),
        frames_per_partition=frames_per_partition,
        root=root,
    )


def _frame_index(table: pa.Table, frames: pa.Table) -> np.ndarray:
    positions = pc.index_in(table.column("frame_id"), value_set=frames.column("frame_id"))
    return positions.to_numpy(zero_copy_only=False).astype(np.int64)


def _boxes(table: pa.Table) -> np.ndarray:
    columns = [table.column(axis).to_numpy() for axis in ("x1", "y1", "x2", "y2")]
    return np.column_stack(columns).astype(np.float64).reshape(-1, 4)


def _label_table(labels: pa.Table, frames: pa.Table) -> pa.Table:
    return label_table(
        DetectionLabels(
            _frame_index(labels, frames), labels.column("class_index").to_numpy(), _boxes(labels)
        ),
        iscrowd=labels.column("iscrowd").to_numpy(zero_copy_only=False),
        area=labels.column("area").to_numpy(zero_copy_only=False).astype(np.float64),
    )


def _prediction_table(predictions: pa.Table, frames: pa.Table) -> pa.Table:
    return prediction_table(
        DetectionPredictions(
            _frame_index(predictions, frames),
            predictions.column("class_index").to_numpy(),
            _boxes(predictions),
            predictions.column("confidence").to_numpy(),
        )
    )


@dataclass(frozen=True)
class ClusterEvaluators:
    """Builds a :class:`DistributedDetectionEvaluator` per inference set on one cluster."""

    workspace: Workspace
    client: Client
    timeout: float | None = None

    def frames_per_partition(self, n_frames: int) -> int:
        n_workers = max(1, len(self.client.scheduler_info().get("workers", {})))
        return max(1, math.ceil(n_frames / (PARTITIONS_PER_WORKER * n_workers)))

    def __call__(
        self,
        data: LoadedDataset,
        record: InferenceSet,
        labels: DetectionLabels,
        predictions: DetectionPredictions,
    ) -> DistributedDetectionEvaluator:
        project, dataset = data.project.name, data.dataset.name
        layout = self.workspace.find_partitions(project, dataset, record.name)
        if layout is None or layout.inference_content_id != record.content_id:
            layout = write_layout(
                self.workspace,
                project,
                dataset,
                record.name,
                frames_per_partition=self.frames_per_partition(data.n_frames),
            )
        return DistributedDetectionEvaluator(
            self.client,
            layout.parts,
            classes=data.project.class_names,
            labels=labels,
            predictions=predictions,
            timeout=self.timeout,
        )
