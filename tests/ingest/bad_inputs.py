"""The corpus of malformed inputs: each writes its files, runs one import, and says what the
error must name (file, place in the file or frame, field, and what was wrong).

Every case runs against one shared workspace holding:

* ``voc/voc100``: the VOC sample (20 classes from classes.txt), inference set ``det``;
* ``coco/sample``: the COCO sample labels (80 categories);
* ``digits/test``: a classification dataset of frames d1..d5 (classes zero, one);
* ``shapes/yolo``: a YOLO dataset of frames a (200 x 100) and b (50 x 50), classes cat, dog.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from reefscope.ingest import (
    import_custom_metrics,
    import_embeddings,
    import_frame_metadata,
    import_inferences,
    import_labels,
)
from reefscope.store import Workspace
from tests.ingest.conftest import EXAMPLES, write_image

VOC = EXAMPLES / "voc100"
COCO = EXAMPLES / "coco-sample"

Run = Callable[[Workspace, Path], object]


@dataclass(frozen=True)
class Case:
    """One malformed input and the fragments its error message must contain."""

    name: str
    run: Run
    fragments: tuple[str, ...]


CASES: list[Case] = []


def case(*fragments: str) -> Callable[[Run], Run]:
    def register(run: Run) -> Run:
        CASES.append(Case(run.__name__, run, fragments))
        return run

    return register


def _write(path: Path, content: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content)
    return path


def _coco(images: list[dict[str, object]], annotations: list[dict[str, object]]) -> str:
    categories = [{"id": 1, "name": "person"}, {"id": 3, "name": "car"}]
    return json.dumps({"images": images, "annotations": annotations, "categories": categories})


_IMAGE = {"id": 7, "file_name": "photo.jpg", "width": 640, "height": 480}
_BOX = {"id": 1, "image_id": 7, "category_id": 3, "bbox": [1, 2, 3, 4], "area": 12, "iscrowd": 0}


def _coco_labels(tmp: Path, content: str | bytes) -> Callable[[Workspace], object]:
    path = _write(tmp / "instances.json", content)
    return lambda workspace: import_labels(workspace, "newcoco", "d", path, format="coco")


# -- COCO instances ---------------------------------------------------------


@case("instances.json", "line 1, column", "malformed JSON")
def truncated_json(workspace: Workspace, tmp: Path) -> object:
    return _coco_labels(tmp, _coco([_IMAGE], [_BOX])[:-40])(workspace)


@case("instances.json", "the file is empty")
def empty_json(workspace: Workspace, tmp: Path) -> object:
    return _coco_labels(tmp, "")(workspace)


@case("instances.json", "line 3", "expected UTF-8 text but got byte 0xff")
def non_utf8_json(workspace: Workspace, tmp: Path) -> object:
    return _coco_labels(tmp, b'{\n"images": [],\n"\xff": 1}')(workspace)


@case("instances.json", "annotations[1]", "field 'category_id'", "unknown category id 99")
def unknown_category_id(workspace: Workspace, tmp: Path) -> object:
    return _coco_labels(tmp, _coco([_IMAGE], [_BOX, {**_BOX, "id": 2, "category_id": 99}]))(workspace)


@case("instances.json", "images[0]", "frame 'photo'", "field 'width'", "positive width but got -640")
def negative_image_width(workspace: Workspace, tmp: Path) -> object:
    return _coco_labels(tmp, _coco([{**_IMAGE, "width": -640}], []))(workspace)


@case("instances.json", "annotations[0]", "frame 'photo'", "field 'bbox'", "non-negative width but got -3")
def negative_box_width(workspace: Workspace, tmp: Path) -> object:
    return _coco_labels(tmp, _coco([_IMAGE], [{**_BOX, "bbox": [1, 2, -3, 4]}]))(workspace)


@case("instances.json", "annotations[0]", "field 'bbox'", "finite number but got nan")
def nan_in_box(workspace: Workspace, tmp: Path) -> object:
    return _coco_labels(tmp, _coco([_IMAGE], [_BOX]).replace("[1, 2, 3, 4]", "[1, NaN, 3, 4]"))(workspace)


@case("instances.json", "images[1]", "frame 'photo'", "field 'frame_id'", "duplicate frame id 'photo'")
def duplicate_frame_ids_in_coco(workspace: Workspace, tmp: Path) -> object:
    other = {**_IMAGE, "id": 8, "file_name": "other/photo.jpg"}
    return _coco_labels(tmp, _coco([_IMAGE, other], []))(workspace)


@case("instances.json", "annotations[0]", "field 'image_id'", "image id 70, which is not under 'images'")
def annotation_on_unknown_image(workspace: Workspace, tmp: Path) -> object:
    return _coco_labels(tmp, _coco([_IMAGE], [{**_BOX, "image_id": 70}]))(workspace)


@case("instances.json", "field 'categories'", "expected a list under 'categories'")
def missing_categories(workspace: Workspace, tmp: Path) -> object:
    return _coco_labels(tmp, json.dumps({"images": [], "annotations": []}))(workspace)


# -- COCO results -------------------------------------------------------------


def _coco_results(tmp: Path, results: object) -> Callable[[Workspace], object]:
    path = _write(tmp / "results.json", json.dumps(results))
    return lambda workspace: import_inferences(workspace, "coco", "sample", "new", path, format="coco")


_RESULT = {"image_id": 42, "category_id": 18, "bbox": [1, 2, 3, 4], "score": 0.5}


@case("results.json", "[1]", "field 'score'", "confidence in [0, 1] but got 1.7")
def confidence_above_one(workspace: Workspace, tmp: Path) -> object:
    return _coco_results(tmp, [_RESULT, {**_RESULT, "score": 1.7}])(workspace)


@case("results.json", "[0]", "field 'image_id'", "image id 999999, which the dataset does not have")
def results_for_frames_the_dataset_lacks(workspace: Workspace, tmp: Path) -> object:
    return _coco_results(tmp, [{**_RESULT, "image_id": 999999}])(workspace)


@case("results.json", "[0]", "field 'category_id'", "unknown category id 12")
def results_with_unknown_category(workspace: Workspace, tmp: Path) -> object:
    return _coco_results(tmp, [{**_RESULT, "category_id": 12}])(workspace)  # 12 is a gap in COCO ids


@case("results.json", "[0]", "field 'bbox'", "expected [x, y, width, height]")
def results_with_short_box(workspace: Workspace, tmp: Path) -> object:
    return _coco_results(tmp, [{**_RESULT, "bbox": [1, 2, 3]}])(workspace)


# -- Pascal VOC -----------------------------------------------------------------


def _voc(tmp: Path, body: str, *, name: str = "2007_000027") -> Callable[[Workspace], object]:
    _write(tmp / "xml" / f"{name}.xml", body)
    return lambda workspace: import_labels(workspace, "voc", "broken", tmp / "xml", format="voc")


def _object(inner: str, *, name: str = "dog") -> str:
    size = "<size><width>10</width><height>10</height></size>"
    return f"<annotation>{size}<object><name>{name}</name>{inner}</object></annotation>"


_BNDBOX = "<bndbox><xmin>1</xmin><ymin>1</ymin><xmax>5</xmax><ymax>5</ymax></bndbox>"


@case("2007_000027.xml", "object 1", "frame '2007_000027'", "field 'bndbox'", "missing <bndbox>")
def xml_without_bndbox(workspace: Workspace, tmp: Path) -> object:
    return _voc(tmp, _object("<difficult>0</difficult>"))(workspace)


@case("2007_000027.xml", "line 2", "malformed XML")
def malformed_xml(workspace: Workspace, tmp: Path) -> object:
    return _voc(tmp, "<annotation>\n<object><name>dog</name></annotation>")(workspace)


@case("2007_000027.xml", "object 1", "field 'x2'", "x2 >= x1 but got x1=5, x2=1")
def xml_inverted_box(workspace: Workspace, tmp: Path) -> object:
    box = "<bndbox><xmin>5</xmin><ymin>1</ymin><xmax>1</xmax><ymax>5</ymax></bndbox>"
    return _voc(tmp, _object(box))(workspace)


@case("2007_000027.xml", "object 1", "field 'name'", "unknown class 'unicorn'")
def xml_unknown_class(workspace: Workspace, tmp: Path) -> object:
    return _voc(tmp, _object(_BNDBOX, name="unicorn"))(workspace)


@case("2007_000027.xml", "the file is empty")
def empty_xml(workspace: Workspace, tmp: Path) -> object:
    return _voc(tmp, "")(workspace)


@case("2007_000027.xml", "refused XML")
def xml_entity_expansion(workspace: Workspace, tmp: Path) -> object:
    bomb = '<?xml version="1.0"?><!DOCTYPE a [<!ENTITY b "bbbbbbbb">]><annotation>&b;</annotation>'
    return _voc(tmp, bomb)(workspace)


@case("2007_000027.xml", "field 'bndbox/ymax'", "finite number but got 'inf'")
def xml_infinite_coordinate(workspace: Workspace, tmp: Path) -> object:
    return _voc(tmp, _object(_BNDBOX.replace("<ymax>5</ymax>", "<ymax>inf</ymax>")))(workspace)


# -- YOLO -----------------------------------------------------------------------


def _yolo_files(tmp: Path, line: str, *, broken_image: bool = False) -> Callable[[Workspace], object]:
    write_image(tmp / "images" / "a.jpg", 20, 10)
    if broken_image:
        _write(tmp / "images" / "b.jpg", b"\xff\xd8 this is not a jpeg")
    _write(tmp / "labels" / "a.txt", f"0 0.5 0.5 0.1 0.1\n{line}\n")
    names = _write(tmp / "names.txt", "cat\ndog\n")
    return lambda workspace: import_labels(
        workspace, "newyolo", "d", tmp / "labels", format="yolo", images=tmp / "images", class_names=names
    )


@case("a.txt", "line 2", "frame 'a'", "field 'width'", "normalised coordinate in [0, 1] but got 1.2")
def yolo_coordinate_above_one(workspace: Workspace, tmp: Path) -> object:
    return _yolo_files(tmp, "1 0.5 0.5 1.2 0.1")(workspace)


@case("b.jpg", "frame 'b'", "field 'image'", "unreadable image")
def unreadable_image(workspace: Workspace, tmp: Path) -> object:
    return _yolo_files(tmp, "", broken_image=True)(workspace)


@case("a.txt", "line 2", "expected 'class x_center y_center width height' (5 values)")
def yolo_wrong_value_count(workspace: Workspace, tmp: Path) -> object:
    return _yolo_files(tmp, "1 0.5 0.5 0.1")(workspace)


@case("a.txt", "line 2", "field 'class'", "unknown class id 5: the class-names file has ids 0 to 1")
def yolo_class_id_out_of_range(workspace: Workspace, tmp: Path) -> object:
    return _yolo_files(tmp, "5 0.5 0.5 0.1 0.1")(workspace)


@case("b.txt", "line 1", "frame 'b'", "field 'confidence'", "confidence in [0, 1] but got '-0.2'")
def yolo_negative_confidence(workspace: Workspace, tmp: Path) -> object:
    path = _write(tmp / "predictions" / "b.txt", "0 0.5 0.5 0.1 0.1 -0.2\n")
    return import_inferences(
        workspace, "shapes", "yolo", "m", path.parent, format="yolo", class_names=["cat", "dog"]
    )


# -- per-image text -----------------------------------------------------------------


def _detections(tmp: Path, name: str, content: str) -> Callable[[Workspace], object]:
    _write(tmp / "detections" / f"{name}.txt", content)
    return lambda workspace: import_inferences(
        workspace, "voc", "voc100", "new", tmp / "detections", format="text", class_names=VOC / "classes.txt"
    )


@case("2007_000027.txt", "line 2", "frame '2007_000027'", "field 'confidence'", "finite number but got 'nan'")
def text_nan_confidence(workspace: Workspace, tmp: Path) -> object:
    return _detections(tmp, "2007_000027", "14 0.5 1 2 3 4\n14 nan 1 2 3 4\n")(workspace)


@case("2007_000027.txt", "line 1", "field 'confidence'", "confidence in [0, 1] but got '1.7'")
def text_confidence_above_one(workspace: Workspace, tmp: Path) -> object:
    return _detections(tmp, "2007_000027", "14 1.7 1 2 3 4\n")(workspace)


@case("elsewhere.txt", "frame 'elsewhere'", "field 'frame_id'", "which the dataset does not have")
def text_predictions_for_unknown_frame(workspace: Workspace, tmp: Path) -> object:
    return _detections(tmp, "elsewhere", "14 0.5 1 2 3 4\n")(workspace)


@case("2007_000027.txt", "line 1", "field 'y1'", "expected a number but got 'abc'")
def text_coordinate_not_a_number(workspace: Workspace, tmp: Path) -> object:
    return _detections(tmp, "2007_000027", "14 0.5 1 abc 3 4\n")(workspace)


@case("2007_000027.txt", "line 1", "field 'y2'", "y2 >= y1")
def text_inverted_box(workspace: Workspace, tmp: Path) -> object:
    return _detections(tmp, "2007_000027", "14 0.5 1 9 3 4\n")(workspace)


@case("2007_000027.txt", "line 1", "field 'class'", "unknown class id 20")
def text_class_id_out_of_range(workspace: Workspace, tmp: Path) -> object:
    return _detections(tmp, "2007_000027", "20 0.5 1 2 3 4\n")(workspace)


# -- classification tables, metadata, custom metrics, embeddings ---------------------


def _digits_labels(tmp: Path, name: str, content: str | bytes) -> Callable[[Workspace], object]:
    path = _write(tmp / name, content)
    return lambda workspace: import_labels(workspace, "digits", "test", path, format="table")


def _digits_predictions(tmp: Path, content: str) -> Callable[[Workspace], object]:
    path = _write(tmp / "predictions.csv", content)
    return lambda workspace: import_inferences(workspace, "digits", "test", "m", path, format="table")


@case("labels.csv", "field 'frame_id'", "missing column 'frame_id'", "got columns image_name, label")
def wrong_column_names(workspace: Workspace, tmp: Path) -> object:
    return _digits_labels(tmp, "labels.csv", "image_name,label\nd1,one\n")(workspace)


@case("labels.csv", "line 3", "frame 'd1'", "field 'frame_id'", "duplicate frame id 'd1'")
def duplicate_frame_ids_in_table(workspace: Workspace, tmp: Path) -> object:
    return _digits_labels(tmp, "labels.csv", "frame_id,class\nd1,one\nd1,zero\n")(workspace)


@case("labels.csv", "the file is empty")
def empty_csv(workspace: Workspace, tmp: Path) -> object:
    return _digits_labels(tmp, "labels.csv", "")(workspace)


@case("labels.csv", "line 2", "expected UTF-8 text but got byte 0xe9")
def latin1_csv(workspace: Workspace, tmp: Path) -> object:
    return _digits_labels(tmp, "labels.csv", "frame_id,class\ncaf\xe9,one\n".encode("latin-1"))(workspace)


@case("labels.csv", "line 3", "malformed CSV")
def ragged_csv(workspace: Workspace, tmp: Path) -> object:
    return _digits_labels(tmp, "labels.csv", "frame_id,class\nd1,one\nd2,one,extra\n")(workspace)


@case("labels.parquet", "not a readable Parquet file")
def corrupt_parquet(workspace: Workspace, tmp: Path) -> object:
    return _digits_labels(tmp, "labels.parquet", b"PAR1 definitely not parquet")(workspace)


@case("labels.csv", "line 2", "frame 'd1'", "field 'class'", "unknown class 'eleven'")
def table_unknown_class(workspace: Workspace, tmp: Path) -> object:
    return _digits_labels(tmp, "labels.csv", "frame_id,class\nd1,eleven\n")(workspace)


@case("predictions.csv", "line 3", "frame 'd2'", "field 'confidence'", "confidence in [0, 1] but got 1.7")
def table_confidence_above_one(workspace: Workspace, tmp: Path) -> object:
    return _digits_predictions(tmp, "frame_id,class,confidence\nd1,one,0.5\nd2,one,1.7\n")(workspace)


@case("predictions.csv", "line 2", "frame 'd9'", "field 'frame_id'", "which the dataset does not have")
def table_predictions_for_unknown_frame(workspace: Workspace, tmp: Path) -> object:
    return _digits_predictions(tmp, "frame_id,class,confidence\nd9,one,0.5\n")(workspace)


@case("predictions.csv", "field 'score.zero'", "missing column score.zero")
def table_scores_missing_a_class(workspace: Workspace, tmp: Path) -> object:
    return _digits_predictions(tmp, "frame_id,score.one\nd1,0.5\n")(workspace)


@case("predictions.csv", "line 2", "frame 'd1'", "field 'score.one'", "finite number but got nan")
def table_nan_score(workspace: Workspace, tmp: Path) -> object:
    return _digits_predictions(tmp, "frame_id,score.one,score.zero\nd1,NaN,0.5\n")(workspace)


@case("metadata.csv", "line 2", "frame 'ghost'", "field 'frame_id'", "metadata for frame 'ghost'")
def metadata_for_unknown_frame(workspace: Workspace, tmp: Path) -> object:
    path = _write(tmp / "metadata.csv", "frame_id,weather\nghost,rain\n")
    return import_frame_metadata(workspace, "digits", "test", path)


@case("metrics.json", "[0]", "frame 'd1'", "field 'confusion'", "3 x 3 matrix")
def custom_metrics_wrong_matrix_size(workspace: Workspace, tmp: Path) -> object:
    path = _write(tmp / "metrics.json", json.dumps([{"frame_id": "d1", "confusion": [[1, 0], [0, 1]]}]))
    return import_custom_metrics(workspace, "digits", "test", "mlp", path)


@case("frames.npy", "vector 1", "frame 'd2'", "field 'vector'", "finite values")
def embedding_with_nan(workspace: Workspace, tmp: Path) -> object:
    np.save(tmp / "frames.npy", np.array([[1.0, 2.0], [np.nan, 0.0]]))
    _write(tmp / "frames.ids.txt", "d1\nd2\n")
    return import_embeddings(workspace, "digits", "test", tmp / "frames.npy", kind="frame")


@case("frames.npy", "3 ids for 2 vectors")
def embedding_ids_do_not_match(workspace: Workspace, tmp: Path) -> object:
    np.save(tmp / "frames.npy", np.zeros((2, 4)))
    _write(tmp / "frames.ids.txt", "d1\nd2\nd3\n")
    return import_embeddings(workspace, "digits", "test", tmp / "frames.npy", kind="frame")


@case("crops.npz", "vector 0", "field 'id'", "no frame, label or prediction has id 'd1:gt:7'")
def crop_embedding_for_unknown_label(workspace: Workspace, tmp: Path) -> object:
    np.savez(tmp / "crops.npz", ids=np.array(["d1:gt:7"]), vectors=np.zeros((1, 3)))
    return import_embeddings(workspace, "digits", "test", tmp / "crops.npz", kind="crop")


def build_base_workspace(path: Path, scratch: Path) -> Workspace:
    """The workspace every case runs against (see the module docstring)."""
    workspace = Workspace(path)
    import_labels(workspace, "voc", "voc100", VOC / "annotations", format="voc", classes=VOC / "classes.txt")
    import_inferences(
        workspace, "voc", "voc100", "det", VOC / "detections", format="text", class_names=VOC / "classes.txt"
    )
    import_labels(workspace, "coco", "sample", COCO / "instances.json", format="coco")
    labels = _write(
        scratch / "digits.csv",
        "frame_id,class\n" + "".join(f"d{i},{'one' if i % 2 else 'zero'}\n" for i in range(1, 6)),
    )
    import_labels(workspace, "digits", "test", labels, format="table")
    predictions = _write(scratch / "digits-predictions.csv", "frame_id,class,confidence\nd1,one,0.9\n")
    import_inferences(workspace, "digits", "test", "mlp", predictions, format="table")
    write_image(scratch / "images" / "a.jpg", 200, 100)
    write_image(scratch / "images" / "b.jpg", 50, 50)
    _write(scratch / "labels" / "a.txt", "0 0.5 0.5 0.1 0.1\n")
    import_labels(
        workspace,
        "shapes",
        "yolo",
        scratch / "labels",
        format="yolo",
        images=scratch / "images",
        class_names=["cat", "dog"],
    )
    return workspace
