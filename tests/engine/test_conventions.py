"""The IoU convention switch and the object-size filter of the detection evaluator and COCO mAP."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reefscope.engine import (
    DetectionEvaluator,
    DetectionLabels,
    DetectionPredictions,
    InvalidInputError,
    box_areas,
    evaluate_coco,
    extent_boxes,
)
from tests.engine.test_detection import detection_sets, thresholds

RANGES = [(0.0, 16.0), (16.0, 36.0), (36.0, np.inf), (9.0, 9.0)]


def shifted(labels: DetectionLabels, predictions: DetectionPredictions):
    """The same rows with x2 and y2 one pixel further: what pixel-inclusive boxes cover."""
    return (
        DetectionLabels(labels.frame_index, labels.class_index, labels.boxes + np.array([0, 0, 1, 1])),
        DetectionPredictions(
            predictions.frame_index,
            predictions.class_index,
            predictions.boxes + np.array([0, 0, 1, 1]),
            predictions.confidence,
        ),
    )


def test_pixel_inclusive_matches_boxes_that_continuous_iou_rejects() -> None:
    labels = DetectionLabels([0], [0], [[0, 0, 9, 9]])
    predictions = DetectionPredictions([0], [0], [[0, 0, 9, 4]], [0.9])
    continuous = DetectionEvaluator(labels, predictions, classes=["a"])
    inclusive = DetectionEvaluator(labels, predictions, classes=["a"], iou_convention="pixel_inclusive")
    # 9 x 4 / 9 x 9 = 0.444 against 10 x 5 / 10 x 10 = 0.5.
    assert continuous.evaluate(confidence=0.5, iou=0.5).confusion.counts[0, 0] == 0
    result = inclusive.evaluate(confidence=0.5, iou=0.5)
    assert result.confusion.counts[0, 0] == 1
    assert result.matches.iou.tolist() == [pytest.approx(0.5)]
    # Box sizes (used to sort examples and filter by size) follow the convention too.
    assert result.examples([(0, 0)]).box_size.tolist() == [100.0]


@settings(max_examples=80, deadline=None)
@given(detection_sets(), thresholds, st.booleans())
def test_conventions_agree_with_shifted_boxes_and_continuous_is_the_default(data, threshold, class_aware):
    labels, predictions, n_frames, classes = data
    c, t = threshold
    default = DetectionEvaluator(labels, predictions, classes=classes, n_frames=n_frames)
    explicit = DetectionEvaluator(
        labels, predictions, classes=classes, n_frames=n_frames, iou_convention="continuous"
    )
    inclusive = DetectionEvaluator(
        labels, predictions, classes=classes, n_frames=n_frames, iou_convention="pixel_inclusive"
    )
    reference = DetectionEvaluator(*shifted(labels, predictions), classes=classes, n_frames=n_frames)
    for ours, theirs in ((explicit, default), (inclusive, reference)):
        a = ours.evaluate(confidence=c, iou=t, class_aware=class_aware)
        b = theirs.evaluate(confidence=c, iou=t, class_aware=class_aware)
        np.testing.assert_array_equal(a.confusion.counts, b.confusion.counts)
        np.testing.assert_array_equal(a.matches.iou, b.matches.iou)
        curves_a, curves_b = ours.pr_curves(iou=t), theirs.pr_curves(iou=t)
        np.testing.assert_array_equal(curves_a.true_positives, curves_b.true_positives)


def manual_size_filter(labels, predictions, area_range):
    """Drop every label and prediction whose box area is outside the range."""
    low, high = area_range
    keep_l = (box_areas(labels.boxes) >= low) & (box_areas(labels.boxes) <= high)
    keep_p = (box_areas(predictions.boxes) >= low) & (box_areas(predictions.boxes) <= high)
    return (
        DetectionLabels(labels.frame_index[keep_l], labels.class_index[keep_l], labels.boxes[keep_l]),
        DetectionPredictions(
            predictions.frame_index[keep_p],
            predictions.class_index[keep_p],
            predictions.boxes[keep_p],
            predictions.confidence[keep_p],
        ),
    )


@settings(max_examples=100, deadline=None)
@given(detection_sets(), thresholds, st.sampled_from(RANGES), st.booleans(), st.booleans())
def test_size_filter_equals_a_manual_area_filter_then_the_normal_evaluation(
    data, threshold, area_range, class_aware, with_segment
):
    labels, predictions, n_frames, classes = data
    c, t = threshold
    frames = np.arange(n_frames) % 2 == 0 if with_segment else None
    evaluator = DetectionEvaluator(labels, predictions, classes=classes, n_frames=n_frames)
    filtered = DetectionEvaluator(
        *manual_size_filter(labels, predictions, area_range), classes=classes, n_frames=n_frames
    )
    ours = evaluator.evaluate(
        confidence=c, iou=t, class_aware=class_aware, area_range=area_range, frames=frames
    )
    theirs = filtered.evaluate(confidence=c, iou=t, class_aware=class_aware, frames=frames)
    np.testing.assert_array_equal(ours.confusion.counts, theirs.confusion.counts)
    assert sorted(ours.matches.iou.tolist()) == sorted(theirs.matches.iou.tolist())
    assert ours.frames.n_labels.tolist() == theirs.frames.n_labels.tolist()
    curves = evaluator.pr_curves(iou=t, class_aware=class_aware, area_range=area_range, frames=frames)
    expected = filtered.pr_curves(iou=t, class_aware=class_aware, frames=frames)
    np.testing.assert_array_equal(curves.true_positives, expected.true_positives)
    np.testing.assert_array_equal(curves.false_positives, expected.false_positives)
    np.testing.assert_array_equal(curves.false_negatives, expected.false_negatives)


def test_size_filter_drops_a_large_prediction_of_a_small_object() -> None:
    labels = DetectionLabels([0], [0], [[0, 0, 4, 4]])
    predictions = DetectionPredictions([0], [0], [[0, 0, 4, 5]], [0.9])
    evaluator = DetectionEvaluator(labels, predictions, classes=["a"])
    # Area 16 is small, 20 is not: among small objects the label is missed.
    small = evaluator.evaluate(confidence=0.5, iou=0.5, area_range=(0, 16))
    assert small.confusion.counts.tolist() == [[0, 1], [0, 0]]
    # Both bounds are inclusive, as COCO's ranges are.
    both = evaluator.evaluate(confidence=0.5, iou=0.5, area_range=(16, 20))
    assert both.confusion.counts.tolist() == [[1, 0], [0, 0]]


@pytest.mark.parametrize("bad", [(5, 1), (-1, 4), "small", (np.nan, 3), (1, 2, 3)])
def test_bad_area_ranges_are_refused(bad) -> None:
    evaluator = DetectionEvaluator(
        DetectionLabels([0], [0], [[0, 0, 4, 4]]),
        DetectionPredictions([], [], np.zeros((0, 4)), []),
        classes=["a"],
    )
    with pytest.raises(InvalidInputError, match="`area_range`"):
        evaluator.evaluate(confidence=0.5, iou=0.5, area_range=bad)


def test_unknown_convention_is_refused() -> None:
    with pytest.raises(InvalidInputError, match="`iou_convention`"):
        extent_boxes([[0, 0, 1, 1]], iou_convention="voc")  # type: ignore[arg-type]


@settings(max_examples=40, deadline=None)
@given(detection_sets(max_frames=3, max_per_frame=3))
def test_coco_pixel_inclusive_equals_coco_on_shifted_boxes(data) -> None:
    labels, predictions, _, classes = data
    ours = evaluate_coco(labels, predictions, n_classes=len(classes), iou_convention="pixel_inclusive")
    theirs = evaluate_coco(*shifted(labels, predictions), n_classes=len(classes))
    np.testing.assert_array_equal(ours.stats, theirs.stats)
    continuous = evaluate_coco(labels, predictions, n_classes=len(classes), iou_convention="continuous")
    np.testing.assert_array_equal(
        continuous.stats, evaluate_coco(labels, predictions, n_classes=len(classes)).stats
    )
