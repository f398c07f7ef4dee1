"""End to end on real data: the PASCAL VOC sample, checked against dense per-frame solves."""

from pathlib import Path
from xml.etree import ElementTree

import numpy as np
import pytest

from reefscope.engine import DetectionEvaluator, DetectionLabels, DetectionPredictions
from tests.engine.reference import confusion_by_frames

VOC = Path(__file__).resolve().parents[2] / "examples" / "data" / "voc100"


@pytest.fixture(scope="module")
def voc():
    classes = (VOC / "classes.txt").read_text().split()
    stems = sorted(path.stem for path in (VOC / "annotations").glob("*.xml"))
    label_rows, pred_rows = [], []
    for frame, stem in enumerate(stems):
        root = ElementTree.parse(VOC / "annotations" / f"{stem}.xml").getroot()
        for obj in root.iter("object"):
            box = obj.find("bndbox")
            coords = [float(box.find(tag).text) for tag in ("xmin", "ymin", "xmax", "ymax")]
            label_rows.append((frame, classes.index(obj.find("name").text), coords))
        detections = VOC / "detections" / f"{stem}.txt"
        if detections.exists():
            for line in detections.read_text().splitlines():
                class_id, confidence, *coords = line.split()
                pred_rows.append((frame, int(class_id), [float(v) for v in coords], float(confidence)))
    labels = DetectionLabels(
        [r[0] for r in label_rows], [r[1] for r in label_rows], [r[2] for r in label_rows]
    )
    predictions = DetectionPredictions(
        [r[0] for r in pred_rows],
        [r[1] for r in pred_rows],
        [r[2] for r in pred_rows],
        [r[3] for r in pred_rows],
    )
    return labels, predictions, classes, len(stems)


def test_sample_is_what_we_think(voc):
    labels, predictions, classes, n_frames = voc
    assert n_frames == 100 and len(classes) == 20
    assert len(labels) > 200 and len(predictions) > 200


@pytest.mark.parametrize(("confidence", "iou"), [(0.0, 0.5), (0.3, 0.5), (0.5, 0.3), (0.5, 0.75), (0.8, 0.1)])
def test_counts_equal_dense_reference(voc, confidence, iou):
    labels, predictions, classes, n_frames = voc
    evaluator = DetectionEvaluator(labels, predictions, classes=classes, n_frames=n_frames)
    result = evaluator.evaluate(confidence=confidence, iou=iou)
    expected, total_iou = confusion_by_frames(
        labels.frame_index,
        labels.class_index,
        labels.boxes,
        predictions.frame_index,
        predictions.class_index,
        predictions.boxes,
        predictions.confidence,
        n_classes=len(classes),
        confidence=confidence,
        iou=iou,
    )
    assert result.matches.iou.sum() == pytest.approx(total_iou, abs=1e-9)
    np.testing.assert_array_equal(result.confusion.counts, expected)
    assert result.confusion.false_negatives == expected[:, -1].sum()
    assert result.confusion.false_positives == expected[-1, :].sum()
