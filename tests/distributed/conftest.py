"""One LocalCluster of two worker processes for the whole session, and helpers to lay data out."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from reefscope.distributed import DistributedDetectionEvaluator, connect
from reefscope.distributed.tables import label_table, prediction_table
from reefscope.engine import DetectionLabels, DetectionPredictions
from reefscope.store.partitions import write_partition_files


@pytest.fixture(scope="session")
def dask_client() -> Iterator[Any]:
    client = connect("local:2")
    assert client is not None
    yield client
    cluster = client.cluster
    client.close()
    if cluster is not None:
        cluster.close()


def partitioned(
    client: Any,
    root: Path,
    labels: DetectionLabels,
    predictions: DetectionPredictions,
    bounds: list[int] | np.ndarray,
    *,
    classes: list[str],
    iscrowd: np.ndarray | None = None,
    timeout: float | None = None,
) -> DistributedDetectionEvaluator:
    """Write the partitions under ``root`` and build an evaluator over them on the cluster."""
    root.mkdir(parents=True, exist_ok=True)
    parts = write_partition_files(
        str(root),
        label_table(labels, iscrowd=iscrowd),
        prediction_table(predictions),
        np.asarray(bounds),
    )
    return DistributedDetectionEvaluator(
        client, parts, classes=classes, labels=labels, predictions=predictions, timeout=timeout
    )
