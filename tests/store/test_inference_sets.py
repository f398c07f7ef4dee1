"""Inference sets: import, replace, validation against the dataset, reads."""

from __future__ import annotations

import pyarrow as pa
import pytest

from reefscope.store import ConflictError, InvalidInputError, NotFoundError, Workspace, tables
from tests.store.helpers import CLASSES, detection_predictions


def test_put_and_read(populated: Workspace) -> None:
    record = populated.get_inference_set("p", "d", "m")
    assert (record.version, record.prediction_count, record.task) == (1, 12, "detection")
    assert populated.read_predictions("p", "d", "m").num_rows == 12
    assert [item.name for item in populated.list_inference_sets("p", "d")] == ["m"]


def test_reimport_replaces_and_drops_attached_data(populated: Workspace) -> None:
    populated.put_custom_metrics("p", "d", "m", pa.table({"frame_id": ["f0001"], "objective": [0.5]}))
    populated.put_embeddings(
        "p",
        "d",
        kind="crop",
        inference_set="m",
        vectors=pa.table({"crop_id": ["f0000:pred:0"], "vector": [[1.0]]}),
    )
    old = populated.get_inference_set("p", "d", "m")
    new = populated.put_inference_set(
        "p", "d", "m", predictions=detection_predictions(["f0009"]), model={"arch": "yolo"}
    )
    assert (new.version, new.prediction_count, new.model) == (2, 2, {"arch": "yolo"})
    assert new.content_id != old.content_id
    assert populated.list_custom_metrics("p", "d", "m") == []
    assert populated.list_embeddings("p", "d") == []
    assert not (populated.path / "data" / old.content_id).exists()


def test_predictions_on_frames_the_dataset_lacks_are_refused(populated: Workspace) -> None:
    with pytest.raises(InvalidInputError, match="'zzz', which the dataset does not have"):
        populated.put_inference_set("p", "d", "n", predictions=detection_predictions(["f0000", "zzz"]))
    with pytest.raises(NotFoundError):
        populated.get_inference_set("p", "d", "n")


@pytest.mark.parametrize(
    ("column", "value", "fragment"),
    [
        ("confidence", 1.7, "in [0, 1]"),
        ("confidence", float("nan"), "in [0, 1]"),
        ("x2", 1.0, "x2 >= x1"),
        ("y1", float("inf"), "finite"),
        ("class_index", 7, "class index in [0, 3)"),
    ],
)
def test_bad_prediction_values_name_row_frame_and_field(
    populated: Workspace, column: str, value: float, fragment: str
) -> None:
    predictions = detection_predictions(["f0000", "f0001"])
    index = predictions.column_names.index(column)
    values = predictions.column(column).to_pylist()
    values[3] = value
    predictions = predictions.set_column(
        index, column, pa.array(values, predictions.schema.field(column).type)
    )
    with pytest.raises(InvalidInputError) as caught:
        populated.put_inference_set("p", "d", "n", predictions=predictions)
    message = str(caught.value)
    assert fragment in message
    assert "predictions table, row 3, frame 'f0001'" in message
    assert f"field {column!r}" in message


def test_duplicate_prediction_ids_are_refused(populated: Workspace) -> None:
    predictions = detection_predictions(["f0000"])
    predictions = pa.concat_tables([predictions, predictions])
    with pytest.raises(InvalidInputError, match="appears more than once"):
        populated.put_inference_set("p", "d", "n", predictions=predictions)


def test_missing_and_unknown_columns_are_refused(populated: Workspace) -> None:
    predictions = detection_predictions(["f0000"])
    with pytest.raises(InvalidInputError, match="missing required column 'confidence'"):
        populated.put_inference_set("p", "d", "n", predictions=predictions.drop_columns(["confidence"]))
    with pytest.raises(InvalidInputError, match="unexpected column 'score'"):
        populated.put_inference_set(
            "p", "d", "n", predictions=predictions.append_column("score", pa.array([1.0, 1.0]))
        )


def test_predicted_classes_beyond_the_project_extend_it(populated: Workspace) -> None:
    predictions = detection_predictions(["f0000"])
    predictions = predictions.set_column(2, "class_index", pa.array([3, 0], pa.int32()))
    populated.put_inference_set("p", "d", "n", predictions=predictions, classes=[*CLASSES, "fish"])
    assert populated.get_project("p").class_names[-1] == "fish"


def test_a_dataset_replaced_mid_import_is_a_conflict(
    populated: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    from reefscope.store import faults

    other = Workspace(populated.path)

    def replace_dataset(stage: str) -> None:
        if stage == "table-renamed":
            faults.hook = None
            frames = other.read_frames("p", "d")
            other.put_dataset("p", "d", frames=frames, labels=other.read_labels("p", "d"))

    monkeypatch.setattr(faults, "hook", replace_dataset)
    with pytest.raises(ConflictError, match="run it again"):
        populated.put_inference_set("p", "d", "n", predictions=detection_predictions(["f0000"]))
    assert [item.name for item in populated.list_inference_sets("p", "d")] == ["m"]


def test_classification_scores_must_cover_every_class(workspace: Workspace) -> None:
    frames = pa.table({"frame_id": ["a", "b"]})
    labels = pa.table({"label_id": ["a:gt:0", "b:gt:0"], "frame_id": ["a", "b"], "class_index": [0, 1]})
    workspace.put_dataset(
        "c", "d", frames=frames, labels=labels, classes=["x", "y"], create_project=True, task="classification"
    )
    good = pa.table(
        {
            "prediction_id": ["a:pred:0"],
            "frame_id": ["a"],
            "class_index": [0],
            "confidence": [0.9],
            "scores": pa.array([[0.9, 0.1]], pa.list_(pa.float32())),
        }
    )
    assert workspace.put_inference_set("c", "d", "m", predictions=good).has_scores
    short = good.set_column(4, "scores", pa.array([[0.9]], pa.list_(pa.float32())))
    with pytest.raises(InvalidInputError, match="a score for each of the 2 classes"):
        workspace.put_inference_set("c", "d", "n", predictions=short)
    with pytest.raises(ConflictError, match="one score or confusion entry per class"):
        workspace.update_project("c", classes=["x", "y", "z"])
    second = good.set_column(0, "prediction_id", pa.array(["a:pred:1"]))
    two = pa.concat_tables([good, second])
    with pytest.raises(InvalidInputError, match="one prediction per frame"):
        workspace.put_inference_set("c", "d", "n", predictions=two)
    assert tables.CLASSIFICATION_PREDICTIONS.names == good.column_names
