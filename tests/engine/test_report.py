"""The report equals scikit-learn's, read off the confusion matrix as DESIGN 4.1.6 says."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays
from sklearn.metrics import precision_recall_fscore_support

from reefscope.engine import ConfusionMatrix, InvalidInputError


def pairs_from_matrix(counts: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    size = counts.shape[0]
    gt, pred = np.divmod(np.repeat(np.arange(size * size), counts.reshape(-1)), size)
    return gt, pred


def assert_matches_sklearn(counts: np.ndarray) -> None:
    k = counts.shape[0] - 1
    matrix = ConfusionMatrix(counts, tuple(f"c{i}" for i in range(k)))
    report = matrix.report
    y_true, y_pred = pairs_from_matrix(counts)
    if len(y_true) == 0:
        return
    labels = list(range(k))
    for average in ("weighted", "macro", "micro"):
        expected = precision_recall_fscore_support(
            y_true, y_pred, labels=labels, average=average, zero_division=0
        )
        ours = report.average(average)
        assert (ours.precision, ours.recall, ours.f1) == pytest.approx(expected[:3], abs=1e-12), average
    p, r, f, support = precision_recall_fscore_support(
        y_true, y_pred, labels=labels, average=None, zero_division=0
    )
    np.testing.assert_allclose(np.nan_to_num(report.precision), p, atol=1e-12)
    np.testing.assert_allclose(np.nan_to_num(report.recall), r, atol=1e-12)
    np.testing.assert_allclose(np.nan_to_num(report.f1), f, atol=1e-12)
    np.testing.assert_array_equal(report.support, support)


def test_hand_worked_report():
    # rows: cat, dog, background; columns likewise.
    counts = np.array([[3, 1, 1], [0, 2, 0], [1, 0, 0]])
    report = ConfusionMatrix(counts, ("cat", "dog")).report
    cat, dog = report.rows()
    assert (cat.true_positives, cat.false_positives, cat.false_negatives) == (3, 1, 2)
    assert cat.precision == pytest.approx(0.75) and cat.recall == pytest.approx(0.6)
    assert cat.f1 == pytest.approx(2 * 3 / (2 * 3 + 1 + 2))
    assert (dog.precision, dog.recall) == (pytest.approx(2 / 3), 1.0)
    assert report.headline() == pytest.approx(
        (report.weighted.precision, report.weighted.recall, report.weighted.f1)
    )
    assert report.headline("dog")[1] == 1.0
    assert_matches_sklearn(counts)


def test_undefined_values_are_none_not_zero():
    counts = np.array([[2, 0, 0], [0, 0, 0], [0, 0, 0]])  # dog has no labels and no predictions
    report = ConfusionMatrix(counts, ("cat", "dog")).report
    dog = report.class_metrics("dog")
    assert dog.precision is None and dog.recall is None and dog.f1 is None
    never_predicted = ConfusionMatrix(np.array([[0, 0, 3], [0, 0, 0], [0, 0, 0]]), ("cat", "dog")).report
    cat = never_predicted.class_metrics("cat")
    assert cat.precision is None and cat.recall == 0.0 and cat.f1 == 0.0


def test_unknown_metric_class_is_named():
    report = ConfusionMatrix(np.zeros((3, 3), dtype=int), ("cat", "dog")).report
    with pytest.raises(InvalidInputError, match="unknown class 'cow'"):
        report.headline("cow")


def test_background_is_reserved():
    with pytest.raises(InvalidInputError, match="reserved"):
        ConfusionMatrix(np.zeros((2, 2), dtype=int), ("background",))


@settings(max_examples=300, deadline=None)
@given(st.integers(1, 6).flatmap(lambda k: arrays(np.int64, (k + 1, k + 1), elements=st.integers(0, 6))))
def test_random_matrices_match_sklearn(counts):
    counts[-1, -1] = 0
    assert_matches_sklearn(counts)


def test_digits_classifier_matches_sklearn():
    from sklearn.datasets import load_digits
    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import train_test_split

    from reefscope.engine import (
        ClassificationLabels,
        ClassificationPredictions,
        evaluate_classifications,
    )

    digits = load_digits()
    x_train, x_test, y_train, y_test = train_test_split(
        digits.data, digits.target, test_size=0.5, random_state=0
    )
    model = LogisticRegression(max_iter=200).fit(x_train, y_train)
    proba = model.predict_proba(x_test)
    predicted = proba.argmax(axis=1)
    confidence = proba.max(axis=1)
    frames = np.arange(len(y_test))
    for threshold in (0.0, 0.6, 0.95):
        result = evaluate_classifications(
            ClassificationLabels(frames, y_test),
            ClassificationPredictions(frames, predicted, confidence),
            classes=[str(d) for d in range(10)],
            confidence=threshold,
        )
        y_pred = np.where(confidence >= threshold, predicted, 10)
        labels = list(range(10))
        for average in ("weighted", "macro", "micro"):
            expected = precision_recall_fscore_support(
                y_test, y_pred, labels=labels, average=average, zero_division=0
            )
            ours = result.report.average(average)
            assert (ours.precision, ours.recall, ours.f1) == pytest.approx(expected[:3], abs=1e-12)
        assert_matches_sklearn(result.confusion.counts)
