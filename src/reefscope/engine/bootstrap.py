"""Whether a number is real: a seeded frame-level bootstrap of precision, recall and F1.

Frames are resampled with replacement. Because every metric is a ratio of
per-class sums of per-frame counts, a replicate is a weighted sum: with ``W``
the ``(replicates, frames)`` matrix of how often each frame was drawn and
``C`` the ``(frames, classes)`` counts, the replicate counts are ``W @ C``.
1,000 replicates cost one matrix product instead of 1,000 evaluations.

A comparison is paired: both inference sets see the same resampled frames
(the same ``W``), so that the interval of a difference reflects the noise of
the difference, not of each side alone. Intervals are percentile intervals;
a difference is *significant* at level ``alpha`` when its ``1 - alpha``
interval excludes zero.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import NDArray

from reefscope.engine.errors import InvalidInputError
from reefscope.engine.results import Evaluation

CountArray = NDArray[np.int64]
FloatArray = NDArray[np.float64]

DEFAULT_REPLICATES = 1000
DEFAULT_SEED = 0
# Replicates drawn per block: bounds the (block, frames) weight matrix in memory.
_BLOCK_CELLS = 20_000_000


@dataclass(frozen=True, eq=False)
class FrameCounts:
    """Per evaluated frame and class: true positives, kept predictions and labels."""

    true_positives: CountArray
    predictions: CountArray
    labels: CountArray

    @classmethod
    def of(cls, evaluation: Evaluation) -> FrameCounts:
        items = evaluation.items
        k = len(evaluation.classes)
        frames = np.flatnonzero(evaluation.frame_mask)
        row_of = np.full(items.n_frames, -1, dtype=np.int64)
        row_of[frames] = np.arange(len(frames))

        def tally(frame: NDArray[np.int64], klass: NDArray[np.integer]) -> CountArray:
            codes = row_of[frame] * k + klass.astype(np.int64)
            return np.bincount(codes, minlength=len(frames) * k).reshape(len(frames), k)

        matched_label = evaluation.matches.label_index
        label_class = items.label_class[matched_label]
        same = label_class == items.prediction_class[evaluation.matches.prediction_index]
        tp_labels = matched_label[same]
        kept = np.flatnonzero(evaluation.prediction_kept)
        active = np.flatnonzero(evaluation.label_active)
        return cls(
            true_positives=tally(items.label_frame[tp_labels], items.label_class[tp_labels]),
            predictions=tally(items.prediction_frame[kept], items.prediction_class[kept]),
            labels=tally(items.label_frame[active], items.label_class[active]),
        )

    @property
    def n_frames(self) -> int:
        return int(self.true_positives.shape[0])


def resample_counts(counts: list[Any], *, replicates: int, seed: int) -> list[NDArray[np.float64]]:
    """``W @ C`` for each ``C`` (frames x columns, dense or scipy sparse), sharing one multinomial ``W``."""
    if replicates < 1:
        raise InvalidInputError(f"Expected argument `replicates` to be >= 1 but got {replicates}")
    n = counts[0].shape[0]
    rng = np.random.default_rng(seed)
    out = [np.zeros((replicates, c.shape[1])) for c in counts]
    if n == 0:
        return out
    dense = [c if hasattr(c, "tocsr") else np.asarray(c, dtype=np.float64) for c in counts]
    block = max(1, _BLOCK_CELLS // n)
    for start in range(0, replicates, block):
        size = min(block, replicates - start)
        draws = rng.integers(0, n, size=(size, n))
        # How often each frame was drawn, per replicate: one bincount over offset codes.
        weights = np.bincount((draws + (np.arange(size) * n)[:, None]).ravel(), minlength=size * n)
        weights = weights.reshape(size, n).astype(np.float64)
        for target, c in zip(out, dense, strict=True):
            # A sparse C multiplies from its own side (C^T W^T) to stay sparse.
            product = (c.T @ weights.T).T if hasattr(c, "tocsr") else weights @ c
            target[start : start + size] = product
    return out


def _ratio(numerator: FloatArray, denominator: FloatArray) -> FloatArray:
    out = np.full(numerator.shape, np.nan)
    np.divide(numerator, denominator, out=out, where=denominator > 0)
    return out


@dataclass(frozen=True, eq=False)
class ReplicateMetrics:
    """Metrics of every replicate, per class ``(replicates, K)``; NaN where undefined."""

    precision: FloatArray
    recall: FloatArray
    f1: FloatArray

    @classmethod
    def from_counts(cls, tp: FloatArray, predictions: FloatArray, labels: FloatArray) -> ReplicateMetrics:
        return cls(_ratio(tp, predictions), _ratio(tp, labels), _ratio(2 * tp, predictions + labels))

    def average(self, average: str, support: FloatArray) -> tuple[FloatArray, FloatArray, FloatArray]:
        """The report's averages per replicate (undefined per-class terms count as 0)."""
        p, r, f = (np.nan_to_num(v) for v in (self.precision, self.recall, self.f1))
        if average == "macro":
            if p.shape[1] == 0:
                zeros = np.zeros(len(p))
                return zeros, zeros, zeros
            return p.mean(axis=1), r.mean(axis=1), f.mean(axis=1)
        total = support.sum(axis=1, keepdims=True)
        weights = np.nan_to_num(_ratio(support, np.broadcast_to(total, support.shape)))
        return (p * weights).sum(axis=1), (r * weights).sum(axis=1), (f * weights).sum(axis=1)


