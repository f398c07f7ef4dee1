"""Per-class threshold recommendation from the PR sweep, and per-class thresholds as a setting."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reefscope.engine import (
    ClassificationEvaluator,
    ClassificationLabels,
    ClassificationPredictions,
    DetectionEvaluator,
    DetectionLabels,
    DetectionPredictions,
    InvalidInputError,
)
from reefscope.engine.thresholds import Objective, recommend_thresholds

CLASSES = ["a", "b", "c"]
boxes = st.tuples(st.integers(0, 20), st.integers(0, 20), st.integers(2, 12), st.integers(2, 12)).map(
    lambda b: [b[0], b[1], b[0] + b[2], b[1] + b[3]]
)


@st.composite
def evaluators(draw):
    n_frames = draw(st.integers(1, 4))
    n_labels = draw(st.integers(0, 10))
    n_predictions = draw(st.integers(0, 14))

    def column(strategy, n):
        return draw(st.lists(strategy, min_size=n, max_size=n))

    labels = DetectionLabels(
        column(st.integers(0, n_frames - 1), n_labels),
        column(st.integers(0, 2), n_labels),
        np.reshape(column(boxes, n_labels), (-1, 4)),
    )
    predictions = DetectionPredictions(
        column(st.integers(0, n_frames - 1), n_predictions),
        column(st.integers(0, 2), n_predictions),
        np.reshape(column(boxes, n_predictions), (-1, 4)),
        column(st.sampled_from([0.05, 0.2, 0.35, 0.5, 0.65, 0.8, 0.95, 1.0]), n_predictions),
    )
    return DetectionEvaluator(labels, predictions, classes=CLASSES, n_frames=n_frames), labels, predictions


@settings(max_examples=80, deadline=None)
@given(evaluators(), st.sampled_from([0.3, 0.5]))
def test_recommended_f1_is_the_sweep_maximum_and_holds_when_evaluated(scene, iou):
    evaluator, _, _ = scene
    curves = evaluator.pr_curves(iou=iou)
    recommended = recommend_thresholds(curves, "f1")
    for i, row in enumerate(recommended.rows()):
        column = curves.f1[:, i]
        if np.isnan(column).all():
            assert row.threshold is None
            continue
        assert row.f1 == pytest.approx(np.nanmax(column))
        evaluated = evaluator.evaluate(confidence=row.threshold, iou=iou).report
        assert evaluated.f1[i] == pytest.approx(row.f1)


@settings(max_examples=80, deadline=None)
@given(evaluators(), st.sampled_from([0.5, 0.8, 1.0]), st.sampled_from(["precision", "recall"]))
def test_a_target_is_met_with_the_best_other_metric(scene, target, metric):
    evaluator, _, _ = scene
    curves = evaluator.pr_curves(iou=0.5)
    recommended = recommend_thresholds(curves, f"{metric}>={target}")
    floor = curves.precision if metric == "precision" else curves.recall
    other = curves.recall if metric == "precision" else curves.precision
    for i, row in enumerate(recommended.rows()):
        eligible = floor[:, i] >= target
        if not eligible.any():
            assert row.threshold is None
            continue
        assert getattr(row, metric) >= target
        best_other = np.nanmax(np.where(eligible, other[:, i], np.nan)) if eligible.any() else np.nan
        value = row.recall if metric == "precision" else row.precision
        if np.isnan(best_other):
            assert value is None
        else:
            assert value == pytest.approx(best_other)


def test_hand_worked_recommendation_prefers_the_lower_of_tied_thresholds():
    # One cat label; a cat prediction at 0.9 (TP) and one at 0.4 (FP).
    labels = DetectionLabels([0, 0], [0, 0], [[0, 0, 10, 10], [50, 50, 60, 60]])
    predictions = DetectionPredictions([0, 0], [0, 0], [[0, 0, 10, 10], [20, 20, 30, 30]], [0.9, 0.4])
    curves = DetectionEvaluator(labels, predictions, classes=["cat"]).pr_curves(iou=0.5)
    row = recommend_thresholds(curves, "f1").rows()[0]
    # F1 2/3 for every c in (0.4, 0.9]: the lowest such grid point is 0.41.
    assert row.threshold == pytest.approx(0.41)
    assert row.f1 == pytest.approx(2 / 3)
    assert recommend_thresholds(curves, "precision>=0.9").rows()[0].threshold == pytest.approx(0.41)
    assert recommend_thresholds(curves, "recall>=0.9").rows()[0].threshold is None


@pytest.mark.parametrize("text", ["f2", "precision>0.9", "recall>=1.5", "precision>=", ""])
def test_bad_objectives_are_refused_by_name(text):
    with pytest.raises(InvalidInputError, match="objective"):
        Objective.parse(text)


@settings(max_examples=80, deadline=None)
@given(evaluators(), st.sampled_from([0.0, 0.35, 0.8]))
def test_per_class_thresholds_all_equal_are_the_global_threshold(scene, confidence):
    evaluator, _, _ = scene
    shared = evaluator.evaluate(confidence=confidence, iou=0.5)
    per_class = evaluator.evaluate(confidence=0.0, iou=0.5, class_confidence=[confidence] * 3)
    assert np.array_equal(shared.confusion.counts, per_class.confusion.counts)
    by_name = evaluator.evaluate(confidence=confidence, iou=0.5, class_confidence={"b": confidence})
    assert np.array_equal(shared.confusion.counts, by_name.confusion.counts)


@settings(max_examples=80, deadline=None)
@given(evaluators(), st.lists(st.sampled_from([0.0, 0.3, 0.6, 0.9, np.nan]), min_size=3, max_size=3))
def test_per_class_thresholds_equal_filtering_then_evaluating(scene, thresholds):
    evaluator, labels, predictions = scene
    result = evaluator.evaluate(confidence=0.5, iou=0.5, class_confidence=thresholds)
    per_class = np.where(np.isnan(thresholds), 0.5, thresholds)
    keep = predictions.confidence >= per_class[predictions.class_index]
    filtered = DetectionPredictions(
        predictions.frame_index[keep],
        predictions.class_index[keep],
        predictions.boxes[keep],
        predictions.confidence[keep],
    )
    reference = DetectionEvaluator(labels, filtered, classes=CLASSES, n_frames=evaluator.n_frames)
    expected = reference.evaluate(confidence=0.0, iou=0.5)
    assert np.array_equal(result.confusion.counts, expected.confusion.counts)


def test_classification_per_class_thresholds():
    labels = ClassificationLabels([0, 1, 2], [0, 1, 1])
    predictions = ClassificationPredictions([0, 1, 2], [0, 1, 0], [0.6, 0.6, 0.9])
    evaluator = ClassificationEvaluator(labels, predictions, classes=["cat", "dog"])
    strict_cat = evaluator.evaluate(confidence=0.5, class_confidence={"cat": 0.95})
    # Both cat predictions fall below 0.95: frame 0 and frame 2 become background.
    assert strict_cat.confusion.counts.tolist() == [[0, 0, 1], [0, 1, 1], [0, 0, 0]]


def test_unknown_class_and_out_of_range_thresholds_are_refused():
    labels = ClassificationLabels([0], [0])
    predictions = ClassificationPredictions([0], [0], [0.6])
    evaluator = ClassificationEvaluator(labels, predictions, classes=["cat"])
    with pytest.raises(InvalidInputError, match="unknown class 'dog'"):
        evaluator.evaluate(confidence=0.5, class_confidence={"dog": 0.3})
    with pytest.raises(InvalidInputError, match="'cat' must be in"):
        evaluator.evaluate(confidence=0.5, class_confidence={"cat": 1.3})
