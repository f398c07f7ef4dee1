"""COCO box mAP: differential tests against pycocotools and properties (hand-worked cases are in
test_coco_handworked.py)."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reefscope.engine.coco import (
    STAT_NAMES,
    CocoEvaluation,
    evaluate_coco,
)
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
