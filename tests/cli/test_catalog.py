"""Projects, datasets, inference sets, comparisons, examples and curves from the command line."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from reefscope.cli import app
from reefscope.client import WorkspaceHandle
from reefscope.store import Workspace


def reefscope(runner: CliRunner, home: Path, *args: str, stdin: str | None = None) -> object:
    return runner.invoke(app, ["--data-dir", str(home), *args], input=stdin, env={"COLUMNS": "100"})


def test_listing_and_showing(runner: CliRunner, demo_home: Path) -> None:
    projects = json.loads(reefscope(runner, demo_home, "projects", "list", "--json").stdout)
    assert [project["name"] for project in projects] == ["digits", "voc"]
    assert projects[1]["confidence_threshold"] == 0.4
    text = reefscope(runner, demo_home, "projects", "list")
    assert "classification" in text.stdout and "detection" in text.stdout

    shown = json.loads(reefscope(runner, demo_home, "projects", "show", "voc", "--json").stdout)
    assert shown["datasets"] == ["val"] and len(shown["classes"]) == 20

    datasets = json.loads(reefscope(runner, demo_home, "datasets", "list", "--json").stdout)
    assert {(item["project"], item["name"]) for item in datasets} == {("digits", "all"), ("voc", "val")}
    dataset = json.loads(
        reefscope(runner, demo_home, "datasets", "show", "-p", "voc", "-d", "val", "--json").stdout
    )
    assert {"objects", "people", "brightness", "smallest_box"} <= set(dataset["metadata_keys"])
    assert dataset["inference_sets"] == ["detector"]

    sets = json.loads(
        reefscope(runner, demo_home, "inferences", "list", "-p", "digits", "-d", "all", "--json").stdout
    )
    assert [item["name"] for item in sets] == ["logistic", "mlp"]
    assert all(item["has_scores"] for item in sets)


def test_create_configure_and_delete(runner: CliRunner, writable_demo: Path) -> None:
    created = reefscope(
        runner,
        writable_demo,
        "projects",
        "create",
        "shapes",
        "--task",
        "detection",
        "--classes",
        "circle,square",
    )
    assert created.exit_code == 0, created.output
    changed = reefscope(runner, writable_demo, "projects", "set", "voc", "--confidence", "0.25")
    assert changed.exit_code == 0
    assert Workspace(writable_demo).get_project("voc").confidence_threshold == 0.25
    nothing = reefscope(runner, writable_demo, "projects", "set", "voc")
    assert nothing.exit_code == 2

    refused = reefscope(
        runner, writable_demo, "inferences", "delete", "-p", "digits", "-d", "all", "-i", "mlp", stdin="n\n"
    )
    assert refused.exit_code == 2
    assert (
        reefscope(
            runner, writable_demo, "inferences", "delete", "-p", "digits", "-d", "all", "-i", "mlp", "--yes"
        ).exit_code
        == 0
    )
    assert (
        reefscope(runner, writable_demo, "datasets", "delete", "-p", "digits", "-d", "all", "--yes").exit_code
        == 0
    )
    assert reefscope(runner, writable_demo, "projects", "delete", "shapes", "--yes").exit_code == 0
    names = [project.name for project in Workspace(writable_demo).list_projects()]
    assert names == ["digits", "voc"]
    assert Workspace(writable_demo).list_datasets("digits") == []


def test_compare(runner: CliRunner, demo_home: Path, demo: WorkspaceHandle) -> None:
    result = reefscope(
        runner,
        demo_home,
        "compare",
        "-p",
        "digits",
        "-d",
        "all",
        "-i",
        "logistic",
        "--against",
        "mlp",
        "--segment",
        "test",
        "--json",
    )
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    logistic = demo.project("digits").dataset("all").inference_set("logistic")
    expected = logistic.compare("mlp", segment="test")
    assert data["delta"] == expected.delta.tolist()
    assert data["first"]["settings"]["inference_set"] == "logistic"
    change = data["changes"][0]
    assert change["text"].startswith(f"{change['predicted_class']} - {change['gt_class']} ")
    text = reefscope(runner, demo_home, "compare", "-p", "digits", "-d", "all", "-i", "logistic", "-a", "mlp")
    assert "Changed cells" in text.stdout and "better" in text.stdout


def test_examples_and_curves(runner: CliRunner, demo_home: Path, demo: WorkspaceHandle) -> None:
    result = reefscope(
        runner,
        demo_home,
        "examples",
        "-p",
        "voc",
        "-d",
        "val",
        "-i",
        "detector",
        "--filter",
        "fp",
        "--limit",
        "3",
        "--json",
    )
    assert result.exit_code == 0, result.output
    page = json.loads(result.stdout)
    detector = demo.project("voc").dataset("val").inference_set("detector")
    assert page == detector.examples(filter="fp", limit=3).to_dict()
    assert len(page["rows"]) == 3 and page["total"] > 3
    assert all(row["outcome"] == "fp" for row in page["rows"])

    cell = reefscope(
        runner,
        demo_home,
        "examples",
        "-p",
        "voc",
        "-d",
        "val",
        "-i",
        "detector",
        "--cell",
        "person",
        "background",
        "--order-by",
        "box_size",
        "--ascending",
    )
    assert cell.exit_code == 0, cell.output
    assert "person" in cell.stdout and "fn" in cell.stdout
    needs_class = reefscope(
        runner, demo_home, "examples", "-p", "voc", "-d", "val", "-i", "detector", "--filter", "confused_as"
    )
    assert needs_class.exit_code == 2 and "needs a class" in needs_class.stderr

    curves = json.loads(
        reefscope(runner, demo_home, "curves", "-p", "voc", "-d", "val", "-i", "detector", "--json").stdout
    )
    assert len(curves["confidences"]) == 101
    assert [item["name"] for item in curves["classes"]] == list(demo.project("voc").classes)
    assert curves["weighted"]["precision"][0] is not None
    text = reefscope(runner, demo_home, "curves", "-p", "voc", "-d", "val", "-i", "detector")
    assert "Weighted PR curve" in text.stdout
