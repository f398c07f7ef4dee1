"""The partition schema's tables (:mod:`reefscope.store.partitions`) from the engine's arrays."""

from __future__ import annotations

import numpy as np
import pyarrow as pa
from numpy.typing import ArrayLike

from reefscope.engine import DetectionLabels, DetectionPredictions


def _box_columns(boxes: np.ndarray) -> dict[str, np.ndarray]:
    return {axis: boxes[:, i] for i, axis in enumerate(("x1", "y1", "x2", "y2"))}


def label_table(
    labels: DetectionLabels, *, iscrowd: ArrayLike | None = None, area: ArrayLike | None = None
) -> pa.Table:
    """One row per label: its global ``row``, its ``frame`` position, class, box, crowd flag and area."""
    n = len(labels)
    return pa.table(
        {
            "row": np.arange(n, dtype=np.int64),
            "frame": labels.frame_index.astype(np.int64),
            "class_index": labels.class_index.astype(np.int32),
            **_box_columns(labels.boxes),
            "iscrowd": np.zeros(n, dtype=bool) if iscrowd is None else np.asarray(iscrowd, dtype=bool),
            "area": np.full(n, np.nan) if area is None else np.asarray(area, dtype=np.float64),
        }
    )


def prediction_table(predictions: DetectionPredictions) -> pa.Table:
    """One row per prediction: its global ``row``, ``frame`` position, class, box and confidence."""
    return pa.table(
        {
            "row": np.arange(len(predictions), dtype=np.int64),
            "frame": predictions.frame_index.astype(np.int64),
            "class_index": predictions.class_index.astype(np.int32),
            **_box_columns(predictions.boxes),
            "confidence": predictions.confidence.astype(np.float64),
        }
    )
