"""A seeded, COCO-val-sized detection set with realistic failure modes.

5,000 images of 640x480, 80 classes with long-tailed frequencies, about 7
labels per image (a few crowd regions), and up to 100 predictions per image:
jittered true positives, class confusions, duplicate detections and
low-confidence background false positives.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class SyntheticDetections:
    n_images: int
    n_classes: int
    image_width: int
    image_height: int
    label_frame: np.ndarray
    label_class: np.ndarray
    label_boxes: np.ndarray  # xyxy
    label_iscrowd: np.ndarray
    prediction_frame: np.ndarray
    prediction_class: np.ndarray
    prediction_boxes: np.ndarray  # xyxy
    prediction_confidence: np.ndarray


def _random_boxes(rng: np.random.Generator, n: int, width: int, height: int) -> np.ndarray:
    # Log-uniform sizes give COCO's mix of small, medium and large objects.
    box_w = np.exp(rng.uniform(np.log(8), np.log(width * 0.8), n))
    aspect = np.exp(rng.normal(0.0, 0.5, n))
    box_h = np.clip(box_w * aspect, 6, height * 0.9)
    x1 = rng.uniform(0, width - box_w)
    y1 = rng.uniform(0, height - box_h)
    return np.stack([x1, y1, x1 + box_w, y1 + box_h], axis=1)


def _jitter(rng: np.random.Generator, boxes: np.ndarray, scale: float) -> np.ndarray:
    w = boxes[:, 2] - boxes[:, 0]
    h = boxes[:, 3] - boxes[:, 1]
    noise = rng.normal(0.0, scale, (len(boxes), 4)) * np.stack([w, h, w, h], axis=1)
    out = boxes + noise
    x1 = np.minimum(out[:, 0], out[:, 2] - 1)
    y1 = np.minimum(out[:, 1], out[:, 3] - 1)
    return np.stack([x1, y1, out[:, 2], out[:, 3]], axis=1)


def make_detections(
    *,
    n_images: int = 5000,
    n_classes: int = 80,
    labels_per_image: float = 7.3,
    predictions_per_image: int = 100,
    seed: int = 0,
) -> SyntheticDetections:
    rng = np.random.default_rng(seed)
    width, height = 640, 480
    class_weights = 1.0 / np.arange(1, n_classes + 1) ** 0.9
    class_weights /= class_weights.sum()

    n_labels_per = rng.poisson(labels_per_image, n_images)
    label_frame = np.repeat(np.arange(n_images), n_labels_per)
    n_labels = len(label_frame)
    label_class = rng.choice(n_classes, n_labels, p=class_weights)
    label_boxes = _random_boxes(rng, n_labels, width, height)
    label_iscrowd = rng.random(n_labels) < 0.01

    # True positives (80% recall), some confused to another class.
    detected = rng.random(n_labels) < 0.8
    tp_frame = label_frame[detected]
    tp_class = label_class[detected].copy()
    confused = rng.random(len(tp_class)) < 0.1
    tp_class[confused] = rng.choice(n_classes, confused.sum(), p=class_weights)
    tp_boxes = _jitter(rng, label_boxes[detected], 0.06)
    tp_conf = np.clip(rng.beta(5, 2, len(tp_frame)), 0.0, 1.0)

    # Duplicates: 0-3 extra, looser boxes on the same object, lower confidence.
    n_dup = rng.poisson(1.2, n_labels)
    dup_source = np.repeat(np.arange(n_labels), n_dup)
    dup_frame = label_frame[dup_source]
    dup_class = label_class[dup_source]
    dup_boxes = _jitter(rng, label_boxes[dup_source], 0.15)
    dup_conf = np.clip(rng.beta(2, 4, len(dup_source)), 0.0, 1.0)

    # Background false positives fill each image up to the prediction budget.
    per_image = np.bincount(tp_frame, minlength=n_images) + np.bincount(dup_frame, minlength=n_images)
    n_bg = np.clip(predictions_per_image - per_image, 0, None)
    bg_frame = np.repeat(np.arange(n_images), n_bg)
    bg_class = rng.choice(n_classes, len(bg_frame), p=class_weights)
    bg_boxes = _random_boxes(rng, len(bg_frame), width, height)
    bg_conf = np.clip(rng.beta(1, 8, len(bg_frame)), 0.0, 1.0)

    frame = np.concatenate([tp_frame, dup_frame, bg_frame])
    order = np.argsort(frame, kind="stable")
    return SyntheticDetections(
        n_images=n_images,
        n_classes=n_classes,
        image_width=width,
        image_height=height,
        label_frame=label_frame.astype(np.int64),
        label_class=label_class.astype(np.int32),
        label_boxes=np.clip(label_boxes, 0, None),
        label_iscrowd=label_iscrowd,
        prediction_frame=frame[order].astype(np.int64),
        prediction_class=np.concatenate([tp_class, dup_class, bg_class])[order].astype(np.int32),
        prediction_boxes=np.clip(np.concatenate([tp_boxes, dup_boxes, bg_boxes])[order], 0, None),
        prediction_confidence=np.round(np.concatenate([tp_conf, dup_conf, bg_conf])[order], 4),
    )
