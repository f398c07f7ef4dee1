"""Slow, obviously-correct reference implementations used only by the tests."""

from __future__ import annotations

import itertools

import numpy as np
from scipy.optimize import linear_sum_assignment

from reefscope.engine import pairwise_iou


def brute_force_best_total(iou: np.ndarray, allowed: np.ndarray) -> tuple[float, int]:
    """Maximum total IoU over all one-to-one matchings of allowed pairs, and its size."""
    n_labels, n_preds = iou.shape
    best_total, best_size = 0.0, 0
    labels = range(n_labels)
    for size in range(1, min(n_labels, n_preds) + 1):
        for chosen_labels in itertools.combinations(labels, size):
            for chosen_preds in itertools.permutations(range(n_preds), size):
                pairs = list(zip(chosen_labels, chosen_preds, strict=True))
                if not all(allowed[l, p] for l, p in pairs):
                    continue
                total = sum(iou[l, p] for l, p in pairs)
                if total > best_total + 1e-12:
                    best_total, best_size = total, size
    return best_total, best_size


def dense_frame_matching(
    label_boxes: np.ndarray,
    label_class: np.ndarray,
    pred_boxes: np.ndarray,
    pred_class: np.ndarray,
    pred_conf: np.ndarray,
    *,
    iou_threshold: float,
) -> list[tuple[int, int]]:
    """Optimal matching of one frame with a dense Hungarian solve (no candidate graph)."""
    if len(label_boxes) == 0 or len(pred_boxes) == 0:
        return []
    iou = pairwise_iou(label_boxes, pred_boxes)
    allowed = (iou >= iou_threshold) & (iou > 0)
    weight = np.where(allowed, iou, 0.0)
    assigned_rows, assigned_cols = linear_sum_assignment(weight, maximize=True)
    return [(int(r), int(c)) for r, c in zip(assigned_rows, assigned_cols, strict=True) if allowed[r, c]]


def confusion_by_frames(
    label_frame,
    label_class,
    label_boxes,
    pred_frame,
    pred_class,
    pred_boxes,
    pred_conf,
    *,
    n_classes: int,
    confidence: float,
    iou: float,
) -> tuple[np.ndarray, float]:
    """Confusion matrix and total matched IoU, frame by frame, with dense solves."""
    k = n_classes
    matrix = np.zeros((k + 1, k + 1), dtype=np.int64)
    total_iou = 0.0
    kept = pred_conf >= confidence
    frames = np.union1d(label_frame, pred_frame[kept])
    for frame in frames:
        li = np.flatnonzero(label_frame == frame)
        pi = np.flatnonzero((pred_frame == frame) & kept)
        pairs = dense_frame_matching(
            label_boxes[li],
            label_class[li],
            pred_boxes[pi],
            pred_class[pi],
            pred_conf[pi],
            iou_threshold=iou,
        )
        matched_l = {l for l, _ in pairs}
        matched_p = {p for _, p in pairs}
        for l, p in pairs:
            matrix[label_class[li[l]], pred_class[pi[p]]] += 1
            total_iou += pairwise_iou(label_boxes[li[l]][None], pred_boxes[pi[p]][None])[0, 0]
        for l in range(len(li)):
            if l not in matched_l:
                matrix[label_class[li[l]], k] += 1
        for p in range(len(pi)):
            if p not in matched_p:
                matrix[k, pred_class[pi[p]]] += 1
    return matrix, total_iou