@dataclass(frozen=True)
class Interval:
    low: float | None
    high: float | None

    def excludes_zero(self) -> bool:
        return self.low is not None and self.high is not None and (self.low > 0 or self.high < 0)


def percentile_interval(samples: FloatArray, level: float) -> Interval:
    """The central ``level`` interval of defined samples (``None`` when no replicate is defined)."""
    defined = samples[~np.isnan(samples)]
    if len(defined) == 0:
        return Interval(None, None)
    tail = (1.0 - level) / 2 * 100
    low, high = np.percentile(defined, [tail, 100 - tail])
    return Interval(float(low), float(high))


def _check_level(level: float) -> float:
    if not (0.0 < level < 1.0):
        raise InvalidInputError(f"Expected argument `level` to be in (0, 1) but got {level!r}")
    return float(level)


@dataclass(frozen=True)
class MetricIntervals:
    precision: Interval
    recall: Interval
    f1: Interval


@dataclass(frozen=True)
class BootstrapIntervals:
    """Percentile intervals per class and for the weighted, macro and micro averages."""

    classes: tuple[str, ...]
    level: float
    replicates: int
    seed: int
    per_class: tuple[MetricIntervals, ...]
    weighted: MetricIntervals
    macro: MetricIntervals
    micro: MetricIntervals

    def for_class(self, name: str | None) -> MetricIntervals:
        """The headline's interval: weighted, or one class's."""
        if name is None:
            return self.weighted
        if name not in self.classes:
            raise InvalidInputError(f"unknown class {name!r}", field="class")
        return self.per_class[self.classes.index(name)]


def _intervals(
    metrics: ReplicateMetrics, tp: FloatArray, predictions: FloatArray, labels: FloatArray, level: float
) -> tuple[tuple[MetricIntervals, ...], MetricIntervals, MetricIntervals, MetricIntervals]:
    def triple(values: tuple[FloatArray, FloatArray, FloatArray]) -> MetricIntervals:
        return MetricIntervals(*(percentile_interval(v, level) for v in values))

    per_class = tuple(
        triple((metrics.precision[:, i], metrics.recall[:, i], metrics.f1[:, i]))
        for i in range(metrics.precision.shape[1])
    )
    micro = ReplicateMetrics.from_counts(
        tp.sum(axis=1, keepdims=True),
        predictions.sum(axis=1, keepdims=True),
        labels.sum(axis=1, keepdims=True),
    )
    micro_values = tuple(np.nan_to_num(v[:, 0]) for v in (micro.precision, micro.recall, micro.f1))
    return (
        per_class,
        triple(metrics.average("weighted", labels)),
        triple(metrics.average("macro", labels)),
        triple(micro_values),  # type: ignore[arg-type]
    )


def bootstrap_intervals(
    evaluation: Evaluation,
    *,
    replicates: int = DEFAULT_REPLICATES,
    seed: int = DEFAULT_SEED,
    level: float = 0.95,
) -> BootstrapIntervals:
    """Intervals for the report of ``evaluation`` from resampling its evaluated frames."""
    level = _check_level(level)
    counts = FrameCounts.of(evaluation)
    tp, predictions, labels = resample_counts(
        [counts.true_positives, counts.predictions, counts.labels], replicates=replicates, seed=seed
    )
    metrics = ReplicateMetrics.from_counts(tp, predictions, labels)
    per_class, weighted, macro, micro = _intervals(metrics, tp, predictions, labels, level)
    return BootstrapIntervals(evaluation.classes, level, replicates, seed, per_class, weighted, macro, micro)


@dataclass(frozen=True)
class PairedDelta:
    """A difference ``b - a`` with its paired interval."""

    delta: float | None
    interval: Interval

    @property
    def significant(self) -> bool:
        return self.interval.excludes_zero()


@dataclass(frozen=True)
class PairedComparison:
    """Paired intervals of ``b - a``: headline metrics, per class, and every confusion cell."""

    classes: tuple[str, ...]
    level: float
    replicates: int
    seed: int
    precision: PairedDelta
    recall: PairedDelta
    f1: PairedDelta
    per_class_f1: tuple[PairedDelta, ...]
    # (K+1, K+1) bounds of the cell deltas, and whether each interval excludes zero.
    cell_low: FloatArray
    cell_high: FloatArray

    @property
    def cell_significant(self) -> NDArray[np.bool_]:
        return (self.cell_low > 0) | (self.cell_high < 0)


