import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reefscope.engine import (
    DetectionEvaluator,
    DetectionLabels,
    DetectionPredictions,
    InvalidInputError,
    Outcome,
    evaluate_detections,
    pairwise_iou,
)
from tests.engine.reference import brute_force_best_total

CLASSES = ["cat", "dog"]
CAT, DOG, BACKGROUND = 0, 1, 2


def evaluate(
    labels,
    predictions,
    *,
    confidence=0.5,
    iou=0.5,
    class_aware=False,
    classes=CLASSES,
    n_frames=None,
):
    return evaluate_detections(
        DetectionLabels(*labels),
        DetectionPredictions(*predictions),
        classes=classes,
        confidence=confidence,
        iou=iou,
        class_aware=class_aware,
        n_frames=n_frames,
    )


# A cat label overlapped by a dog prediction (IoU 0.80) and a cat prediction (IoU 0.78).
LABEL = [0.0, 0.0, 10.0, 10.0]
DOG_080 = [0.0, 0.0, 10.0, 8.0]
CAT_078 = [0.0, 0.0, 10.0, 7.8]


def test_class_agnostic_matching_prefers_the_higher_iou_wrong_class():
    result = evaluate(([0], [CAT], [LABEL]), ([0, 0], [DOG, CAT], [DOG_080, CAT_078], [0.9, 0.9]))
    counts = result.confusion.counts
    assert counts[CAT, DOG] == 1
    assert counts[BACKGROUND, CAT] == 1
    assert counts.sum() == 2
    assert result.matches.iou[0] == pytest.approx(0.80)
    assert result.confusion.confusions == 1
    assert result.confusion.false_positives == 1
    assert result.confusion.false_negatives == 0


def test_class_aware_matching_only_pairs_same_class():
    result = evaluate(
        ([0], [CAT], [LABEL]),
        ([0, 0], [DOG, CAT], [DOG_080, CAT_078], [0.9, 0.9]),
        class_aware=True,
    )
    counts = result.confusion.counts
    assert counts[CAT, CAT] == 1
    assert counts[BACKGROUND, DOG] == 1
    assert result.matches.iou[0] == pytest.approx(0.78)


def test_optimal_matching_beats_greedy():
    labels = np.array([[0, 0, 10, 10], [3, 0, 13, 10]], dtype=float)
    preds = np.array([[1, 0, 11, 10], [-2, 0, 8, 10]], dtype=float)
    iou = pairwise_iou(labels, preds)
    # Greedy by IoU takes (label 0, pred 0) first and strands the other pair.
    assert iou[0, 0] > iou[1, 0] >= 0.5 and iou[0, 1] >= 0.5 and iou[1, 1] < 0.5
    result = evaluate(([0, 0], [CAT, CAT], labels), ([0, 0], [CAT, CAT], preds, [0.9, 0.8]))
    assert result.confusion.counts[CAT, CAT] == 2
    assert sorted(
        zip(result.matches.label_index.tolist(), result.matches.prediction_index.tolist(), strict=True)
    ) == [
        (0, 1),
        (1, 0),
    ]


def test_confidence_equal_to_threshold_is_kept_and_iou_equal_to_threshold_matches():
    label = [0.0, 0.0, 2.0, 1.0]
    half = [0.0, 0.0, 1.0, 1.0]  # IoU exactly 0.5
    assert pairwise_iou([label], [half])[0, 0] == 0.5
    result = evaluate(([0], [CAT], [label]), ([0], [CAT], [half], [0.5]), confidence=0.5, iou=0.5)
    assert result.confusion.counts[CAT, CAT] == 1
    below = evaluate(([0], [CAT], [label]), ([0], [CAT], [half], [0.4999]), confidence=0.5, iou=0.5)
    assert below.confusion.counts[CAT, BACKGROUND] == 1
    stricter = evaluate(([0], [CAT], [label]), ([0], [CAT], [half], [0.5]), confidence=0.5, iou=0.5001)
    assert stricter.confusion.counts[CAT, BACKGROUND] == 1 and stricter.confusion.counts[BACKGROUND, CAT] == 1


