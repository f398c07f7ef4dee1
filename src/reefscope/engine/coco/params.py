"""The evaluation parameters of pycocotools' ``Params.setDetParams``, bit for bit."""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

# Built with linspace, as the reference does. The values are not the decimal ones (the
# ninth is 0.8999999999999999, which an IoU of exactly 0.9 passes); arange would drift more.
IOU_THRESHOLDS: NDArray[np.float64] = np.linspace(
    0.5, 0.95, int(np.round((0.95 - 0.5) / 0.05)) + 1, endpoint=True
)
RECALL_THRESHOLDS: NDArray[np.float64] = np.linspace(
    0.0, 1.00, int(np.round((1.00 - 0.0) / 0.01)) + 1, endpoint=True
)
# The reference caps the running IoU at 1 - 1e-10 so that a threshold of 1 stays reachable.
MATCH_THRESHOLDS: NDArray[np.float64] = np.minimum(IOU_THRESHOLDS, 1 - 1e-10)

AREA_RANGE_NAMES: tuple[str, ...] = ("all", "small", "medium", "large")
# Inclusive at both ends: an area of exactly 32**2 is both small and medium.
AREA_BOUNDS: NDArray[np.float64] = np.array(
    [[0**2, 1e5**2], [0**2, 32**2], [32**2, 96**2], [96**2, 1e5**2]], dtype=np.float64
)
MAX_DETECTIONS: NDArray[np.int64] = np.array([1, 10, 100], dtype=np.int64)

for _array in (IOU_THRESHOLDS, RECALL_THRESHOLDS, MATCH_THRESHOLDS, AREA_BOUNDS, MAX_DETECTIONS):
    _array.setflags(write=False)


def in_area_ranges(areas: NDArray[np.float64]) -> NDArray[np.bool_]:
    """Whether each area lies in each range, shape ``(n, n_area_ranges)``."""
    low, high = AREA_BOUNDS[:, 0], AREA_BOUNDS[:, 1]
    return ~((areas[:, None] < low) | (areas[:, None] > high))
