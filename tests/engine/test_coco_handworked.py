"""COCO box mAP on hand-worked cases, the result object and bad input."""

from __future__ import annotations

import dataclasses
import json

import numpy as np
import pytest

from reefscope.engine.coco import (
    AREA_RANGE_NAMES,
    IOU_THRESHOLDS,
    MAX_DETECTIONS,
    RECALL_THRESHOLDS,
    STAT_NAMES,
    CocoEvaluation,
    evaluate_coco,
)
from reefscope.engine.errors import InvalidInputError
from reefscope.engine.inputs import DetectionLabels, DetectionPredictions


def near(value: float) -> object:
    """Hand-worked values: the reference divides by ``tp + fp + eps``, so 1 comes out 1 - 2e-16."""
    return pytest.approx(value, rel=0, abs=1e-12)


# ---------------------------------------------------------------- hand-worked


def _evaluate(
    labels: list[tuple[int, int, list[float]]],
    detections: list[tuple[int, int, list[float], float]],
    *,
    n_classes: int = 1,
    **options: object,
) -> CocoEvaluation:
    label_rows = list(zip(*labels, strict=True)) if labels else [[], [], []]
    det_rows = list(zip(*detections, strict=True)) if detections else [[], [], [], []]
    return evaluate_coco(
        DetectionLabels(label_rows[0], label_rows[1], label_rows[2]),
        DetectionPredictions(det_rows[0], det_rows[1], det_rows[2], det_rows[3]),
        n_classes=n_classes,
        **options,  # type: ignore[arg-type]
    )


def test_perfect_detections_score_one() -> None:
    result = _evaluate(
        [(0, 0, [0, 0, 50, 50]), (1, 0, [10, 10, 200, 200])],
        [(0, 0, [0, 0, 50, 50], 0.9), (1, 0, [10, 10, 200, 200], 0.8)],
    )
    for name in ("ap", "ap50", "ap75", "ap_medium", "ap_large", "ar1", "ar100"):
        assert getattr(result, name) == near(1.0), name
    assert result.ap_small is None and result.ar_small is None  # no small labels
    assert result.class_ap.tolist() == [near(1.0)]


def test_iou_decides_the_thresholds_a_match_survives() -> None:
    # IoU 0.72 = 36/50 exactly: a match at 0.50..0.70 (5 of 10 thresholds).
    result = _evaluate([(0, 0, [0, 0, 10, 5])], [(0, 0, [0, 0, 10, 3.6], 0.5)])
    assert result.ap50 == near(1.0)
    assert result.ap75 == 0.0
    assert result.ap == near(0.5)
    np.testing.assert_array_equal(result.recall[:, 0, 0, 2], [1] * 5 + [0] * 5)


def test_iou_of_exactly_0_9_passes_the_ninth_threshold() -> None:
    # linspace makes that threshold 0.8999999999999999, so IoU 0.9 (90/100) passes it.
    result = _evaluate([(0, 0, [0, 0, 10, 10])], [(0, 0, [0, 0, 10, 9], 0.5)])
    np.testing.assert_array_equal(result.recall[:, 0, 0, 2], [1] * 9 + [0])
    assert result.ap == near(0.9)


def test_coco_iou_has_no_plus_one() -> None:
    # Touching boxes share an edge, not a pixel: IoU 0, so no match at all.
    result = _evaluate([(0, 0, [0, 0, 10, 10])], [(0, 0, [10, 0, 20, 10], 0.9)])
    assert result.ap50 == 0.0


def test_precision_envelope_and_recall_points() -> None:
    # Two labels; by score: TP, FP, TP. Precision at the TPs: 1 and 2/3.
    result = _evaluate(
        [(0, 0, [0, 0, 40, 40]), (0, 0, [100, 100, 140, 140])],
        [
            (0, 0, [0, 0, 40, 40], 0.9),
            (0, 0, [300, 300, 340, 340], 0.8),
            (0, 0, [100, 100, 140, 140], 0.7),
        ],
    )
    first = 1.0 / (0.0 + 1.0 + np.spacing(1))
    second = 2.0 / (1.0 + 2.0 + np.spacing(1))
    expected = np.where(RECALL_THRESHOLDS <= 0.5, first, second)
    np.testing.assert_array_equal(result.precision[0, :, 0, 0, 2], expected)
    assert result.ap50 == near(np.mean(expected))
    # With one detection per frame and class only the first TP counts.
    assert result.ar1 == 0.5
    np.testing.assert_array_equal(
        result.precision[0, :, 0, 0, 0], np.where(RECALL_THRESHOLDS <= 0.5, first, 0.0)
    )


