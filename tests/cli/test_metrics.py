"""``reefscope metrics``: JSON equal to the package's and the service's numbers, readable text."""

from __future__ import annotations

import csv
import io
import json
import math
from pathlib import Path

import numpy as np
import pytest
from typer.testing import CliRunner

import reefscope
from reefscope.cli import app
from reefscope.client import WorkspaceHandle
from reefscope.service.core import Service
from reefscope.store import Workspace
from tests.frontdoor import EXAMPLES


def run(runner: CliRunner, home: Path, *args: str) -> object:
    return runner.invoke(app, ["--data-dir", str(home), *args], env={"COLUMNS": "100"})


def metrics_json(runner: CliRunner, home: Path, *args: str) -> dict:
    result = run(runner, home, "metrics", *args, "--json")
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


@pytest.mark.parametrize(
    ("target", "options"),
    [
        (("voc", "val", "detector"), {}),
        (("voc", "val", "detector"), {"confidence": 0.7, "iou": 0.3}),
        (("voc", "val", "detector"), {"segment": "people", "metric_class": "person"}),
        (("digits", "all", "logistic"), {"confidence": 0.3, "segment": "test"}),
    ],
)
def test_json_numbers_equal_the_package_and_the_service(
    runner: CliRunner, demo_home: Path, demo: WorkspaceHandle, target: tuple[str, str, str], options: dict
) -> None:
    project, dataset, inference_set = target
    flags = {"confidence": "--confidence", "iou": "--iou", "segment": "--segment", "metric_class": "--class"}
    args = ["-p", project, "-d", dataset, "-i", inference_set]
    for key, value in options.items():
        args += [flags[key], str(value)]
    from_cli = metrics_json(runner, demo_home, *args)

    from_package = demo.project(project).dataset(dataset).inference_set(inference_set).metrics(**options)
    from_service = Service(Workspace(demo_home)).metrics(project, dataset, inference_set, **options)

    assert from_cli == from_package.to_dict()
    assert from_cli["summary"]["precision"] == from_service.summary.precision
    assert from_cli["summary"]["recall"] == from_service.summary.recall
    assert from_cli["summary"]["f1"] == from_service.summary.f1
    assert np.array_equal(np.array(from_cli["confusion"]["counts"]), from_service.confusion.counts)
    assert from_cli["confusion"]["labels"] == [*from_service.confusion.classes, "background"]
    rows = from_service.confusion.report.rows()
    assert [row["name"] for row in from_cli["report"]["classes"]] == [row.name for row in rows]
    for got, expected in zip(from_cli["report"]["classes"], rows, strict=True):
        assert got["precision"] == expected.precision  # None stays None: undefined is never 0
        assert got["recall"] == expected.recall
        assert got["support"] == expected.support


def test_json_has_stable_keys_and_nulls_for_undefined(runner: CliRunner, demo_home: Path) -> None:
    # At confidence 1.0 no prediction is kept: every precision is 0/0.
    data = metrics_json(runner, demo_home, "-p", "voc", "-d", "val", "-i", "detector", "--confidence", "1")
    assert list(data) == ["settings", "summary", "report", "confusion"]
    assert set(data["summary"]) == {
        "precision",
        "recall",
        "f1",
        "false_positives",
        "false_negatives",
        "confusions",
        "frame_count",
        "objective",
    }
    assert list(data["report"]) == ["classes", "averages"]
    assert list(data["report"]["averages"]) == ["weighted", "macro", "micro"]
    first = data["report"]["classes"][0]
    assert list(first) == [
        "name",
        "precision",
        "recall",
        "f1",
        "support",
        "true_positives",
        "false_positives",
        "false_negatives",
    ]
    assert all(row["precision"] is None for row in data["report"]["classes"])
    assert data["report"]["averages"]["weighted"]["precision"] == 0.0  # sklearn's zero_division=0
    assert data["settings"]["confidence"] == 1.0


def test_text_output_has_summary_report_and_matrix(runner: CliRunner, demo_home: Path) -> None:
    result = run(runner, demo_home, "metrics", "-p", "voc", "-d", "val", "-i", "detector")
    assert result.exit_code == 0, result.output
    text = result.stdout
    for section in ("Summary", "Classification report", "weighted avg", "Confusion matrix"):
        assert section in text
    assert "bg background" in text
    widest = max(len(line) for line in text.splitlines())
    assert widest <= 100


def test_the_matrix_wraps_to_the_terminal_width(runner: CliRunner, demo_home: Path) -> None:
    result = runner.invoke(
        app,
        ["--data-dir", str(demo_home), "metrics", "-p", "voc", "-d", "val", "-i", "detector"],
        env={"COLUMNS": "80"},
    )
    assert result.exit_code == 0
    matrix = result.stdout.split("Confusion matrix", 1)[1]
    assert max(len(line) for line in matrix.splitlines()) <= 80
    assert matrix.count("aeroplane") == 2  # two column blocks


