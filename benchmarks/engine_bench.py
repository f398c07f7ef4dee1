"""Detection and classification engine timings beside supervision and scikit-learn."""

from __future__ import annotations

import warnings

import numpy as np

from benchmarks.synthetic import SyntheticDetections, make_detections
from benchmarks.timing import median_seconds, row
from reefscope.engine import (
    ClassificationEvaluator,
    ClassificationLabels,
    ClassificationPredictions,
    DetectionEvaluator,
    DetectionLabels,
    DetectionPredictions,
)

SLIDER_SETTINGS = [(0.5, 0.5), (0.3, 0.5), (0.6, 0.7), (0.4, 0.4), (0.25, 0.6), (0.7, 0.3)]


def _evaluator(data: SyntheticDetections) -> DetectionEvaluator:
    return DetectionEvaluator(
        DetectionLabels(data.label_frame, data.label_class, data.label_boxes),
        DetectionPredictions(
            data.prediction_frame,
            data.prediction_class,
            data.prediction_boxes,
            data.prediction_confidence,
        ),
        classes=[f"class_{i}" for i in range(data.n_classes)],
        n_frames=data.n_images,
    )


def _supervision_inputs(data: SyntheticDetections) -> tuple[list[np.ndarray], list[np.ndarray]]:
    label_split = np.searchsorted(data.label_frame, np.arange(1, data.n_images))
    pred_split = np.searchsorted(data.prediction_frame, np.arange(1, data.n_images))
    targets = np.split(np.column_stack([data.label_boxes, data.label_class]).astype(np.float32), label_split)
    predictions = np.split(
        np.column_stack([data.prediction_boxes, data.prediction_class, data.prediction_confidence]).astype(
            np.float32
        ),
        pred_split,
    )
    return predictions, targets


def detection_rows(data: SyntheticDetections) -> list[dict]:
    rows = []
    first = median_seconds(
        lambda: _evaluator(data).evaluate(confidence=0.5, iou=0.5).report, repeat=3, warmup=0
    )
    evaluator = _evaluator(data)
    evaluator.evaluate(confidence=0.5, iou=0.5)
    per_setting = [
        median_seconds(lambda c=c, t=t: evaluator.evaluate(confidence=c, iou=t).report, repeat=7)
        for c, t in SLIDER_SETTINGS
    ]
    reevaluate = float(np.median(per_setting))
    # The floor: one bare numpy pass that masks and counts the candidate pairs.
    pairs = evaluator.pairs
    confidence = data.prediction_confidence
    label_class = data.label_class

    def bare_pass() -> np.ndarray:
        active = (confidence[pairs.prediction_index] >= 0.5) & (pairs.iou >= 0.5)
        return np.bincount(label_class[pairs.label_index[active]], minlength=data.n_classes)

    floor = median_seconds(bare_pass, repeat=7)
    curves = median_seconds(lambda: evaluator.pr_curves(iou=0.5), repeat=3)

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        import supervision as sv

    sv_predictions, sv_targets = _supervision_inputs(data)
    classes = [f"class_{i}" for i in range(data.n_classes)]
    supervision = median_seconds(
        lambda: sv.ConfusionMatrix.from_tensors(
            sv_predictions, sv_targets, classes=classes, conf_threshold=0.5, iou_threshold=0.5
        ),
        repeat=3,
    )
    section = (
        f"detection ({data.n_images} images, {len(data.label_frame)} labels, "
        f"{len(data.prediction_frame)} predictions)"
    )
    rows.append(
        row(
            section,
            "supervision ConfusionMatrix at (c=0.5, t=0.5)",
            supervision,
            baseline=supervision,
            note="greedy",
        )
    )
    rows.append(row(section, "reefscope first evaluation (incl. precompute)", first, baseline=supervision))
    rows.append(
        row(
            section,
            "reefscope re-evaluation at new (c, t), matrix + report",
            reevaluate,
            baseline=supervision,
            note="median over " + ", ".join(f"({c}, {t})" for c, t in SLIDER_SETTINGS),
        )
    )
    rows.append(row(section, "bare numpy pass over candidate pairs (floor)", floor, baseline=supervision))
    rows.append(
        row(
            section,
            "reefscope PR curves, 101 confidences, all classes",
            curves,
            baseline=supervision,
        )
    )
    return rows


def classification_rows(n_samples: int = 1_000_000, n_classes: int = 1000, seed: int = 0) -> list[dict]:
    from sklearn.metrics import confusion_matrix, precision_recall_fscore_support

    rng = np.random.default_rng(seed)
    y_true = rng.integers(0, n_classes, n_samples)
    correct = rng.random(n_samples) < 0.7
    y_pred = np.where(correct, y_true, rng.integers(0, n_classes, n_samples))
    confidence = rng.random(n_samples)
    frames = np.arange(n_samples)
    evaluator = ClassificationEvaluator(
        ClassificationLabels(frames, y_true),
        ClassificationPredictions(frames, y_pred, confidence),
        classes=[f"class_{i}" for i in range(n_classes)],
    )

    def ours() -> tuple:
        result = evaluator.evaluate(confidence=0.0)
        return result.confusion.counts, result.report

    labels = list(range(n_classes))

    def sklearn() -> tuple:
        return (
            confusion_matrix(y_true, y_pred, labels=labels),
            precision_recall_fscore_support(
                y_true, y_pred, labels=labels, average="weighted", zero_division=0
            ),
        )

    reference = sklearn()
    mine = ours()
    np.testing.assert_array_equal(mine[0][:-1, :-1], reference[0])
    assert np.allclose(
        (mine[1].weighted.precision, mine[1].weighted.recall, mine[1].weighted.f1),
        reference[1][:3],
        atol=1e-12,
    )
    sk = median_seconds(sklearn, repeat=3)
    ours_time = median_seconds(ours, repeat=7)
    curves = median_seconds(lambda: evaluator.pr_curves(), repeat=3)
    section = f"classification ({n_samples:,} samples x {n_classes} classes)"
    return [
        row(
            section,
            "scikit-learn confusion_matrix + precision_recall_fscore_support",
            sk,
            baseline=sk,
        ),
        row(section, "reefscope matrix + report", ours_time, baseline=sk),
        row(section, "reefscope PR curves, 101 confidences", curves, baseline=sk),
    ]


def run() -> list[dict]:
    return detection_rows(make_detections()) + classification_rows()
