import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sklearn.metrics import confusion_matrix

from reefscope.engine import (
    ClassificationEvaluator,
    ClassificationLabels,
    ClassificationPredictions,
    InvalidInputError,
    Outcome,
)


def test_missing_or_unconfident_prediction_is_a_false_negative():
    labels = ClassificationLabels([0, 1, 2, 3], [0, 1, 1, 0])
    # frame 3 has no prediction; frame 4 is unlabeled and not evaluated.
    predictions = ClassificationPredictions([0, 1, 2, 4], [0, 0, 1, 1], [0.9, 0.8, 0.3, 0.99])
    evaluator = ClassificationEvaluator(labels, predictions, classes=["cat", "dog"], n_frames=5)
    result = evaluator.evaluate(confidence=0.5)
    np.testing.assert_array_equal(result.confusion.counts, [[1, 0, 1], [1, 0, 1], [0, 0, 0]])
    assert result.label_outcome.tolist() == [
        Outcome.TRUE_POSITIVE,
        Outcome.CONFUSION,
        Outcome.FALSE_NEGATIVE,
        Outcome.FALSE_NEGATIVE,
    ]
    at_threshold = evaluator.evaluate(confidence=0.3)
    assert at_threshold.confusion.counts[1, 1] == 1


def test_duplicate_prediction_frames_are_rejected():
    with pytest.raises(InvalidInputError, match=r"one row per frame.*frame index 1"):
        ClassificationPredictions([0, 1, 1], [0, 0, 0], [0.1, 0.2, 0.3])


@settings(max_examples=100, deadline=None)
@given(
    st.integers(1, 60),
    st.integers(1, 5),
    st.integers(0, 2**31),
    st.sampled_from([0.0, 0.25, 0.5, 0.9]),
)
def test_matrix_equals_sklearn(n, k, seed, threshold):
    rng = np.random.default_rng(seed)
    y_true = rng.integers(0, k, n)
    y_pred = rng.integers(0, k, n)
    confidence = np.round(rng.random(n), 2)
    result = ClassificationEvaluator(
        ClassificationLabels(np.arange(n), y_true),
        ClassificationPredictions(np.arange(n), y_pred, confidence),
        classes=[str(i) for i in range(k)],
    ).evaluate(confidence=threshold)
    expected = confusion_matrix(
        y_true, np.where(confidence >= threshold, y_pred, k), labels=list(range(k + 1))
    )
    np.testing.assert_array_equal(result.confusion.counts, expected)


@settings(max_examples=40, deadline=None)
@given(st.integers(1, 80), st.integers(1, 5), st.integers(0, 2**31))
def test_curves_equal_one_evaluation_per_confidence(n, k, seed):
    rng = np.random.default_rng(seed)
    frames = rng.permutation(n + 5)[:n]
    evaluator = ClassificationEvaluator(
        ClassificationLabels(frames, rng.integers(0, k, n)),
        ClassificationPredictions(
            frames[: n // 2 + 1],
            rng.integers(0, k, n // 2 + 1),
            np.round(rng.random(n // 2 + 1), 2),
        ),
        classes=[str(i) for i in range(k)],
        n_frames=n + 5,
    )
    grid = [0.5, 0.0, 0.33, 1.0, 0.01]
    curves = evaluator.pr_curves(confidences=grid)
    for position, c in enumerate(grid):
        report = evaluator.evaluate(confidence=c).report
        np.testing.assert_array_equal(curves.true_positives[position], report.true_positives)
        np.testing.assert_array_equal(curves.false_positives[position], report.false_positives)
        np.testing.assert_array_equal(curves.false_negatives[position], report.false_negatives)