def test_empty_inputs_and_empty_frames():
    empty = evaluate(([], [], np.zeros((0, 4))), ([], [], np.zeros((0, 4)), []), n_frames=3)
    assert empty.confusion.counts.sum() == 0
    assert empty.report.rows()[0].precision is None
    only_preds = evaluate(([], [], np.zeros((0, 4))), ([2], [DOG], [LABEL], [0.9]), n_frames=3)
    assert only_preds.confusion.counts[BACKGROUND, DOG] == 1
    assert only_preds.frames.precision[2] == 0.0 and np.isnan(only_preds.frames.recall[2])
    assert np.isnan(only_preds.frames.precision[0])


def test_tie_breaks_prefer_same_class_then_confidence_then_index():
    # Two predictions with identical boxes: the same-class one wins although less confident.
    same_box = evaluate(([0], [CAT], [LABEL]), ([0, 0], [DOG, CAT], [LABEL, LABEL], [0.9, 0.6]))
    assert same_box.matches.prediction_index.tolist() == [1]
    # Same class and box: the more confident one wins.
    by_confidence = evaluate(([0], [CAT], [LABEL]), ([0, 0], [CAT, CAT], [LABEL, LABEL], [0.6, 0.9]))
    assert by_confidence.matches.prediction_index.tolist() == [1]
    # Everything equal: the lower index wins.
    by_index = evaluate(([0], [CAT], [LABEL]), ([0, 0], [CAT, CAT], [LABEL, LABEL], [0.7, 0.7]))
    assert by_index.matches.prediction_index.tolist() == [0]
    # One prediction, two identical labels: the same-class label wins.
    two_labels = evaluate(([0, 0], [DOG, CAT], [LABEL, LABEL]), ([0], [CAT], [LABEL], [0.7]))
    assert two_labels.matches.label_index.tolist() == [1]


def test_outcomes_partners_and_examples_trace_every_cell():
    result = evaluate(
        ([0, 0, 1], [CAT, DOG, CAT], [LABEL, [20, 20, 30, 30], LABEL]),
        (
            [0, 0, 1, 1],
            [CAT, CAT, DOG, CAT],
            [LABEL, [20, 20, 30, 30], [50, 50, 60, 60], LABEL],
            [0.9, 0.8, 0.7, 0.2],
        ),
    )
    assert result.label_outcome.tolist() == [
        Outcome.TRUE_POSITIVE,
        Outcome.CONFUSION,
        Outcome.FALSE_NEGATIVE,
    ]
    assert result.prediction_outcome.tolist() == [
        Outcome.TRUE_POSITIVE,
        Outcome.CONFUSION,
        Outcome.FALSE_POSITIVE,
        Outcome.BELOW_CONFIDENCE,
    ]
    assert result.label_partner.tolist() == [0, 1, -1]
    counts = result.confusion.counts
    for gt in range(3):
        for pred in range(3):
            assert len(result.examples([(gt, pred)])) == counts[gt, pred]
    fn = result.examples([(CAT, BACKGROUND), (DOG, BACKGROUND)])
    assert fn.label_index.tolist() == [2] and np.isnan(fn.confidence[0])
    assert result.frames.true_positives.tolist() == [1, 0]
    assert result.frames.confusions.tolist() == [1, 0]
    assert result.frames.false_negatives.tolist() == [0, 1]
    assert result.frames.false_positives.tolist() == [0, 1]


def test_examples_sort_with_missing_values_last():
    result = evaluate(
        ([0, 0], [CAT, CAT], [LABEL, [20, 20, 40, 40]]),
        ([0, 1, 1], [CAT, CAT, DOG], [LABEL, LABEL, LABEL], [0.6, 0.9, 0.7]),
    )
    every_cell = [(g, p) for g in range(3) for p in range(3)]
    ordered = result.examples(every_cell).sorted("confidence", descending=True)
    assert ordered.confidence[:3].tolist() == [0.9, 0.7, 0.6]
    assert np.isnan(ordered.confidence[3])
    ascending = result.examples(every_cell).sorted("box_size", descending=False)
    assert ascending.box_size.tolist() == [100.0, 100.0, 100.0, 400.0]