def _cell_codes(evaluation: Evaluation) -> tuple[NDArray[np.int64], NDArray[np.int64]]:
    """(row among evaluated frames, flat confusion cell) of every label and unmatched prediction."""
    items = evaluation.items
    k = len(evaluation.classes)
    size = k + 1
    frames = np.flatnonzero(evaluation.frame_mask)
    row_of = np.full(items.n_frames, -1, dtype=np.int64)
    row_of[frames] = np.arange(len(frames))
    partner = evaluation.label_partner
    active = np.flatnonzero(evaluation.label_active)
    label_pred = np.where(partner[active] >= 0, items.prediction_class[np.maximum(partner[active], 0)], k)
    fp = np.flatnonzero(evaluation.prediction_kept & (evaluation.prediction_partner < 0))
    frame = np.concatenate([items.label_frame[active], items.prediction_frame[fp]])
    cell = np.concatenate(
        [
            items.label_class[active].astype(np.int64) * size + label_pred,
            k * size + items.prediction_class[fp],
        ]
    )
    return row_of[frame], cell


def _cell_delta_matrix(a: Evaluation, b: Evaluation) -> Any:
    """Sparse (evaluated frames, (K+1)^2) per-frame confusion counts of ``b`` minus ``a``."""
    from scipy.sparse import coo_matrix  # imported here so that importing the engine stays fast

    size = (len(a.classes) + 1) ** 2
    n = int(a.frame_mask.sum())
    row_a, cell_a = _cell_codes(a)
    row_b, cell_b = _cell_codes(b)
    values = np.concatenate([-np.ones(len(row_a)), np.ones(len(row_b))])
    rows = np.concatenate([row_a, row_b])
    cells = np.concatenate([cell_a, cell_b])
    return coo_matrix((values, (rows, cells)), shape=(n, size)).tocsr()


def paired_bootstrap(
    a: Evaluation,
    b: Evaluation,
    *,
    metric_class: str | None = None,
    replicates: int = DEFAULT_REPLICATES,
    seed: int = DEFAULT_SEED,
    level: float = 0.95,
) -> PairedComparison:
    """Paired intervals of ``b - a`` over the same resampled frames (same dataset and segment)."""
    level = _check_level(level)
    if a.classes != b.classes or not np.array_equal(a.frame_mask, b.frame_mask):
        raise InvalidInputError("a paired bootstrap needs two evaluations of the same frames and classes")
    k = len(a.classes)
    ca, cb = FrameCounts.of(a), FrameCounts.of(b)
    columns = [ca.true_positives, ca.predictions, cb.true_positives, cb.predictions, ca.labels]
    columns.append(_cell_delta_matrix(a, b))
    tp_a, pred_a, tp_b, pred_b, labels, cell_delta = resample_counts(
        columns, replicates=replicates, seed=seed
    )
    ma = ReplicateMetrics.from_counts(tp_a, pred_a, labels)
    mb = ReplicateMetrics.from_counts(tp_b, pred_b, labels)
    if metric_class is None:
        side_a, side_b = ma.average("weighted", labels), mb.average("weighted", labels)
    else:
        if metric_class not in a.classes:
            raise InvalidInputError(f"unknown class {metric_class!r}", field="class")
        i = a.classes.index(metric_class)
        side_a = (ma.precision[:, i], ma.recall[:, i], ma.f1[:, i])
        side_b = (mb.precision[:, i], mb.recall[:, i], mb.f1[:, i])
    point_a = a.report.headline(metric_class)
    point_b = b.report.headline(metric_class)

    def delta(index: int) -> PairedDelta:
        va, vb = point_a[index], point_b[index]
        value = None if va is None or vb is None else vb - va
        return PairedDelta(value, percentile_interval(side_b[index] - side_a[index], level))

    f1_a, f1_b = a.report.f1, b.report.f1
    per_class = tuple(
        PairedDelta(
            None if np.isnan(f1_a[i]) or np.isnan(f1_b[i]) else float(f1_b[i] - f1_a[i]),
            percentile_interval(mb.f1[:, i] - ma.f1[:, i], level),
        )
        for i in range(k)
    )
    tail = (1.0 - level) / 2 * 100
    low, high = np.percentile(cell_delta, [tail, 100 - tail], axis=0)
    size = k + 1
    return PairedComparison(
        classes=a.classes,
        level=level,
        replicates=replicates,
        seed=seed,
        precision=delta(0),
        recall=delta(1),
        f1=delta(2),
        per_class_f1=per_class,
        cell_low=low.reshape(size, size),
        cell_high=high.reshape(size, size),
    )
