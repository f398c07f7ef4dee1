"""COCO box mAP: differential tests against pycocotools, hand-worked cases, properties."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

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
from tests.engine.test_coco_support import (
    CocoCase,
    Reference,
    ours,
    random_case,
    reference,
    run_pycocotools,
    with_nan,
    xywh_to_xyxy,
    xyxy_to_xywh,
)

pytest.importorskip("pycocotools")

SAMPLE = Path(__file__).resolve().parents[2] / "examples" / "data" / "coco-sample"
TOLERANCE = 1e-9


def near(value: float) -> object:
    """Hand-worked values: the reference divides by ``tp + fp + eps``, so 1 comes out 1 - 2e-16."""
    return pytest.approx(value, rel=0, abs=1e-12)


def assert_matches_reference(result: CocoEvaluation, expected: Reference) -> None:
    """Whole precision and recall tables and the 12 stats, undefined cells included."""
    np.testing.assert_allclose(result.precision, with_nan(expected.precision), rtol=0, atol=TOLERANCE)
    np.testing.assert_allclose(result.recall, with_nan(expected.recall), rtol=0, atol=TOLERANCE)
    np.testing.assert_allclose(result.stats, expected.stats, rtol=0, atol=TOLERANCE)
    named = [getattr(result, name) for name in STAT_NAMES]
    assert [value is None for value in named] == list(expected.stats == -1)
    defined = expected.stats != -1
    np.testing.assert_allclose(
        np.array([v for v in named if v is not None]), expected.stats[defined], rtol=0, atol=TOLERANCE
    )


def from_xyxy(case: CocoCase) -> tuple[CocoEvaluation, CocoCase]:
    """Evaluate the xyxy boxes as the engine stores them, and the COCO case pycocotools sees.

    pycocotools gets ``[x1, y1, x2 - x1, y2 - y1]``, the usual conversion.
    """
    label_xyxy, det_xyxy = xywh_to_xyxy(case.label_xywh), xywh_to_xyxy(case.det_xywh)
    result = evaluate_coco(
        DetectionLabels(case.label_frame, case.label_class, label_xyxy),
        DetectionPredictions(case.det_frame, case.det_class, det_xyxy, case.det_score),
        n_classes=case.n_classes,
        iscrowd=case.label_crowd,
        area=case.label_area,
    )
    seen = dataclasses.replace(case, label_xywh=xyxy_to_xywh(label_xyxy), det_xywh=xyxy_to_xywh(det_xyxy))
    return result, seen


# ---------------------------------------------------------------- differential


SMALL_CASES = [
    pytest.param(seed, options, id=f"{seed}-{'-'.join(options) or 'plain'}")
    for seed, options in enumerate(
        [
            (),
            ("integer",),
            ("ties",),
            ("integer", "ties"),
            ("segment_area",),
            ("integer", "segment_area", "ties"),
            ("crowded",),
            ("integer", "crowded", "ties"),
            ("sparse",),
            ("dense",),
            ("integer", "dense", "ties"),
            ("segment_area", "crowded"),
        ]
        * 2
    )
]


def _options(seed: int, options: tuple[str, ...]) -> dict:
    return {
        "n_frames": 12 + seed,
        "n_classes": 3 + seed % 4,
        "integer_boxes": "integer" in options,
        "score_levels": 4 if "ties" in options else None,
        "segment_area": "segment_area" in options,
        "crowd_fraction": 0.3 if "crowded" in options else 0.05,
        "labels_per_frame": 1.0 if "sparse" in options else 4.0,
        "dets_per_frame": 40.0 if "dense" in options else 8.0,
        "empty_classes": 1 + seed % 2,
    }


@pytest.mark.parametrize(("seed", "options"), SMALL_CASES)
def test_small_sets_match_pycocotools(seed: int, options: tuple[str, ...]) -> None:
    case = random_case(seed, **_options(seed, options))
    assert_matches_reference(ours(case), reference(case))


@pytest.mark.parametrize("seed", [100, 101, 102, 103])
def test_small_sets_from_xyxy_match_pycocotools(seed: int) -> None:
    case = random_case(seed, integer_boxes=seed % 2 == 0, score_levels=5 if seed > 101 else None)
    result, seen = from_xyxy(case)
    assert_matches_reference(result, reference(seen))


@pytest.mark.parametrize("seed", [200, 201])
def test_more_than_100_detections_per_frame_and_class(seed: int) -> None:
    # Few frames and classes, so groups overflow maxDets=100 and the tail is cut.
    case = random_case(
        seed,
        n_frames=6,
        n_classes=2,
        labels_per_frame=12,
        dets_per_frame=320,
        crowd_fraction=0.15,
        integer_boxes=seed % 2 == 0,
        score_levels=6,
        empty_classes=0,
    )
    counts = np.bincount(case.det_frame * case.n_classes + case.det_class)
    assert counts.max() > 100
    assert_matches_reference(ours(case), reference(case))


def test_medium_set_matches_pycocotools() -> None:
    case = random_case(
        300,
        n_frames=300,
        n_classes=12,
        labels_per_frame=6,
        dets_per_frame=40,
        crowd_fraction=0.03,
        score_levels=50,
        segment_area=True,
        empty_classes=2,
    )
    assert_matches_reference(ours(case), reference(case))


@pytest.mark.slow
def test_large_set_matches_pycocotools() -> None:
    case = random_case(
        400,
        n_frames=1500,
        n_classes=30,
        labels_per_frame=7,
        dets_per_frame=60,
        crowd_fraction=0.01,
        integer_boxes=True,
        score_levels=1000,
        empty_classes=3,
    )
    assert len(case.det_score) > 70_000
    result, seen = from_xyxy(case)
    assert_matches_reference(result, reference(seen))


def test_empty_predictions_match_pycocotools() -> None:
    case = random_case(500, dets_per_frame=0.0)
    assert len(case.det_score) == 0
    assert_matches_reference(ours(case), reference(case))


# ---------------------------------------------------------------- COCO sample


def _sample() -> tuple[dict, list[dict]]:
    dataset = json.loads((SAMPLE / "instances.json").read_text())
    results = json.loads((SAMPLE / "detections.json").read_text())
    return dataset, results


def _sample_arrays(dataset: dict, results: list[dict]) -> dict:
    """Columnar inputs from COCO dicts: ids mapped in ascending order, as pycocotools sorts them."""
    image_ids = sorted(image["id"] for image in dataset["images"])
    category_ids = sorted(category["id"] for category in dataset["categories"])
    frame_of = {image_id: frame for frame, image_id in enumerate(image_ids)}
    class_of = {category_id: klass for klass, category_id in enumerate(category_ids)}
    annotations = dataset["annotations"]
    return {
        "n_classes": len(category_ids),
        "label_frame": np.array([frame_of[a["image_id"]] for a in annotations]),
        "label_class": np.array([class_of[a["category_id"]] for a in annotations]),
        "label_xywh": np.array([a["bbox"] for a in annotations], dtype=np.float64),
        "iscrowd": np.array([a["iscrowd"] for a in annotations], dtype=bool),
        "area": np.array([a["area"] for a in annotations], dtype=np.float64),
        "det_frame": np.array([frame_of[r["image_id"]] for r in results]),
        "det_class": np.array([class_of[r["category_id"]] for r in results]),
        "det_xywh": np.array([r["bbox"] for r in results], dtype=np.float64),
        "det_score": np.array([r["score"] for r in results], dtype=np.float64),
    }


@pytest.mark.parametrize("exact_xywh", [True, False], ids=["coco-xywh", "xyxy"])
def test_coco_sample_matches_pycocotools(exact_xywh: bool) -> None:
    dataset, results = _sample()
    expected = run_pycocotools(*_sample())
    arrays = _sample_arrays(dataset, results)
    result = evaluate_coco(
        DetectionLabels(arrays["label_frame"], arrays["label_class"], xywh_to_xyxy(arrays["label_xywh"])),
        DetectionPredictions(
            arrays["det_frame"],
            arrays["det_class"],
            xywh_to_xyxy(arrays["det_xywh"]),
            arrays["det_score"],
        ),
        n_classes=arrays["n_classes"],
        iscrowd=arrays["iscrowd"],
        area=arrays["area"],
        label_boxes_xywh=arrays["label_xywh"] if exact_xywh else None,
        prediction_boxes_xywh=arrays["det_xywh"] if exact_xywh else None,
    )
    assert_matches_reference(result, expected)
    assert result.ap is not None and 0.0 < result.ap < 1.0
    if exact_xywh:
        # Same arithmetic on the same numbers: nothing to round differently.
        np.testing.assert_array_equal(result.stats, expected.stats)


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


# ---------------------------------------------------------------- properties


@st.composite
def small_cases(draw: st.DrawFn) -> CocoCase:
    """Tiny integer-grid sets: IoU ties, exact area bounds, tied scores and crowds are common."""
    n_frames = draw(st.integers(1, 4))
    n_classes = draw(st.integers(1, 3))
    side = st.sampled_from([1.0, 4.0, 8.0, 16.0, 32.0, 40.0, 96.0, 120.0])
    coordinate = st.sampled_from([0.0, 2.0, 4.0, 8.0, 16.0, 30.0])

    def box() -> st.SearchStrategy:
        return st.tuples(coordinate, coordinate, side, side)

    labels = draw(
        st.lists(
            st.tuples(st.integers(0, n_frames - 1), st.integers(0, n_classes - 1), box(), st.booleans()),
            max_size=8,
        )
    )
    detections = draw(
        st.lists(
            st.tuples(
                st.integers(0, n_frames - 1),
                st.integers(0, n_classes - 1),
                box(),
                st.sampled_from([0.1, 0.5, 0.5, 0.9, 1.0]),
            ),
            max_size=14,
        )
    )
    crowd_allowed = draw(st.booleans())
    return CocoCase(
        n_frames=n_frames,
        n_classes=n_classes,
        label_frame=np.array([row[0] for row in labels], dtype=np.int64),
        label_class=np.array([row[1] for row in labels], dtype=np.int64),
        label_xywh=np.array([row[2] for row in labels], dtype=np.float64).reshape(-1, 4),
        label_crowd=np.array([row[3] and crowd_allowed for row in labels], dtype=bool),
        label_area=None,
        det_frame=np.array([row[0] for row in detections], dtype=np.int64),
        det_class=np.array([row[1] for row in detections], dtype=np.int64),
        det_xywh=np.array([row[2] for row in detections], dtype=np.float64).reshape(-1, 4),
        det_score=np.array([row[3] for row in detections], dtype=np.float64),
    )


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(small_cases())
def test_property_matches_pycocotools_on_awkward_grids(case: CocoCase) -> None:
    assert_matches_reference(ours(case), reference(case))


@settings(max_examples=40, deadline=None)
@given(small_cases(), st.randoms(use_true_random=False))
def test_property_structure(case: CocoCase, random: object) -> None:
    result = ours(case)
    defined = ~np.isnan(result.precision)
    assert ((result.precision[defined] >= 0) & (result.precision[defined] <= 1)).all()
    # The envelope: precision never rises with the recall threshold.
    assert (np.diff(np.nan_to_num(result.precision), axis=1) <= 0).all()
    # More detections per frame can only find more.
    recall = np.nan_to_num(result.recall)
    assert (np.diff(recall, axis=-1) >= 0).all()
    # Renumbering frames in order (gaps included) changes nothing.
    spread = dataclasses.replace(case, label_frame=case.label_frame * 5 + 2, det_frame=case.det_frame * 5 + 2)
    np.testing.assert_array_equal(ours(spread).stats, result.stats)


@settings(max_examples=40, deadline=None)
@given(small_cases(), st.integers(0, 2**32 - 1))
def test_property_class_permutation_permutes_the_class_axis(case: CocoCase, seed: int) -> None:
    permutation = np.random.default_rng(seed).permutation(case.n_classes)
    renamed = dataclasses.replace(
        case, label_class=permutation[case.label_class], det_class=permutation[case.det_class]
    )
    before, after = ours(case), ours(renamed)
    np.testing.assert_array_equal(after.precision[:, :, permutation], before.precision)
    np.testing.assert_array_equal(after.recall[:, permutation], before.recall)
    np.testing.assert_array_equal(after.class_ap[permutation], before.class_ap)
    np.testing.assert_allclose(after.stats, before.stats, rtol=0, atol=1e-12)


@settings(max_examples=40, deadline=None)
@given(small_cases(), st.integers(0, 2**32 - 1))
def test_property_shuffling_frames_and_rows_changes_nothing_without_score_ties(
    case: CocoCase, seed: int
) -> None:
    # Tied scores resolve by frame order, so the property needs distinct scores.
    rng = np.random.default_rng(seed)
    n_dets = len(case.det_score)
    distinct = dataclasses.replace(case, det_score=(rng.permutation(n_dets) + 1) / (n_dets + 1))
    frames = rng.permutation(case.n_frames)
    rows = rng.permutation(n_dets)
    shuffled = dataclasses.replace(
        distinct,
        label_frame=frames[case.label_frame],
        det_frame=frames[case.det_frame][rows],
        det_class=case.det_class[rows],
        det_xywh=case.det_xywh[rows],
        det_score=distinct.det_score[rows],
    )
    before, after = ours(distinct), ours(shuffled)
    np.testing.assert_array_equal(after.precision, before.precision)
    np.testing.assert_array_equal(after.recall, before.recall)
    np.testing.assert_array_equal(after.stats, before.stats)
