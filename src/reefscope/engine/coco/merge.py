"""Join COCO matches computed on disjoint sets of frames into one, as if matched together.

pycocotools matches each (image, category) group on its own, so the matching of
a partition of whole frames is exactly the matching of those frames in the
whole set. What the accumulation needs from the union is the order it would
have had: detections and labels sorted by group (frame, then class), with the
within-group order each partition already holds.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from reefscope.engine.coco.matching import Matches


def concatenate_matches(parts: Sequence[Matches]) -> Matches:
    """One :class:`Matches` over every part; parts must cover disjoint frames.

    Examples
    --------
    >>> from reefscope.engine import DetectionLabels, DetectionPredictions
    >>> from reefscope.engine.coco.evaluate import coco_from_matches, match_coco
    >>> def part(frame):
    ...     labels = DetectionLabels([frame], [0], [[0, 0, 10, 10]])
    ...     predictions = DetectionPredictions([frame], [0], [[0, 0, 10, 9]], [0.9])
    ...     return match_coco(labels, predictions, n_classes=1)
    >>> merged = concatenate_matches([part(1), part(0)])
    >>> merged.group.tolist(), round(coco_from_matches(merged, n_classes=1).ap50, 4)
    ([0, 1], 1.0)
    """
    if not parts:
        raise ValueError("expected at least one part to concatenate")
    det_offsets = np.cumsum([0] + [len(p.group) for p in parts])
    label_offsets = np.cumsum([0] + [len(p.label_group) for p in parts])
    group = np.concatenate([p.group for p in parts])
    label_group = np.concatenate([p.label_group for p in parts])
    candidates = np.concatenate(
        [p.candidates + offset for p, offset in zip(parts, det_offsets[:-1], strict=True)]
    )
    matched_label = np.concatenate(
        [
            np.where(p.matched_label >= 0, p.matched_label + offset, -1).astype(np.int32)
            for p, offset in zip(parts, label_offsets[:-1], strict=True)
        ]
    )
    # Stable sorts keep each group's internal order (detections by rank, labels by input order).
    det_order = np.argsort(group, kind="stable")
    det_position = np.empty_like(det_order)
    det_position[det_order] = np.arange(len(det_order))
    label_order = np.argsort(label_group, kind="stable")
    label_position = np.empty(len(label_order) + 1, dtype=np.int64)
    label_position[label_order] = np.arange(len(label_order))
    label_position[-1] = -1  # so that -1 (no label) maps to itself
    return Matches(
        group=group[det_order],
        score=np.concatenate([p.score for p in parts])[det_order],
        rank=np.concatenate([p.rank for p in parts])[det_order],
        in_range=np.concatenate([p.in_range for p in parts])[det_order],
        candidates=det_position[candidates],
        matched_label=label_position[matched_label].astype(np.int32),
        label_group=label_group[label_order],
        label_counted=np.concatenate([p.label_counted for p in parts])[label_order],
    )
