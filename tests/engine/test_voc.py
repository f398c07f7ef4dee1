"""PASCAL VOC AP: hand-worked cases, the Object-Detection-Metrics sample, and the devkit procedure."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reefscope.engine import DetectionLabels, DetectionPredictions, InvalidInputError
from reefscope.engine.voc import all_point_ap, eleven_point_ap, evaluate_voc
from tests.engine.reference import voc_devkit_ap

CAT = [0, 0, 10, 10]
ELSEWHERE = [50, 50, 60, 60]


def voc(labels, predictions, *, n_classes=1, **options):
    return evaluate_voc(labels, predictions, n_classes=n_classes, **options)


def test_ties_in_confidence_are_swept_in_input_order() -> None:
    labels = DetectionLabels([0], [0], [CAT])
    miss_first = DetectionPredictions([0, 0], [0, 0], [ELSEWHERE, CAT], [0.7, 0.7])
    hit_first = DetectionPredictions([0, 0], [0, 0], [CAT, ELSEWHERE], [0.7, 0.7])
    # A false positive before the hit: precision 0 then 1/2 at recall 1.
    assert voc(labels, miss_first).map_all_point == pytest.approx(0.5)
    assert voc(labels, miss_first).map_11point == pytest.approx(0.5)
    # The hit first: precision 1 at recall 1.
    assert voc(labels, hit_first).map_all_point == pytest.approx(1.0)
    assert voc(labels, hit_first).map_11point == pytest.approx(1.0)


def test_a_second_detection_of_a_taken_label_is_a_false_positive() -> None:
    labels = DetectionLabels([0], [0], [CAT])
    predictions = DetectionPredictions([0, 0], [0, 0], [CAT, [0, 0, 10, 9]], [0.9, 0.8])
    result = voc(labels, predictions)
    assert (result.true_positives.tolist(), result.false_positives.tolist()) == ([1], [1])
    assert result.map_all_point == pytest.approx(1.0)


def test_difficult_labels_are_neither_missed_nor_make_false_positives() -> None:
    labels = DetectionLabels([0, 0], [0, 0], [CAT, [20, 0, 30, 10]])
    predictions = DetectionPredictions([0], [0], [CAT], [0.9])
    plain = voc(labels, predictions)
    assert plain.n_positives.tolist() == [2]
    assert plain.map_all_point == pytest.approx(0.5)
    # The unfound label is difficult: recall is over the other one alone.
    unfound = voc(labels, predictions, difficult=[False, True])
    assert unfound.n_positives.tolist() == [1]
    assert unfound.map_all_point == pytest.approx(1.0)
    # The found label is difficult: its detection is ignored, not a false positive.
    found = voc(labels, predictions, difficult=[True, False])
    assert (found.true_positives.tolist(), found.false_positives.tolist()) == ([0], [0])
    assert found.map_all_point == 0.0


def test_a_detection_goes_to_its_best_label_even_when_that_one_is_difficult() -> None:
    # The detection overlaps the difficult label more than the normal one: the devkit ignores it.
    labels = DetectionLabels([0, 0], [0, 0], [[0, 0, 10, 10], [2, 0, 12, 10]])
    predictions = DetectionPredictions([0], [0], [[0, 0, 11, 10]], [0.9])
    result = voc(labels, predictions, difficult=[True, False])
    assert (result.true_positives.tolist(), result.false_positives.tolist()) == ([0], [0])
    assert result.map_all_point == 0.0


def test_classes_without_labels_have_no_ap_and_classes_without_predictions_have_zero() -> None:
    labels = DetectionLabels([0, 0], [0, 1], [CAT, ELSEWHERE])
    predictions = DetectionPredictions([0, 0], [0, 2], [CAT, ELSEWHERE], [0.9, 0.8])
    result = voc(labels, predictions, n_classes=3)
    np.testing.assert_array_equal(result.class_ap_all_point, [1.0, 0.0, np.nan])
    np.testing.assert_array_equal(result.class_ap_11point, [1.0, 0.0, np.nan])
    # The mean is over the two classes with labels.
    assert result.map_all_point == pytest.approx(0.5)
    assert result.map_11point == pytest.approx(0.5)
    assert result.n_detections.tolist() == [1, 0, 1]


def test_no_labels_at_all_gives_no_mean() -> None:
    empty = DetectionLabels([], [], np.zeros((0, 4)))
    predictions = DetectionPredictions([0], [0], [CAT], [0.9])
    result = voc(empty, predictions)
    assert result.map_11point is None and result.map_all_point is None
    assert result.false_positives.tolist() == [1]


def test_only_labels_of_the_same_frame_and_class_count() -> None:
    labels = DetectionLabels([0, 1], [1, 0], [CAT, CAT])
    predictions = DetectionPredictions([0], [0], [CAT], [0.9])
    result = voc(labels, predictions, n_classes=2)
    assert result.true_positives.tolist() == [0, 0]
    assert result.class_ap_all_point.tolist() == [0.0, 0.0]


def test_pixel_inclusive_convention_adds_one_to_widths_and_heights() -> None:
    labels = DetectionLabels([0], [0], [[0, 0, 9, 9]])
    predictions = DetectionPredictions([0], [0], [[0, 0, 9, 4]], [0.9])
    # Continuous: 9 x 4 / 9 x 9 = 0.444; pixel-inclusive: 10 x 5 / 10 x 10 = 0.5.
    assert voc(labels, predictions, iou=0.5).map_all_point == 0.0
    inclusive = voc(labels, predictions, iou=0.5, iou_convention="pixel_inclusive")
    assert inclusive.map_all_point == pytest.approx(1.0)
    assert inclusive.iou_convention == "pixel_inclusive"
    # Boxes that only touch share a row of pixels under the inclusive convention.
    touching = DetectionPredictions([0], [0], [[9, 0, 18, 9]], [0.9])
    assert voc(labels, touching, iou=0.0).true_positives.tolist() == [0]
    assert voc(labels, touching, iou=0.0, iou_convention="pixel_inclusive").true_positives.tolist() == [1]


def test_the_two_forms_on_a_known_curve() -> None:
    recall = np.array([0.2, 0.2, 0.4, 0.6])
    precision = np.array([1.0, 0.5, 2 / 3, 0.75])
    # Envelope 1 up to 0.2, then 0.75 to 0.6: 0.2 + 0.4 * 0.75.
    assert all_point_ap(recall, precision) == pytest.approx(0.5)
    # Levels 0..0.2 -> 1 (3), 0.3..0.6 -> 0.75 (0.6 falls short of linspace's 0.6000000000000001: 3), rest 0.
    assert eleven_point_ap(recall, precision) == pytest.approx((3 + 3 * 0.75) / 11)


# Object-Detection-Metrics (Padilla et al., MIT licence): the repository's
# groundtruths/ and detections/ (x, y, width, height in pixels), whose published
# results/results.txt reads "AP: 24.57%" and whose README works out 26.84% with
# the 11-point form. That project counts pixels inclusively.
PADILLA_LABELS = {
    1: [(25, 16, 38, 56), (129, 123, 41, 62)],
    2: [(123, 11, 43, 55), (38, 132, 59, 45)],
    3: [(16, 14, 35, 48), (123, 30, 49, 44), (99, 139, 47, 47)],
    4: [(53, 42, 40, 52), (154, 43, 31, 34)],
    5: [(59, 31, 44, 51), (48, 128, 34, 52)],
    6: [(36, 89, 52, 76), (62, 58, 44, 67)],
    7: [(28, 31, 55, 63), (58, 67, 50, 58)],
}
PADILLA_DETECTIONS = {
    1: [(0.88, 5, 67, 31, 48), (0.70, 119, 111, 40, 67), (0.80, 124, 9, 49, 67)],
    2: [(0.71, 64, 111, 64, 58), (0.54, 26, 140, 60, 47), (0.74, 19, 18, 43, 35)],
    3: [
        (0.18, 109, 15, 77, 39),
        (0.67, 86, 63, 46, 45),
        (0.38, 160, 62, 36, 53),
        (0.91, 105, 131, 47, 47),
        (0.44, 18, 148, 40, 44),
    ],
    4: [(0.35, 83, 28, 28, 26), (0.78, 28, 68, 42, 67), (0.45, 87, 89, 25, 39), (0.14, 10, 155, 60, 26)],
    5: [(0.62, 50, 38, 28, 46), (0.44, 95, 11, 53, 28), (0.95, 29, 131, 72, 29), (0.23, 29, 163, 72, 29)],
    6: [(0.45, 43, 48, 74, 38), (0.84, 17, 155, 29, 35), (0.43, 95, 110, 25, 42)],
    7: [(0.48, 16, 20, 101, 88), (0.95, 33, 116, 37, 49)],
}


def padilla_sample() -> tuple[DetectionLabels, DetectionPredictions]:
    def xyxy(x: float, y: float, w: float, h: float) -> list[float]:
        return [x, y, x + w, y + h]

    label_rows = [(frame, xyxy(*box)) for frame, boxes in PADILLA_LABELS.items() for box in boxes]
    det_rows = [(frame, det[0], xyxy(*det[1:])) for frame, dets in PADILLA_DETECTIONS.items() for det in dets]
    labels = DetectionLabels([f for f, _ in label_rows], [0] * len(label_rows), [b for _, b in label_rows])
    predictions = DetectionPredictions(
        [f for f, _, _ in det_rows],
        [0] * len(det_rows),
        [b for _, _, b in det_rows],
        [c for _, c, _ in det_rows],
    )
    return labels, predictions


def test_object_detection_metrics_published_sample() -> None:
    # The README's worked example (and results.txt) count a detection from IoU 30%.
    labels, predictions = padilla_sample()
    result = voc(labels, predictions, iou=0.3, iou_convention="pixel_inclusive")
    assert result.n_positives.tolist() == [15]
    assert (result.true_positives.tolist(), result.false_positives.tolist()) == ([7], [17])
    assert round(100 * result.map_all_point, 2) == 24.57
    assert round(100 * result.map_11point, 2) == 26.84


@st.composite
def voc_cases(draw):
    n_frames = draw(st.integers(1, 3))
    n_classes = draw(st.integers(1, 3))
    coordinate = st.integers(0, 12)

    def box():
        x, y = draw(coordinate), draw(coordinate)
        return [x, y, x + draw(st.integers(0, 8)), y + draw(st.integers(0, 8))]

    n_labels = draw(st.integers(0, 7))
    n_preds = draw(st.integers(0, 9))
    label_frame = np.array([draw(st.integers(0, n_frames - 1)) for _ in range(n_labels)], dtype=np.int64)
    label_class = np.array([draw(st.integers(0, n_classes - 1)) for _ in range(n_labels)], dtype=np.int64)
    label_boxes = np.array([box() for _ in range(n_labels)], dtype=np.float64).reshape(-1, 4)
    difficult = np.array([draw(st.booleans()) for _ in range(n_labels)], dtype=bool)
    pred_frame = np.array([draw(st.integers(0, n_frames - 1)) for _ in range(n_preds)], dtype=np.int64)
    pred_class = np.array([draw(st.integers(0, n_classes - 1)) for _ in range(n_preds)], dtype=np.int64)
    pred_boxes = np.array([box() for _ in range(n_preds)], dtype=np.float64).reshape(-1, 4)
    # Few distinct confidences, so that ties are common.
    pred_conf = np.array([draw(st.sampled_from([0.2, 0.5, 0.9])) for _ in range(n_preds)])
    return (
        n_classes,
        (label_frame, label_class, label_boxes, difficult),
        (pred_frame, pred_class, pred_boxes, pred_conf),
    )


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    case=voc_cases(),
    iou=st.sampled_from([0.0, 0.3, 0.5, 0.7]),
    pixel_inclusive=st.booleans(),
)
def test_equals_the_devkit_procedure(case, iou: float, pixel_inclusive: bool) -> None:
    n_classes, (lf, lc, lb, difficult), (pf, pc, pb, conf) = case
    result = evaluate_voc(
        DetectionLabels(lf, lc, lb),
        DetectionPredictions(pf, pc, pb, conf),
        n_classes=n_classes,
        iou=iou,
        difficult=difficult,
        iou_convention="pixel_inclusive" if pixel_inclusive else "continuous",
    )
    for k in range(n_classes):
        eleven, area, tp, fp = voc_devkit_ap(
            lf, lc, lb, difficult, pf, pc, pb, conf, class_index=k, iou=iou, pixel_inclusive=pixel_inclusive
        )
        assert (int(result.true_positives[k]), int(result.false_positives[k])) == (tp, fp)
        if eleven is None:
            assert np.isnan(result.class_ap_11point[k]) and np.isnan(result.class_ap_all_point[k])
        else:
            assert result.class_ap_11point[k] == pytest.approx(eleven, abs=1e-12)
            assert result.class_ap_all_point[k] == pytest.approx(area, abs=1e-12)


def test_bad_arguments_are_named() -> None:
    labels = DetectionLabels([0], [0], [CAT])
    predictions = DetectionPredictions([0], [0], [CAT], [0.9])
    with pytest.raises(InvalidInputError, match=r"difficult.*one flag per label"):
        voc(labels, predictions, difficult=[True, False])
    with pytest.raises(InvalidInputError, match="`iou`"):
        voc(labels, predictions, iou=1.5)
    with pytest.raises(InvalidInputError, match="`iou_convention`"):
        voc(labels, predictions, iou_convention="inclusive")
    with pytest.raises(InvalidInputError, match="class index below 1"):
        voc(labels, DetectionPredictions([0], [3], [CAT], [0.9]))
