"""True positives per class along a sweep of confidence thresholds, without re-matching.

At a fixed IoU threshold the candidate graph only loses predictions as the
confidence threshold rises, so every component of the graph at the lowest
threshold stays a component (or splits) at higher ones. That gives:

- a *label star* (one label, its exclusive predictions) is matched to the
  most preferred prediction among those still kept; walking its predictions
  in decreasing confidence, a running minimum of the preference rank gives
  the match for every threshold at once;
- a *prediction star* (one prediction, several exclusive labels) is matched
  to its fixed best label for as long as the prediction is kept;
- the few general components are re-solved at each threshold, which is cheap
  because they are few.

Contributions are added to a per-threshold difference array and summed once.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
from numpy.typing import NDArray

from reefscope.engine.matching import (
    CandidatePairs,
    _group_starts,
    best_per_group,
    bipartite_components,
    match_candidates,
    split_components,
)

IndexArray = NDArray[np.int64]


def true_positives_by_confidence(
    pairs: CandidatePairs,
    active: NDArray[np.bool_],
    *,
    confidence: NDArray[np.float64],
    label_class: NDArray[np.integer],
    prediction_class: NDArray[np.integer],
    thresholds: NDArray[np.float64],
    n_classes: int,
) -> NDArray[np.int64]:
    """``(len(thresholds), n_classes)`` true positives; ``thresholds`` must be ascending.

    ``active`` marks the pairs allowed at the lowest threshold (IoU, class and
    frame restrictions already applied); confidence filtering is done here.
    """
    n_points = len(thresholds)
    difference = np.zeros((n_points + 1) * n_classes, dtype=np.int64)

    def reach(values: NDArray[np.float64]) -> IndexArray:
        # Grid points 0 .. reach-1 keep a prediction of this confidence.
        return np.searchsorted(thresholds, values, side="right").astype(np.int64)

    def add(start: IndexArray, stop: IndexArray, classes: NDArray[np.integer]) -> None:
        cls = classes.astype(np.int64)
        difference[:] += np.bincount(start * n_classes + cls, minlength=len(difference))
        difference[:] -= np.bincount(stop * n_classes + cls, minlength=len(difference))

    parts = split_components(pairs, active)
    _label_stars(pairs, parts.label_stars, confidence, label_class, reach, add)

    # Prediction stars: the best label is fixed; it counts while the prediction is kept.
    winners = best_per_group(pairs, parts.prediction_stars, pairs.prediction_index[parts.prediction_stars])
    winners = winners[pairs.same_class[winners]]
    stop = reach(confidence[pairs.prediction_index[winners]])
    add(np.zeros(len(winners), dtype=np.int64), stop, label_class[pairs.label_index[winners]])

    counts = np.cumsum(difference.reshape(n_points + 1, n_classes), axis=0)[:n_points]
    if len(parts.general):
        counts += _general_by_confidence(pairs, parts.general, confidence, label_class, thresholds, n_classes)
    return counts


def _label_stars(
    pairs: CandidatePairs,
    edges: IndexArray,
    confidence: NDArray[np.float64],
    label_class: NDArray[np.integer],
    reach: Callable[[NDArray[np.float64]], IndexArray],
    add: Callable[[IndexArray, IndexArray, NDArray[np.integer]], None],
) -> None:
    if len(edges) == 0:
        return
    label = pairs.label_index[edges]
    edge_confidence = confidence[pairs.prediction_index[edges]]
    _, group = _group_starts(label)
    # Within each label, predictions by decreasing confidence.
    order = np.lexsort((-edge_confidence, group))
    edges, group, edge_confidence = edges[order], group[order], edge_confidence[order]
    priority = pairs.priority[edges]
    # Running minimum of the rank that restarts at every label: shift each
    # group below all earlier ones so that minima never leak across groups.
    span = int(priority.max()) + 1
    running = np.minimum.accumulate(priority - group * span) + group * span
    edge_of_priority = np.empty(span, dtype=np.int64)
    edge_of_priority[priority] = edges
    winner = edge_of_priority[running]

    # Only the last of a run of equal confidences is a reachable state.
    last_in_group = np.empty(len(edges), dtype=bool)
    last_in_group[-1:] = True
    np.not_equal(group[1:], group[:-1], out=last_in_group[:-1])
    reachable = last_in_group.copy()
    reachable[:-1] |= edge_confidence[1:] != edge_confidence[:-1]
    next_confidence = np.append(edge_confidence[1:], -np.inf)
    start = np.where(last_in_group, 0, reach(next_confidence))
    stop = reach(edge_confidence)
    keep = reachable & pairs.same_class[winner]
    add(start[keep], stop[keep], label_class[pairs.label_index[winner[keep]]])


def _general_by_confidence(
    pairs: CandidatePairs,
    edges: IndexArray,
    confidence: NDArray[np.float64],
    label_class: NDArray[np.integer],
    thresholds: NDArray[np.float64],
    n_classes: int,
) -> NDArray[np.int64]:
    """Re-solve, at each threshold, only the components whose kept predictions changed."""
    subset_mask = np.zeros(len(pairs), dtype=bool)
    subset_mask[edges] = True
    sub = pairs.subset(subset_mask)
    sub_confidence = confidence[sub.prediction_index]
    component = _edge_components(sub)
    counts = np.zeros((len(thresholds), n_classes), dtype=np.int64)
    # Matched same-class pairs at the current threshold.
    true_positive = np.zeros(len(sub), dtype=bool)
    row = np.zeros(n_classes, dtype=np.int64)
    previous = -np.inf
    for position, threshold in enumerate(thresholds):
        if position == 0:
            dirty = np.ones(len(sub), dtype=bool)
        else:
            changed = (sub_confidence >= previous) & (sub_confidence < threshold)
            if not changed.any():
                counts[position] = row
                previous = threshold
                continue
            dirty_components = np.zeros(int(component.max()) + 1, dtype=bool)
            dirty_components[component[changed]] = True
            dirty = dirty_components[component]
        leaving = true_positive & dirty
        row = row - np.bincount(label_class[sub.label_index[leaving]], minlength=n_classes)
        true_positive[dirty] = False
        matched = match_candidates(sub, dirty & (sub_confidence >= threshold))
        matched = matched[sub.same_class[matched]]
        true_positive[matched] = True
        row = row + np.bincount(label_class[sub.label_index[matched]], minlength=n_classes)
        counts[position] = row
        previous = threshold
    return counts


def _edge_components(pairs: CandidatePairs) -> IndexArray:
    """Connected component of every pair (labels and predictions as the two node sets)."""
    labels, label_local = np.unique(pairs.label_index, return_inverse=True)
    preds, pred_local = np.unique(pairs.prediction_index, return_inverse=True)
    n_l, n_p = len(labels), len(preds)
    _, node_component = bipartite_components(label_local, pred_local, n_l, n_p)
    return node_component[label_local]