def test_higher_score_takes_the_label_first() -> None:
    # Both detections overlap the one label. Up to IoU 0.8 the higher score wins it and
    # the better box is an FP; above 0.8 only the better box qualifies, as a second-ranked TP.
    result = _evaluate(
        [(0, 0, [0, 0, 100, 100])],
        [(0, 0, [0, 0, 100, 80], 0.9), (0, 0, [0, 0, 100, 100], 0.6)],
    )
    assert result.recall[0, 0, 0, 2] == 1.0
    assert result.ap50 == near(1.0)  # the TP comes first
    assert result.ap == near((7 * 1.0 + 3 * 0.5) / 10)


@pytest.mark.parametrize(("later", "recall_at_0_7"), [("B", 1.0), ("A", 0.5)])
def test_equal_iou_goes_to_the_later_label(later: str, recall_at_0_7: float) -> None:
    # The first detection overlaps A and B with the same IoU (90/110) and takes the later
    # label, as the reference's ``>=`` scan does. The second detection is A's exact
    # copy (IoU 0.67 with B): it finds A free only if B was taken.
    a, b = [0.0, 0, 10, 10], [2.0, 0, 12, 10]
    labels = [(0, 0, a), (0, 0, b)] if later == "B" else [(0, 0, b), (0, 0, a)]
    result = _evaluate(labels, [(0, 0, [1, 0, 11, 10], 0.9), (0, 0, a, 0.8)])
    assert result.recall[list(IOU_THRESHOLDS).index(0.7), 0, 0, 2] == recall_at_0_7


def test_crowd_region_absorbs_detections() -> None:
    # A detection inside a crowd region has crowd IoU 1 (intersection over its own
    # area) and is ignored, however many there are; the crowd label is never counted.
    labels = [(0, 0, [0, 0, 50, 50]), (0, 0, [100, 100, 300, 300])]
    detections = [
        (0, 0, [0, 0, 50, 50], 0.5),
        (0, 0, [120, 120, 150, 150], 0.9),
        (0, 0, [200, 200, 240, 250], 0.8),
    ]
    crowd = _evaluate(labels, detections, iscrowd=[False, True])
    assert crowd.ap == near(1.0) and crowd.ar100 == 1.0
    plain = _evaluate(labels, detections)
    # Without the crowd flag: two FPs ahead of the one TP, half the labels found.
    assert plain.ap50 == near(51 / 101 / 3)


def test_only_crowd_labels_leave_a_class_undefined() -> None:
    result = _evaluate(
        [(0, 0, [0, 0, 50, 50]), (0, 1, [0, 0, 50, 50])],
        [(0, 0, [0, 0, 50, 50], 0.5), (0, 1, [0, 0, 50, 50], 0.5)],
        n_classes=2,
        iscrowd=[False, True],
    )
    assert result.class_ap[0] == near(1.0) and np.isnan(result.class_ap[1])
    assert np.isnan(result.precision[:, :, 1]).all() and np.isnan(result.recall[:, 1]).all()
    assert result.ap == near(1.0)  # the undefined class is left out of the mean, not taken as 0


def test_area_bounds_are_inclusive_and_segment_area_decides() -> None:
    # Box 50x50 (medium by box), but a segment area of exactly 32**2: small and medium.
    result = _evaluate([(0, 0, [0, 0, 50, 50])], [(0, 0, [0, 0, 50, 50], 0.5)], area=[32.0**2])
    assert result.ap_small == near(1.0) and result.ap_medium == near(1.0)
    assert result.ap_large is None


def test_unmatched_detection_outside_the_range_is_ignored() -> None:
    # A small label found, plus a large false positive: it costs precision in "all"
    # but is ignored in "small".
    result = _evaluate(
        [(0, 0, [0, 0, 20, 20])],
        [(0, 0, [200, 200, 400, 400], 0.9), (0, 0, [0, 0, 20, 20], 0.8)],
    )
    assert result.ap_small == near(1.0)
    assert result.ap == near(0.5)


def test_class_without_labels_is_undefined_not_zero() -> None:
    result = _evaluate(
        [(0, 0, [0, 0, 50, 50])],
        [(0, 0, [0, 0, 50, 50], 0.9), (0, 1, [0, 0, 50, 50], 0.9)],
        n_classes=2,
    )
    assert result.class_ap[0] == near(1.0) and np.isnan(result.class_ap[1])
    assert result.ap == near(1.0)
    per_class = result.to_dict()["per_class"]
    assert per_class[1] == {"class_index": 1, "ap": None, "ap50": None, "ap75": None}


