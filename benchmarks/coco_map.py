"""COCO box mAP: reefscope beside faster-coco-eval and pycocotools on one data set.

The set is ``make_detections()`` (5,000 images, about 36,000 labels, 500,000
detections). Every library gets its inputs ready-made: COCO objects built from
in-memory dicts for the peers, columnar arrays for reefscope. Timed: the whole
evaluation, i.e. ``evaluate`` + ``accumulate`` + ``summarize`` for the peers and
``evaluate_coco`` for reefscope. pycocotools takes about 40 s, so it runs once.

Run standalone with ``python -m benchmarks.coco_map``.
"""

from __future__ import annotations

import contextlib
import io
import logging
import time
from typing import Any

import numpy as np

from benchmarks.synthetic import SyntheticDetections, make_detections
from benchmarks.timing import format_table, median_seconds, row
from reefscope.engine.coco import STAT_NAMES, evaluate_coco
from reefscope.engine.inputs import DetectionLabels, DetectionPredictions

SECTION = "COCO mAP (bbox, 5,000 images, 500k detections)"


def coco_dicts(data: SyntheticDetections) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """Ground truth and results as COCO dicts: xywh boxes, area = w * h, category = class + 1."""
    x1, y1, x2, y2 = data.label_boxes.T
    width, height = x2 - x1, y2 - y1
    annotations = [
        {
            "id": row + 1,
            "image_id": int(frame),
            "category_id": int(klass) + 1,
            "bbox": [x, y, w, h],
            "area": w * h,
            "iscrowd": int(crowd),
        }
        for row, (frame, klass, x, y, w, h, crowd) in enumerate(
            zip(
                data.label_frame.tolist(),
                data.label_class.tolist(),
                x1.tolist(),
                y1.tolist(),
                width.tolist(),
                height.tolist(),
                data.label_iscrowd.tolist(),
                strict=True,
            )
        )
    ]
    dataset = {
        "images": [
            {"id": i, "width": data.image_width, "height": data.image_height} for i in range(data.n_images)
        ],
        "categories": [{"id": k + 1, "name": f"class_{k}"} for k in range(data.n_classes)],
        "annotations": annotations,
    }
    px1, py1, px2, py2 = data.prediction_boxes.T
    results = [
        {"image_id": int(frame), "category_id": int(klass) + 1, "bbox": [x, y, w, h], "score": s}
        for frame, klass, x, y, w, h, s in zip(
            data.prediction_frame.tolist(),
            data.prediction_class.tolist(),
            px1.tolist(),
            py1.tolist(),
            (px2 - px1).tolist(),
            (py2 - py1).tolist(),
            data.prediction_confidence.tolist(),
            strict=True,
        )
    ]
    return dataset, results


def _reefscope(data: SyntheticDetections) -> tuple[Any, Any]:
    labels = DetectionLabels(data.label_frame, data.label_class, data.label_boxes)
    predictions = DetectionPredictions(
        data.prediction_frame,
        data.prediction_class,
        data.prediction_boxes,
        data.prediction_confidence,
    )

    def evaluate() -> Any:
        return evaluate_coco(labels, predictions, n_classes=data.n_classes, iscrowd=data.label_iscrowd)

    return evaluate, evaluate()


def _pycocotools(dataset: dict[str, Any], results: list[dict[str, Any]]) -> tuple[float, Any]:
    from pycocotools.coco import COCO
    from pycocotools.cocoeval import COCOeval

    with contextlib.redirect_stdout(io.StringIO()):
        gt = COCO()
        gt.dataset = dataset
        gt.createIndex()
        dt = gt.loadRes(results)
        evaluator = COCOeval(gt, dt, iouType="bbox")
        start = time.perf_counter()
        evaluator.evaluate()
        evaluator.accumulate()
        evaluator.summarize()
        seconds = time.perf_counter() - start
    return seconds, evaluator


def _faster_coco_eval(
    dataset: dict[str, Any], results: list[dict[str, Any]], *, repeat: int
) -> tuple[float, Any]:
    from faster_coco_eval import COCO, COCOeval_faster

    quiet = logging.getLogger("faster_coco_eval")
    previous = quiet.level
    quiet.setLevel(logging.WARNING)
    try:
        gt = COCO(dataset)
        dt = gt.loadRes(results)
        last: list[Any] = []

        def evaluate() -> None:
            evaluator = COCOeval_faster(gt, dt, iouType="bbox", print_function=lambda *a: None)
            evaluator.evaluate()
            evaluator.accumulate()
            evaluator.summarize()
            last[:] = [evaluator]

        seconds = median_seconds(evaluate, repeat=repeat)
    finally:
        quiet.setLevel(previous)
    return seconds, last[0]


def run(*, repeat: int = 5) -> list[dict[str, Any]]:
    """Time the three libraries and check that they agree; rows for ``benchmarks.run``.

    Each row has ``section``, ``name``, ``median_seconds``, ``ratio`` (how many
    times faster than faster-coco-eval, the first row) and ``note``, plus
    ``repeats`` and, for reefscope, how far its statistics and precision table
    are from pycocotools'.
    """
    data = make_detections()
    dataset, results = coco_dicts(data)

    evaluate, ours = _reefscope(data)
    ours_seconds = median_seconds(evaluate, repeat=repeat)
    faster_seconds, faster = _faster_coco_eval(dataset, results, repeat=repeat)
    # pycocotools adds keys to the dicts it is given; build them afresh.
    reference_seconds, reference = _pycocotools(*coco_dicts(data))

    reference_stats = np.asarray(reference.stats)
    ours_stats_diff = float(np.max(np.abs(ours.stats - reference_stats)))
    faster_stats_diff = float(np.max(np.abs(np.asarray(faster.stats[:12]) - reference_stats)))
    reference_precision = reference.eval["precision"]
    ours_precision = np.where(np.isnan(ours.precision), -1.0, ours.precision)
    precision_diff = float(np.max(np.abs(ours_precision - reference_precision)))
    identical = bool(
        np.array_equal(ours.stats, reference_stats) and np.array_equal(ours_precision, reference_precision)
    )
    stats_note = ", ".join(
        f"{name}={value:.4f}" for name, value in zip(STAT_NAMES[:3], ours.stats, strict=False)
    )
    return [
        row(
            SECTION,
            "faster-coco-eval",
            faster_seconds,
            baseline=faster_seconds,
            note=f"peer (C++); stats {'equal to' if faster_stats_diff == 0 else 'DIFFER from'} pycocotools",
        )
        | {"repeats": repeat, "max_abs_stats_diff_vs_pycocotools": faster_stats_diff},
        row(SECTION, "pycocotools", reference_seconds, baseline=faster_seconds, note="reference, 1 run")
        | {"repeats": 1},
        row(
            SECTION,
            "reefscope evaluate_coco",
            ours_seconds,
            baseline=faster_seconds,
            note=(
                f"{'bit-identical to' if identical else 'DIFFERS from'} pycocotools; "
                f"{reference_seconds / ours_seconds:.0f}x pycocotools; {stats_note}"
            ),
        )
        | {
            "repeats": repeat,
            "identical_to_pycocotools": identical,
            "max_abs_stats_diff_vs_pycocotools": ours_stats_diff,
            "max_abs_precision_diff_vs_pycocotools": precision_diff,
        },
    ]


def main() -> None:
    print(format_table(run()))


if __name__ == "__main__":
    main()
