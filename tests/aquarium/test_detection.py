"""A detection project uploaded by the real client: two inference sets and embeddings, then the
same numbers as the same data imported from COCO files."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from reefscope.ingest.imports import import_inferences, import_labels
from reefscope.service.core import Service
from reefscope.store import Workspace
from tests.aquarium.conftest import KEY
from tests.aquarium.data import voc_detection, write_coco, write_json


def _by_name(counts: np.ndarray, classes: tuple[str, ...], order: list[str]) -> np.ndarray:
    position = [classes.index(name) for name in order] + [len(classes)]
    return counts[np.ix_(position, position)]


def test_detection_upload_matches_coco_import(server, image_host, run_script, tmp_path: Path) -> None:
    base, images = image_host
    data = voc_detection(base, images)
    result = run_script(
        "detection.py", server.endpoint, KEY, "voc_det", str(write_json(data, tmp_path / "data.json"))
    )
    answer = result.json()
    assert answer["datasets"] == ["inferences_val_model_a", "inferences_val_model_b", "val"]
    assert answer["inferences_exist"] == [True, True]
    assert answer["frame_count"] == len(data["frames"])

    uploaded = Workspace(server.home)
    project = uploaded.get_project("voc_det")
    assert project.task == "detection"
    assert (project.confidence_threshold, project.iou_threshold) == (0.3, 0.5)
    assert list(project.class_names) == data["classes"]
    dataset = uploaded.get_dataset("voc_det", "val")
    assert dataset.frame_count == len(data["frames"])
    assert dataset.label_count == sum(len(f["labels"]) for f in data["frames"])
    frame_vectors = uploaded.read_embeddings("voc_det", "val", kind="frame")
    assert frame_vectors.num_rows == len(data["frames"])
    assert uploaded.read_embeddings("voc_det", "val", kind="crop").num_rows == dataset.label_count
    for name in ("model_a", "model_b"):
        crops = uploaded.read_embeddings("voc_det", "val", kind="crop", inference_set=name)
        assert crops.num_rows == sum(len(f["predictions"]) for f in data["inferences"][name])

    instances, results = write_coco(data, tmp_path / "coco")
    reference = Workspace(tmp_path / "reference")
    import_labels(reference, "ref", "val", instances, format="coco")
    for name, path in results.items():
        import_inferences(reference, "ref", "val", name, path, format="coco")
    ours, theirs = Service(uploaded), Service(reference)
    reference_classes = reference.get_project("ref").class_names
    for name in ("model_a", "model_b"):
        for confidence, iou in ((0.0, 0.5), (0.3, 0.5), (0.5, 0.75), (0.1, 0.3)):
            got = ours.metrics("voc_det", "val", name, confidence=confidence, iou=iou)
            expected = theirs.metrics("ref", "val", name, confidence=confidence, iou=iou)
            np.testing.assert_array_equal(
                _by_name(got.confusion.counts, project.class_names, data["classes"]),
                _by_name(expected.confusion.counts, reference_classes, data["classes"]),
            )
            assert got.summary == expected.summary
