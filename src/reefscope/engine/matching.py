"""Optimal one-to-one matching of labels to predictions inside each frame.

The candidate graph (every same-frame label x prediction pair whose boxes
overlap) does not depend on the thresholds, so :func:`build_candidate_pairs`
computes it once. :func:`match_candidates` then solves one threshold setting:
among the active candidate pairs it picks, per frame, the set of pairs that
uses each label and prediction at most once and maximises the total IoU.

Most connected components of the candidate graph are stars (one label with
several predictions, or one prediction with several labels) whose optimum is
simply their best pair, found for all stars at once with vectorised group
minima. The rarer components with several labels *and* several predictions
are solved exactly too: small ones in batches, by enumerating every
assignment of their smaller side at once, large ones with scipy's Hungarian
solver.

Ties are broken deterministically by a fixed priority per pair: higher IoU,
then a same-class pair, then higher confidence, then lower label index, then
lower prediction index. In the Hungarian step the priority enters as a
perturbation below 1e-9 of the IoU, so matchings whose total IoU differs by
less than that are treated as tied.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from functools import cache

import numpy as np
from numpy.typing import NDArray

IndexArray = NDArray[np.int64]

# Pairs generated per chunk while building the candidate graph (bounds memory).
_PAIRS_PER_CHUNK = 1_000_000
# Scale of the tie-break perturbation in the Hungarian step.
_TIE_EPSILON = 1e-10


@dataclass(frozen=True, eq=False)
class CandidatePairs:
    """Same-frame (label, prediction) pairs with IoU > 0, grouped by label.

    All arrays have one entry per pair. ``priority`` ranks the pairs in
    tie-break order (0 is preferred); ``by_prediction`` is the permutation
    that groups the pairs by prediction.
    """

    label_index: IndexArray
    prediction_index: IndexArray
    iou: NDArray[np.float64]
    same_class: NDArray[np.bool_]
    priority: IndexArray
    by_prediction: IndexArray
    n_labels: int
    n_predictions: int

    def __len__(self) -> int:
        return len(self.label_index)

    def subset(self, keep: NDArray[np.bool_]) -> CandidatePairs:
        """The pairs where ``keep`` is true, e.g. those above a fixed IoU threshold."""
        kept = np.flatnonzero(keep)
        prediction_index = self.prediction_index[kept]
        priority = self.priority[kept]
        return CandidatePairs(
            label_index=self.label_index[kept],
            prediction_index=prediction_index,
            iou=self.iou[kept],
            same_class=self.same_class[kept],
            priority=priority,
            by_prediction=np.argsort(prediction_index, kind="quicksort"),
            n_labels=self.n_labels,
            n_predictions=self.n_predictions,
        )


def _frame_offsets(frame_index: IndexArray, n_frames: int) -> tuple[IndexArray, IndexArray, IndexArray]:
    order = np.argsort(frame_index, kind="stable")
    counts = np.bincount(frame_index, minlength=n_frames)
    starts = np.concatenate([[0], np.cumsum(counts)[:-1]])
    return order, counts, starts


def build_candidate_pairs(
    label_frame: IndexArray,
    label_boxes: NDArray[np.float64],
    label_class: NDArray[np.integer],
    prediction_frame: IndexArray,
    prediction_boxes: NDArray[np.float64],
    prediction_class: NDArray[np.integer],
    prediction_confidence: NDArray[np.float64],
    *,
    n_frames: int,
) -> CandidatePairs:
    """All same-frame label x prediction pairs whose boxes overlap (IoU > 0)."""
    label_order, label_counts, label_starts = _frame_offsets(label_frame, n_frames)
    pred_order, pred_counts, pred_starts = _frame_offsets(prediction_frame, n_frames)
    pair_counts = label_counts * pred_counts
    frames = np.flatnonzero(pair_counts)

    labels_out: list[IndexArray] = []
    preds_out: list[IndexArray] = []
    ious_out: list[NDArray[np.float64]] = []
    # Separate contiguous coordinate columns: 1-D gathers are much cheaper than (n, 4) row gathers.
    lx1, ly1, lx2, ly2 = (np.ascontiguousarray(label_boxes[:, i]) for i in range(4))
    px1, py1, px2, py2 = (np.ascontiguousarray(prediction_boxes[:, i]) for i in range(4))
    label_area = (lx2 - lx1) * (ly2 - ly1)
    pred_area = (px2 - px1) * (py2 - py1)
    # Chunk boundaries on frames so that no chunk materialises too many pairs.
    cumulative = np.cumsum(pair_counts[frames])
    total = int(cumulative[-1]) if len(frames) else 0
    boundaries = np.searchsorted(cumulative, np.arange(_PAIRS_PER_CHUNK, total, _PAIRS_PER_CHUNK))
    for chunk in np.split(frames, np.unique(boundaries)):
        if len(chunk) == 0:
            continue
        per_frame = pair_counts[chunk]
        n_pairs = int(per_frame.sum())
        local = np.arange(n_pairs) - np.repeat(np.cumsum(per_frame) - per_frame, per_frame)
        width = np.repeat(pred_counts[chunk], per_frame)
        row = local // width
        column = local - row * width
        labels = label_order[np.repeat(label_starts[chunk], per_frame) + row]
        preds = pred_order[np.repeat(pred_starts[chunk], per_frame) + column]
        # Overlap along x first: it rules out most pairs before y is looked at.
        overlap_x = np.minimum(lx2[labels], px2[preds]) - np.maximum(lx1[labels], px1[preds])
        candidate = np.flatnonzero(overlap_x > 0)
        labels, preds, overlap_x = labels[candidate], preds[candidate], overlap_x[candidate]
        overlap_y = np.minimum(ly2[labels], py2[preds]) - np.maximum(ly1[labels], py1[preds])
        overlapping = np.flatnonzero(overlap_y > 0)
        labels, preds = labels[overlapping], preds[overlapping]
        intersection = overlap_x[overlapping] * overlap_y[overlapping]
        labels_out.append(labels)
        preds_out.append(preds)
        ious_out.append(intersection / (label_area[labels] + pred_area[preds] - intersection))

    label_index = np.concatenate(labels_out) if labels_out else np.zeros(0, np.int64)
    prediction_index = np.concatenate(preds_out) if preds_out else np.zeros(0, np.int64)
    iou = np.concatenate(ious_out) if ious_out else np.zeros(0, np.float64)
    same_class = label_class[label_index] == prediction_class[prediction_index]
    ranking = _priority_order(
        iou, same_class, prediction_confidence[prediction_index], label_index, prediction_index
    )
    priority = np.empty(len(ranking), dtype=np.int64)
    priority[ranking] = np.arange(len(ranking))
    return CandidatePairs(
        label_index=label_index.astype(np.int64),
        prediction_index=prediction_index.astype(np.int64),
        iou=iou,
        same_class=same_class,
        priority=priority,
        by_prediction=np.argsort(prediction_index, kind="quicksort"),
        n_labels=len(label_frame),
        n_predictions=len(prediction_frame),
    )


def _priority_order(
    iou: NDArray[np.float64],
    same_class: NDArray[np.bool_],
    confidence: NDArray[np.float64],
    label_index: IndexArray,
    prediction_index: IndexArray,
) -> IndexArray:
    """Pairs in preference order: IoU desc, same class first, confidence desc, indices asc.

    A full five-key lexsort is slow; sorting by IoU alone (an unstable sort
    is fine) and then fully re-sorting only the runs of exactly equal IoU
    gives the same order.
    """
    order = np.argsort(-iou, kind="quicksort")
    sorted_iou = iou[order]
    run_start = np.empty(len(order), dtype=bool)
    run_start[:1] = True
    np.not_equal(sorted_iou[1:], sorted_iou[:-1], out=run_start[1:])
    run = np.cumsum(run_start) - 1
    tied = np.flatnonzero(np.bincount(run)[run] > 1)
    if len(tied):
        pairs = order[tied]
        within = np.lexsort(
            (prediction_index[pairs], label_index[pairs], -confidence[pairs], ~same_class[pairs], run[tied])
        )
        order[tied] = pairs[within]
    return order


def _group_starts(keys: IndexArray) -> tuple[IndexArray, IndexArray]:
    """Start offsets of runs of equal consecutive keys, and each element's run number."""
    boundary = np.empty(len(keys), dtype=bool)
    boundary[:1] = True
    np.not_equal(keys[1:], keys[:-1], out=boundary[1:])
    return np.flatnonzero(boundary), np.cumsum(boundary) - 1


