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
        assert weighted[0][position] == pytest.approx(report.weighted.precision, abs=1e-12)
        assert weighted[2][position] == pytest.approx(report.weighted.f1, abs=1e-12)


def test_default_grid_is_exact_hundredths():
    from reefscope.engine import default_confidences

    grid = default_confidences()
    assert len(grid) == 101 and grid[0] == 0.0 and grid[-1] == 1.0 and grid[57] == 0.57
