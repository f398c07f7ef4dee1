"""Greedy COCO matching, for every IoU threshold and area range at once.

pycocotools matches image by image and category by category: detections in
descending score order, each taking the best still-unmatched label. Groups
(one frame, one class) are independent, so here they all advance together: step
``r`` matches the detection of rank ``r`` in every group, with array operations
over the candidate pairs of those detections and over all ``(iou_threshold,
area_range)`` lanes. At most ``max(MAX_DETECTIONS)`` steps run.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from reefscope.engine.coco.params import (
    AREA_BOUNDS,
    MATCH_THRESHOLDS,
    MAX_DETECTIONS,
    in_area_ranges,
)

FloatArray = NDArray[np.float64]
IndexArray = NDArray[np.int64]
BoolArray = NDArray[np.bool_]


@dataclass(frozen=True, eq=False)
class Matches:
    """Outcome of the matching for the detections the reference keeps.

    Detections are the ``max(MAX_DETECTIONS)`` best of each (frame, class)
    group; ``rank`` is their position in that group. ``matched_label`` holds,
    per candidate (a detection with IoU >= 0.5 with some label of its group)
    and per ``(iou_threshold, area_range)``, the label it took or -1. Labels
    are indexed in ``label_group`` order.
    """

    group: IndexArray  # (n,) frame * n_classes + class
    score: FloatArray  # (n,)
    rank: IndexArray  # (n,)
    in_range: BoolArray  # (n, n_area_ranges): detection area within the range
    candidates: IndexArray  # (c,) rows of the kept detections
    matched_label: NDArray[np.int32]  # (c, n_iou_thresholds, n_area_ranges)
    label_group: IndexArray  # (m,) labels sorted by group, stable
    label_counted: BoolArray  # (m, n_area_ranges): not crowd and area within the range


def rank_within_groups(group: IndexArray, score: FloatArray) -> tuple[IndexArray, IndexArray]:
    """Order by group then descending score, ties in input order; and each row's rank.

    The reference sorts each group with ``np.argsort(-scores, kind='mergesort')``,
    which is stable; ``lexsort`` is stable too.
    """
    order = np.lexsort((-score, group))
    sorted_group = group[order]
    starts = np.flatnonzero(np.r_[True, sorted_group[1:] != sorted_group[:-1]])
    sizes = np.diff(np.r_[starts, len(order)])
    rank = np.arange(len(order)) - np.repeat(starts, sizes)
    return order, rank


def coco_iou(det_xywh: FloatArray, label_xywh: FloatArray, label_crowd: BoolArray) -> FloatArray:
    """IoU of paired rows with the arithmetic of pycocotools' ``bbIou``, shape ``(n,)``.

    Corners are ``x + w`` (not a stored ``x2``), areas ``w * h``, no ``+1``; for a
    crowd label the union is the detection's own area.
    """
    dx, dy, dw, dh = det_xywh.T
    gx, gy, gw, gh = label_xywh.T
    width = np.minimum(dw + dx, gw + gx) - np.maximum(dx, gx)
    height = np.minimum(dh + dy, gh + gy) - np.maximum(dy, gy)
    overlaps = (width > 0) & (height > 0)
    intersection = width * height
    det_area = dw * dh
    union = np.where(label_crowd, det_area, det_area + gw * gh - intersection)
    return np.divide(intersection, union, out=np.zeros_like(intersection), where=overlaps)


def _candidate_pairs(det_group: IndexArray, label_group: IndexArray) -> tuple[IndexArray, IndexArray]:
    """Every (detection, label) pair of one group; labels must be sorted by group."""
    low = np.searchsorted(label_group, det_group, side="left")
    counts = np.searchsorted(label_group, det_group, side="right") - low
    pair_det = np.repeat(np.arange(len(det_group)), counts)
    first = np.repeat(np.cumsum(counts) - counts, counts)
    pair_label = np.repeat(low, counts) + (np.arange(len(pair_det)) - first)
    return pair_det, pair_label


def match_detections(
    *,
    label_group: IndexArray,
    label_xywh: FloatArray,
    label_crowd: BoolArray,
    label_area: FloatArray,
    det_group: IndexArray,
    det_xywh: FloatArray,
    det_score: FloatArray,
) -> Matches:
    """Match detections to labels of their group as ``COCOeval.evaluateImg`` does."""
    max_det = int(MAX_DETECTIONS[-1])
    label_order = np.argsort(label_group, kind="stable")
    label_group = label_group[label_order]
    label_xywh = label_xywh[label_order]
    label_crowd = label_crowd[label_order]
    label_counted = in_area_ranges(label_area[label_order]) & ~label_crowd[:, None]

    det_order, det_rank = rank_within_groups(det_group, det_score)
    kept = det_order[det_rank < max_det]
    rank = det_rank[det_rank < max_det]
    group = det_group[kept]
    xywh = det_xywh[kept]

    pair_det, pair_label = _candidate_pairs(group, label_group)
    iou = coco_iou(xywh[pair_det], label_xywh[pair_label], label_crowd[pair_label])
    close = iou >= MATCH_THRESHOLDS[0]
    pair_det, pair_label, iou = pair_det[close], pair_label[close], iou[close]

    candidates, matched = _greedy(
        pair_det=pair_det,
        pair_label=pair_label,
        iou=iou,
        det_rank=rank,
        label_counted=label_counted,
        label_crowd=label_crowd,
        max_det=max_det,
    )
    return Matches(
        group=group,
        score=det_score[kept],
        rank=rank,
        in_range=in_area_ranges(xywh[:, 2] * xywh[:, 3]),
        candidates=candidates,
        matched_label=matched,
        label_group=label_group,
        label_counted=label_counted,
    )


def _greedy(
    *,
    pair_det: IndexArray,
    pair_label: IndexArray,
    iou: FloatArray,
    det_rank: IndexArray,
    label_counted: BoolArray,
    label_crowd: BoolArray,
    max_det: int,
) -> tuple[IndexArray, NDArray[np.int32]]:
    """Run the reference's inner loop for all groups, one detection rank per step.

    Within a detection's pairs, sorted by (IoU, label position), the reference
    picks the last pair that is free and above the threshold, preferring labels
    that count in the area range over ignored ones: that is the largest of
    ``slot + 1 + counted * n_slots``, with 0 for pairs that are not allowed.
    """
    n_thresholds, n_ranges = len(MATCH_THRESHOLDS), len(AREA_BOUNDS)
    n_dets = len(det_rank)
    order = np.lexsort((pair_label, iou, det_rank[pair_det] * (n_dets + 1) + pair_det))
    pair_det, pair_label, iou = pair_det[order], pair_label[order], iou[order]

    starts = np.flatnonzero(np.r_[True, pair_det[1:] != pair_det[:-1]]) if len(order) else order
    candidates = pair_det[starts]
    sizes = np.diff(np.r_[starts, len(order)])
    n_slots = int(sizes.max(initial=0)) + 1
    priority = (np.arange(len(order)) - np.repeat(starts, sizes) + 1).astype(np.int32)
    counted_bonus = (label_counted * n_slots).astype(np.int32)[:, None, :]
    above = iou[:, None] >= MATCH_THRESHOLDS[None, :]
    bounds = np.searchsorted(det_rank[candidates], np.arange(max_det + 1))
    starts = np.r_[starts, len(order)]

    # A crowd label never becomes taken: the reference lets it match many detections.
    taken = np.zeros((len(label_crowd), n_thresholds, n_ranges), dtype=bool)
    matched = np.full((len(candidates), n_thresholds, n_ranges), -1, dtype=np.int32)
    for step in range(max_det):
        first, last = bounds[step], bounds[step + 1]
        if first == last:
            continue
        pairs = slice(starts[first], starts[last])
        labels = pair_label[pairs]
        allowed = ~taken[labels] & above[pairs][:, :, None]
        key = np.where(allowed, priority[pairs][:, None, None] + counted_bonus[labels], 0)
        best = np.maximum.reduceat(key, starts[first:last] - starts[first], axis=0)
        hit = best > 0
        chosen_pair = starts[first:last, None, None] + np.where(hit, best - 1, 0) % n_slots
        chosen = np.where(hit, pair_label[chosen_pair], -1)
        matched[first:last] = chosen
        det, threshold, area_range = np.nonzero(hit & ~label_crowd[chosen])
        taken[chosen[det, threshold, area_range], threshold, area_range] = True
    return candidates, matched