def test_frames_subset_restricts_everything():
    labels = ([0, 1], [CAT, DOG], [LABEL, LABEL])
    predictions = ([0, 1], [CAT, CAT], [LABEL, LABEL], [0.9, 0.9])
    evaluator = DetectionEvaluator(
        DetectionLabels(*labels), DetectionPredictions(*predictions), classes=CLASSES
    )
    only_first = evaluator.evaluate(confidence=0.5, iou=0.5, frames=[0])
    assert only_first.confusion.counts.sum() == 1 and only_first.confusion.counts[CAT, CAT] == 1
    mask = evaluator.evaluate(confidence=0.5, iou=0.5, frames=np.array([False, True]))
    assert mask.confusion.counts[DOG, CAT] == 1


@pytest.mark.parametrize(
    ("labels", "predictions", "message"),
    [
        (
            ([0], [0], [[5, 0, 1, 1]]),
            ([], [], np.zeros((0, 4)), []),
            r"labels, row 0, field 'box': expected x1 <= x2",
        ),
        (([0], [0], [[0, 0, np.nan, 1]]), ([], [], np.zeros((0, 4)), []), "expected finite box"),
        (
            ([], [], np.zeros((0, 4))),
            ([0], [0], [[0, 0, 1, 1]], [1.7]),
            r"predictions, row 0, field 'confidence'.*1\.7",
        ),
        (
            ([0, 1], [0], [[0, 0, 1, 1]]),
            ([], [], np.zeros((0, 4)), []),
            "one length but got frame_index=2, class_index=1",
        ),
        (
            ([0], [7], [[0, 0, 1, 1]]),
            ([], [], np.zeros((0, 4)), []),
            "class index below 2 but got 7",
        ),
        (([-1], [0], [[0, 0, 1, 1]]), ([], [], np.zeros((0, 4)), []), "non-negative index"),
    ],
)
def test_bad_input_names_argument_row_and_field(labels, predictions, message):
    with pytest.raises(InvalidInputError, match=message):
        evaluate(labels, predictions)


def test_threshold_out_of_range_is_rejected():
    with pytest.raises(InvalidInputError, match="`iou` to be in"):
        evaluate(([0], [0], [LABEL]), ([0], [0], [LABEL], [0.9]), iou=1.5)


# ---- properties --------------------------------------------------------------------------------


@st.composite
def detection_sets(draw, max_frames=4, max_per_frame=4, n_classes=3):
    n_frames = draw(st.integers(1, max_frames))

    def items(n_max):
        frames, classes, boxes = [], [], []
        for frame in range(n_frames):
            for _ in range(draw(st.integers(0, n_max))):
                x, y = draw(st.integers(0, 12)), draw(st.integers(0, 12))
                w, h = draw(st.integers(1, 8)), draw(st.integers(1, 8))
                frames.append(frame)
                classes.append(draw(st.integers(0, n_classes - 1)))
                boxes.append([x, y, x + w, y + h])
        return frames, classes, np.array(boxes, dtype=float).reshape(-1, 4)

    lf, lc, lb = items(max_per_frame)
    pf, pc, pb = items(max_per_frame)
    conf = [draw(st.sampled_from([0.1, 0.3, 0.5, 0.7, 0.9])) for _ in pf]
    return (
        DetectionLabels(lf, lc, lb),
        DetectionPredictions(pf, pc, pb, conf),
        n_frames,
        [f"c{i}" for i in range(n_classes)],
    )


thresholds = st.tuples(st.sampled_from([0.0, 0.3, 0.5, 0.7]), st.sampled_from([0.0, 0.1, 0.3, 0.5, 0.7]))


