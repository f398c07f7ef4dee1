"""``reefscope import ...``: every importer from the command line; bad files exit 2 and write nothing."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import numpy as np
import pytest
from typer.testing import CliRunner

from reefscope.cli import app
from reefscope.store import Workspace
from tests.frontdoor import EXAMPLES, VOC, workspace_state


def reefscope(runner: CliRunner, home: Path, *args: str) -> object:
    return runner.invoke(app, ["--data-dir", str(home), *args], env={"COLUMNS": "100"})


def import_voc(runner: CliRunner, path: Path) -> Path:
    """Import voc100 labels and detections through the CLI."""
    labels = reefscope(
        runner,
        path,
        "import",
        "labels",
        str(VOC / "annotations"),
        "-p",
        "voc",
        "-d",
        "val",
        "--format",
        "voc",
        "--images",
        str(VOC / "images"),
        "--classes",
        str(VOC / "classes.txt"),
    )
    assert labels.exit_code == 0, labels.output
    assert "100 frames, 273 labels, 20 classes" in labels.stderr
    detections = reefscope(
        runner,
        path,
        "import",
        "inferences",
        str(VOC / "detections"),
        "-p",
        "voc",
        "-d",
        "val",
        "--name",
        "detector",
        "--format",
        "text",
        "--class-names",
        str(VOC / "classes.txt"),
        "--model",
        '{"name": "sample"}',
    )
    assert detections.exit_code == 0, detections.output
    return path


@pytest.fixture(scope="module")
def home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """voc100 imported through the CLI, shared by the tests that only read it or fail to write."""
    return import_voc(CliRunner(), tmp_path_factory.mktemp("cli-imports") / "ws")


@pytest.fixture
def fresh_home(runner: CliRunner, tmp_path: Path) -> Path:
    return import_voc(runner, tmp_path / "ws")


def test_labels_and_inferences(home: Path) -> None:
    store = Workspace(home)
    assert store.get_dataset("voc", "val").label_count == 273
    record = store.get_inference_set("voc", "val", "detector")
    assert record.prediction_count == 452
    assert record.model == {"name": "sample"}


def test_coco_labels_and_results_with_json_output(runner: CliRunner, tmp_path: Path) -> None:
    coco = EXAMPLES / "coco-sample"
    labels = reefscope(
        runner,
        tmp_path,
        "import",
        "labels",
        str(coco / "instances.json"),
        "-p",
        "coco",
        "-d",
        "val",
        "-f",
        "coco",
        "--json",
    )
    assert labels.exit_code == 0, labels.output
    assert json.loads(labels.stdout)["frame_count"] == 100
    results = reefscope(
        runner,
        tmp_path,
        "import",
        "inferences",
        str(coco / "detections.json"),
        "-p",
        "coco",
        "-d",
        "val",
        "-n",
        "detector",
        "-f",
        "coco",
        "--json",
    )
    assert results.exit_code == 0, results.output
    assert json.loads(results.stdout)["name"] == "detector"


def test_classification_tables(runner: CliRunner, tmp_path: Path) -> None:
    labels = tmp_path / "labels.csv"
    labels.write_text("frame_id,class,weather\nf1,cat,rain\nf2,dog,sun\nf3,dog,rain\n")
    predictions = tmp_path / "predictions.csv"
    predictions.write_text(
        "frame_id,class,confidence,score.cat,score.dog\nf1,cat,0.9,0.9,0.1\nf2,cat,0.6,0.6,0.4\nf3,dog,0.7,0.3,0.7\n"
    )
    home = tmp_path / "ws"
    assert (
        reefscope(
            runner,
            home,
            "import",
            "labels",
            str(labels),
            "-p",
            "pets",
            "-d",
            "all",
            "-f",
            "table",
            "--classes",
            "cat,dog",
        ).exit_code
        == 0
    )
    result = reefscope(
        runner,
        home,
        "import",
        "inferences",
        str(predictions),
        "-p",
        "pets",
        "-d",
        "all",
        "-n",
        "model",
        "-f",
        "table",
    )
    assert result.exit_code == 0, result.output
    data = json.loads(
        reefscope(runner, home, "metrics", "-p", "pets", "-d", "all", "-i", "model", "--json").stdout
    )
    assert data["confusion"]["counts"] == [[1, 0, 0], [1, 1, 0], [0, 0, 0]]
    where = reefscope(
        runner, home, "segment", "create", "rain", "-p", "pets", "-d", "all", "--where", "weather == 'rain'"
    )
    assert where.exit_code == 0 and "2 frames" in where.stderr


def test_embeddings_metadata_and_custom_metrics(runner: CliRunner, fresh_home: Path, tmp_path: Path) -> None:
    home = fresh_home
    store = Workspace(home)
    frame_ids = store.read_frames("voc", "val").column("frame_id").to_pylist()
    vectors = tmp_path / "frames.npz"
    np.savez(vectors, ids=np.array(frame_ids), vectors=np.random.default_rng(0).random((len(frame_ids), 8)))
    result = reefscope(
        runner, home, "import", "embeddings", str(vectors), "-p", "voc", "-d", "val", "--kind", "frame"
    )
    assert result.exit_code == 0, result.output
    assert "100 frame embeddings of dimension 8" in result.stderr

    prediction_ids = store.read_predictions("voc", "val", "detector").column("prediction_id").to_pylist()
    crops = tmp_path / "crops.npy"
    np.save(crops, np.ones((len(prediction_ids), 4)))
    ids = tmp_path / "crop-ids.txt"
    ids.write_text("\n".join(prediction_ids) + "\n")
    result = reefscope(
        runner,
        home,
        "import",
        "embeddings",
        str(crops),
        "-p",
        "voc",
        "-d",
        "val",
        "-i",
        "detector",
        "--kind",
        "crop",
        "--ids",
        str(ids),
    )
    assert result.exit_code == 0, result.output

    metadata = tmp_path / "meta.csv"
    metadata.write_text(
        "frame_id,time_of_day\n"
        + "".join(f"{f},{'night' if i % 4 == 0 else 'day'}\n" for i, f in enumerate(frame_ids))
    )
    result = reefscope(runner, home, "import", "metadata", str(metadata), "-p", "voc", "-d", "val")
    assert result.exit_code == 0, result.output
    night = reefscope(
        runner,
        home,
        "segment",
        "create",
        "night",
        "-p",
        "voc",
        "-d",
        "val",
        "--where",
        "time_of_day == 'night'",
        "--json",
    )
    assert night.exit_code == 0, night.output
    assert json.loads(night.stdout)["frame_count"] == 25

    custom = tmp_path / "custom.json"
    custom.write_text(json.dumps([{"frame_id": f, "objective": 0.5} for f in frame_ids[:10]]))
    result = reefscope(
        runner, home, "import", "custom-metrics", str(custom), "-p", "voc", "-d", "val", "-i", "detector"
    )
    assert result.exit_code == 0, result.output
    data = json.loads(
        reefscope(runner, home, "metrics", "-p", "voc", "-d", "val", "-i", "detector", "--json").stdout
    )
    assert data["summary"]["objective"] == 0.5


def _voc_with_bad_box(tmp_path: Path) -> list[str]:
    annotations = tmp_path / "bad-voc"
    shutil.copytree(VOC / "annotations", annotations)
    xml = annotations / "2007_000032.xml"
    xml.write_text(xml.read_text().replace("<xmax>", "<xmax>-", 1))
    return [
        "labels",
        str(annotations),
        "-p",
        "voc",
        "-d",
        "val",
        "-f",
        "voc",
        "--images",
        str(VOC / "images"),
    ]


def _detections_with_confidence(tmp_path: Path) -> list[str]:
    detections = tmp_path / "bad-detections"
    shutil.copytree(VOC / "detections", detections)
    (detections / "2007_000027.txt").write_text("14 0.9 10 10 50 50\n14 1.7 20 20 60 60\n")
    return [
        "inferences",
        str(detections),
        "-p",
        "voc",
        "-d",
        "val",
        "-n",
        "detector",
        "-f",
        "text",
        "--class-names",
        str(VOC / "classes.txt"),
    ]


def _predictions_on_unknown_frame(tmp_path: Path) -> list[str]:
    detections = tmp_path / "extra-frame"
    shutil.copytree(VOC / "detections", detections)
    (detections / "not_a_frame.txt").write_text("14 0.9 10 10 50 50\n")
    return [
        "inferences",
        str(detections),
        "-p",
        "voc",
        "-d",
        "val",
        "-n",
        "other",
        "-f",
        "text",
        "--class-names",
        str(VOC / "classes.txt"),
    ]


def _truncated_coco(tmp_path: Path) -> list[str]:
    broken = tmp_path / "instances.json"
    broken.write_text((EXAMPLES / "coco-sample" / "instances.json").read_text()[:5000])
    return ["labels", str(broken), "-p", "voc", "-d", "val", "-f", "coco"]


def _metadata_for_unknown_frame(tmp_path: Path) -> list[str]:
    side = tmp_path / "meta.csv"
    side.write_text("frame_id,weather\n2007_000027,rain\nnope,sun\n")
    return ["metadata", str(side), "-p", "voc", "-d", "val"]


@pytest.mark.parametrize(
    ("build", "fragments"),
    [
        (_voc_with_bad_box, ("2007_000032.xml", "object 1", "x2")),
        (_detections_with_confidence, ("2007_000027.txt", "line 2", "confidence", "1.7")),
        (_predictions_on_unknown_frame, ("not_a_frame",)),
        (_truncated_coco, ("instances.json",)),
        (_metadata_for_unknown_frame, ("meta.csv", "nope")),
    ],
    ids=lambda value: getattr(value, "__name__", ""),
)
def test_bad_input_exits_2_names_the_place_and_writes_nothing(
    runner: CliRunner, home: Path, tmp_path: Path, build: object, fragments: tuple[str, ...]
) -> None:
    args = build(tmp_path)  # type: ignore[operator]
    before = workspace_state(home)
    result = reefscope(runner, home, "import", *args)
    assert result.exit_code == 2, result.output
    message = result.stderr
    assert message.startswith("error: ")
    for fragment in fragments:
        assert fragment in message, message
    assert "Traceback" not in result.output
    assert workspace_state(home) == before


def test_option_errors(runner: CliRunner, home: Path) -> None:
    bad_model = reefscope(
        runner,
        home,
        "import",
        "inferences",
        str(VOC / "detections"),
        "-p",
        "voc",
        "-d",
        "val",
        "-n",
        "x",
        "-f",
        "text",
        "--model",
        "{not json",
    )
    assert bad_model.exit_code == 2 and "--model" in bad_model.stderr
    bad_classes = reefscope(
        runner,
        home,
        "import",
        "labels",
        str(VOC / "annotations"),
        "-p",
        "x",
        "-d",
        "y",
        "-f",
        "voc",
        "--classes",
        "missing-file.txt",
    )
    assert bad_classes.exit_code == 2 and "neither a file nor" in bad_classes.stderr
    missing = reefscope(runner, home, "import", "labels", "/no/such/dir", "-p", "x", "-d", "y", "-f", "voc")
    assert missing.exit_code == 2 and "/no/such/dir" in missing.stderr
    bad_format = reefscope(
        runner, home, "import", "labels", str(VOC / "annotations"), "-p", "x", "-d", "y", "-f", "xml"
    )
    assert bad_format.exit_code == 2
