"""PASCAL VOC AP on the COCO-sized synthetic set, beside the plain (confusion) evaluation."""

from __future__ import annotations

from benchmarks.engine_bench import _evaluator
from benchmarks.synthetic import make_detections
from benchmarks.timing import median_seconds, row
from reefscope.engine import DetectionLabels, DetectionPredictions, evaluate_voc

SECTION = "PASCAL VOC AP (5,000 images, 80 classes, 500,000 predictions)"


def run(*, repeat: int = 3) -> list[dict]:
    data = make_detections()
    labels = DetectionLabels(data.label_frame, data.label_class, data.label_boxes)
    predictions = DetectionPredictions(
        data.prediction_frame, data.prediction_class, data.prediction_boxes, data.prediction_confidence
    )
    plain = median_seconds(
        lambda: _evaluator(data).evaluate(confidence=0.5, iou=0.5).report, repeat=repeat, warmup=0
    )
    voc = median_seconds(
        lambda: evaluate_voc(labels, predictions, n_classes=data.n_classes, iou=0.5), repeat=repeat
    )
    inclusive = median_seconds(
        lambda: evaluate_voc(
            labels, predictions, n_classes=data.n_classes, iou=0.5, iou_convention="pixel_inclusive"
        ),
        repeat=repeat,
    )
    return [
        row(SECTION, "reefscope first evaluation, matrix + report (the plain evaluation)", plain),
        row(SECTION, "reefscope evaluate_voc, 11-point and all-point AP at IoU 0.5", voc, baseline=plain),
        row(SECTION, "reefscope evaluate_voc, pixel-inclusive IoU", inclusive, baseline=plain),
    ]


if __name__ == "__main__":
    from benchmarks.run import format_table

    print(format_table(run()))
