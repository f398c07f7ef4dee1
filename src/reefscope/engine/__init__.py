"""Pure numeric evaluation over numpy arrays: no I/O, no frameworks, no global state.

Entry points: :func:`evaluate_detections`, :func:`evaluate_classifications`,
:func:`evaluate_coco` (COCO-style mAP, identical to pycocotools),
:func:`evaluate_voc` (PASCAL VOC AP, 11-point and all-point), and the
reusable :class:`DetectionEvaluator` / :class:`ClassificationEvaluator` that
precompute once and re-evaluate cheaply at new thresholds.
"""

from reefscope.engine.boxes import (
    IOU_CONVENTIONS,
    IouConvention,
    box_areas,
    convert_boxes,
    extent_boxes,
    paired_iou,
    pairwise_iou,
)
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
from reefscope.engine.voc import VOC_FORMS, VocEvaluation, VocForm, evaluate_voc

__all__ = [
    "BACKGROUND",
    "IOU_CONVENTIONS",
    "VOC_FORMS",
    "AverageScores",
    "ClassMetrics",
    "ClassReport",
    "ClassificationEvaluator",
    "ClassificationLabels",
    "ClassificationPredictions",
    "CocoEvaluation",
    "ConfusionMatrix",
    "DetectionEvaluator",
    "DetectionLabels",
    "DetectionPredictions",
    "Evaluation",
    "Examples",
    "FrameResults",
    "InvalidInputError",
    "IouConvention",
    "Matches",
    "Outcome",
    "PrCurves",
    "VocEvaluation",
    "VocForm",
    "box_areas",
    "convert_boxes",
    "default_confidences",
    "evaluate_classifications",
    "evaluate_coco",
    "evaluate_detections",
    "evaluate_voc",
    "extent_boxes",
    "paired_iou",
    "pairwise_iou",
]
