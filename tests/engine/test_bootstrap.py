"""Frame-level bootstrap: exact counts, determinism, coverage, and paired comparisons."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reefscope.engine import (
    DetectionEvaluator,
    DetectionLabels,
    DetectionPredictions,
    InvalidInputError,
    bootstrap,
)
from reefscope.engine.bootstrap import (
    FrameCounts,
    ReplicateMetrics,
    bootstrap_intervals,
    paired_bootstrap,
    percentile_interval,
    resample_counts,
)


def scene(seed: int, *, n_frames: int = 40, hit_rate: float = 0.7):
    """One or two objects per frame; a prediction finds each with ``hit_rate``, plus some false positives."""
    rng = np.random.default_rng(seed)
    lf, lc, lb, pf, pc, pb, ps = [], [], [], [], [], [], []
    for frame in range(n_frames):
        for slot in range(int(rng.integers(1, 3))):
            box = [100.0 * slot, 0.0, 100.0 * slot + 50, 50.0]
            klass = int(rng.integers(2))
            lf.append(frame), lc.append(klass), lb.append(box)
            if rng.random() < hit_rate:
                pf.append(frame), pc.append(klass), pb.append(box), ps.append(float(rng.random()))
        if rng.random() < 0.3:
            pf.append(frame), pc.append(int(rng.integers(2))), pb.append([500.0, 0, 550, 50])
            ps.append(float(rng.random()))
    labels = DetectionLabels(lf, lc, lb)
    predictions = DetectionPredictions(pf, pc, pb, ps)
    return DetectionEvaluator(labels, predictions, classes=["cat", "dog"], n_frames=n_frames)


def test_frame_counts_sum_to_the_report():
    evaluation = scene(1).evaluate(confidence=0.3, iou=0.5)
    counts = FrameCounts.of(evaluation)
    report = evaluation.report
    assert counts.true_positives.sum(axis=0).tolist() == report.true_positives.tolist()
    assert (
        counts.predictions.sum(axis=0).tolist() == (report.true_positives + report.false_positives).tolist()
    )
    assert counts.labels.sum(axis=0).tolist() == report.support.tolist()


def test_a_replicate_is_the_evaluation_of_the_resampled_frames():
    """Rebuild one replicate by hand: evaluate a dataset made of the drawn frames."""
    evaluator = scene(2, n_frames=15)
    evaluation = evaluator.evaluate(confidence=0.3, iou=0.5)
    counts = FrameCounts.of(evaluation)
    (tp,) = resample_counts([counts.true_positives], replicates=1, seed=5)
    drawn = np.random.default_rng(5).integers(0, 15, size=(1, 15))[0]
    labels, predictions = evaluator.labels, evaluator.predictions
    lf, lc, lb, pf, pc, pb, ps = [], [], [], [], [], [], []
    for new_frame, frame in enumerate(drawn):
        for i in np.flatnonzero(labels.frame_index == frame):
            lf.append(new_frame), lc.append(labels.class_index[i]), lb.append(labels.boxes[i])
        for i in np.flatnonzero(predictions.frame_index == frame):
            pf.append(new_frame), pc.append(predictions.class_index[i]), pb.append(predictions.boxes[i])
            ps.append(predictions.confidence[i])
    resampled = DetectionEvaluator(
        DetectionLabels(lf, lc, np.reshape(lb, (-1, 4))),
        DetectionPredictions(pf, pc, np.reshape(pb, (-1, 4)), ps),
        classes=["cat", "dog"],
        n_frames=15,
    ).evaluate(confidence=0.3, iou=0.5)
    assert tp[0].tolist() == resampled.report.true_positives.tolist()


def test_seeded_and_reproducible():
    evaluation = scene(3).evaluate(confidence=0.3, iou=0.5)
    first = bootstrap_intervals(evaluation, replicates=300, seed=11)
    again = bootstrap_intervals(evaluation, replicates=300, seed=11)
    other = bootstrap_intervals(evaluation, replicates=300, seed=12)
    assert first == again
    assert first.weighted != other.weighted
    low, high = first.weighted.f1.low, first.weighted.f1.high
    assert low is not None and high is not None
    assert low <= evaluation.report.weighted.f1 <= high


def test_blocks_do_not_change_the_draws(monkeypatch):
    """Replicates drawn in blocks (to bound memory) are the replicates of one big draw."""
    evaluation = scene(4).evaluate(confidence=0.3, iou=0.5)
    counts = FrameCounts.of(evaluation)
    whole = resample_counts([counts.labels], replicates=50, seed=1)[0]
    monkeypatch.setattr(bootstrap, "_BLOCK_CELLS", 7 * 40)
    blocked = resample_counts([counts.labels], replicates=50, seed=1)[0]
    assert np.array_equal(whole, blocked)
    # Every replicate draws exactly as many frames as there are.
    assert np.allclose(resample_counts([np.ones((40, 1))], replicates=50, seed=1)[0], 40)


@pytest.mark.slow
def test_interval_coverage_of_a_binomial_proportion():
    """Recall of n labels each found with probability p: the 95 % interval covers p about 95 % of the time."""
    rng = np.random.default_rng(0)
    n, p, trials = 200, 0.3, 400
    covered = 0
    for trial in range(trials):
        found = (rng.random(n) < p).astype(np.int64)[:, None]
        tp, labels = resample_counts([found, np.ones((n, 1), np.int64)], replicates=1000, seed=trial)
        recall = ReplicateMetrics.from_counts(tp, tp, labels).recall[:, 0]
        interval = percentile_interval(recall, 0.95)
        covered += interval.low <= p <= interval.high
    # Monte-Carlo standard error of a 95 % coverage over 400 trials is 1.1 %; allow 3 of them.
    assert abs(covered / trials - 0.95) < 0.035


def test_paired_with_itself_is_never_significant():
    evaluation = scene(5).evaluate(confidence=0.3, iou=0.5)
    comparison = paired_bootstrap(evaluation, evaluation, replicates=200, seed=0)
    assert comparison.f1.delta == 0
    assert (comparison.f1.interval.low, comparison.f1.interval.high) == (0, 0)
    assert not comparison.f1.significant
    assert not comparison.cell_significant.any()


def test_paired_detects_a_real_improvement_and_ignores_noise():
    weak = scene(6, n_frames=200, hit_rate=0.4).evaluate(confidence=0.0, iou=0.5)
    strong = scene(6, n_frames=200, hit_rate=0.4)
    # The same frames, but predictions of the strong model also find every object.
    labels = strong.labels
    predictions = DetectionPredictions(
        labels.frame_index, labels.class_index, labels.boxes, np.full(len(labels), 0.9)
    )
    better = DetectionEvaluator(labels, predictions, classes=["cat", "dog"], n_frames=200)
    comparison = paired_bootstrap(weak, better.evaluate(confidence=0.0, iou=0.5), replicates=500, seed=0)
    assert comparison.recall.delta > 0 and comparison.recall.significant
    # The diagonal gained in a way no resampling undoes.
    assert comparison.cell_significant[0, 0] and comparison.cell_low[0, 0] > 0


def test_paired_needs_the_same_frames():
    evaluator = scene(7)
    whole = evaluator.evaluate(confidence=0.3, iou=0.5)
    part = evaluator.evaluate(confidence=0.3, iou=0.5, frames=[0, 1, 2])
    with pytest.raises(InvalidInputError, match="same frames"):
        paired_bootstrap(whole, part)


@settings(max_examples=25, deadline=None)
@given(st.integers(0, 10_000), st.sampled_from([0.0, 0.5]))
def test_intervals_contain_only_reachable_values(seed, confidence):
    evaluation = scene(seed % 50, n_frames=12).evaluate(confidence=confidence, iou=0.5)
    intervals = bootstrap_intervals(evaluation, replicates=100, seed=seed)
    for metric in (intervals.weighted, intervals.macro, intervals.micro, *intervals.per_class):
        for interval in (metric.precision, metric.recall, metric.f1):
            if interval.low is not None:
                assert 0.0 <= interval.low <= interval.high <= 1.0
