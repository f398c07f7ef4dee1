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


def voc_devkit_ap(
    label_frame,
    label_class,
    label_boxes,
    label_difficult,
    pred_frame,
    pred_class,
    pred_boxes,
    pred_conf,
    *,
    class_index: int,
    iou: float,
    pixel_inclusive: bool,
) -> tuple[float | None, float | None, int, int]:
    """One class, detection by detection, as the VOC devkit's ``VOCevaldet`` and ``VOCap`` do.

    Returns (11-point AP, all-point AP, true positives, false positives); the
    APs are ``None`` when the class has no label that is not difficult.
    """
    one = 1.0 if pixel_inclusive else 0.0
    gt = {}
    for row in np.flatnonzero(label_class == class_index):
        gt.setdefault(int(label_frame[row]), []).append(row)
    detected = {row: False for rows in gt.values() for row in rows}
    npos = sum(1 for rows in gt.values() for row in rows if not label_difficult[row])
    rows = [int(r) for r in np.flatnonzero(pred_class == class_index)]
    rows.sort(key=lambda r: -pred_conf[r])  # Python's sort is stable: ties stay in input order
    tp, fp = [], []
    for row in rows:
        bb = pred_boxes[row]
        ovmax, jmax = -np.inf, None
        for j in gt.get(int(pred_frame[row]), []):
            bbgt = label_boxes[j]
            iw = min(bb[2], bbgt[2]) - max(bb[0], bbgt[0]) + one
            ih = min(bb[3], bbgt[3]) - max(bb[1], bbgt[1]) + one
            if iw > 0 and ih > 0:
                ua = (
                    (bb[2] - bb[0] + one) * (bb[3] - bb[1] + one)
                    + (bbgt[2] - bbgt[0] + one) * (bbgt[3] - bbgt[1] + one)
                    - iw * ih
                )
                ov = iw * ih / ua
                if ov > ovmax:
                    ovmax, jmax = ov, j
        if ovmax >= iou and jmax is not None:
            if label_difficult[jmax]:
                tp.append(0)
                fp.append(0)
            elif not detected[jmax]:
                detected[jmax] = True
                tp.append(1)
                fp.append(0)
            else:
                tp.append(0)
                fp.append(1)
        else:
            tp.append(0)
            fp.append(1)
    ctp, cfp = np.cumsum(tp), np.cumsum(fp)
    if npos == 0:
        return None, None, int(ctp[-1]) if len(ctp) else 0, int(cfp[-1]) if len(cfp) else 0
    rec = ctp / npos
    # Points on difficult labels only (0 / 0 before any hit) count as precision 0.
    prec = np.divide(ctp, ctp + cfp, out=np.zeros(len(ctp)), where=(ctp + cfp) > 0)
    eleven = 0.0
    for t in np.arange(0.0, 1.1, 0.1):
        p = prec[rec >= t]
        eleven += (p.max() if p.size else 0.0) / 11
    mrec = [0.0, *rec.tolist(), 1.0]
    mpre = [0.0, *prec.tolist(), 0.0]
    for i in range(len(mpre) - 2, -1, -1):
        mpre[i] = max(mpre[i], mpre[i + 1])
    area = 0.0
    for i in range(1, len(mrec)):
        if mrec[i] != mrec[i - 1]:
            area += (mrec[i] - mrec[i - 1]) * mpre[i]
    return eleven, area, int(ctp[-1]) if len(ctp) else 0, int(cfp[-1]) if len(cfp) else 0
