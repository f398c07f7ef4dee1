import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reefscope.engine import DetectionEvaluator
from tests.engine.test_detection import detection_sets


@settings(max_examples=50, deadline=None)
@given(detection_sets(), st.sampled_from([0.0, 0.3, 0.5]), st.booleans())
def test_detection_curves_equal_one_evaluation_per_confidence(data, iou, class_aware):
    labels, predictions, n_frames, classes = data
    evaluator = DetectionEvaluator(labels, predictions, classes=classes, n_frames=n_frames)
    grid = [0.0, 0.3, 0.31, 0.9, 1.0]
    curves = evaluator.pr_curves(iou=iou, confidences=grid, class_aware=class_aware)
    for position, c in enumerate(grid):
        report = evaluator.evaluate(confidence=c, iou=iou, class_aware=class_aware).report
        np.testing.assert_array_equal(curves.true_positives[position], report.true_positives)
        np.testing.assert_array_equal(curves.false_positives[position], report.false_positives)
        np.testing.assert_array_equal(curves.false_negatives[position], report.false_negatives)
        weighted = curves.weighted()
        if report.true_positives.sum() + report.false_positives.sum() == 0:
            # Nothing kept: the report's policy says 0, the curve has no point there.
            assert np.isnan(weighted[0][position]) and np.isnan(curves.micro()[0][position])
        else:
            assert weighted[0][position] == pytest.approx(report.weighted.precision, abs=1e-12)
        assert weighted[2][position] == pytest.approx(report.weighted.f1, abs=1e-12)


def test_default_grid_is_exact_hundredths():
    from reefscope.engine import default_confidences

    grid = default_confidences()
    assert len(grid) == 101 and grid[0] == 0.0 and grid[-1] == 1.0 and grid[57] == 0.57


def test_aggregate_precision_is_undefined_where_nothing_is_kept():
    from reefscope.engine import ClassificationEvaluator, ClassificationLabels, ClassificationPredictions

    # Three frames of class a; predictions a at 0.9, b at 0.6, a at 0.3.
    evaluator = ClassificationEvaluator(
        ClassificationLabels([0, 1, 2], [0, 0, 0]),
        ClassificationPredictions([0, 1, 2], [0, 1, 0], [0.9, 0.6, 0.3]),
        classes=["a", "b"],
    )
    curves = evaluator.pr_curves(confidences=[0.0, 0.5, 0.95, 1.0])
    weighted_precision, weighted_recall, weighted_f1 = curves.weighted()
    micro_precision, micro_recall, _ = curves.micro()
    np.testing.assert_array_equal(curves.nothing_kept, [False, False, True, True])
    # At 0.5: a kept as a (TP), a called b (FP of b, FN of a); weighted by support (a only).
    assert weighted_precision[1] == pytest.approx(1.0) and weighted_recall[1] == pytest.approx(1 / 3)
    assert micro_precision[1] == pytest.approx(1 / 2) and micro_recall[1] == pytest.approx(1 / 3)
    # Past the highest confidence: no precision, recall 0, F1 0 (2TP / (2TP + FP + FN)).
    assert np.isnan(weighted_precision[2:]).all() and np.isnan(micro_precision[2:]).all()
    np.testing.assert_array_equal(weighted_recall[2:], [0.0, 0.0])
    np.testing.assert_array_equal(weighted_f1[2:], [0.0, 0.0])
    np.testing.assert_array_equal(micro_recall[2:], [0.0, 0.0])
