"""Error attribution: hand-worked frames for every type, oracle fixes, and invariants."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reefscope.engine import DetectionEvaluator, DetectionLabels, DetectionPredictions, InvalidInputError
from reefscope.engine.attribution import ERROR_TYPES, NO_ERROR, ErrorType, attribute_errors, coco_oracle

CAT, DOG, K = 0, 1, 2
SQUARE = [0.0, 0.0, 10.0, 10.0]


def tall(height: float) -> list[float]:
    """A box inside SQUARE with IoU height / 10 against it."""
    return [0.0, 0.0, 10.0, height]


FAR = [50.0, 50.0, 60.0, 60.0]

# frame: (labels [(class, box)], predictions [(class, box, confidence)])
FRAMES = {
    0: ([(CAT, SQUARE)], [(DOG, SQUARE, 0.9)]),  # confusion -> classification
    1: ([(CAT, SQUARE)], [(CAT, SQUARE, 0.9), (CAT, tall(9), 0.8)]),  # duplicate
    2: ([(CAT, SQUARE)], [(CAT, tall(3), 0.9)]),  # localization, label covered
    3: ([(CAT, SQUARE)], [(DOG, tall(3), 0.9)]),  # both, label missed
    4: ([(CAT, SQUARE)], [(CAT, FAR, 0.9)]),  # background, label missed
    5: ([], [(DOG, SQUARE, 0.9)]),  # background (empty frame)
    6: ([(DOG, SQUARE)], []),  # missed
    7: ([(CAT, SQUARE)], [(CAT, SQUARE, 0.9), (DOG, tall(9.5), 0.8)]),  # classification (label taken)
    8: ([(CAT, SQUARE)], [(CAT, tall(0.5), 0.9)]),  # IoU 0.05 < background IoU: background, missed
}


def build(frames=FRAMES):
    lf, lc, lb, pf, pc, pb, ps = [], [], [], [], [], [], []
    for frame, (labels, predictions) in frames.items():
        for klass, box in labels:
            lf.append(frame), lc.append(klass), lb.append(box)
        for klass, box, score in predictions:
            pf.append(frame), pc.append(klass), pb.append(box), ps.append(score)
    labels = DetectionLabels(lf, lc, np.reshape(lb, (-1, 4)))
    predictions = DetectionPredictions(pf, pc, np.reshape(pb, (-1, 4)), ps)
    return DetectionEvaluator(labels, predictions, classes=["cat", "dog"], n_frames=max(frames) + 1)


def attribute(evaluator, **kwargs):
    evaluation = evaluator.evaluate(confidence=0.5, iou=0.5)
    return attribute_errors(evaluation, evaluator.pairs, **kwargs)


def types_by_frame(attribution):
    frames = attribution.examples  # noqa: F841 - keeps the API in view
    items = attribution.evaluation.items
    found: dict[int, list[str]] = {}
    for row in range(len(attribution)):
        label, prediction = attribution.label_index[row], attribution.prediction_index[row]
        frame = items.prediction_frame[prediction] if prediction >= 0 else items.label_frame[label]
        found.setdefault(int(frame), []).append(ERROR_TYPES[attribution.error_type[row]].value)
    return {frame: sorted(kinds) for frame, kinds in found.items()}


def test_every_type_on_hand_worked_frames():
    attribution = attribute(build())
    assert types_by_frame(attribution) == {
        0: ["classification"],
        1: ["duplicate"],
        2: ["localization"],
        3: ["both", "missed"],
        4: ["background", "missed"],
        5: ["background"],
        6: ["missed"],
        7: ["classification"],
        8: ["background", "missed"],
    }
    counts = dict(zip([kind.value for kind in ERROR_TYPES], attribution.counts.tolist(), strict=True))
    # Prediction-side errors count under the prediction's class, missed labels under the label's.
    assert counts == {
        "classification": [0, 2],
        "localization": [1, 0],
        "both": [0, 1],
        "duplicate": [1, 0],
        "background": [2, 1],
        "missed": [3, 1],
    }


def test_rows_point_at_the_label_that_explains_them():
    attribution = attribute(build())
    dup = attribution.rows_of("duplicate")
    assert attribution.iou[dup] == pytest.approx([0.9])
    loc = attribution.rows_of(ErrorType.LOCALIZATION)
    assert attribution.iou[loc] == pytest.approx([0.3])
    assert attribution.label_index[loc][0] in attribution.covered_labels
    background = attribution.rows_of("background")
    assert (attribution.label_index[background] == -1).all()
    assert np.isnan(attribution.iou[background]).all()
    # Every item's own type: the covered label of frame 2 is localization, not missed.
    label_of_frame_2 = int(np.flatnonzero(attribution.evaluation.items.label_frame == 2)[0])
    assert ERROR_TYPES[attribution.label_error[label_of_frame_2]] is ErrorType.LOCALIZATION


def test_examples_of_a_type_fill_the_example_columns():
    attribution = attribute(build())
    examples = attribution.examples("classification")
    assert len(examples) == 2
    assert sorted(examples.frame_index.tolist()) == [0, 7]
    assert examples.confidence.tolist() == pytest.approx([0.9, 0.8])
    assert len(attribution.examples("missed", class_index=DOG)) == 1


def test_oracle_fixes_move_counts_as_tide_does():
    attribution = attribute(build())
    base = attribution.evaluation.confusion.counts
    fixed = {kind: attribution.fixed_confusion(kind).counts for kind in ERROR_TYPES}
    # Classification: frame 0's confusion becomes a cat TP; frame 7's dog FP is suppressed.
    delta = fixed[ErrorType.CLASSIFICATION] - base
    assert delta[CAT, DOG] == -1 and delta[CAT, CAT] == 1 and delta[K, DOG] == -1
    assert np.abs(delta).sum() == 3
    # Localization: frame 2's prediction takes its label.
    delta = fixed[ErrorType.LOCALIZATION] - base
    assert delta[CAT, CAT] == 1 and delta[CAT, K] == -1 and delta[K, CAT] == -1
    for kind, cell, count in [
        (ErrorType.DUPLICATE, (K, CAT), -1),
        (ErrorType.BOTH, (K, DOG), -1),
    ]:
        delta = fixed[kind] - base
        assert delta[cell] == count and np.abs(delta).sum() == abs(count)
    delta = fixed[ErrorType.MISSED] - base
    assert delta[CAT, K] == -3 and delta[DOG, K] == -1 and np.abs(delta).sum() == 4
    delta = fixed[ErrorType.BACKGROUND] - base
    assert delta[K, CAT] == -2 and delta[K, DOG] == -1
    # Fixing an error type never lowers recall or precision of the weighted report here.
    reports = attribution.oracle_reports()
    assert reports[ErrorType.LOCALIZATION].weighted.recall > attribution.evaluation.report.weighted.recall


def test_background_iou_moves_a_prediction_between_background_and_localization():
    evaluator = build({0: ([(CAT, SQUARE)], [(CAT, tall(0.5), 0.9)])})
    assert attribute(evaluator).counts[ERROR_TYPES.index(ErrorType.BACKGROUND), CAT] == 1
    lowered = attribute(evaluator, background_iou=0.01)
    assert lowered.counts[ERROR_TYPES.index(ErrorType.LOCALIZATION), CAT] == 1
    assert lowered.counts[ERROR_TYPES.index(ErrorType.MISSED)].sum() == 0


def test_background_iou_above_the_iou_threshold_is_refused():
    with pytest.raises(InvalidInputError, match="background_iou"):
        attribute(build(), background_iou=0.7)


def test_coco_oracle_fixes_the_inputs():
    evaluator = build()
    attribution = attribute(evaluator)
    oracle = coco_oracle(attribution, evaluator.labels, evaluator.predictions)
    assert 0 < oracle.ap50 < 1
    for kind in ERROR_TYPES:
        assert oracle.fixed_ap50[kind] >= oracle.ap50 - 1e-12, kind
    # Fixing every missed label and false positive but not the confusion cannot reach 1.
    assert oracle.fixed_ap50[ErrorType.MISSED] < 1


boxes = st.tuples(st.integers(0, 20), st.integers(0, 20), st.integers(1, 12), st.integers(1, 12)).map(
    lambda b: [b[0], b[1], b[0] + b[2], b[1] + b[3]]
)


@st.composite
def scenes(draw):
    n_frames = draw(st.integers(1, 4))
    n_labels = draw(st.integers(0, 8))
    n_predictions = draw(st.integers(0, 10))
    labels = DetectionLabels(
        draw(st.lists(st.integers(0, n_frames - 1), min_size=n_labels, max_size=n_labels)),
        draw(st.lists(st.integers(0, 2), min_size=n_labels, max_size=n_labels)),
        np.reshape(draw(st.lists(boxes, min_size=n_labels, max_size=n_labels)), (-1, 4)),
    )
    predictions = DetectionPredictions(
        draw(st.lists(st.integers(0, n_frames - 1), min_size=n_predictions, max_size=n_predictions)),
        draw(st.lists(st.integers(0, 2), min_size=n_predictions, max_size=n_predictions)),
        np.reshape(draw(st.lists(boxes, min_size=n_predictions, max_size=n_predictions)), (-1, 4)),
        draw(st.lists(st.floats(0, 1), min_size=n_predictions, max_size=n_predictions)),
    )
    evaluator = DetectionEvaluator(labels, predictions, classes=["a", "b", "c"], n_frames=n_frames)
    confidence = draw(st.sampled_from([0.0, 0.3, 0.7]))
    iou = draw(st.sampled_from([0.3, 0.5, 0.75]))
    class_aware = draw(st.booleans())
    return evaluator, evaluator.evaluate(confidence=confidence, iou=iou, class_aware=class_aware)


@settings(max_examples=150, deadline=None)
@given(scenes())
def test_every_error_gets_exactly_one_type(scene):
    evaluator, evaluation = scene
    attribution = attribute_errors(evaluation, evaluator.pairs)
    matrix = evaluation.confusion
    # One row per confusion, per false positive, and per missed label.
    missed = attribution.counts[ERROR_TYPES.index(ErrorType.MISSED)].sum()
    assert len(attribution) == matrix.confusions + matrix.false_positives + missed
    assert missed + len(attribution.covered_labels) == matrix.false_negatives
    fp = evaluation.prediction_kept & (evaluation.prediction_partner < 0)
    assert ((attribution.prediction_error != NO_ERROR) == (fp | (evaluation.prediction_outcome == 1))).all()
    fn = evaluation.label_active & (evaluation.label_partner < 0)
    assert ((attribution.label_error != NO_ERROR) == (fn | (evaluation.label_outcome == 1))).all()
    # Fixing a type never removes true positives, and removes exactly its own errors.
    base = matrix.report
    for kind in ERROR_TYPES:
        fixed = attribution.fixed_confusion(kind)
        assert (fixed.counts >= 0).all()
        assert (fixed.report.true_positives >= base.true_positives).all()
        gained = fixed.report.true_positives.sum() - base.true_positives.sum()
        if kind is ErrorType.LOCALIZATION:
            assert gained == len(attribution.covered_labels)
        elif kind is ErrorType.CLASSIFICATION:
            assert gained == matrix.confusions
        else:
            assert gained == 0
