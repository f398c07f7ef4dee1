"""Each reader on small hand-made inputs, and the import functions around them."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from reefscope.ingest import (
    DatasetFrames,
    import_custom_metrics,
    import_embeddings,
    import_frame_metadata,
    import_inferences,
    import_labels,
    read_classification_labels,
    read_custom_metrics,
    read_embeddings,
    read_text_labels,
    read_yolo_labels,
    read_yolo_predictions,
)
from reefscope.store import Workspace
from tests.ingest.conftest import EXAMPLES, write_image


def _yolo_layout(root: Path) -> tuple[Path, Path, Path]:
    images, labels = root / "images", root / "labels"
    write_image(images / "a.jpg", 200, 100)
    write_image(images / "b.png", 50, 50)
    write_image(images / "empty.jpg", 10, 10)
    labels.mkdir()
    (labels / "a.txt").write_text("1 0.5 0.5 0.2 0.4\n\n0 0.1 0.1 0.2 0.2\n")
    (labels / "b.txt").write_text("0 0.5 0.5 1 1\n")
    names = labels / "classes.txt"
    names.write_text("cat\ndog\n")
    return images, labels, names


def test_yolo_labels_are_denormalised_with_image_sizes(tmp_path: Path) -> None:
    images, labels, names = _yolo_layout(tmp_path)
    result = read_yolo_labels(labels, images=images, class_names=names)
    assert result.classes == ("cat", "dog")
    frames = {row["frame_id"]: row for row in result.frames.to_pylist()}
    assert frames["a"]["width"] == 200 and frames["b"]["image"] == "b.png"
    assert "empty" in frames  # an image without a label file is a frame without labels
    rows = result.labels.to_pylist()
    assert [row["label_id"] for row in rows] == ["a:gt:0", "a:gt:1", "b:gt:0"]
    assert [rows[0][key] for key in ("class_index", "x1", "y1", "x2", "y2")] == pytest.approx(
        [1, 80, 30, 120, 70]
    )
    assert [rows[2][key] for key in ("x1", "y1", "x2", "y2")] == pytest.approx([0, 0, 50, 50])


def test_yolo_predictions_use_the_dataset_frame_sizes(tmp_path: Path) -> None:
    images, labels, names = _yolo_layout(tmp_path)
    dataset = read_yolo_labels(labels, images=images, class_names=names)
    predictions_dir = tmp_path / "predictions"
    predictions_dir.mkdir()
    (predictions_dir / "a.txt").write_text("0 0.5 0.5 0.5 0.5 0.9\n")
    result = read_yolo_predictions(
        predictions_dir,
        class_names=names,
        classes=dataset.classes,
        frames=DatasetFrames.from_table(dataset.frames),
    )
    row = result.predictions.to_pylist()[0]
    assert [row[key] for key in ("x1", "y1", "x2", "y2", "confidence")] == pytest.approx(
        [50, 25, 150, 75, 0.9]
    )


def test_yolo_end_to_end(workspace: Workspace, tmp_path: Path) -> None:
    images, labels, names = _yolo_layout(tmp_path)
    import_labels(workspace, "y", "d", labels, format="yolo", images=images, class_names=names)
    predictions_dir = tmp_path / "predictions"
    predictions_dir.mkdir()
    (predictions_dir / "b.txt").write_text("1 0.5 0.5 0.5 0.5 0.4\n")
    record = import_inferences(workspace, "y", "d", "m", predictions_dir, format="yolo", class_names=names)
    assert record.prediction_count == 1


def test_text_labels_by_id_with_a_class_names_file(tmp_path: Path) -> None:
    directory = tmp_path / "labels"
    directory.mkdir()
    (directory / "x.txt").write_text("2 0 0 10 10\nsheep 1 1 2 2\n")
    result = read_text_labels(directory, classes=["cow", "dog", "sheep"])
    assert result.labels.column("class_index").to_pylist() == [2, 2]
    names = tmp_path / "names.txt"
    names.write_text("sheep\ncow\ndog\n")
    by_names_file = read_text_labels(directory, classes=["cow", "dog", "sheep"], class_names=names)
    assert by_names_file.labels.column("class_index").to_pylist() == [1, 2]


@pytest.mark.parametrize("suffix", [".csv", ".parquet"])
def test_classification_labels_and_predictions_from_tables(
    workspace: Workspace, tmp_path: Path, suffix: str
) -> None:
    images = tmp_path / "images"
    write_image(images / "d1.png", 8, 8)
    write_image(images / "d2.png", 8, 8)
    labels = pa.table(
        {
            "frame_id": ["d1", "d2", "d3"],
            "class": ["seven", "one", "seven"],
            "image": ["d1.png", "d2.png", None],
            "writer": ["ann", "bob", "ann"],
            "strokes": [3, 1, 2],
            "clean": [True, False, True],
        }
    )
    predictions = pa.table(
        {
            "frame_id": ["d1", "d2"],
            "score.one": [0.2, 0.7],
            "score.seven": [0.8, 0.3],
        }
    )
    labels_path, predictions_path = tmp_path / f"labels{suffix}", tmp_path / f"predictions{suffix}"
    _write(labels, labels_path)
    _write(predictions, predictions_path)
    dataset = import_labels(workspace, "digits", "test", labels_path, format="table", images=images)
    assert workspace.get_project("digits").task == "classification"
    assert workspace.get_project("digits").class_names == ("one", "seven")
    frames = workspace.read_frames("digits", "test")
    assert frames.column_names == [
        "frame_id",
        "image",
        "width",
        "height",
        "meta.writer",
        "meta.strokes",
        "meta.clean",
    ]
    assert frames.schema.field("meta.strokes").type == pa.int64()
    assert frames.schema.field("meta.clean").type == pa.bool_()
    assert frames.column("width").to_pylist() == [8, 8, None]
    assert dataset.label_count == 3
    record = import_inferences(workspace, "digits", "test", "mlp", predictions_path, format="table")
    assert record.has_scores
    stored = workspace.read_predictions("digits", "test", "mlp").to_pylist()
    assert [(row["class_index"], row["confidence"]) for row in stored] == [(1, 0.8), (0, 0.7)]
    assert stored[0]["scores"] == pytest.approx([0.2, 0.8])


def test_classification_ids_and_metadata_types_from_csv(tmp_path: Path) -> None:
    path = tmp_path / "labels.csv"
    path.write_text("frame_id,class,score,flag,note\n001,1,0.5,true,x\n002,0,,false,\n")
    result = read_classification_labels(path, classes=["zero", "one"])
    assert result.frames.column("frame_id").to_pylist() == ["001", "002"]
    assert result.labels.column("class_index").to_pylist() == [1, 0]
    types = {field.name: field.type for field in result.frames.schema}
    assert types["meta.score"] == pa.float64() and types["meta.flag"] == pa.bool_()


def test_frame_metadata_side_file(workspace: Workspace, tmp_path: Path) -> None:
    side = tmp_path / "metadata.csv"
    side.write_text("frame_id,time_of_day,speed\n2007_000027,night,3\n2007_000032,day,\n")
    voc = EXAMPLES / "voc100"
    import_labels(workspace, "voc", "v", voc / "annotations", format="voc", metadata=side)
    frames = workspace.read_frames("voc", "v")
    assert frames.column("meta.time_of_day").to_pylist()[:3] == ["night", "day", None]
    assert frames.schema.field("meta.speed").type == pa.int64()
    workspace.put_embeddings(
        "voc", "v", kind="frame", vectors=pa.table({"frame_id": ["2007_000027"], "vector": [[1.0]]})
    )
    side.write_text("frame_id,time_of_day\n2007_000027,dawn\n")
    updated = import_frame_metadata(workspace, "voc", "v", side)
    assert updated.version == 2
    frames = workspace.read_frames("voc", "v")
    assert frames.column("meta.time_of_day").to_pylist()[:2] == ["dawn", None]
    assert "meta.speed" in frames.column_names
    assert workspace.get_embeddings("voc", "v", kind="frame").count == 1


def test_custom_metrics_from_json_csv_and_parquet(workspace: Workspace, tmp_path: Path) -> None:
    frames = ["a", "b"]
    matrix = [[1, 0, 0], [0, 2, 1], [1, 0, 0]]
    as_json = tmp_path / "metrics.json"
    as_json.write_text(
        json.dumps(
            [{"frame_id": "a", "objective": 0.5, "confusion": matrix}, {"frame_id": "b", "objective": 1}]
        )
    )
    table = read_custom_metrics(as_json, frame_ids=frames, n_classes=2)
    assert table.column("confusion").to_pylist() == [[1, 0, 0, 0, 2, 1, 1, 0, 0], None]
    mapping = tmp_path / "mapping.json"
    mapping.write_text(json.dumps({"a": {"confusion": [count for row in matrix for count in row]}}))
    assert read_custom_metrics(mapping, frame_ids=frames, n_classes=2).num_rows == 1
    as_csv = tmp_path / "metrics.csv"
    as_csv.write_text(
        'frame_id,objective,confusion\na,0.25,"[[1,0,0],[0,2,1],[1,0,0]]"\nb,,"[0,0,0,0,0,0,0,0,1]"\n'
    )
    assert read_custom_metrics(as_csv, frame_ids=frames, n_classes=2).column("objective").to_pylist() == [
        0.25,
        None,
    ]
    as_parquet = tmp_path / "metrics.parquet"
    pq.write_table(pa.table({"frame_id": frames, "confusion": [matrix, matrix]}), as_parquet)
    assert read_custom_metrics(as_parquet, frame_ids=frames, n_classes=2).num_rows == 2

    labels = tmp_path / "labels.csv"
    labels.write_text("frame_id,class\na,x\nb,y\n")
    predictions = tmp_path / "predictions.csv"
    predictions.write_text("frame_id,class,confidence\na,x,0.9\n")
    import_labels(workspace, "c", "d", labels, format="table")
    import_inferences(workspace, "c", "d", "m", predictions, format="table")
    record = import_custom_metrics(workspace, "c", "d", "m", as_csv)
    assert (record.has_objective, record.has_confusion) == (True, True)


def test_embeddings_from_npy_npz_and_parquet(workspace: Workspace, tmp_path: Path) -> None:
    voc = EXAMPLES / "voc100"
    import_labels(workspace, "voc", "v", voc / "annotations", format="voc")
    ids = workspace.read_frames("voc", "v").column("frame_id").to_pylist()[:3]
    vectors = np.arange(12, dtype=np.float64).reshape(3, 4)
    np.save(tmp_path / "frames.npy", vectors)
    (tmp_path / "frames.ids.txt").write_text("\n".join(ids) + "\n")
    record = import_embeddings(workspace, "voc", "v", tmp_path / "frames.npy", kind="frame")
    assert (record.dimension, record.count) == (4, 3)
    stored = workspace.read_embeddings("voc", "v", kind="frame")
    assert np.allclose(np.array(stored.column("vector").to_pylist()), vectors)
    label_ids = workspace.read_labels("voc", "v").column("label_id").to_pylist()[:2]
    np.savez(tmp_path / "crops.npz", ids=np.array(label_ids), vectors=np.ones((2, 5)))
    assert import_embeddings(workspace, "voc", "v", tmp_path / "crops.npz", kind="crop").count == 2
    pq.write_table(
        pa.table({"label_id": label_ids, "e0": [0.1, 0.2], "e1": [1.0, 2.0]}), tmp_path / "crops.parquet"
    )
    table = read_embeddings(tmp_path / "crops.parquet", kind="crop", known_ids=label_ids)
    assert table.column("vector").to_pylist() == [pytest.approx([0.1, 1.0]), pytest.approx([0.2, 2.0])]


def test_copy_images_keeps_a_private_copy(workspace: Workspace) -> None:
    indoor = EXAMPLES / "indoor85"
    dataset = import_labels(
        workspace,
        "indoor",
        "d",
        indoor / "ground-truth",
        format="text",
        images=indoor / "images",
        copy_images=True,
    )
    (root,) = dataset.image_roots
    assert root.is_relative_to(workspace.path)
    assert len(list(root.iterdir())) == 85


def _write(table: pa.Table, path: Path) -> None:
    if path.suffix == ".csv":
        import pyarrow.csv as pa_csv

        pa_csv.write_csv(table, path)
    else:
        pq.write_table(table, path)


def test_a_class_names_file_orders_the_classes_of_a_new_project(tmp_path: Path) -> None:
    directory = tmp_path / "labels"
    directory.mkdir()
    (directory / "x.txt").write_text("2 0 0 10 10\nzebra 1 1 2 2\n")
    names = tmp_path / "names.txt"
    names.write_text("sheep\ncow\ndog\n")
    result = read_text_labels(directory, class_names=names)
    assert result.classes == ("sheep", "cow", "dog", "zebra")
    assert result.labels.column("class_index").to_pylist() == [2, 3]
