"""Seeded detection sets that exercise every matching path: stars, general components, ties, crowds."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from reefscope.engine import DetectionLabels, DetectionPredictions


@dataclass(frozen=True)
class Generated:
    labels: DetectionLabels
    predictions: DetectionPredictions
    iscrowd: np.ndarray
    n_frames: int
    classes: list[str]


def cluttered(seed: int, *, n_frames: int = 40, n_classes: int = 4) -> Generated:
    """Frames with clusters of overlapping labels and detections, duplicated boxes and tied scores."""
    rng = np.random.default_rng(seed)
    label_frame, label_class, label_boxes = [], [], []
    pred_frame, pred_class, pred_boxes, confidence = [], [], [], []
    for frame in range(n_frames):
        if rng.random() < 0.15:
            continue  # frames without labels or predictions count too
        for _ in range(rng.integers(1, 4)):  # clusters: objects close together
            cx = rng.uniform(20, 80)
            for _ in range(rng.integers(1, 4)):
                x, y = cx + rng.normal(0, 4, 2)
                w, h = rng.uniform(6, 20, 2)
                box = [x, y, x + w, y + h]
                label_frame.append(frame)
                label_class.append(int(rng.integers(n_classes)))
                label_boxes.append(box)
                for _ in range(rng.integers(0, 4)):
                    jitter = rng.normal(0, 2, 4) if rng.random() < 0.8 else np.zeros(4)
                    x1, y1, x2, y2 = np.array(box) + jitter
                    pred_frame.append(frame)
                    pred_class.append(int(rng.integers(n_classes)))
                    pred_boxes.append([min(x1, x2 - 1), min(y1, y2 - 1), x2, y2])
                    # Scores on a coarse grid, so that ties in confidence are common.
                    confidence.append(round(float(rng.integers(0, 21)) / 20, 2))
        for _ in range(rng.integers(0, 3)):  # background false positives
            x, y = rng.uniform(0, 90, 2)
            pred_frame.append(frame)
            pred_class.append(int(rng.integers(n_classes)))
            pred_boxes.append([x, y, x + 8, y + 8])
            confidence.append(round(float(rng.random()), 2))
    labels = DetectionLabels(label_frame, label_class, np.array(label_boxes).reshape(-1, 4))
    predictions = DetectionPredictions(
        pred_frame, pred_class, np.array(pred_boxes).reshape(-1, 4), confidence
    )
    # Shuffle rows, so that neither table is sorted by frame (partitions must not rely on it).
    label_order = rng.permutation(len(labels))
    pred_order = rng.permutation(len(predictions))
    labels = DetectionLabels(
        labels.frame_index[label_order], labels.class_index[label_order], labels.boxes[label_order]
    )
    predictions = DetectionPredictions(
        predictions.frame_index[pred_order],
        predictions.class_index[pred_order],
        predictions.boxes[pred_order],
        predictions.confidence[pred_order],
    )
    iscrowd = rng.random(len(labels)) < 0.05
    return Generated(labels, predictions, iscrowd, n_frames, [f"class_{i}" for i in range(n_classes)])
