"""Scale check: 1,000,000 frames with over 10,000,000 boxes evaluated on one machine.

Not part of `make bench` by default (it takes minutes and several GB); run it
with `python -m benchmarks.scale` and read the peak memory it prints.
"""

from __future__ import annotations

import resource
import time

from benchmarks.synthetic import make_detections
from reefscope.engine import DetectionEvaluator, DetectionLabels, DetectionPredictions


def main(n_images: int = 1_000_000) -> None:
    start = time.perf_counter()
    data = make_detections(n_images=n_images, labels_per_image=5.0, predictions_per_image=5, seed=1)
    n_boxes = len(data.label_frame) + len(data.prediction_frame)
    print(f"generated {n_images:,} frames, {n_boxes:,} boxes in {time.perf_counter() - start:.1f} s")
    start = time.perf_counter()
    evaluator = DetectionEvaluator(
        DetectionLabels(data.label_frame, data.label_class, data.label_boxes),
        DetectionPredictions(
            data.prediction_frame, data.prediction_class, data.prediction_boxes, data.prediction_confidence
        ),
        classes=[f"class_{i}" for i in range(data.n_classes)],
        n_frames=n_images,
    )
    print(f"candidate graph: {len(evaluator.pairs):,} pairs in {time.perf_counter() - start:.1f} s")
    for confidence, iou in [(0.5, 0.5), (0.3, 0.7)]:
        start = time.perf_counter()
        result = evaluator.evaluate(confidence=confidence, iou=iou)
        report = result.report
        print(
            f"evaluate(c={confidence}, t={iou}): {time.perf_counter() - start:.2f} s, "
            f"weighted F1 {report.weighted.f1:.4f}, matrix total {int(result.confusion.counts.sum()):,}"
        )
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024**2
    print(f"peak resident memory: {peak:.2f} GiB")


if __name__ == "__main__":
    main()
