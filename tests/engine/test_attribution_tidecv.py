"""Error attribution against the ``tidecv`` package where the two definitions coincide.

TIDE matches class-aware and greedily by confidence; reefscope matches
optimally across classes. On scenes of separate objects where the most
confident prediction of an object is also its best-overlapping one, both
matchings agree, and so must every error count and every oracle gain in AP50.
tidecv imports OpenCV, seaborn and appdirs for its plots and data downloads,
which evaluation never calls: the test gives it empty stand-ins for those.
"""

import sys
import types

import numpy as np
import pytest

from reefscope.engine import DetectionEvaluator, DetectionLabels, DetectionPredictions
from reefscope.engine.attribution import ERROR_TYPES, ErrorType, attribute_errors, coco_oracle


def import_tidecv():
    for name in ("cv2", "seaborn", "appdirs"):
        if name not in sys.modules:
            stand_in = types.ModuleType(name)
            stand_in.FONT_HERSHEY_SIMPLEX = 0  # type: ignore[attr-defined]
            stand_in.user_data_dir = lambda *args, **kwargs: "/nonexistent"  # type: ignore[attr-defined]
            sys.modules[name] = stand_in
    tidecv = pytest.importorskip("tidecv")
    from tidecv import plotting

    plotting.Plotter = lambda *args, **kwargs: None  # plots only
    return tidecv


TIDE_NAMES = {
    ErrorType.CLASSIFICATION: "Cls",
    ErrorType.LOCALIZATION: "Loc",
    ErrorType.BOTH: "Both",
    ErrorType.DUPLICATE: "Dupe",
    ErrorType.BACKGROUND: "Bkg",
    ErrorType.MISSED: "Miss",
}
SCENARIOS = (
    "tp",
    "duplicate",
    "confusion",
    "class_fp",
    "localization",
    "localization_used",
    "both",
    "missed",
)
N_CLASSES = 3
SIDE = 50.0
ONE_BIN = 100 / 101 / N_CLASSES + 1e-9  # one recall bin of one class, in AP points


def scene(seed: int):
    """Objects 100 px apart; a prediction's IoU with its object is its height fraction."""
    rng = np.random.default_rng(seed)
    labels: list[tuple[int, int, list[float]]] = []
    predictions: list[tuple[int, int, list[float]]] = []
    scores = iter(rng.permutation(np.linspace(0.01, 0.99, 4000)))  # distinct: no tie orders to argue about
    n_frames = 12
    for obj in range(60):
        frame = int(rng.integers(n_frames))
        x = 100.0 * obj
        klass = obj if obj < N_CLASSES else int(rng.integers(N_CLASSES))
        other = (klass + 1 + int(rng.integers(N_CLASSES - 1))) % N_CLASSES
        kind = "tp" if obj < N_CLASSES else SCENARIOS[int(rng.integers(len(SCENARIOS)))]
        labels.append((frame, klass, [x, 0.0, x + SIDE, SIDE]))

        def predict(cls: int, fraction: float, *, frame: int = frame, x: float = x) -> None:
            predictions.append((frame, cls, [x, 0.0, x + SIDE, SIDE * fraction]))

        if kind in ("tp", "duplicate", "class_fp", "localization_used"):
            predict(klass, 1.0)
        if kind == "duplicate":
            predict(klass, 0.8)
        elif kind == "confusion":
            predict(other, 0.9)
        elif kind == "class_fp":
            predict(other, 0.7)
        elif kind in ("localization", "localization_used"):
            predict(klass, 0.3)
        elif kind == "both":
            predict(other, 0.3)
    for _ in range(10):  # background predictions in empty space
        predictions.append((int(rng.integers(n_frames)), int(rng.integers(N_CLASSES)), [-500.0, 0, -450, 50]))
    # Descending confidences in list order: an object's first (best) prediction is its most confident.
    confidences = np.array([next(scores) for _ in predictions])
    order = np.argsort(-confidences, kind="stable")
    return labels, predictions, confidences[order], n_frames


def reefscope_side(labels, predictions, confidences, n_frames):
    lf, lc, lb = zip(*labels, strict=True)
    pf, pc, pb = zip(*predictions, strict=True)
    label_table = DetectionLabels(lf, lc, np.array(lb))
    prediction_table = DetectionPredictions(pf, pc, np.array(pb), confidences)
    evaluator = DetectionEvaluator(
        label_table, prediction_table, classes=[f"c{i}" for i in range(N_CLASSES)], n_frames=n_frames
    )
    attribution = attribute_errors(evaluator.evaluate(confidence=0.0, iou=0.5), evaluator.pairs)
    return attribution, coco_oracle(attribution, label_table, prediction_table)


def tidecv_side(tidecv, labels, predictions, confidences):
    gt, preds = tidecv.Data("gt"), tidecv.Data("preds")
    for frame, klass, (x1, y1, x2, y2) in labels:
        gt.add_ground_truth(frame, klass, [x1, y1, x2 - x1, y2 - y1])
    for (frame, klass, (x1, y1, x2, y2)), score in zip(predictions, confidences, strict=True):
        preds.add_detection(frame, klass, float(score), [x1, y1, x2 - x1, y2 - y1])
    tide = tidecv.TIDE(pos_threshold=0.5, background_threshold=0.1)
    run = tide.evaluate(gt, preds, mode=tidecv.TIDE.BOX, name="run")
    counts = {error.short_name: len(found) for error, found in run.error_dict.items()}
    return counts, run.ap, tide.get_main_errors()["run"]


@pytest.mark.parametrize("seed", range(6))
def test_counts_and_ap50_gains_equal_tidecv(seed):
    tidecv = import_tidecv()
    labels, predictions, confidences, n_frames = scene(seed)
    attribution, oracle = reefscope_side(labels, predictions, confidences, n_frames)
    counts, ap, gains = tidecv_side(tidecv, labels, predictions, confidences)

    ours = {TIDE_NAMES[kind]: int(attribution.counts[i].sum()) for i, kind in enumerate(ERROR_TYPES)}
    assert ours == counts
    assert oracle.ap50 * 100 == pytest.approx(ap, abs=1e-9)
    for kind in ERROR_TYPES:
        # tidecv reports gains in AP points and clips negative ones (binning noise) to zero.
        # Recall thresholds: pycocotools uses linspace(0, 1, 101), tidecv i / 100; ten of them differ
        # in the last bit, so a recall landing exactly on one moves one bin of one class.
        ours_gain = max((oracle.fixed_ap50[kind] - oracle.ap50) * 100, 0.0)
        assert ours_gain == pytest.approx(gains[TIDE_NAMES[kind]], abs=ONE_BIN), kind
