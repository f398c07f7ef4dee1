"""Error attribution, threshold recommendation and the bootstrap, as multiples of a plain evaluation.

On the COCO-sized set of ``make_detections()``; the ratio column is how many
times faster than the plain evaluation (matrix + report at a new setting), so
a ratio of 0.5 means "costs two evaluations". tidecv is pure Python and far
slower, so it runs on the first 250 images beside reefscope on the same ones.
"""

from __future__ import annotations

import numpy as np

from benchmarks.engine_bench import _evaluator
from benchmarks.synthetic import SyntheticDetections, make_detections
from benchmarks.timing import median_seconds, row
from reefscope.engine import attribute_errors
from reefscope.engine.bootstrap import bootstrap_intervals, paired_bootstrap
from reefscope.engine.thresholds import recommend_thresholds

SECTION = "analysis (COCO-sized: 5,000 images, 80 classes, 500,000 predictions)"


def _head(data: SyntheticDetections, n_images: int) -> SyntheticDetections:
    labels = data.label_frame < n_images
    predictions = data.prediction_frame < n_images
    fields = {name: getattr(data, name) for name in data.__dataclass_fields__}
    for name, value in fields.items():
        if name.startswith("label_") and isinstance(value, np.ndarray):
            fields[name] = value[labels]
        elif name.startswith("prediction_") and isinstance(value, np.ndarray):
            fields[name] = value[predictions]
    fields["n_images"] = n_images
    return SyntheticDetections(**fields)


def _tidecv_seconds(data: SyntheticDetections) -> float | None:
    try:
        from tests.engine.test_attribution_tidecv import import_tidecv
    except ImportError:
        return None
    tidecv = import_tidecv()

    def run() -> None:
        gt, preds = tidecv.Data("gt"), tidecv.Data("preds")
        for frame, klass, (x1, y1, x2, y2) in zip(
            data.label_frame, data.label_class, data.label_boxes, strict=True
        ):
            gt.add_ground_truth(int(frame), int(klass), [x1, y1, x2 - x1, y2 - y1])
        for frame, klass, (x1, y1, x2, y2), score in zip(
            data.prediction_frame,
            data.prediction_class,
            data.prediction_boxes,
            data.prediction_confidence,
            strict=True,
        ):
            preds.add_detection(int(frame), int(klass), float(score), [x1, y1, x2 - x1, y2 - y1])
        tide = tidecv.TIDE()
        tide.evaluate(gt, preds, mode=tidecv.TIDE.BOX, name="run")
        tide.get_main_errors()

    return median_seconds(run, repeat=1, warmup=0)


def run() -> list[dict]:
    data = make_detections()
    evaluator = _evaluator(data)
    evaluation = evaluator.evaluate(confidence=0.3, iou=0.5)
    plain = median_seconds(lambda: evaluator.evaluate(confidence=0.3, iou=0.5).report, repeat=5)
    attribution = median_seconds(lambda: attribute_errors(evaluation, evaluator.pairs), repeat=5)
    attributed = attribute_errors(evaluation, evaluator.pairs)
    oracle = median_seconds(lambda: [r.weighted for r in attributed.oracle_reports().values()], repeat=5)
    curves = evaluator.pr_curves(iou=0.5)
    recommend = median_seconds(lambda: recommend_thresholds(curves, "f1"), repeat=5)
    sweep = median_seconds(lambda: evaluator.pr_curves(iou=0.5), repeat=1)
    boot = median_seconds(lambda: bootstrap_intervals(evaluation, replicates=1000, seed=0), repeat=3)
    other = evaluator.evaluate(confidence=0.5, iou=0.5)
    pair = median_seconds(lambda: paired_bootstrap(evaluation, other, replicates=1000, seed=0), repeat=3)

    def multiple(seconds: float) -> str:
        return f"{seconds / plain:.1f} plain evaluations"

    rows = [
        row(SECTION, "plain evaluation at a new (c, t): matrix + report", plain, baseline=plain),
        row(
            SECTION,
            "error attribution (six types, every error)",
            attribution,
            baseline=plain,
            note=multiple(attribution),
        ),
        row(
            SECTION,
            "oracle reports of the six types (P/R/F1 gains)",
            oracle,
            baseline=plain,
            note=multiple(oracle),
        ),
        row(
            SECTION,
            "threshold recommender from the sweep (F1, 80 classes)",
            recommend,
            baseline=plain,
            note=multiple(recommend),
        ),
        row(
            SECTION,
            "  ... including the PR sweep it reads",
            recommend + sweep,
            baseline=plain,
            note=multiple(recommend + sweep),
        ),
        row(
            SECTION,
            "bootstrap, 1,000 replicates, per class + averages",
            boot,
            baseline=plain,
            note=multiple(boot),
        ),
        row(
            SECTION,
            "paired bootstrap of a comparison, 1,000 replicates + cells",
            pair,
            baseline=plain,
            note=multiple(pair),
        ),
    ]
    small = _head(data, 250)
    small_evaluator = _evaluator(small)
    ours_small = median_seconds(
        lambda: attribute_errors(small_evaluator.evaluate(confidence=0.0, iou=0.5), small_evaluator.pairs),
        repeat=3,
    )
    tide = _tidecv_seconds(small)
    peer = "tidecv on the first 250 images (errors + dAP)"
    if tide is not None:
        rows.append(row(SECTION, peer, tide, baseline=tide))
        rows.append(row(SECTION, "reefscope attribution on the same 250 images", ours_small, baseline=tide))
    return rows