@settings(max_examples=150, deadline=None)
@given(detection_sets(), thresholds, st.booleans())
def test_matching_total_iou_equals_brute_force_optimum(data, threshold, class_aware):
    labels, predictions, n_frames, classes = data
    confidence, iou_threshold = threshold
    result = DetectionEvaluator(labels, predictions, classes=classes, n_frames=n_frames).evaluate(
        confidence=confidence, iou=iou_threshold, class_aware=class_aware
    )
    kept = predictions.confidence >= confidence
    total = 0.0
    for frame in range(n_frames):
        li = np.flatnonzero(labels.frame_index == frame)
        pi = np.flatnonzero((predictions.frame_index == frame) & kept)
        iou = pairwise_iou(labels.boxes[li], predictions.boxes[pi])
        allowed = (iou >= iou_threshold) & (iou > 0)
        if class_aware:
            allowed &= labels.class_index[li][:, None] == predictions.class_index[pi][None, :]
        total += brute_force_best_total(iou, allowed)[0]
    assert result.matches.iou.sum() == pytest.approx(total, abs=1e-7)
    # Each label and prediction used once, every match a legal pair.
    assert len(set(result.matches.label_index.tolist())) == len(result.matches)
    assert len(set(result.matches.prediction_index.tolist())) == len(result.matches)
    assert (result.matches.iou >= iou_threshold).all()
    assert (
        labels.frame_index[result.matches.label_index]
        == predictions.frame_index[result.matches.prediction_index]
    ).all()


@settings(max_examples=100, deadline=None)
@given(detection_sets(), thresholds)
def test_matrix_margins_count_labels_and_kept_predictions(data, threshold):
    labels, predictions, n_frames, classes = data
    confidence, iou_threshold = threshold
    result = DetectionEvaluator(labels, predictions, classes=classes, n_frames=n_frames).evaluate(
        confidence=confidence, iou=iou_threshold
    )
    counts = result.confusion.counts
    k = len(classes)
    kept = predictions.confidence >= confidence
    assert counts[k, k] == 0
    np.testing.assert_array_equal(counts[:k].sum(axis=1), np.bincount(labels.class_index, minlength=k))
    np.testing.assert_array_equal(
        counts[:, :k].sum(axis=0), np.bincount(predictions.class_index[kept], minlength=k)
    )
    assert counts.sum() == len(labels) + kept.sum() - len(result.matches)


@settings(max_examples=60, deadline=None)
@given(detection_sets(), st.sampled_from([0.3, 0.5]))
def test_raising_confidence_never_keeps_more(data, iou_threshold):
    labels, predictions, n_frames, classes = data
    evaluator = DetectionEvaluator(labels, predictions, classes=classes, n_frames=n_frames)
    kept = [
        evaluator.evaluate(confidence=c, iou=iou_threshold).prediction_kept.sum()
        for c in (0.0, 0.3, 0.6, 0.95)
    ]
    assert kept == sorted(kept, reverse=True)


@settings(max_examples=60, deadline=None)
@given(detection_sets(), thresholds, st.randoms(use_true_random=False))
def test_shuffling_frames_and_permuting_classes_permutes_nothing_else(data, threshold, rng):
    labels, predictions, n_frames, classes = data
    confidence, iou_threshold = threshold
    base = DetectionEvaluator(labels, predictions, classes=classes, n_frames=n_frames).evaluate(
        confidence=confidence, iou=iou_threshold
    )
    frame_perm = np.array(rng.sample(range(n_frames), n_frames))
    class_perm = np.array(rng.sample(range(len(classes)), len(classes)))
    # Items keep their order: the lowest-index tie-break must see the same sequence.
    label_order = np.arange(len(labels))
    pred_order = np.arange(len(predictions))
    moved = DetectionEvaluator(
        DetectionLabels(
            frame_perm[labels.frame_index[label_order]],
            class_perm[labels.class_index[label_order]],
            labels.boxes[label_order],
        ),
        DetectionPredictions(
            frame_perm[predictions.frame_index[pred_order]],
            class_perm[predictions.class_index[pred_order]],
            predictions.boxes[pred_order],
            predictions.confidence[pred_order],
        ),
        classes=[classes[i] for i in np.argsort(class_perm)],
        n_frames=n_frames,
    ).evaluate(confidence=confidence, iou=iou_threshold)
    full_perm = np.append(class_perm, len(classes))
    np.testing.assert_array_equal(moved.confusion.counts[np.ix_(full_perm, full_perm)], base.confusion.counts)
    assert moved.matches.iou.sum() == pytest.approx(base.matches.iou.sum(), abs=1e-9)
