"""The service on real sample data: numbers equal the engine's, segments, custom metrics, COCO."""

import contextlib
import io
import json
from pathlib import Path

import numpy as np
import pytest

from reefscope.engine import InvalidInputError
from reefscope.ingest.imports import import_custom_metrics, import_inferences, import_labels
from reefscope.service.core import Service, Thresholds
from reefscope.store import Workspace

DATA = Path(__file__).resolve().parents[2] / "examples" / "data"


@pytest.fixture(scope="module")
def service(tmp_path_factory):
    workspace = Workspace(tmp_path_factory.mktemp("workspace"))
    voc = DATA / "voc100"
    import_labels(
        workspace,
        "voc",
        "val",
        voc / "annotations",
        format="voc",
        images=voc / "images",
        classes=voc / "classes.txt",
    )
    import_inferences(
        workspace,
        "voc",
        "val",
        "detector",
        voc / "detections",
        format="text",
        class_names=voc / "classes.txt",
    )
    coco = DATA / "coco-sample"
    import_labels(workspace, "coco", "val", coco / "instances.json", format="coco")
    import_inferences(
        workspace,
        "coco",
        "val",
        "model",
        coco / "detections.json",
        format="coco",
        categories=coco / "instances.json",
    )
    return Service(workspace)


def test_metrics_equal_the_engine(service):
    loaded = service.inferences("voc", "val", "detector")
    result = service.metrics("voc", "val", "detector", confidence=0.4, iou=0.6)
    direct = loaded.evaluator.evaluate(confidence=0.4, iou=0.6)
    np.testing.assert_array_equal(result.confusion.counts, direct.confusion.counts)
    assert result.summary.f1 == direct.report.weighted.f1
    assert result.settings.source == "matching"
    assert result.summary.frame_count == 100


def test_defaults_come_from_the_project(service):
    project = service.workspace.get_project("voc")
    result = service.metrics("voc", "val", "detector")
    assert (result.settings.confidence, result.settings.iou) == (
        project.confidence_threshold,
        project.iou_threshold,
    )


def test_evaluators_are_cached_and_invalidated_by_reimport(service, tmp_path):
    first = service.inferences("voc", "val", "detector")
    assert service.inferences("voc", "val", "detector") is first
    voc = DATA / "voc100"
    import_inferences(
        service.workspace,
        "voc",
        "val",
        "detector",
        voc / "detections",
        format="text",
        class_names=voc / "classes.txt",
    )
    again = service.inferences("voc", "val", "detector")
    assert again is not first
    assert again.inference_set.version == first.inference_set.version + 1


def test_segment_restricts_frames_and_verdict_follows_thresholds(service):
    frames = service.dataset("voc", "val").frame_ids.to_pylist()[:30]
    service.workspace.create_segment(
        "voc", "val", "first30", frames=frames, kind="regression_test", precision=0.0, recall=1.0
    )
    try:
        scoped = service.metrics("voc", "val", "detector", segment="first30")
        assert scoped.summary.frame_count == 30
        verdict = service.regression_verdict("voc", "val", "detector")
        recall = next(check for check in verdict.tests[0].checks if check.metric == "recall")
        assert recall.succeeds is (recall.score is not None and recall.score >= 1.0)
        assert verdict.passed is all(c.succeeds is not False for c in verdict.tests[0].checks)
        service.workspace.update_segment("voc", "val", "first30", recall=0.0)
        assert service.regression_verdict("voc", "val", "detector").passed
    finally:
        service.workspace.delete_segment("voc", "val", "first30")


def test_compare_delta_is_second_minus_first(service):
    comparison = service.compare(
        "voc", "val", ("detector", Thresholds(0.3, 0.5)), ("detector", Thresholds(0.8, 0.5))
    )
    np.testing.assert_array_equal(
        comparison.delta, comparison.second.confusion.counts - comparison.first.confusion.counts
    )
    assert comparison.delta[-1, :].sum() < 0  # a higher threshold keeps fewer false positives


def test_custom_confusion_matrices_replace_matching(service, tmp_path):
    classes = service.workspace.get_project("voc").class_names
    size = len(classes) + 1
    frames = service.dataset("voc", "val").frame_ids.to_pylist()[:3]
    rows = []
    for position, frame_id in enumerate(frames):
        matrix = np.zeros((size, size), dtype=int)
        matrix[0, 0] = position + 1
        matrix[1, size - 1] = 1
        rows.append({"frame_id": frame_id, "objective": 0.5 * position, "confusion": matrix.tolist()})
    path = tmp_path / "custom.json"
    path.write_text(json.dumps(rows))
    import_custom_metrics(service.workspace, "voc", "val", "detector", path)
    result = service.metrics("voc", "val", "detector", confidence=0.9, iou=0.9)
    assert result.settings.source == "custom"
    assert result.confusion.counts[0, 0] == 6 and result.confusion.counts[1, -1] == 3
    assert result.summary.objective == pytest.approx(0.5)
    with pytest.raises(InvalidInputError, match="custom metrics"):
        service.examples("voc", "val", "detector", [(0, 0)])
    service.workspace.delete_custom_metrics("voc", "val", "detector")
    assert service.metrics("voc", "val", "detector").settings.source == "matching"


def test_coco_map_matches_pycocotools_on_the_sample(service):
    from pycocotools.coco import COCO
    from pycocotools.cocoeval import COCOeval

    ours = service.coco("coco", "val", "model")
    with contextlib.redirect_stdout(io.StringIO()):
        truth = COCO(str(DATA / "coco-sample" / "instances.json"))
        results = truth.loadRes(str(DATA / "coco-sample" / "detections.json"))
        evaluation = COCOeval(truth, results, iouType="bbox")
        evaluation.evaluate()
        evaluation.accumulate()
        evaluation.summarize()
    # Boxes are stored as corners, so the comparison is to floating-point noise, not bits.
    np.testing.assert_allclose(ours.stats, evaluation.stats, atol=1e-9)