@dataclass(frozen=True, eq=False)
class Components:
    """The active pairs split by the shape of their connected component.

    ``label_stars`` holds the pairs of components with one label (grouped by
    label), ``prediction_stars`` those with one prediction and several labels
    (grouped by prediction), ``general`` the rest.
    """

    label_stars: IndexArray
    prediction_stars: IndexArray
    general: IndexArray


def split_components(pairs: CandidatePairs, active: NDArray[np.bool_]) -> Components:
    edges = np.flatnonzero(active)  # grouped by label
    edge_label = pairs.label_index[edges]
    edge_pred = pairs.prediction_index[edges]
    label_degree = np.bincount(edge_label, minlength=pairs.n_labels)
    pred_degree = np.bincount(edge_pred, minlength=pairs.n_predictions)
    if len(edges) == 0:
        return Components(edges, edges, edges)

    # Label-centred stars: no prediction of the label has another label.
    label_starts, label_group = _group_starts(edge_label)
    label_max_pred_degree = np.maximum.reduceat(pred_degree[edge_pred], label_starts)
    label_star = label_max_pred_degree[label_group] == 1

    # Prediction-centred stars: every label of the prediction has no other prediction.
    by_pred = pairs.by_prediction[active[pairs.by_prediction]]
    pred_of = pairs.prediction_index[by_pred]
    pred_starts, pred_group = _group_starts(pred_of)
    pred_max_label_degree = np.maximum.reduceat(label_degree[pairs.label_index[by_pred]], pred_starts)
    # A lone pair is a label star already.
    pred_star = (pred_max_label_degree[pred_group] == 1) & (pred_degree[pred_of] > 1)

    pred_star_flag = np.zeros(pairs.n_predictions, dtype=bool)
    pred_star_flag[pred_of[pred_star]] = True
    general = ~label_star & ~pred_star_flag[edge_pred]
    return Components(edges[label_star], by_pred[pred_star], edges[general])


