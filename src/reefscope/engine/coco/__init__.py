"""COCO-style box mAP, numerically identical to pycocotools, as array operations.

:func:`evaluate_coco` reproduces ``COCOeval(iouType='bbox')`` ``evaluate``,
``accumulate`` and ``summarize`` with the default parameters, without a Python
loop over images or classes.
"""

from reefscope.engine.coco.evaluate import evaluate_coco
from reefscope.engine.coco.params import (
    AREA_BOUNDS,
    AREA_RANGE_NAMES,
    IOU_THRESHOLDS,
    MAX_DETECTIONS,
    RECALL_THRESHOLDS,
)
from reefscope.engine.coco.result import STAT_NAMES, CocoEvaluation

__all__ = [
    "AREA_BOUNDS",
    "AREA_RANGE_NAMES",
    "IOU_THRESHOLDS",
    "MAX_DETECTIONS",
    "RECALL_THRESHOLDS",
    "STAT_NAMES",
    "CocoEvaluation",
    "evaluate_coco",
]