def test_no_labels_at_all_gives_undefined_everything() -> None:
    result = _evaluate([], [(0, 0, [0, 0, 10, 10], 0.5)], n_classes=3)
    assert all(value is None for value in result.summary().values())
    np.testing.assert_array_equal(result.stats, -np.ones(12))
    assert np.isnan(result.precision).all() and np.isnan(result.recall).all()


def test_no_detections_scores_zero_where_labels_exist() -> None:
    result = _evaluate([(0, 0, [0, 0, 50, 50])], [], n_classes=2)
    assert result.ap == 0.0 and result.ar100 == 0.0
    assert np.isnan(result.class_ap[1])


def test_empty_inputs() -> None:
    result = _evaluate([], [], n_classes=1)
    assert result.ap is None and result.precision.shape == (10, 101, 1, 4, 3)


# ---------------------------------------------------------------- result object


def test_result_axes_and_immutability() -> None:
    result = _evaluate([(0, 0, [0, 0, 50, 50])], [(0, 0, [0, 0, 50, 50], 0.9)], n_classes=2)
    assert result.precision.shape == (
        len(result.iou_thresholds),
        len(result.recall_thresholds),
        len(result.classes),
        len(result.area_ranges),
        len(result.max_detections),
    )
    assert result.recall.shape == (10, 2, 4, 3)
    np.testing.assert_array_equal(result.iou_thresholds, IOU_THRESHOLDS)
    assert result.iou_thresholds[8] == 0.8999999999999999  # linspace, as the reference
    assert result.area_ranges == AREA_RANGE_NAMES
    assert result.max_detections.tolist() == MAX_DETECTIONS.tolist() == [1, 10, 100]
    assert result.area_bounds[1].tolist() == [0.0, 1024.0]
    with pytest.raises(dataclasses.FrozenInstanceError):
        result.ap = 0.0  # type: ignore[misc]
    with pytest.raises(ValueError, match="read-only"):
        result.precision[0, 0, 0, 0, 0] = 0.0


def test_to_dict_is_json_ready() -> None:
    result = _evaluate([(0, 0, [0, 0, 50, 50])], [(0, 0, [0, 0, 50, 50], 0.9)], n_classes=2)
    plain = result.to_dict()
    assert set(plain["summary"]) == set(STAT_NAMES)
    assert plain["summary"]["ap_small"] is None
    json.dumps(plain, allow_nan=False)
    full = result.to_dict(arrays=True)
    assert full["precision"][0][0][0][0][2] == near(1.0)
    assert full["precision"][0][0][1][0][2] is None
    json.dumps(full, allow_nan=False)


# ---------------------------------------------------------------- bad input


def _valid() -> tuple[DetectionLabels, DetectionPredictions]:
    return (
        DetectionLabels([0, 0], [0, 1], [[0, 0, 10, 10], [5, 5, 20, 20]]),
        DetectionPredictions([0], [1], [[5, 5, 20, 20]], [0.5]),
    )


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"n_classes": 0}, "`n_classes` to be a positive integer"),
        ({"n_classes": True}, "`n_classes` to be a positive integer"),
        ({"n_classes": 1}, "class index below 1"),
        ({"n_classes": 2, "iscrowd": [True]}, "iscrowd: expected one value per label"),
        ({"n_classes": 2, "iscrowd": [0, 2]}, "iscrowd, row 1: expected 0 or 1"),
        ({"n_classes": 2, "area": [1.0, -1.0]}, "area, row 1: expected a finite, non-negative"),
        ({"n_classes": 2, "area": [1.0, np.nan]}, "area, row 1"),
        ({"n_classes": 2, "label_boxes_xywh": [[0, 0, 1, 1]]}, "label_boxes_xywh: expected shape"),
        (
            {"n_classes": 2, "prediction_boxes_xywh": [[0, 0, -1, 1]]},
            "prediction_boxes_xywh, row 0: expected finite",
        ),
        (
            {"n_classes": 2, "label_boxes_xywh": [[0, 0, 10, 10], [5, 5, 15, 16]]},
            "label_boxes_xywh, row 1: expected the same box as the xyxy one",
        ),
    ],
)
def test_invalid_input_is_named(options: dict, message: str) -> None:
    labels, predictions = _valid()
    with pytest.raises(InvalidInputError, match=message.replace("(", r"\(").replace(")", r"\)")):
        evaluate_coco(labels, predictions, **options)
