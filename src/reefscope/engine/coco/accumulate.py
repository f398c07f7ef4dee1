"""Precision and recall tables from the matches, as ``COCOeval.accumulate`` builds them.

The reference concatenates, per (class, area range, max detections), the kept
detections of every image, sorts them by descending score (stable, so ties stay
in image order then in-image order), takes cumulative TP and FP counts at each
IoU threshold, and reads an interpolated precision at 101 recall points.

Two facts keep this sparse. Precision only rises at true positives and recall
only changes there, so the precision envelope and the recall look-up need the
counts at true positives alone. And a false positive is an unmatched
detection inside the area range, so the FP count at any position is the number
of in-range detections so far minus the matched in-range ones, which are few.
Every (threshold, area range, max detections, class) combination is then one
segment of a few flat arrays.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

from reefscope.engine.coco.matching import Matches
from reefscope.engine.coco.params import (
    AREA_BOUNDS,
    IOU_THRESHOLDS,
    MAX_DETECTIONS,
    RECALL_THRESHOLDS,
)

FloatArray = NDArray[np.float64]
IndexArray = NDArray[np.int64]

# Undefined cells, as the reference marks them (classes without countable labels).
UNDEFINED = -1.0


def accumulate(matches: Matches, *, n_classes: int) -> tuple[FloatArray, FloatArray]:
    """Return ``precision (T, R, K, A, M)`` and ``recall (T, K, A, M)`` with -1 where undefined."""
    n_t, n_r, n_a, n_m = (
        len(IOU_THRESHOLDS),
        len(RECALL_THRESHOLDS),
        len(AREA_BOUNDS),
        len(MAX_DETECTIONS),
    )
    label_class = matches.label_group % n_classes
    # Countable labels per (class, area range): the reference's ``npig``.
    n_countable = np.stack(
        [np.bincount(label_class[matches.label_counted[:, a]], minlength=n_classes) for a in range(n_a)],
        axis=1,
    )
    precision_at_tp, n_tp = _precision_at_true_positives(matches, n_classes=n_classes)

    # Segments are (threshold, area range, max detections, class) in C order.
    n_segments = n_t * n_a * n_m * n_classes
    n_tp_flat = n_tp.reshape(n_segments)
    seg_end = np.cumsum(n_tp_flat)
    seg_start = seg_end - n_tp_flat
    countable = np.broadcast_to(n_countable.T[None, :, None, :], (n_t, n_a, n_m, n_classes))
    countable = countable.reshape(n_segments)
    first_tp = np.broadcast_to(
        _first_reaching(n_countable).transpose(1, 0, 2)[None, :, None, :, :],
        (n_t, n_a, n_m, n_classes, n_r),
    ).reshape(n_segments, n_r)
    lookup = seg_start[:, None] + np.minimum(first_tp - 1, n_tp_flat[:, None])
    interpolated = _suffix_max(precision_at_tp, lookup, seg_end)

    defined = countable > 0
    precision = np.where(defined[:, None], interpolated, UNDEFINED)
    recall_flat = np.full(n_segments, UNDEFINED)
    recall_flat[defined] = n_tp_flat[defined] / countable[defined]

    precision = precision.reshape(n_t, n_a, n_m, n_classes, n_r).transpose(0, 4, 3, 1, 2)
    recall = recall_flat.reshape(n_t, n_a, n_m, n_classes).transpose(0, 3, 1, 2)
    return np.ascontiguousarray(precision), np.ascontiguousarray(recall)


def accumulation_order(matches: Matches, *, n_classes: int) -> IndexArray:
    """Kept detections by class, descending score, frame, rank: the reference's order.

    The detections come sorted by (frame, class, rank), so a stable sort by
    descending score then by class leaves ties in (frame, rank) order.
    """
    by_score = np.argsort(-matches.score, kind="stable")
    det_class = (matches.group % n_classes)[by_score]
    # 16-bit keys take numpy's radix sort.
    key = det_class.astype(np.uint16) if n_classes <= np.iinfo(np.uint16).max else det_class
    return by_score[np.argsort(key, kind="stable")]


def _precision_at_true_positives(matches: Matches, *, n_classes: int) -> tuple[FloatArray, IndexArray]:
    """Precision at each true positive, and the count of true positives per segment.

    Flags live on a dense ``(T, A, M, candidates)`` grid with the candidates in
    accumulation order, so its C order is segment order: the flat result lists
    true positives by segment, then by position.
    """
    n_t, n_a, n_m = len(IOU_THRESHOLDS), len(AREA_BOUNDS), len(MAX_DETECTIONS)
    det_class = matches.group % n_classes
    order = accumulation_order(matches, n_classes=n_classes)
    position = np.empty_like(order)
    position[order] = np.arange(len(order))
    by_position = np.argsort(position[matches.candidates])
    candidates = matches.candidates[by_position]
    cand_class = det_class[candidates]
    n_cand = len(candidates)
    n_tp = np.zeros((n_t * n_a * n_m, n_classes), dtype=np.int64)
    if n_cand == 0:
        return np.zeros(0), n_tp.reshape(n_t, n_a, n_m, n_classes)

    labels = matches.matched_label[by_position].transpose(1, 2, 0)  # (T, A, c)
    matched = labels >= 0
    counted = matches.label_counted[labels, np.arange(n_a)[None, :, None]] & matched
    capped = matches.rank[candidates][None, :] < MAX_DETECTIONS[:, None]  # (M, c)
    is_tp = (counted[:, :, None, :] & capped).reshape(-1, n_cand)
    in_range = matches.in_range[candidates].T  # (A, c)
    matched_in_range = ((matched & in_range)[:, :, None, :] & capped).reshape(-1, n_cand)

    # Candidates come in runs of one class; counts restart at each run.
    class_change = np.r_[True, cand_class[1:] != cand_class[:-1]]
    run_first = np.flatnonzero(class_change)
    run_last = np.r_[run_first[1:], n_cand] - 1
    tp_running, tp_before_run = _running_counts(is_tp, run_first)
    mir_running, mir_before_run = _running_counts(matched_in_range, run_first)

    lane, column = np.nonzero(is_tp)
    run = (np.cumsum(class_change) - 1)[column]
    tp = (tp_running[lane, column] - tp_before_run[lane, run]).astype(np.float64)
    # An FP is an unmatched in-range detection: in-range so far minus matched in-range so far.
    eligible = _eligible_so_far(matches, order, position[candidates], cand_class, n_classes)
    fp = eligible[lane % (n_a * n_m), column] - (mir_running[lane, column] - mir_before_run[lane, run])
    precision_at_tp = tp / (fp.astype(np.float64) + tp + np.spacing(1))

    n_tp[:, cand_class[run_first]] = tp_running[:, run_last] - tp_before_run
    return precision_at_tp, n_tp.reshape(n_t, n_a, n_m, n_classes)


def _count_dtype(n: int) -> type[np.signedinteger]:
    # Counts never exceed the number of detections; 32 bits halve the memory of the grids.
    return np.int32 if n < np.iinfo(np.int32).max else np.int64


def _running_counts(
    flags: NDArray[np.bool_], run_first: IndexArray
) -> tuple[NDArray[np.signedinteger], NDArray[np.signedinteger]]:
    """Inclusive running count of ``flags`` along the last axis, and its value before each run.

    The count within a run at column ``j`` is ``running[..., j] - before_run[..., run of j]``.
    """
    running = np.cumsum(flags, axis=-1, dtype=_count_dtype(flags.shape[-1]))
    before_run = running[:, run_first] - flags[:, run_first]
    return running, before_run


def _eligible_so_far(
    matches: Matches,
    order: IndexArray,
    cand_position: IndexArray,
    cand_class: IndexArray,
    n_classes: int,
) -> NDArray[np.signedinteger]:
    """In-range, within-cap detections of the candidate's class up to its position.

    Shape ``(A * M, candidates)``; all detections count here, not only candidates.
    """
    n_a, n_m = len(AREA_BOUNDS), len(MAX_DETECTIONS)
    dtype = _count_dtype(len(order))
    capped = matches.rank[order][None, :] < MAX_DETECTIONS[:, None]  # (M, n)
    eligible = matches.in_range[order].T[:, None, :] & capped[None, :, :]  # (A, M, n)
    running = np.zeros((n_a * n_m, len(order) + 1), dtype=dtype)
    np.cumsum(eligible.reshape(n_a * n_m, -1), axis=-1, out=running[:, 1:])
    class_start = np.searchsorted((matches.group % n_classes)[order], np.arange(n_classes))
    return running[:, cand_position + 1] - running[:, class_start[cand_class]]


def _first_reaching(n_countable: IndexArray) -> IndexArray:
    """Smallest TP count ``j >= 1`` with ``j / npig >= recall threshold``, shape ``(K, A, R)``.

    This is where the reference's ``searchsorted(rc, recThrs, side='left')``
    lands, computed in the same floating point so boundary cases agree.
    """
    npig = np.maximum(n_countable, 1)[:, :, None].astype(np.float64)
    target = RECALL_THRESHOLDS[None, None, :]
    count = np.maximum(np.ceil(target * npig), 1.0)
    for _ in range(2):  # rounding can put the ceiling one off either way
        count = np.where(count / npig < target, count + 1, count)
        count = np.where((count > 1) & ((count - 1) / npig >= target), count - 1, count)
    return count.astype(np.int64)


def _suffix_max(values: FloatArray, lookup: IndexArray, seg_end: IndexArray) -> FloatArray:
    """``max(values[lookup[s, r]:seg_end[s]])`` (0 when empty), shape of ``lookup``.

    The reference's precision envelope read at the recall look-up points: the
    maximum over each stretch between consecutive look-ups, then a reversed
    running maximum along the recall axis.
    """
    bounds = np.concatenate([lookup, seg_end[:, None]], axis=1)
    # Segments are contiguous, so a segment's last stretch ends where the next one's
    # first look-up starts; empty stretches (reduceat returns one element) are zeroed.
    padded = np.r_[values, 0.0]
    stretch_max = np.maximum.reduceat(padded, lookup.reshape(-1)).reshape(lookup.shape)
    stretch_max = np.where(bounds[:, :-1] < bounds[:, 1:], stretch_max, 0.0)
    return np.maximum.accumulate(stretch_max[:, ::-1], axis=1)[:, ::-1]
