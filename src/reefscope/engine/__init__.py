"""Pure numeric evaluation over numpy arrays: no I/O, no frameworks, no global state.

Entry points: :func:`evaluate_detections`, :func:`evaluate_classifications`,
:func:`evaluate_coco` (COCO-style mAP, identical to pycocotools), and the
reusable :class:`DetectionEvaluator` / :class:`ClassificationEvaluator` that
precompute once and re-evaluate cheaply at new thresholds.
"""

from reefscope.engine.attribution import (
    ERROR_TYPES,
    CocoOracle,
    ErrorAttribution,
    ErrorType,
    attribute_errors,
    coco_oracle,
)
from reefscope.engine.boxes import box_areas, convert_boxes, paired_iou, pairwise_iou
from reefscope.engine.classification import ClassificationEvaluator, evaluate_classifications
from reefscope.engine.coco import CocoEvaluation, evaluate_coco
from reefscope.engine.curves import PrCurves, default_confidences
from reefscope.engine.detection import DetectionEvaluator, evaluate_detections
from reefscope.engine.errors import InvalidInputError
from reefscope.engine.inputs import (
    ClassificationLabels,
    ClassificationPredictions,
    DetectionLabels,
    DetectionPredictions,
)
from reefscope.engine.report import (
    BACKGROUND,
    AverageScores,
    ClassMetrics,
    ClassReport,
    ConfusionMatrix,
)
from reefscope.engine.results import Evaluation, Examples, FrameResults, Matches, Outcome

__all__ = [
    "BACKGROUND",
    "ERROR_TYPES",
    "AverageScores",
    "ClassMetrics",
    "ClassReport",
    "ClassificationEvaluator",
    "ClassificationLabels",
    "ClassificationPredictions",
    "CocoEvaluation",
    "CocoOracle",
    "ConfusionMatrix",
    "DetectionEvaluator",
    "DetectionLabels",
    "DetectionPredictions",
    "ErrorAttribution",
    "ErrorType",
    "Evaluation",
    "Examples",
    "FrameResults",
    "InvalidInputError",
    "Matches",
    "Outcome",
    "PrCurves",
    "attribute_errors",
    "box_areas",
    "coco_oracle",
    "convert_boxes",
    "default_confidences",
    "evaluate_classifications",
    "evaluate_coco",
    "evaluate_detections",
    "paired_iou",
    "pairwise_iou",
]
