"""Every sample set in examples/data imports, with the numbers its files hold."""

from __future__ import annotations

import json

import numpy as np
import pyarrow.compute as pc
import pytest

from reefscope.ingest import InputFileError, import_inferences, import_labels
from reefscope.store import Workspace
from tests.ingest.conftest import EXAMPLES

VOC = EXAMPLES / "voc100"
INDOOR = EXAMPLES / "indoor85"
COCO = EXAMPLES / "coco-sample"


def _lines(directory_glob: str) -> list[list[str]]:
    root = EXAMPLES
    return [
        line.split()
        for path in sorted(root.glob(directory_glob))
        for line in path.read_text().splitlines()
        if line.strip()
    ]


def test_voc100_labels_and_detections(workspace: Workspace) -> None:
    dataset = import_labels(
        workspace,
        "voc",
        "voc100",
        VOC / "annotations",
        format="voc",
        images=VOC / "images",
        classes=VOC / "classes.txt",
    )
    classes = tuple((VOC / "classes.txt").read_text().split())
    assert workspace.get_project("voc").class_names == classes
    assert dataset.frame_count == 100
    assert dataset.image_roots == ((VOC / "images").resolve(),)
    labels = workspace.read_labels("voc", "voc100")
    objects = sum(path.read_text().count("<object>") for path in (VOC / "annotations").glob("*.xml"))
    assert labels.num_rows == objects
    difficult = sum(
        path.read_text().count("<difficult>1</difficult>") for path in (VOC / "annotations").glob("*.xml")
    )
    assert pc.sum(labels.column("difficult")).as_py() == difficult > 0
    first = labels.slice(0, 1).to_pylist()[0]  # 2007_000027.xml: one person at 174 101 349 351
    assert (first["frame_id"], classes[first["class_index"]]) == ("2007_000027", "person")
    assert [first[key] for key in ("x1", "y1", "x2", "y2")] == [174, 101, 349, 351]
    frames = workspace.read_frames("voc", "voc100")
    assert frames.slice(0, 1).to_pylist()[0] | {} == {
        "frame_id": "2007_000027",
        "image": "2007_000027.jpg",
        "width": 486,
        "height": 500,
    }

    inferences = import_inferences(
        workspace,
        "voc",
        "voc100",
        "detector",
        VOC / "detections",
        format="text",
        class_names=VOC / "classes.txt",
    )
    rows = _lines("voc100/detections/*.txt")
    assert inferences.prediction_count == len(rows)
    predictions = workspace.read_predictions("voc", "voc100", "detector")
    expected_classes = [classes[int(row[0])] for row in rows]
    assert [classes[index] for index in predictions.column("class_index").to_pylist()] == expected_classes
    assert np.allclose(predictions.column("confidence").to_numpy(), [float(row[1]) for row in rows])
    # Two images have no detection file: they are frames without predictions.
    assert len(set(predictions.column("frame_id").to_pylist())) == 98


def test_indoor85_derives_classes_and_extends_them_for_predictions(workspace: Workspace) -> None:
    dataset = import_labels(
        workspace, "indoor", "indoor85", INDOOR / "ground-truth", format="text", images=INDOOR / "images"
    )
    names = sorted({row[0] for row in _lines("indoor85/ground-truth/*.txt")})
    assert len(names) == 30
    assert workspace.get_project("indoor").class_names == tuple(names)
    assert (dataset.frame_count, dataset.label_count) == (85, len(_lines("indoor85/ground-truth/*.txt")))
    frames = workspace.read_frames("indoor", "indoor85")
    assert pc.min(frames.column("width")).as_py() > 0

    # The detector also predicts 8 classes no label uses: refused unless asked for.
    with pytest.raises(InputFileError, match="unknown class 'refrigerator'"):
        import_inferences(workspace, "indoor", "indoor85", "detector", INDOOR / "detections", format="text")
    assert workspace.list_inference_sets("indoor", "indoor85") == []
    inferences = import_inferences(
        workspace,
        "indoor",
        "indoor85",
        "detector",
        INDOOR / "detections",
        format="text",
        new_classes="extend",
    )
    detected = {row[0] for row in _lines("indoor85/detections/*.txt")}
    project = workspace.get_project("indoor")
    assert project.class_names == tuple(names) + tuple(sorted(detected - set(names)))
    assert inferences.prediction_count == len(_lines("indoor85/detections/*.txt"))


def test_coco_sample_labels_and_results(workspace: Workspace) -> None:
    instances = json.loads((COCO / "instances.json").read_text())
    dataset = import_labels(workspace, "coco", "sample", COCO / "instances.json", format="coco")
    categories = instances["categories"]
    assert workspace.get_project("coco").class_names == tuple(item["name"] for item in categories)
    assert (dataset.frame_count, dataset.label_count) == (
        len(instances["images"]),
        len(instances["annotations"]),
    )
    labels = workspace.read_labels("coco", "sample").to_pylist()
    annotation = instances["annotations"][0]
    stored = next(row for row in labels if row["label_id"] == str(annotation["id"]))
    x, y, width, height = annotation["bbox"]
    assert [stored[key] for key in ("x1", "y1", "x2", "y2")] == pytest.approx([x, y, x + width, y + height])
    assert stored["area"] == pytest.approx(annotation["area"])
    index_of = {item["id"]: index for index, item in enumerate(categories)}
    assert stored["class_index"] == index_of[annotation["category_id"]]
    frames = workspace.read_frames("coco", "sample")
    image = instances["images"][0]
    assert frames.slice(0, 1).to_pylist()[0]["meta.coco_id"] == image["id"]
    assert frames.column("frame_id")[0].as_py() == image["file_name"].rsplit(".", 1)[0]

    results = json.loads((COCO / "detections.json").read_text())
    inferences = import_inferences(
        workspace, "coco", "sample", "detector", COCO / "detections.json", format="coco"
    )
    assert inferences.prediction_count == len(results)
    predictions = workspace.read_predictions("coco", "sample", "detector").to_pylist()
    frame_of = {item["id"]: item["file_name"].rsplit(".", 1)[0] for item in instances["images"]}
    for result, row in zip(results[:50], predictions[:50], strict=True):
        assert row["frame_id"] == frame_of[result["image_id"]]
        assert row["class_index"] == index_of[result["category_id"]]
        assert row["confidence"] == result["score"]


def test_reimport_of_a_sample_replaces_it(workspace: Workspace) -> None:
    first = import_labels(workspace, "coco", "sample", COCO / "instances.json", format="coco")
    import_inferences(workspace, "coco", "sample", "detector", COCO / "detections.json", format="coco")
    second = import_labels(workspace, "coco", "sample", COCO / "instances.json", format="coco")
    assert second.version == first.version + 1
    assert second.metadata == first.metadata
    assert workspace.get_inference_set("coco", "sample", "detector").prediction_count > 0