def best_per_group(pairs: CandidatePairs, grouped_edges: IndexArray, keys: IndexArray) -> IndexArray:
    """The most preferred pair of every run of equal ``keys``."""
    if len(grouped_edges) == 0:
        return grouped_edges
    starts, group = _group_starts(keys)
    priority = pairs.priority[grouped_edges]
    return grouped_edges[priority == np.minimum.reduceat(priority, starts)[group]]


def match_candidates(pairs: CandidatePairs, active: NDArray[np.bool_]) -> IndexArray:
    """Solve the optimal matching over the active pairs; return the matched pair numbers.

    ``active`` marks, per candidate pair, whether it is allowed under the
    current thresholds. Returned numbers index the arrays of ``pairs``.
    """
    parts = split_components(pairs, active)
    chosen = [
        best_per_group(pairs, parts.label_stars, pairs.label_index[parts.label_stars]),
        best_per_group(pairs, parts.prediction_stars, pairs.prediction_index[parts.prediction_stars]),
    ]
    if len(parts.general):
        chosen.append(_solve_general(parts.general, pairs))
    return np.sort(np.concatenate(chosen))


def _solve_general(edges: IndexArray, pairs: CandidatePairs) -> IndexArray:
    """Optimal assignment per connected component of the remaining pairs.

    Small components are solved in batches by enumerating every injective map
    from their smaller side to their larger side; the rare large ones go to
    scipy's Hungarian solver one by one.
    """
    labels, label_local = np.unique(pairs.label_index[edges], return_inverse=True)
    preds, pred_local = np.unique(pairs.prediction_index[edges], return_inverse=True)
    n_l, n_p = len(labels), len(preds)
    n_components, node_component = bipartite_components(label_local, pred_local, n_l, n_p)

    # Position of every node inside its component (nodes sorted by component, then id).
    label_component = node_component[:n_l]
    pred_component = node_component[n_l:]
    label_row = _rank_within(label_component)
    pred_col = _rank_within(pred_component)
    rows_per = np.bincount(label_component, minlength=n_components)
    cols_per = np.bincount(pred_component, minlength=n_components)

    edge_component = label_component[label_local]
    edge_row = label_row[label_local]
    edge_col = pred_col[pred_local]
    # Tie-break bonus from each pair's priority rank inside its component.
    order = np.lexsort((pairs.priority[edges], edge_component))
    edges_per = np.bincount(edge_component, minlength=n_components)
    rank = np.empty(len(edges), dtype=np.int64)
    rank[order] = np.arange(len(edges)) - np.repeat(np.cumsum(edges_per) - edges_per, edges_per)
    weight = pairs.iou[edges] + (edges_per[edge_component] - rank) / edges_per[edge_component] * _TIE_EPSILON

    small = np.minimum(rows_per, cols_per)
    large = np.maximum(rows_per, cols_per)
    matched: list[IndexArray] = []
    # Components are padded up to the first tier they fit (padding has zero
    # weight), so that each tier is one batched enumeration.
    tier_of = np.full(n_components, len(_ENUMERATION_TIERS), dtype=np.int64)
    for tier, (s, b) in reversed(list(enumerate(_ENUMERATION_TIERS))):
        tier_of[(small <= s) & (large <= b)] = tier
    edge_tier = tier_of[edge_component]
    by_tier = np.argsort(edge_tier, kind="stable")
    starts, _ = _group_starts(edge_tier[by_tier])
    for group in np.split(by_tier, starts[1:]):
        component = edge_component[group]
        tier = int(tier_of[component[0]])
        if tier < len(_ENUMERATION_TIERS):
            s, b = _ENUMERATION_TIERS[tier]
            solved = _solve_by_enumeration(
                edges[group],
                weight[group],
                component,
                edge_row[group],
                edge_col[group],
                rows_per,
                cols_per,
                s,
                b,
            )
        else:
            solved = _solve_by_hungarian(
                edges[group], weight[group], component, edge_row[group], edge_col[group]
            )
        matched.append(solved)
    return np.concatenate(matched) if matched else np.zeros(0, np.int64)