def test_many_classes_show_top_confusions(runner: CliRunner, tmp_path: Path) -> None:
    ws = reefscope.open(tmp_path)
    coco = EXAMPLES / "coco-sample"
    ws.import_labels(coco / "instances.json", project="coco", dataset="val", format="coco").import_inferences(
        coco / "detections.json", name="detector", format="coco"
    )
    result = run(runner, tmp_path, "metrics", "-p", "coco", "-d", "val", "-i", "detector", "--top", "5")
    assert result.exit_code == 0, result.output
    assert "Top confusions" in result.stdout
    assert "5 of" in result.stdout
    assert max(len(line) for line in result.stdout.splitlines()) <= 100
    forced = run(runner, tmp_path, "metrics", "-p", "coco", "-d", "val", "-i", "detector", "--matrix")
    assert "Confusion matrix" in forced.stdout


def test_csv_report(runner: CliRunner, demo_home: Path, tmp_path: Path) -> None:
    target = tmp_path / "report.csv"
    result = run(
        runner,
        demo_home,
        "metrics",
        "-p",
        "voc",
        "-d",
        "val",
        "-i",
        "detector",
        "--csv",
        str(target),
        "--json",
    )
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(target.read_text())))
    assert rows[0]["class"] == "aeroplane"
    assert [row["class"] for row in rows[-3:]] == ["weighted avg", "macro avg", "micro avg"]
    data = json.loads(result.stdout)
    assert math.isclose(float(rows[-3]["precision"]), data["report"]["averages"]["weighted"]["precision"])


def test_unknown_names_and_classes_are_exit_2(runner: CliRunner, demo_home: Path) -> None:
    unknown = run(runner, demo_home, "metrics", "-p", "voc", "-d", "val", "-i", "nope")
    assert unknown.exit_code == 2
    assert "inference set 'nope' not found" in unknown.stderr
    assert "Traceback" not in unknown.output
    bad_class = run(
        runner, demo_home, "metrics", "-p", "voc", "-d", "val", "-i", "detector", "--class", "unicorn"
    )
    assert bad_class.exit_code == 2
    assert "unicorn" in bad_class.stderr
    out_of_range = run(
        runner, demo_home, "metrics", "-p", "voc", "-d", "val", "-i", "detector", "--iou", "1.5"
    )
    assert out_of_range.exit_code == 2


def test_a_missing_workspace_is_not_created(runner: CliRunner, tmp_path: Path) -> None:
    missing = tmp_path / "nowhere"
    result = run(runner, missing, "projects", "list")
    assert result.exit_code == 2
    assert "no reefscope workspace" in result.stderr
    assert not missing.exists()


def test_reefscope_home_selects_the_workspace(runner: CliRunner, demo_home: Path) -> None:
    result = runner.invoke(app, ["projects", "list", "--json"], env={"REEFSCOPE_HOME": str(demo_home)})
    assert result.exit_code == 0, result.output
    assert {project["name"] for project in json.loads(result.stdout)} == {"voc", "digits"}


@pytest.fixture(scope="module")
def coco_home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from reefscope.demo import build_demo

    home = tmp_path_factory.mktemp("coco-demo")
    build_demo(home, examples=EXAMPLES, projects=("coco",))
    return home


def test_coco_map_from_the_cli_equals_pycocotools(runner: CliRunner, coco_home: Path) -> None:
    import contextlib

    from pycocotools.coco import COCO
    from pycocotools.cocoeval import COCOeval

    dataset = Workspace(coco_home).list_datasets("coco")[0].name
    args = ("-p", "coco", "-d", dataset, "-i", "detector", "--coco")
    from_cli = metrics_json(runner, coco_home, *args)["coco"]
    sample = EXAMPLES / "coco-sample"
    with contextlib.redirect_stdout(io.StringIO()):
        truth = COCO(str(sample / "instances.json"))
        evaluation = COCOeval(truth, truth.loadRes(str(sample / "detections.json")), iouType="bbox")
        evaluation.evaluate()
        evaluation.accumulate()
        evaluation.summarize()
    names = ["ap", "ap50", "ap75", "ap_small", "ap_medium", "ap_large"]
    names += ["ar1", "ar10", "ar100", "ar_small", "ar_medium", "ar_large"]
    np.testing.assert_allclose([from_cli["summary"][name] for name in names], evaluation.stats, atol=1e-9)
    text = run(runner, coco_home, "metrics", *args)
    assert "AP @[.50:.95]" in text.stdout
    assert "AP per class" in text.stdout