# (smaller side, larger side) bounds of the batched enumeration tiers; the
# number of injective maps per tier is perm(large, small) <= 720.
_ENUMERATION_TIERS: tuple[tuple[int, int], ...] = (
    (2, 2),
    (2, 3),
    (2, 5),
    (2, 8),
    (3, 3),
    (3, 4),
    (3, 6),
    (4, 4),
    (4, 6),
    (5, 6),
)


@cache
def _injective_maps(small: int, large: int) -> NDArray[np.int64]:
    return np.array(list(itertools.permutations(range(large), small)), dtype=np.int64).reshape(-1, small)


def bipartite_components(
    label_local: IndexArray, pred_local: IndexArray, n_labels: int, n_predictions: int
) -> tuple[int, IndexArray]:
    """Connected components of a bipartite graph; nodes are labels then predictions."""
    # scipy is imported here, not at module level, so that importing the engine stays fast.
    from scipy.sparse import coo_matrix
    from scipy.sparse.csgraph import connected_components

    size = n_labels + n_predictions
    graph = coo_matrix((np.ones(len(label_local)), (label_local, n_labels + pred_local)), shape=(size, size))
    n_components, node_component = connected_components(graph, directed=False)
    return int(n_components), node_component.astype(np.int64)


def _linear_sum_assignment(dense: NDArray[np.float64], *, maximize: bool) -> tuple[IndexArray, IndexArray]:
    from scipy.optimize import linear_sum_assignment

    rows, cols = linear_sum_assignment(dense, maximize=maximize)
    return rows, cols


def _rank_within(component: IndexArray) -> IndexArray:
    """Index of each node among the nodes of its component, in id order."""
    order = np.argsort(component, kind="stable")
    counts = np.bincount(component)
    rank = np.empty(len(component), dtype=np.int64)
    rank[order] = np.arange(len(component)) - np.repeat(np.cumsum(counts) - counts, counts)
    return rank


def _solve_by_enumeration(
    edges: IndexArray,
    weight: NDArray[np.float64],
    component: IndexArray,
    row: IndexArray,
    col: IndexArray,
    rows_per: IndexArray,
    cols_per: IndexArray,
    small: int,
    large: int,
) -> IndexArray:
    """Best assignment of many small components at once, each padded to ``small x large``."""
    members, slot = np.unique(component, return_inverse=True)
    # Put each component's smaller side on the first axis.
    labels_small = rows_per[component] <= cols_per[component]
    first = np.where(labels_small, row, col)
    second = np.where(labels_small, col, row)
    dense = np.zeros((len(members), small, large))
    edge_at = np.full((len(members), small, large), -1, dtype=np.int64)
    dense[slot, first, second] = weight
    edge_at[slot, first, second] = edges
    maps = _injective_maps(small, large)
    totals = dense[:, np.arange(small), maps].sum(axis=2)  # (components, maps)
    best = maps[np.argmax(totals, axis=1)]  # (components, small)
    picked = edge_at[np.arange(len(members))[:, None], np.arange(small)[None, :], best]
    return picked[picked >= 0]


def _solve_by_hungarian(
    edges: IndexArray,
    weight: NDArray[np.float64],
    component: IndexArray,
    row: IndexArray,
    col: IndexArray,
) -> IndexArray:
    matched: list[IndexArray] = []
    order = np.argsort(component, kind="stable")
    starts, _ = _group_starts(component[order])
    for group in np.split(order, starts[1:]):
        shape = (int(row[group].max()) + 1, int(col[group].max()) + 1)
        dense = np.zeros(shape)
        edge_at = np.full(shape, -1, dtype=np.int64)
        dense[row[group], col[group]] = weight[group]
        edge_at[row[group], col[group]] = edges[group]
        assigned_rows, assigned_cols = _linear_sum_assignment(dense, maximize=True)
        picked = edge_at[assigned_rows, assigned_cols]
        matched.append(picked[picked >= 0])
    return np.concatenate(matched)
